"""The call's macro scenario: XLSX import/export and the change it announces."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from calls import scenario_xlsx as macro_xlsx
from calls import signals
from calls.models import Call, CallEvent, CallStatus, MacroScenario, MacroYear, RegionalGrp
from engine.schema import forecast_years
from reference.models import Region
from reference.official import official_text


def regions() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("code").values_list("code", "name"))


def scenario_years(call: Call) -> list[int]:
    return forecast_years(call.year)


def export_scenario(call: Call) -> bytes:
    """The call's scenario as the XLSX template; an empty template when there is none."""
    macro = MacroScenario.objects.filter(call=call).first()
    if macro is None:
        return macro_xlsx.build_macro_template(scenario_years(call), regions())
    years = list(macro.years.order_by("year"))
    year_list = [row.year for row in years]
    grp: dict[str, list[float]] = {}
    previous: dict[str, float] = {}
    for row in macro.grp.all():
        if row.year == year_list[0] - 1:
            previous[row.region_id] = float(row.grp)
        elif row.year in year_list:
            grp.setdefault(row.region_id, [0.0] * len(year_list))[year_list.index(row.year)] = float(row.grp)
    data = macro_xlsx.MacroScenario(
        profit_tax_rate=macro.profit_tax_rate,
        risk_free_rate=macro.risk_free_rate,
        market_return=macro.market_return,
        long_term_inflation=macro.long_term_inflation,
        ofz_yield=macro.ofz_yield,
        high_productivity_wage=float(macro.high_productivity_wage),
        years=year_list,
        cpi=[r.cpi for r in years],
        gdp_deflator=[r.gdp_deflator for r in years],
        grp={code: values for code, values in grp.items() if code in previous},
        grp_previous_year=previous,
    )
    return macro_xlsx.export_macro(data, regions())


def import_scenario(*, call: Call, data: bytes) -> MacroScenario:
    """Replace the call's scenario from a workbook (raises WorkbookRejected with cell-precise
    Russian errors; nothing is changed then), bump its version and recompute. Refused
    (CallRefused) once the call is decided."""
    check_call_editable(call_id=call.pk)
    parsed = macro_xlsx.import_macro(data, known_region_codes=[code for code, _ in regions()])
    with transaction.atomic():
        macro, _created = MacroScenario.objects.select_for_update().update_or_create(
            call=call,
            defaults={
                "profit_tax_rate": parsed.profit_tax_rate,
                "risk_free_rate": parsed.risk_free_rate,
                "market_return": parsed.market_return,
                "long_term_inflation": parsed.long_term_inflation,
                "ofz_yield": parsed.ofz_yield,
                "high_productivity_wage": Decimal(str(parsed.high_productivity_wage)),
            },
        )
        macro.years.all().delete()
        macro.grp.all().delete()
        MacroYear.objects.bulk_create(
            [
                MacroYear(scenario=macro, year=y, cpi=c, gdp_deflator=d)
                for y, c, d in zip(parsed.years, parsed.cpi, parsed.gdp_deflator, strict=True)
            ]
        )
        rows = [
            RegionalGrp(scenario=macro, region_id=code, year=parsed.years[0] - 1, grp=Decimal(str(value)))
            for code, value in parsed.grp_previous_year.items()
        ]
        for code, values in parsed.grp.items():
            rows += [
                RegionalGrp(scenario=macro, region_id=code, year=y, grp=Decimal(str(v)))
                for y, v in zip(parsed.years, values, strict=True)
            ]
        RegionalGrp.objects.bulk_create(rows)
        scenario_changed(macro)
    return macro


def scenario_changed(macro: MacroScenario) -> None:
    """Bump the version and announce it: scoring recomputes every application of the
    call after commit (scoring/receivers.py)."""
    MacroScenario.objects.filter(pk=macro.pk).update(version=F("version") + 1)
    macro.refresh_from_db(fields=["version"])
    signals.scenario_changed.send(sender=MacroScenario, call=macro.call, scenario_version=macro.version)


# ---------------------------------------------------------------- the call's lifecycle

# draft → open → closed (at closes_at) → scoring → decided → archived.
TRANSITIONS = {
    CallStatus.DRAFT: {CallStatus.OPEN},
    CallStatus.OPEN: {CallStatus.CLOSED},
    CallStatus.CLOSED: {CallStatus.SCORING},
    CallStatus.SCORING: {CallStatus.DECIDED},
    CallStatus.DECIDED: {CallStatus.ARCHIVED},
    CallStatus.ARCHIVED: set(),
}


class CallRefused(Exception):
    """The call cannot move now; the messages are for the secretary, in Russian."""

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else messages
        super().__init__(" ".join(self.messages))


def move_call(*, call_id: int, to: str, by, note: str = "") -> Call:
    """Move the call along its lifecycle, locking its row and storing a CallEvent. Moving
    to the status it already has is a no-op (a second meeting of a call in scoring).
    An open call past ``closes_at`` counts as closed. Raises CallRefused."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        current = call.effective_status()
        if call.status == to:
            return call
        if to not in TRANSITIONS[CallStatus(current)]:
            raise CallRefused(
                _("Отбор в статусе «%(from)s» нельзя перевести в «%(to)s».")
                % {"from": CallStatus(current).label, "to": CallStatus(to).label}
            )
        old, call.status = call.status, to
        call.save(update_fields=["status"])
        CallEvent.objects.create(call=call, from_status=old, to_status=to, by=by, note=note)
    return call


def open_call(*, call_id: int, by, now=None) -> Call:
    """Open a draft call for submissions: only with a macro scenario (with its forecast
    years) and whatever the layers above require (signals.call_opening: the commission's
    methodology), before ``closes_at``. Raises CallRefused with every missing thing."""
    now = now or timezone.now()
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call_id)
        errors = []
        if call.status != CallStatus.DRAFT:
            errors.append(_("Открыть можно только отбор в статусе «черновик»."))
        macro = MacroScenario.objects.filter(call=call).first()
        if macro is None or not macro.years.exists():
            errors.append(
                _("У отбора нет макроэкономического сценария: загрузите его до открытия приёма заявок.")
            )
        if call.closes_at <= now:
            errors.append(_("Срок приёма заявок уже истёк: измените даты отбора."))
        for _receiver, refusal in signals.call_opening.send(sender=Call, call=call):
            if refusal:
                errors.append(str(refusal))
        if errors:
            raise CallRefused(errors)
        return move_call(
            call_id=call.pk,
            to=CallStatus.OPEN,
            by=by,
            note=official_text(gettext_noop("Приём заявок открыт")),
        )


FROZEN = (CallStatus.DECIDED, CallStatus.ARCHIVED)


def check_call_editable(*, call_id: int) -> None:
    """After the decision the call's rules, dates, subsidy settings, macro scenario and
    methodology stay as decided. Raises CallRefused."""
    call = Call.objects.get(pk=call_id)
    if call.status in FROZEN:
        raise CallRefused(
            _(
                "По отбору принято решение: его правила, сроки, макроэкономический "
                "сценарий и методику оценки изменить нельзя."
            )
        )
