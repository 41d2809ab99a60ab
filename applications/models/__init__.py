from applications.models.applications import (
    SERIES_FIELDS,
    Application,
    ApplicationStatus,
    ApplicationVersion,
    FcffMethod,
    ModelYear,
    TerminalMode,
)
from applications.models.calls import (
    BankRate,
    Call,
    CallStatus,
    MacroScenario,
    MacroYear,
    RegionalGrp,
    Session,
)
from applications.models.organisations import Organisation
from applications.models.personal_data import PersonalDataAccess, PersonalDataItem
from applications.models.records import (
    Document,
    DocumentKind,
    IndicatorResult,
    IndicatorState,
    RecomputeRun,
    StatusEvent,
)
from applications.models.reference import PriorityDirection, Region

__all__ = [
    "SERIES_FIELDS",
    "Application",
    "ApplicationStatus",
    "ApplicationVersion",
    "BankRate",
    "Call",
    "CallStatus",
    "Document",
    "DocumentKind",
    "FcffMethod",
    "IndicatorResult",
    "IndicatorState",
    "MacroScenario",
    "MacroYear",
    "ModelYear",
    "Organisation",
    "PersonalDataAccess",
    "PersonalDataItem",
    "PriorityDirection",
    "RecomputeRun",
    "Region",
    "RegionalGrp",
    "Session",
    "StatusEvent",
    "TerminalMode",
]
