"""Every POST form in Otbor's templates carries {% csrf_token %}."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)
POST = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)


def project_templates() -> list[Path]:
    found = list((ROOT / "templates").rglob("*.html"))
    for app in ("accounts", "applications", "commission", "scoring"):
        found += list((ROOT / app).glob("templates/**/*.html"))
    return sorted(found)


def test_there_are_post_forms_to_check():
    forms = [
        m
        for path in project_templates()
        for m in FORM.finditer(path.read_text(encoding="utf-8"))
        if POST.search(m.group(1))
    ]
    assert len(forms) >= 15


def test_every_post_form_has_a_csrf_token():
    missing = []
    for path in project_templates():
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            if POST.search(match.group(1)) and "{% csrf_token %}" not in match.group(2):
                line = text[: match.start()].count("\n") + 1
                missing.append(f"{path.relative_to(ROOT)}:{line}")
    assert missing == []


def test_no_form_posts_elsewhere():
    outside = []
    for path in project_templates():
        for match in FORM.finditer(path.read_text(encoding="utf-8")):
            action = re.search(r"""action\s*=\s*["']([^"']*)""", match.group(1))
            if action and re.match(r"(https?:)?//", action.group(1)):
                outside.append(f"{path.relative_to(ROOT)}: {action.group(1)}")
    assert outside == []
