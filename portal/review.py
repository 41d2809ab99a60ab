"""What the review step summarises before submission: the draft as a document, the
required documents, and what blocks the submission, each with the step that fixes it."""

from __future__ import annotations

from applications.documents import document_checklist
from applications.models import Application, ApplicationVersion
from applications.services.cases import readable_draft_case
from applications.services.lifecycle import snapshot_of, submission_blockers

#: Case path prefixes -> the form step where they are filled in (first match wins).
PATH_STEPS: tuple[tuple[str, str], ...] = (
    ("project.total_cost", "costs"),
    ("project.capex", "costs"),
    ("project.jobs", "jobs"),
    ("project.loan", "jobs"),
    ("project.capital", "capital"),
    ("project.fcff_method", "capital"),
    ("project.terminal", "capital"),
    ("project.budget_terminal", "capital"),
    ("project.series", "model"),
    ("years", "model"),
    ("project", "project"),
    ("documents", "documents"),
)


def step_of_path(path: str) -> str | None:
    """The step where the case path ``path`` is changed; None for the call's data."""
    for prefix, step in PATH_STEPS:
        if path == prefix or path.startswith((f"{prefix}.", f"{prefix}[")):
            return step
    return None


def draft_version(app: Application) -> ApplicationVersion:
    """An unsaved version of the draft as it stands (case and snapshot), for reading only."""
    return ApplicationVersion(
        application=app,
        case=readable_draft_case(app),
        snapshot=snapshot_of(app),
        forecast_justification=app.forecast_justification,
    )


def review_context(app: Application) -> dict:
    """The review step's summary: ``draft`` (an unsaved version), ``checklist``,
    ``blockers`` [{message, step, items [{text, step}]}] (empty: ready to submit; ``items``
    lists an incomplete case's missing parts one by one)."""
    documents = list(app.documents.all())
    context: dict = {"checklist": document_checklist(documents)}
    if app.is_editable:
        context["draft"] = draft_version(app)
        context["blockers"] = [
            {
                "message": blocker.message,
                "step": step_of_path(blocker.path),
                "items": [{"text": text, "step": step_of_path(path)} for text, path in blocker.items],
            }
            for blocker in submission_blockers(app)
        ]
    return context
