"""The regional view (secretary, chair, analyst: read-only) and the secretary's imports
of clusters and of the employment table."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import permission_required
from analytics import imports, services
from analytics.cartogram import cartogram_svg, has_value
from analytics.charts import district_bars_svg, points_histogram_svg
from analytics.exports import XLSX, regional_workbook
from analytics.forms import ClusterImportForm, EmploymentImportForm, RegionFilterForm
from analytics.metrics import METRIC_BY_KEY, METRICS, Metric
from analytics.selectors import Filters, Row, by_district, regional_view
from calls.models import Call
from reference.geography import CONCENTRATION_THRESHOLD, current_employment_table
from reference.models import Cluster
from reference.xlsx_safety import WorkbookRejected

viewer_required = permission_required("analytics.view_regions")
importer_required = permission_required("analytics.import_reference")


def _selection(request: HttpRequest):
    form = RegionFilterForm(request.GET or None)
    call_ids, direction, okved, metric = form.selection()
    return form, Filters(call_ids=call_ids, direction=direction, okved=okved), METRIC_BY_KEY[metric]


def _caption(filters: Filters) -> str:
    titles = [str(call) for call in Call.objects.filter(pk__in=filters.call_ids).order_by("year", "session")]
    parts = [", ".join(titles) or _("отбор не выбран")]
    if filters.direction:
        parts.append(_("направление: %(code)s") % {"code": filters.direction})
    if filters.okved:
        parts.append(_("ОКВЭД2: %(code)s") % {"code": filters.okved})
    return "; ".join(parts)


@viewer_required
def regions(request: HttpRequest) -> HttpResponse:
    form, filters, metric = _selection(request)
    view = regional_view(filters)
    concentrated = (
        frozenset(view.quotients.concentrated_regions(view.section)) if view.section else frozenset()
    )
    caption = _caption(filters)
    query = request.GET.urlencode()
    grouped = by_district(row for row in view.regions if row.values.get("applications"))
    context = {
        "form": form,
        "filters": filters,
        "view": view,
        "districts": [
            {
                "total": _line(district, metric),
                "regions": [_line(row, metric) for row in grouped.get(district.key, [])],
            }
            for district in view.districts
            if district.values.get("applications")
        ],
        "total": _line(view.total, metric),
        "clusters": [_line(row, metric) for row in view.clusters],
        "ranking": sorted(
            (_line(row, metric) for row in view.regions if has_value(row, metric)),
            key=lambda line: -(metric.scale(line["row"].values.get(metric.key)) or 0),
        ),
        "metric": metric,
        "metrics": METRICS,
        "caption": caption,
        "cartogram": cartogram_svg(view.regions, metric, concentrated, f"{metric.label}: {caption}"),
        "district_chart": district_bars_svg(
            view.districts, metric, f"{metric.label} {_('по федеральным округам')}"
        ),
        "points_chart": points_histogram_svg(view.points, _("Распределение проектов по баллам")),
        "concentrated": concentrated,
        "threshold": CONCENTRATION_THRESHOLD,
        "export_query": query,
        "metric_links": [(m, _with_metric(request, m.key)) for m in METRICS],
    }
    return render(request, "analytics/regions.html", context)


def _line(row: Row, metric: Metric) -> dict:
    """A table line: the row, every figure as written, the map's figure."""
    return {
        "row": row,
        "cells": [m.display(row.values.get(m.key)) for m in METRICS],
        "shown": metric.display(row.values.get(metric.key)),
    }


def _with_metric(request: HttpRequest, key: str) -> str:
    query = request.GET.copy()
    query["metric"] = key
    return query.urlencode()


@viewer_required
def regions_export(request: HttpRequest) -> HttpResponse:
    _form, filters, _metric = _selection(request)
    response = HttpResponse(regional_workbook(regional_view(filters), _caption(filters)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="regions.xlsx"'
    return response


@importer_required
def reference_imports(request: HttpRequest) -> HttpResponse:
    return _imports_page(request, ClusterImportForm(), EmploymentImportForm())


def _imports_page(request, cluster_form, employment_form, status: int = 200) -> HttpResponse:
    context = {
        "cluster_form": cluster_form,
        "employment_form": employment_form,
        "clusters": Cluster.objects.select_related("region").prefetch_related(
            "participants", "specialisation"
        ),
        "table": current_employment_table(),
    }
    return render(request, "analytics/imports.html", context, status=status)


def _rejected(form, error: WorkbookRejected) -> None:
    for line in error.errors[:50]:
        form.add_error("file", line)


@importer_required
@require_POST
def import_clusters(request: HttpRequest) -> HttpResponse:
    form = ClusterImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = imports.read_clusters(form.cleaned_data["file"].read())
        except WorkbookRejected as error:
            _rejected(form, error)
        else:
            count = services.replace_clusters(rows=rows, by=request.user)
            messages.success(request, _("Загружено кластеров: %(count)s.") % {"count": count})
            return redirect("analytics:imports")
    return _imports_page(request, form, EmploymentImportForm())


@importer_required
@require_POST
def import_employment(request: HttpRequest) -> HttpResponse:
    form = EmploymentImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = imports.read_employment(form.cleaned_data["file"].read())
        except WorkbookRejected as error:
            _rejected(form, error)
        else:
            services.store_employment_table(
                rows=rows, title=form.cleaned_data["title"], year=form.cleaned_data["year"], by=request.user
            )
            messages.success(
                request, _("Таблица занятости загружена: %(count)s строк.") % {"count": len(rows)}
            )
            return redirect("analytics:imports")
    return _imports_page(request, ClusterImportForm(), form)


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@importer_required
def cluster_template(request: HttpRequest) -> HttpResponse:
    return _download(imports.cluster_template(), "clusters-template.xlsx")


@importer_required
def employment_template(request: HttpRequest) -> HttpResponse:
    return _download(imports.employment_template(), "employment-template.xlsx")
