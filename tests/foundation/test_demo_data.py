import pytest
from django.apps import apps
from django.core.management import call_command

from applications.models import Application, ApplicationStatus
from calls.models import Call


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
