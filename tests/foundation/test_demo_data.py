import pytest
from django.apps import apps
from django.core.management import call_command

from applications.models import Application, ApplicationStatus
from calls.models import Call, Question


def snapshot() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "accounts",
            "applications",
            "calls",
            "commission",
            "auth",
            "organisations",
            "reference",
            "scoring",
        }
    }


@pytest.mark.django_db(transaction=True)
def test_demo_data_is_complete_and_idempotent(capsys):
    call_command("load_demo_data")
    first = snapshot()
    out = capsys.readouterr().out
    assert "secretary@otbor.example" in out and "otbor-demo-2026" in out
    call_command("load_demo_data")
    assert snapshot() == first
    assert "ничего не изменено" in capsys.readouterr().out
    assert Call.objects.filter(year=2015, session="march", status="decided").exists()
    assert Call.objects.filter(status="open").count() == 1
    assert first["organisations.Organisation"] >= 20
    # Clarifications: published ones on both calls, one question of the demo applicant waiting.
    for call in Call.objects.all():
        assert call.questions.filter(published=True).count() >= 1
    waiting = Question.objects.get(answer="")
    assert (waiting.asked_by.email, waiting.call.status, waiting.published) == (
        "applicant@otbor.example",
        "open",
        False,
    )
    decided = Application.objects.filter(call__year=2015)
    assert decided.filter(status=ApplicationStatus.WINNER).exists()
    assert decided.filter(status=ApplicationStatus.REJECTED).exists()
    results = {
        r.application.title: r
        for r in Application.objects.get(call__year=2015, title="Убыточный проект").indicator_results.all()
    }
    assert results and all(r.npv < 0 for r in results.values())
    multi = Application.objects.get(call__year=2015, title="Проект с рекультивацией")
    row = multi.indicator_results.get(is_current=True)
    assert row.result["financial"]["irr_status"] == "multiple"


@pytest.mark.django_db(transaction=True)
def test_scaled_demo_stores_its_indicators_through_the_recompute_batch_path():
    from scoring.models import IndicatorResult
    from scoring.services import compute_indicators

    call_command("load_demo_data", verbosity=0)
    call_command("scale_demo_data", applications=4, members=3)
    scaled = Application.objects.filter(call__year=2016, call__session="march")
    rows = IndicatorResult.objects.filter(application__in=scaled, is_current=True)
    assert scaled.count() == 4 and rows.filter(state="done", npv__isnull=False).count() == 4
    # Stored for the very case the single path builds: it finds the row, computes nothing.
    for row in rows:
        assert compute_indicators(row.application_id).pk == row.pk
    assert IndicatorResult.objects.filter(application__in=scaled).count() == 4


@pytest.mark.django_db(transaction=True)
def test_demo_regional_view_has_clusters_lq_and_an_analyst(capsys):
    """Done-when of issue 16: the decided call's projects by region and cluster, with the
    demo clusters (participants matching demo organisations) and the demo LQ table."""
    from analytics.selectors import Filters, regional_view
    from reference.models import Cluster, EmploymentTable

    call_command("load_demo_data")
    assert "analyst@otbor.example" in capsys.readouterr().out
    assert EmploymentTable.objects.get().is_demo
    assert Cluster.objects.filter(is_demo=True).count() == 6
    decided = Call.objects.get(year=2015, session="march")
    view = regional_view(Filters(call_ids=(decided.pk,), okved="C"))
    assert view.total.values["winners"] >= 1
    clusters = {row.name: row.values for row in view.clusters}
    assert clusters["Калужский автомобильный кластер"]["applications"] == 2
    assert all(values["applications"] >= 1 for values in clusters.values())
    assert "52" in view.quotients.concentrated_regions("C")  # Нижегородская: LQ ≈ 1,48
