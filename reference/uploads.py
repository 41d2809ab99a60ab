"""Applicant document uploads: the type is decided by content, never by the name.

:func:`check_upload` takes the whole file (uploads are at most ``MAX_UPLOAD_MB``, from
:mod:`reference.limits`) and returns a safe name to store it under, or raises
:class:`UploadRefused` with a Russian message.
:func:`check_uploaded_file` does the same for a Django ``UploadedFile``-like object
(anything with ``name``, ``size``, ``read``, ``seek``) and refuses an oversized file
before reading it.

Detection: PDF, PNG and JPEG by their signatures; DOC by the OLE2 signature plus the
Word stream (``filetype``'s Word matcher or a ``WordDocument`` directory entry); DOCX and
XLSX by the zip's ``[Content_Types].xml``, after the archive passed the zip-bomb checks of
:mod:`reference.xlsx_safety`. Macro-enabled files (``.xlsm``, ``.docm``, VBA inside a
``.doc``), encrypted Office files and plain zip archives are refused. The name's
extension must match the detected type.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from filetype.types.document import Doc as _WordMatcher

from reference.documents import ACCEPTED_TYPES, DocumentKind
from reference.limits import MAX_UPLOAD_MB, MAX_UPLOAD_SIZE
from reference.xlsx_safety import (
    UnsafeWorkbook,
    check_xlsx_archive,
    check_zip_archive,
    read_small_entry,
)

MAX_NAME_LENGTH = 100
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MACRO_EXTENSIONS = frozenset({"xlsm", "xltm", "xlam", "xlsb", "docm", "dotm", "pptm"})
_RESERVED_WINDOWS = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))} | {f"lpt{i}" for i in range(1, 10)}
)
_FORBIDDEN_CHARS = set('<>:"/\\|?*')

#: Detected type -> (label shown to the user, accepted extensions).
FILE_TYPES: dict[str, tuple[str, frozenset[str]]] = {
    "pdf": ("PDF", frozenset({"pdf"})),
    "docx": ("DOCX", frozenset({"docx"})),
    "doc": ("DOC", frozenset({"doc"})),
    "xlsx": ("XLSX", frozenset({"xlsx"})),
    "jpeg": ("JPEG", frozenset({"jpg", "jpeg"})),
    "png": ("PNG", frozenset({"png"})),
}


class UploadRefused(ValueError):
    """The upload is refused; ``message`` is Russian and safe to show."""

    def __init__(self, message: str) -> None:
        self.message = str(message)  # in the active language
        super().__init__(self.message)


class UploadedFileLike(Protocol):
    name: str | None
    size: int | None

    def read(self, size: int = -1) -> bytes: ...

    def seek(self, offset: int, whence: int = 0) -> int: ...


@dataclass(frozen=True)
class _Detected:
    kind: str | None  # a key of FILE_TYPES, or None
    description: str  # what it is, for the message


def check_upload_size(size: int | None) -> None:
    """Refuse an empty or oversized file before reading it."""
    if not size:
        raise UploadRefused(_("Файл пуст"))
    if size > MAX_UPLOAD_SIZE:
        raise UploadRefused(_("Файл больше %(size)s МБ") % {"size": MAX_UPLOAD_MB})


def check_upload(name: str, data: bytes, kind: str) -> str:
    """Check an upload of document ``kind``; return the safe file name to store it under.

    Raises :class:`UploadRefused` (Russian message). ``ValueError`` for an unknown kind.
    """
    if kind not in DocumentKind.values:
        raise ValueError(f"unknown document kind {kind!r}")
    allowed = ACCEPTED_TYPES[kind]
    kind_label = capfirst(str(DocumentKind(kind).label))  # in the reader's language
    check_upload_size(len(data))
    safe_name = safe_file_name(name)
    extension = _extension(safe_name)
    if extension in _MACRO_EXTENSIONS:
        raise UploadRefused(_("Файлы с макросами (.xlsm, .docm и т. п.) не принимаются"))
    detected = _detect(data)
    allowed_labels = ", ".join(FILE_TYPES[t][0] for t in allowed)
    if detected.kind is None or detected.kind not in allowed:
        raise UploadRefused(
            _("Для документа «%(kind)s» допускаются файлы %(allowed)s; загружен файл: %(found)s")
            % {"kind": kind_label, "allowed": allowed_labels, "found": detected.description}
        )
    label, extensions = FILE_TYPES[detected.kind]
    if extension not in extensions:
        shown = f"«.{extension}»" if extension else _("(нет расширения)")
        expected = _(" или ").join(f".{e}" for e in sorted(extensions))
        raise UploadRefused(
            _("Расширение файла %(shown)s не соответствует содержимому (%(label)s): ожидалось %(expected)s")
            % {"shown": shown, "label": label, "expected": expected}
        )
    return safe_name


def check_uploaded_file(uploaded: UploadedFileLike, kind: str) -> str:
    """:func:`check_upload` for a Django ``UploadedFile``; leaves the file at position 0."""
    check_upload_size(uploaded.size)
    uploaded.seek(0)
    data = uploaded.read(MAX_UPLOAD_SIZE + 1)
    uploaded.seek(0)
    return check_upload(uploaded.name or "", data, kind)


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def _detect(data: bytes) -> _Detected:
    if data.startswith(b"%PDF-"):
        return _Detected("pdf", "PDF")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _Detected("png", "PNG")
    if data.startswith(b"\xff\xd8\xff"):
        return _Detected("jpeg", "JPEG")
    if data.startswith(_OLE_SIGNATURE):
        return _detect_ole(data)
    if data.startswith(b"PK\x03\x04"):
        return _detect_zip(data)
    guessed = filetype.guess(data[:8192])
    if guessed is not None:
        return _Detected(None, guessed.extension.upper())
    return _Detected(None, _("неизвестного типа"))


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _detect_ole(data: bytes) -> _Detected:
    if _utf16("EncryptedPackage") in data:
        raise UploadRefused(_("Файл зашифрован паролем: снимите защиту и загрузите заново"))
    if _utf16("_VBA_PROJECT") in data:
        raise UploadRefused(_("Документы с макросами не принимаются"))
    if _WordMatcher().match(data) or _utf16("WordDocument") in data:
        return _Detected("doc", "DOC")
    return _Detected(None, _("документ Office 97–2003, не Word (.doc)"))


def _detect_zip(data: bytes) -> _Detected:
    try:
        entries = check_zip_archive(
            data,
            max_size=MAX_UPLOAD_SIZE,
            not_archive_message=_("Файл повреждён: не удалось прочитать архив"),
        )
    except UnsafeWorkbook as exc:
        raise UploadRefused(exc.message) from exc
    lowered = {name.lower() for name in entries}
    content_types = entries.get("[Content_Types].xml")
    declared = b""
    if content_types is not None:
        declared = (read_small_entry(data, content_types, limit=1024 * 1024) or b"").lower()
    if any(name.endswith("vbaproject.bin") for name in lowered) or b"macroenabled" in declared:
        raise UploadRefused(_("Файлы с макросами (.xlsm, .docm и т. п.) не принимаются"))
    if b"spreadsheetml.sheet.main+xml" in declared:
        try:
            check_xlsx_archive(data, max_size=MAX_UPLOAD_SIZE)
        except UnsafeWorkbook as exc:
            raise UploadRefused(exc.message) from exc
        return _Detected("xlsx", "XLSX")
    if b"wordprocessingml.document.main+xml" in declared and "word/document.xml" in lowered:
        return _Detected("docx", "DOCX")
    if content_types is not None:
        return _Detected(None, _("документ Office другого типа"))
    return _Detected(None, _("архив ZIP (архивы не принимаются)"))


def safe_file_name(name: str) -> str:
    """A storable file name: no directories, control or bidi characters, leading dots.

    Unicode letters (Cyrillic) are kept (NFC); the name is cut to
    :data:`MAX_NAME_LENGTH` characters keeping the extension; never empty.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}:
            continue  # control, format (incl. bidi overrides U+202A–E, U+2066–9), unassigned
        kept.append("_" if char in _FORBIDDEN_CHARS else " " if char.isspace() else char)
    name = " ".join("".join(kept).split())
    name = name.lstrip(". ").rstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    extension = extension[:10].lower()
    stem = stem.rstrip(". ") or "document"
    if stem.lower() in _RESERVED_WINDOWS:
        stem = f"_{stem}"
    room = MAX_NAME_LENGTH - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(". ") or "document"
    result = f"{stem}.{extension}" if extension else stem
    if os.path.basename(result) != result or result in {".", ".."}:  # pragma: no cover
        raise UploadRefused(_("Недопустимое имя файла"))
    return result
