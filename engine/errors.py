"""Input errors of the engine: every error names the JSON path of the bad value."""

from __future__ import annotations


class CaseError(ValueError):
    """A case file that the engine refuses, with the JSON path and a bilingual message.

    ``str(error)`` is ``"<path>: <message_ru> / <message_en>"``.
    """

    def __init__(self, path: str, message_ru: str, message_en: str) -> None:
        self.path = path
        self.message_ru = message_ru
        self.message_en = message_en
        super().__init__(f"{path}: {message_ru} / {message_en}")

    def __str__(self) -> str:
        return f"{self.path}: {self.message_ru} / {self.message_en}"

    def to_dict(self) -> dict[str, str]:
        """The error as a JSON-friendly mapping (for forms and APIs)."""
        return {"path": self.path, "message_ru": self.message_ru, "message_en": self.message_en}
