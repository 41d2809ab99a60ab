"""The member's scoring page, the results page and the secretary's audit page (admin views)."""

from __future__ import annotations

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from commission import admin_score_form as score_form
from commission import selectors
from commission.exports import FORMATS
from commission.models import Meeting, Recusal, Score, ScorePoint

PAGE_SIZE = 20


def scoring_page(model_admin, request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """The member's list of the meeting's projects, a score form each. A saved score
    redirects back to its row; a refused one shows the page again with what was typed."""
    member = selectors.membership_of(request.user, meeting)
    _methodology, categories = selectors.methodology_of(meeting)
    refused: dict[int, score_form.ScoreForm] = {}
    if request.method == "POST":
        outcome = score_form.handle_scoring_post(request, meeting, categories)
        if outcome.form is None:
            return redirect(f"{request.get_full_path()}#app-{outcome.application_id}")
        refused[outcome.application_id] = outcome.form
    own = Score.objects.filter(meeting=meeting, member=member)
    own_recused = Recusal.objects.filter(meeting=meeting, member=member)
    applications = selectors.meeting_applications(meeting)
    todo = request.GET.get("todo") == "1"
    if todo:  # only what this member has neither scored nor recused
        applications = applications.exclude(pk__in=own.values("application_id")).exclude(
            pk__in=own_recused.values("application_id")
        )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    page_apps = list(page.object_list.prefetch_related("documents"))
    page_ids = [app.pk for app in page_apps]
    own_scores = score_form.own_scores(meeting, member, page_ids)
    own_recusals = score_form.own_recusals(meeting, member, page_ids)
    for app_id, form in refused.items():
        if app_id not in page_ids:
            score_form.report_elsewhere(request, form)
    rows = [
        {
            "app": app,
            "result": app.current_results[0] if app.current_results else None,
            "statuses": selectors.statuses_of(app),
            "own": own_scores.get(app.pk),
            "form": refused.get(app.pk) or score_form.saved_form(categories, own_scores.get(app.pk)),
            "recused": app.pk in own_recusals,
        }
        for app in page_apps
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Оценка: %(meeting)s") % {"meeting": meeting},
        "meeting": meeting,
        "member": member,
        "rows": rows,
        "categories": categories,
        "page": page,
        "todo": todo,
        "scored_count": own.count(),
        "recused_count": own_recused.count(),
        "can_score": selectors.can_score(meeting, member),
        "opts": Meeting._meta,
    }
    return TemplateResponse(request, "admin/commission/scoring.html", context)


def results_page(model_admin, request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Open scoring: who has scored what (50 applications a page, no points). Closed:
    the ranking, rendered once per version of the results and shared by every process
    through the cache (1,000 rows take a quarter of a second to render)."""
    manager = request.user.has_perm("commission.manage_scoring")
    see_points = selectors.can_see_points(request.user, meeting)
    present, total, has_quorum = selectors.quorum(meeting)
    members = selectors.voting_members(meeting)
    page = progress_rows = ranking = None
    if see_points:
        ranking = _ranking_html(meeting, manager)
    elif manager:
        page = Paginator(selectors.meeting_applications(meeting, indicators=False), 50).get_page(
            request.GET.get("page")
        )
        progress = selectors.scoring_progress(meeting, [app.pk for app in page.object_list])
        progress_rows = [
            (app, [progress.get(app.pk, {}).get(m.pk) for m in members]) for app in page.object_list
        ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Итоги: %(meeting)s") % {"meeting": meeting},
        "meeting": meeting,
        "ranking": ranking,
        "manager": manager,
        "see_points": see_points,
        "quorum": (present, total, has_quorum),
        "progress_rows": progress_rows,
        "page": page,
        "members": members,
        "formats": FORMATS,
        "events": meeting.round_events.select_related("by"),
        "opts": Meeting._meta,
        "versions": (
            meeting.protocol_versions.defer("docx", "pdf", "xlsx", "winners", "data").order_by("-number")
            if meeting.scoring_state == "decided"
            else []
        ),
    }
    return TemplateResponse(request, "admin/commission/results.html", context)


def _ranking_html(meeting: Meeting, manager: bool) -> str:
    digest = selectors.results_digest(meeting)
    key = f"ranking:{digest}:{int(manager)}:{get_language()}"
    html = cache.get(key)
    if html is None:
        results = selectors.meeting_results_cached(meeting, digest)
        html = render_to_string(
            "admin/commission/_ranking.html", {"results": results, "meeting": meeting, "manager": manager}
        )
        cache.set(key, html)
    return mark_safe(html)  # rendered above from our template, escaped there


def audit_page(model_admin, request: HttpRequest, meeting: Meeting, app_id: int) -> HttpResponse:
    """Every score, change and recusal of one application, with who and when."""
    score_ids = Score.objects.filter(meeting=meeting, application_id=app_id).values("pk")
    entries = []
    blind = not selectors.can_see_points(request.user, meeting)
    for h in Score.history.filter(meeting_id=meeting.pk, application_id=app_id).select_related(
        "history_user", "member__user"
    ):
        entries.append(
            (
                h.history_date,
                h.history_user,
                h.get_history_type_display(),
                _("оценка члена %(name)s") % {"name": h.member.user.full_name}
                + ("" if blind else _("; заключение: %(finding)s") % {"finding": h.finding or "—"}),
            )
        )
    for h in ScorePoint.history.filter(score_id__in=score_ids).select_related("history_user", "category"):
        entries.append(
            (
                h.history_date,
                h.history_user,
                h.get_history_type_display(),
                f"{h.category.name}: " + (_("скрыто до закрытия оценки") if blind else f"{h.points}"),
            )
        )
    for h in Recusal.history.filter(meeting_id=meeting.pk, application_id=app_id).select_related(
        "history_user", "member__user"
    ):
        entries.append(
            (
                h.history_date,
                h.history_user,
                h.get_history_type_display(),
                _("конфликт интересов: %(name)s — %(reason)s")
                % {"name": h.member.user.full_name, "reason": h.reason},
            )
        )
    for event in meeting.round_events.select_related("by"):
        entries.append((event.at, event.by, event.action, event.reason))
    entries.sort(key=lambda e: e[0])
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Журнал изменений"),
        "meeting": meeting,
        "entries": entries,
        "opts": Meeting._meta,
    }
    return TemplateResponse(request, "admin/commission/audit.html", context)
