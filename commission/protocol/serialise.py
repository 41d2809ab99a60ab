"""ProtocolData as JSON and back, exactly: Decimals as strings, dates in ISO, floats as
floats. The stored protocol version keeps this JSON beside its files. No ORM."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from commission.protocol.data import (
    AppendixRecusal,
    AppendixScore,
    ProtocolCategory,
    ProtocolData,
    ProtocolMember,
    ProtocolRow,
)


def _points(mapping) -> dict[str, str | None]:
    return {code: None if value is None else str(value) for code, value in mapping.items()}


def _plain(item) -> dict[str, Any]:
    return {field.name: getattr(item, field.name) for field in dataclasses.fields(item)}


def protocol_to_json(data: ProtocolData) -> dict[str, Any]:
    out = _plain(data)
    out["date"] = data.date.isoformat()
    out["threshold"] = str(data.threshold)
    out["members_present"] = [_plain(m) for m in data.members_present]
    out["members_absent"] = [_plain(m) for m in data.members_absent]
    out["categories"] = [{**_plain(c), "maximum": str(c.maximum)} for c in data.categories]
    out["rows"] = [
        {
            **_plain(row),
            "total_cost": str(row.total_cost),
            "total": None if row.total is None else str(row.total),
            "category_means": _points(row.category_means),
        }
        for row in data.rows
    ]
    out["appendix_scores"] = [{**_plain(s), "points": _points(s.points)} for s in data.appendix_scores]
    out["recusals"] = [_plain(r) for r in data.recusals]
    return out


def _decimals(mapping: dict[str, str | None]) -> dict[str, Decimal | None]:
    return {code: None if value is None else Decimal(value) for code, value in mapping.items()}


def protocol_from_json(raw: dict[str, Any]) -> ProtocolData:
    fields = dict(raw)
    fields["date"] = dt.date.fromisoformat(raw["date"])
    fields["threshold"] = Decimal(raw["threshold"])
    fields["members_present"] = tuple(ProtocolMember(**m) for m in raw["members_present"])
    fields["members_absent"] = tuple(ProtocolMember(**m) for m in raw["members_absent"])
    fields["categories"] = tuple(
        ProtocolCategory(c["code"], c["name"], Decimal(c["maximum"])) for c in raw["categories"]
    )
    fields["rows"] = tuple(
        ProtocolRow(
            **{
                **row,
                "total_cost": Decimal(row["total_cost"]),
                "total": None if row["total"] is None else Decimal(row["total"]),
                "category_means": _decimals(row["category_means"]),
            }
        )
        for row in raw["rows"]
    )
    fields["appendix_scores"] = tuple(
        AppendixScore(**{**s, "points": _decimals(s["points"])}) for s in raw["appendix_scores"]
    )
    fields["recusals"] = tuple(AppendixRecusal(**r) for r in raw["recusals"])
    return ProtocolData(**fields)


def canonical_json(raw: dict[str, Any]) -> bytes:
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
