"""docs/security.md maps OWASP ASVS requirements to tests: every test it names exists (a
renamed or deleted test shows here, not in an auditor's hands)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_the_security_document_names_exists():
    document = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(?:[\w/]+\.py::)?(test_\w+)`", document))
    files = set(re.findall(r"`((?:tests/[\w/]+|test_\w+)\.py)(?:::\w+)?`", document))
    defined = {
        name
        for path in (ROOT / "tests").rglob("test_*.py")
        for name in re.findall(r"^\s*def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert len(named) >= 40
    assert sorted(named - defined) == []
    for file in files:
        path = ROOT / file if file.startswith("tests/") else ROOT / "tests" / "security" / file
        assert path.exists(), file
