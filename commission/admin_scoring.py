"""The member's scoring page, the results page and the secretary's audit page (admin views)."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.models import Application
from commission import selectors, services
from commission.exports import FORMATS
from commission.models import Meeting, Recusal, Score, ScorePoint
from commission.templatetags.commission_points import localized

PAGE_SIZE = 20


def scoring_page(model_admin, request: HttpRequest, meeting: Meeting) -> HttpResponse:
    member = selectors.membership_of(request.user, meeting)
    methodology, categories = selectors.methodology_of(meeting)
    if request.method == "POST":
        raw_id = request.POST.get("application", "")
        app_id = int(raw_id) if raw_id.isdigit() else 0
        try:
            if request.POST.get("action") == "recuse":
                services.declare_conflict(
                    meeting_id=meeting.pk,
                    application_id=app_id,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Конфликт интересов заявлен."))
            else:
                raw = {c.code: request.POST.get(f"points-{c.code}", "") for c in categories}
                points, errors = services.parse_points(raw)
                if errors:
                    raise services.ScoringRefused(errors)
                services.save_score(
                    meeting_id=meeting.pk,
                    application_id=app_id,
                    user=request.user,
                    points=points,
                    finding=request.POST.get("finding", ""),
                )
                messages.success(request, _("Оценка сохранена."))
        except services.ScoringRefused as error:
            for line in error.messages:
                messages.error(request, localized(line))
        except Application.DoesNotExist:
            messages.error(request, _("Эта заявка не рассматривается на заседании."))
        return redirect(f"{request.get_full_path()}#app-{app_id}")
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
    own_scores = _own_scores(own.filter(application_id__in=page_ids))
    own_recusals = set(
        own_recused.filter(application_id__in=page_ids).values_list("application_id", flat=True)
    )
    # The labels once for the page, each row's inputs as (code, label, own points).
    labels = [(c.code, f"{c.name} (0–{c.maximum:.0f})") for c in categories]
    rows = []
    for app in page_apps:
        own_score = own_scores.get(app.pk)
        own_points = own_score["points"] if own_score else {}
        rows.append(
            {
                "app": app,
                "result": app.current_results[0] if app.current_results else None,
                "statuses": selectors.statuses_of(app),
                "own": own_score,
                "inputs": [(code, label, own_points.get(code)) for code, label in labels],
                "recused": app.pk in own_recusals,
            }
        )
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
        "can_score": (
            member is not None
            and member.votes
            and meeting.scoring_state == "open"
            and meeting.present.filter(pk=member.pk).exists()
        ),
        "opts": Meeting._meta,
    }
    return TemplateResponse(request, "admin/commission/scoring.html", context)


def _own_scores(scores) -> dict[int, dict]:
    """The member's points and finding per application, from plain rows."""
    own: dict[int, dict] = {}
    for app_id, finding in scores.values_list("application_id", "finding"):
        own[app_id] = {"finding": finding, "points": {}}
    for app_id, code, points in (
        ScorePoint.objects.filter(score__in=scores)
        .order_by("category__position")
        .values_list("score__application_id", "category__code", "points")
    ):
        own[app_id]["points"][code] = points
    return own


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
