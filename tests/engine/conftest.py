"""Shared fixtures of the engine tests: the golden example from the shared folder."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"
LOCAL_EXAMPLES = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, Any]:
    for folder in (LOCAL_EXAMPLES, EXAMPLES):
        path = folder / name
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip(f"{name} is not available")


@pytest.fixture
def basic_case() -> dict[str, Any]:
    return copy.deepcopy(_load("case-basic.json"))


@pytest.fixture
def basic_expected() -> dict[str, Any]:
    return _load("case-basic.expected.json")
