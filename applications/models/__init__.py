from applications.models.applications import (
    SERIES_FIELDS,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    FcffMethod,
    ModelYear,
    TerminalMode,
)
from applications.models.records import Document, DocumentKind, StatusEvent

__all__ = [
    "SERIES_FIELDS",
    "Application",
    "ApplicationStatus",
    "ApplicationVersion",
    "Document",
    "DocumentKind",
    "FcffMethod",
    "ModelYear",
    "StatusEvent",
    "TerminalMode",
]
