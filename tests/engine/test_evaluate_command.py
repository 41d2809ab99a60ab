"""``manage.py evaluate``: result JSON and exit 0, or the path and messages and exit 2."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from django.core.management import call_command

from .test_golden import assert_same


def run(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("evaluate", *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, stdout.getvalue(), stderr.getvalue()


def write(tmp_path: Path, content: str, name: str = "case.json") -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_prints_the_result_and_exits_0(tmp_path, basic_case, basic_expected):
    code, out, err = run(write(tmp_path, json.dumps(basic_case, ensure_ascii=False)))
    assert code == 0
    assert err == ""
    assert_same(json.loads(out), basic_expected)
    assert out.startswith('{\n  "eligibility": {')


def test_reads_stdin(monkeypatch, basic_case, basic_expected):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(basic_case)))
    code, out, _ = run("-")
    assert code == 0
    assert_same(json.loads(out), basic_expected)


def test_case_error_prints_path_and_both_languages_and_exits_2(tmp_path, basic_case):
    basic_case["project"]["series"]["ebit"][3] = "сто"
    code, out, err = run(write(tmp_path, json.dumps(basic_case, ensure_ascii=False)))
    assert code == 2
    assert out == ""
    assert err.strip() == "project.series.ebit[3]: ожидается число / a number is expected"
    assert "Traceback" not in err


def test_invalid_json_exits_2(tmp_path):
    code, _, err = run(write(tmp_path, '{"format": '))
    assert code == 2
    assert "неверный JSON" in err and "invalid JSON" in err


def test_unreadable_file_exits_2(tmp_path):
    code, _, err = run(str(tmp_path / "missing.json"))
    assert code == 2
    assert "файл не удалось прочитать" in err and "cannot be read" in err


def test_missing_workbook_exits_2(tmp_path):
    code, _, err = run(str(tmp_path / "model.xlsx"), "--call", "1")
    assert code == 2
    assert "model.xlsx" in err


def test_workbook_branch_uses_case_from_workbook(monkeypatch, tmp_path, basic_case):
    from scoring.management.commands import evaluate

    calls = []

    def fake(path, *, call_id):
        calls.append((path, call_id))
        return basic_case

    monkeypatch.setattr(evaluate, "case_from_workbook", fake)
    code, out, _ = run(str(tmp_path / "model.xlsx"), "--call", "7")
    assert code == 0
    assert calls == [(str(tmp_path / "model.xlsx"), 7)]
    assert json.loads(out)["financial"]["irr_status"] == "unique"
