"""Calls (SPEC §2): the 2014 rule, the window closing by the selection date, the status
that turns closed at ``closes_at`` by itself and the beat task that stores it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.models import Call, CallStatus, selection_deadline
from calls.tasks import task_close_expired_calls
from tests.factories import CallFactory

MSK = ZoneInfo("Europe/Moscow")


def _call(**overrides) -> Call:
    fields = {
        "year": 2015,
        "session": "june",
        "status": CallStatus.OPEN,
        "opens_at": dt.datetime(2015, 5, 1, 9, 0, tzinfo=MSK),
        "closes_at": dt.datetime(2015, 6, 1, 18, 0, tzinfo=MSK),
    }
    fields.update(overrides)
    return Call(**fields)


@pytest.mark.django_db
def test_march_2014_is_refused_by_clean_with_a_russian_message():
    call = _call(
        year=2014,
        session="march",
        opens_at=dt.datetime(2014, 2, 1, tzinfo=MSK),
        closes_at=dt.datetime(2014, 3, 1, tzinfo=MSK),
    )
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert error.value.message_dict["session"] == [
        "В 2014 году проводится только июньский отбор (до 15 июня)."
    ]


@pytest.mark.django_db
def test_june_2014_and_march_2015_are_accepted():
    _call(
        year=2014,
        session="june",
        opens_at=dt.datetime(2014, 5, 1, tzinfo=MSK),
        closes_at=dt.datetime(2014, 6, 10, tzinfo=MSK),
    ).full_clean()
    _call(
        year=2015,
        session="march",
        opens_at=dt.datetime(2015, 2, 1, tzinfo=MSK),
        closes_at=dt.datetime(2015, 3, 10, tzinfo=MSK),
    ).full_clean()


@pytest.mark.django_db
def test_march_2014_is_refused_by_the_database_constraint():
    call = _call(
        year=2014,
        session="march",
        opens_at=dt.datetime(2014, 2, 1, tzinfo=MSK),
        closes_at=dt.datetime(2014, 3, 1, tzinfo=MSK),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.bulk_create([call])  # bypasses clean(): only the CHECK stops it
    assert not Call.objects.filter(year=2014, session="march").exists()


@pytest.mark.django_db
def test_update_to_march_2014_is_refused_by_the_database_constraint():
    call = _call(
        year=2014,
        opens_at=dt.datetime(2014, 2, 1, tzinfo=MSK),
        closes_at=dt.datetime(2014, 3, 1, tzinfo=MSK),
    )
    call.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(session="march")
    call.refresh_from_db()
    assert call.session == "june"


@pytest.mark.parametrize(
    ("session", "year", "deadline"),
    [
        ("march", 2015, dt.datetime(2015, 3, 15, 23, 59, 59, tzinfo=MSK)),
        ("june", 2015, dt.datetime(2015, 6, 15, 23, 59, 59, tzinfo=MSK)),
        ("june", 2014, dt.datetime(2014, 6, 15, 23, 59, 59, tzinfo=MSK)),
    ],
)
def test_selection_deadline_is_the_end_of_the_15th_in_moscow(session, year, deadline):
    assert selection_deadline(year, session) == deadline
    assert selection_deadline(year, session).astimezone(dt.UTC) == deadline.astimezone(dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("session", "closes_at", "date_text"),
    [
        ("june", dt.datetime(2015, 6, 16, 0, 0, 0, tzinfo=MSK), "15.06.2015"),
        ("march", dt.datetime(2015, 3, 16, 0, 0, 0, tzinfo=MSK), "15.03.2015"),
        ("june", dt.datetime(2015, 7, 1, 12, 0, tzinfo=MSK), "15.06.2015"),
        # 21:00 UTC on the 15th is already 00:00 of the 16th in Moscow.
        ("june", dt.datetime(2015, 6, 15, 21, 0, 0, tzinfo=dt.UTC), "15.06.2015"),
    ],
)
def test_window_closing_after_the_selection_date_is_refused(session, closes_at, date_text):
    month = 3 if session == "march" else 6
    call = _call(session=session, opens_at=dt.datetime(2015, month, 1, tzinfo=MSK), closes_at=closes_at)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert error.value.message_dict["closes_at"] == [
        f"Приём заявок должен завершиться не позднее даты отбора ({date_text})."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("session", ["march", "june"])
def test_window_closing_exactly_at_the_deadline_is_accepted(session):
    month = 3 if session == "march" else 6
    call = _call(
        session=session,
        opens_at=dt.datetime(2015, month, 1, tzinfo=MSK),
        closes_at=dt.datetime(2015, month, 15, 23, 59, 59, tzinfo=MSK),
    )
    call.full_clean()
    # One second later is refused.
    call.closes_at += dt.timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert list(error.value.message_dict) == ["closes_at"]


@pytest.mark.django_db
def test_window_must_open_before_it_closes():
    moment = dt.datetime(2015, 6, 1, tzinfo=MSK)
    call = _call(opens_at=moment, closes_at=moment)
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert error.value.message_dict["closes_at"] == ["Окончание приёма заявок должно быть позже его начала."]


def test_effective_status_is_closed_from_closes_at_even_if_stored_open():
    closes = dt.datetime(2015, 6, 1, 18, 0, tzinfo=MSK)
    call = _call(closes_at=closes)
    assert call.status == CallStatus.OPEN
    assert call.effective_status(closes - dt.timedelta(seconds=1)) == CallStatus.OPEN
    assert call.effective_status(closes) == CallStatus.CLOSED
    assert call.effective_status(closes + dt.timedelta(days=30)) == CallStatus.CLOSED
    assert call.accepts_submissions(closes - dt.timedelta(seconds=1)) is True
    assert call.accepts_submissions(closes) is False
    assert call.status == CallStatus.OPEN  # reading never writes


def test_effective_status_does_not_reopen_or_change_other_statuses():
    closes = dt.datetime(2015, 6, 1, 18, 0, tzinfo=MSK)
    for status in (CallStatus.DRAFT, CallStatus.SCORING, CallStatus.DECIDED, CallStatus.ARCHIVED):
        call = _call(status=status, closes_at=closes)
        assert call.effective_status(closes + dt.timedelta(days=1)) == status
        assert call.effective_status(closes - dt.timedelta(days=1)) == status
        assert call.accepts_submissions(closes - dt.timedelta(days=1)) is False


def test_submissions_are_not_accepted_before_opens_at():
    call = _call()
    assert call.accepts_submissions(call.opens_at - dt.timedelta(seconds=1)) is False
    assert call.accepts_submissions(call.opens_at) is True


@pytest.mark.django_db
def test_effective_status_display_uses_the_server_clock():
    call = CallFactory(
        closes_at=timezone.now() - dt.timedelta(seconds=1), opens_at=timezone.now() - dt.timedelta(days=2)
    )
    assert call.status == CallStatus.OPEN
    assert call.effective_status() == CallStatus.CLOSED
    assert call.get_effective_status_display() == "приём завершён"


@pytest.mark.django_db
def test_beat_task_stores_closed_only_for_expired_open_calls():
    now = timezone.now()
    expired = CallFactory(
        year=2015,
        session="march",
        opens_at=now - dt.timedelta(days=3),
        closes_at=now - dt.timedelta(seconds=1),
    )
    running = CallFactory(
        year=2015, session="june", opens_at=now - dt.timedelta(days=3), closes_at=now + dt.timedelta(hours=1)
    )
    scoring = CallFactory(
        year=2016,
        session="march",
        status=CallStatus.SCORING,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now - dt.timedelta(days=1),
    )
    draft = CallFactory(
        year=2016,
        session="june",
        status=CallStatus.DRAFT,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now - dt.timedelta(days=1),
    )
    assert task_close_expired_calls() == 1
    assert task_close_expired_calls.delay().get() == 0  # eager; idempotent
    statuses = dict(Call.objects.values_list("pk", "status"))
    assert statuses == {
        expired.pk: CallStatus.CLOSED,
        running.pk: CallStatus.OPEN,
        scoring.pk: CallStatus.SCORING,
        draft.pk: CallStatus.DRAFT,
    }


@pytest.mark.django_db
def test_one_call_per_year_and_session():
    _call().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _call().save()
    assert Call.objects.filter(year=2015, session="june").count() == 1


def test_the_task_is_on_the_beat_schedule(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert task_close_expired_calls.name == "calls.close_expired_calls"
    assert schedule[task_close_expired_calls.name] <= 60.0
