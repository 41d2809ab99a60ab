"""Reading a case file's text into JSON values, and writing a result as strict JSON.

``json.loads`` alone is not safe on hostile input: nesting a thousand levels deep ends in
``RecursionError``, an integer literal of more than 4,300 digits in ``ValueError``, and a
key given twice silently keeps the last value. The text is therefore scanned first (string
literals skipped) for the nesting depth and the length of number literals, and then parsed
with a hook that notes duplicate keys, reported with their JSON path (SPEC §6).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from .errors import CaseError

MAX_DEPTH = 20
MAX_NUMBER_LENGTH = 30
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile("[-+.0-9eE]{" + str(MAX_NUMBER_LENGTH + 1) + ",}")
# The characters of number literals as b"x", every other byte as b" ": a long literal is
# then a run of x's, which bytes.find sees at memory speed (the regex takes 0.2 s on the
# 8 MB of a million-year horizon; it only locates the literal once one is known to exist).
_NUMBER_BYTES = bytes(ord("x") if chr(byte) in "-+.0123456789eE" else ord(" ") for byte in range(256))


class _Duplicated(dict[str, Any]):
    """An object in which ``key`` was given more than once."""

    key: str = ""


def _pairs_hook(duplicates: list[_Duplicated]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An ``object_pairs_hook`` that marks objects with a key given twice."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicated = _Duplicated(items)
                duplicated.key = key
                duplicates.append(duplicated)
                return duplicated
            result[key] = value
        return result

    return pairs


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"{line}:{column}"


def _blank_strings(text: str) -> str:
    """``text`` with the inside of every string literal blanked, positions kept."""
    return _STRING.sub(lambda match: '"' + " " * (len(match.group()) - 2) + '"', text)


def _scan(text: str) -> None:
    """Refuse deep nesting and long number literals before ``json.loads`` sees them."""
    code = _blank_strings(text)
    depth = 0
    for bracket in _BRACKET.finditer(code):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise CaseError(
                    _position(text, bracket.start()),
                    f"вложенность глубже {MAX_DEPTH} уровней",
                    f"nested deeper than {MAX_DEPTH} levels",
                )
        else:
            depth -= 1
    marks = code.encode("utf-8", "surrogatepass").translate(_NUMBER_BYTES)
    if marks.find(b"x" * (MAX_NUMBER_LENGTH + 1)) < 0:
        return
    number = _LONG_NUMBER.search(code)
    if number is not None:
        raise CaseError(
            _position(text, number.start()),
            f"число длиннее {MAX_NUMBER_LENGTH} знаков",
            f"a number literal longer than {MAX_NUMBER_LENGTH} characters",
        )


def _find_duplicate(value: Any, path: str) -> str | None:
    if isinstance(value, _Duplicated):
        return f"{path}.{value.key}" if path else value.key
    if isinstance(value, Mapping):
        children: Any = ((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
    elif isinstance(value, list):
        children = (
            (f"{path}[{index}]", item) for index, item in enumerate(value) if isinstance(item, (dict, list))
        )
    else:
        return None
    for child_path, item in children:
        found = _find_duplicate(item, child_path)
        if found is not None:
            return found
    return None


def read_document(text: str) -> Any:
    """The JSON value of ``text``; raises :class:`CaseError` naming ``line:column`` for text
    that is not JSON, nests deeper than ``MAX_DEPTH`` or has a number literal longer than
    ``MAX_NUMBER_LENGTH`` characters, and the key's path for a key given twice."""
    _scan(text)
    duplicates: list[_Duplicated] = []
    try:
        value = json.loads(text, object_pairs_hook=_pairs_hook(duplicates))
    except json.JSONDecodeError as error:
        raise CaseError(
            f"{error.lineno}:{error.colno}", f"неверный JSON ({error.msg})", f"invalid JSON ({error.msg})"
        ) from None
    duplicate = _find_duplicate(value, "") if duplicates else None
    if duplicate is not None:
        raise CaseError(duplicate, "поле указано дважды", "the key is given twice")
    return value


def _all_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Mapping):
        return all(_all_finite(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return all(_all_finite(item) for item in value)
    return True


def check_finite(result: Mapping[str, Any]) -> None:
    """Refuse a result with a value that is not finite (an overflow), naming the series."""
    if not _all_finite(result):
        raise CaseError(
            "project.series",
            "расчёт выходит за пределы представимых чисел: проверьте порядок величин и ставки",
            "the computation overflows: check the magnitudes and the rates",
        )


def result_json(result: Mapping[str, Any]) -> str:
    """The result as strict JSON (no NaN or infinity), indented, UTF-8 text."""
    return json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False)
