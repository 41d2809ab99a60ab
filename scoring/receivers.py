"""Scoring's answers to what the lower layers announce: changed inputs are recomputed.
Connected in ScoringConfig.ready()."""

from __future__ import annotations

from django.dispatch import receiver

from applications.signals import case_changed
from calls.signals import scenario_changed
from scoring import services


@receiver(case_changed, dispatch_uid="scoring.queue_indicators")
def queue_indicators_on_case_change(*, application_id: int, **_kwargs) -> None:
    services.queue_indicators(application_id)


@receiver(scenario_changed, dispatch_uid="scoring.recompute_call")
def recompute_on_scenario_change(*, call, scenario_version: int, **_kwargs) -> None:
    services.recompute_call(call=call, scenario_version=scenario_version)
