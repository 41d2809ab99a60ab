"""A reader for the subset of YAML docker-compose.yml uses (PyYAML is not a dependency):
block mappings and sequences by indentation, flow ``{...}`` and ``[...]``, plain and
quoted scalars (all kept as text), comments, anchors, aliases and ``<<`` merge keys.
Anything else raises ``ValueError`` rather than being misread."""

from __future__ import annotations

import copy
from typing import Any


class ComposeReader:
    def __init__(self, text: str) -> None:
        self.lines = [
            (len(raw) - len(raw.lstrip(" ")), raw.strip()) for raw in map(_uncomment, text.splitlines())
        ]
        self.lines = [(indent, line) for indent, line in self.lines if line]
        self.anchors: dict[str, Any] = {}

    def read(self) -> Any:
        value, end = self._block(0, self.lines[0][0])
        if end != len(self.lines):
            raise ValueError(f"unexpected line: {self.lines[end][1]}")
        return value

    def _block(self, i: int, indent: int) -> tuple[Any, int]:
        if self.lines[i][1].startswith("- "):
            return self._sequence(i, indent)
        return self._mapping(i, indent)

    def _sequence(self, i: int, indent: int) -> tuple[list, int]:
        items = []
        while i < len(self.lines) and self.lines[i][0] == indent and self.lines[i][1].startswith("- "):
            items.append(self._inline(self.lines[i][1][2:].strip()))
            i += 1
        return items, i

    def _mapping(self, i: int, indent: int) -> tuple[dict, int]:
        merged: dict[str, Any] = {}
        explicit: dict[str, Any] = {}
        while i < len(self.lines) and self.lines[i][0] == indent:
            key, rest = _split_key(self.lines[i][1])
            i += 1
            anchor = None
            if rest.startswith("&"):
                anchor, _, rest = rest[1:].partition(" ")
                rest = rest.strip()
            if rest:
                value = self._inline(rest)
            elif i < len(self.lines) and self.lines[i][0] > indent:
                value, i = self._block(i, self.lines[i][0])
            else:
                value = None
            if anchor:
                self.anchors[anchor] = value
            if key == "<<":
                merged.update(copy.deepcopy(value))
            else:
                explicit[key] = value
        if i < len(self.lines) and self.lines[i][0] > indent:
            raise ValueError(f"bad indentation: {self.lines[i][1]}")
        return {**merged, **explicit}, i

    def _inline(self, text: str) -> Any:
        if text.startswith("*"):
            return copy.deepcopy(self.anchors[text[1:]])
        if text[0] in "{[":
            value, end = _flow(text, 0)
            if text[end:].strip():
                raise ValueError(f"trailing text: {text}")
            return value
        return _scalar(text)


def _uncomment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote and line[index - 1] != "\\":
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] == " "):
            return line[:index].rstrip()
    return line.rstrip()


def _split_key(line: str) -> tuple[str, str]:
    if line[0] in "\"'":
        end = line.index(line[0], 1)
        key, rest = line[1:end], line[end + 1 :]
        if not rest.startswith(":"):
            raise ValueError(f"not a mapping entry: {line}")
        return key, rest[1:].strip()
    key, sep, rest = line.partition(":")
    if not sep or (rest and not rest.startswith(" ")):
        raise ValueError(f"not a mapping entry: {line}")
    return key.strip(), rest.strip()


def _scalar(text: str) -> str:
    if text[0] == '"':
        if not text.endswith('"') or len(text) < 2:
            raise ValueError(f"unterminated string: {text}")
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if text[0] == "'":
        if not text.endswith("'") or len(text) < 2:
            raise ValueError(f"unterminated string: {text}")
        return text[1:-1].replace("''", "'")
    return text


def _flow(text: str, i: int) -> tuple[Any, int]:
    """A flow collection starting at text[i] ("{" or "["): (value, index after it)."""
    closing = "}" if text[i] == "{" else "]"
    mapping: dict[str, Any] = {}
    items: list[Any] = []
    i += 1
    while True:
        i = _skip_spaces(text, i)
        if text[i] == closing:
            return (mapping if closing == "}" else items), i + 1
        if closing == "}":
            key, i = _flow_item(text, i, ":")
            if text[i] != ":":
                raise ValueError(f"expected ':' in {text}")
            value, i = _flow_item(text, i + 1, ",}")
            mapping[key] = value
        else:
            value, i = _flow_item(text, i, ",]")
            items.append(value)
        i = _skip_spaces(text, i)
        if text[i] == ",":
            i += 1


def _flow_item(text: str, i: int, stops: str) -> tuple[Any, int]:
    i = _skip_spaces(text, i)
    if text[i] in "{[":
        value, i = _flow(text, i)
        return value, _skip_spaces(text, i)
    if text[i] in "\"'":
        end = i + 1
        while text[end] != text[i] or (text[i] == '"' and text[end - 1] == "\\"):
            end += 1
        return _scalar(text[i : end + 1]), _skip_spaces(text, end + 1)
    start = i
    while text[i] not in stops or (text[i] == ":" and text[i + 1 : i + 2] not in (" ", "")):
        i += 1
    return text[start:i].strip(), i


def _skip_spaces(text: str, i: int) -> int:
    while text[i] == " ":
        i += 1
    return i


def read_compose(text: str) -> dict:
    return ComposeReader(text).read()
