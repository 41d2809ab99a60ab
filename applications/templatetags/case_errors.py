"""``{% applicant_case_error result app as error %}``: a refused case (an invalid
indicator row) in the applicant's words, see applications.case_errors."""

from __future__ import annotations

from django import template

from applications.case_errors import ApplicantError, case_years, explain_case_error, split_stored_message

register = template.Library()

INVALID = "invalid"  # scoring.models.IndicatorState.INVALID (scoring sits above applications)


@register.simple_tag
def applicant_case_error(result, app) -> ApplicantError | None:
    """The mapped error of ``result`` (an IndicatorResult) or None when it is not refused."""
    if result is None or getattr(result, "state", None) != INVALID or not result.error_path:
        return None
    message_ru, message_en = split_stored_message(result.error_message)
    return explain_case_error(result.error_path, message_ru, message_en, case_years(app))
