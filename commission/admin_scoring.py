"""The member's scoring page and the secretary's audit page (admin views)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from applications.models import Application
from commission import selectors, services
from commission.models import Meeting, Recusal, Score, ScorePoint

PAGE_SIZE = 20


def scoring_page(model_admin, request: HttpRequest, meeting: Meeting) -> HttpResponse:
    member = selectors.membership_of(request.user, meeting)
    methodology, categories = selectors.methodology_of(meeting)
    if request.method == "POST":
        raw_id = request.POST.get("application", "")
        app_id = int(raw_id) if raw_id.isdigit() else 0
        try:
            if request.POST.get("action") == "recuse":
                services.declare_conflict(meeting_id=meeting.pk, application_id=app_id,
                                          user=request.user,
                                          reason=request.POST.get("reason", ""))
                messages.success(request, "Конфликт интересов заявлен.")
            else:
                raw = {c.code: request.POST.get(f"points-{c.code}", "") for c in categories}
                points, errors = services.parse_points(raw)
                if errors:
                    raise services.ScoringRefused(errors)
                services.save_score(meeting_id=meeting.pk, application_id=app_id,
                                    user=request.user, points=points,
                                    finding=request.POST.get("finding", ""))
                messages.success(request, "Оценка сохранена.")
        except services.ScoringRefused as error:
            for line in error.messages:
                messages.error(request, line)
        except Application.DoesNotExist:
            messages.error(request, "Эта заявка не рассматривается на заседании.")
        return redirect(f"{request.get_full_path()}#app-{app_id}")
    own_scores = {}
    own_recusals = set()
    if member is not None:
        for score in Score.objects.filter(meeting=meeting, member=member).prefetch_related(
                "points__category"):
            own_scores[score.application_id] = {
                "finding": score.finding,
                "points": {p.category.code: p.points for p in score.points.all()},
            }
        own_recusals = set(Recusal.objects.filter(meeting=meeting, member=member)
                           .values_list("application_id", flat=True))
    applications = selectors.meeting_applications(meeting)
    todo = request.GET.get("todo") == "1"
    if todo:  # only what this member has neither scored nor recused
        applications = applications.exclude(pk__in=list(own_scores) + list(own_recusals))
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for app in page.object_list.prefetch_related("documents"):
        rows.append({
            "app": app, "result": app.current_results[0] if app.current_results else None,
            "statuses": selectors.statuses_of(app), "own": own_scores.get(app.pk),
            "recused": app.pk in own_recusals,
        })
    context = {
        **model_admin.admin_site.each_context(request), "title": f"Оценка: {meeting}",
        "meeting": meeting, "member": member, "rows": rows, "categories": categories,
        "page": page, "todo": todo, "scored_count": len(own_scores),
        "recused_count": len(own_recusals),
        "can_score": member is not None and member.votes and meeting.scoring_state == "open",
        "opts": Meeting._meta,
    }
    return TemplateResponse(request, "admin/commission/scoring.html", context)


def audit_page(model_admin, request: HttpRequest, meeting: Meeting, app_id: int) -> HttpResponse:
    """Every score, change and recusal of one application, with who and when."""
    score_ids = Score.objects.filter(meeting=meeting, application_id=app_id).values("pk")
    entries = []
    blind = not selectors.can_see_points(request.user, meeting)
    for h in Score.history.filter(meeting_id=meeting.pk, application_id=app_id) \
            .select_related("history_user", "member__user"):
        entries.append((h.history_date, h.history_user, h.get_history_type_display(),
                        f"оценка члена {h.member.user.full_name}"
                        + ("" if blind else f"; заключение: {h.finding or '—'}")))
    for h in ScorePoint.history.filter(score_id__in=score_ids).select_related(
            "history_user", "category"):
        entries.append((h.history_date, h.history_user, h.get_history_type_display(),
                        f"{h.category.name}: " + ("скрыто до закрытия оценки" if blind
                                                  else f"{h.points}")))
    for h in Recusal.history.filter(meeting_id=meeting.pk, application_id=app_id) \
            .select_related("history_user", "member__user"):
        entries.append((h.history_date, h.history_user, h.get_history_type_display(),
                        f"конфликт интересов: {h.member.user.full_name} — {h.reason}"))
    for event in meeting.round_events.select_related("by"):
        entries.append((event.at, event.by, event.action, event.reason))
    entries.sort(key=lambda e: e[0])
    context = {
        **model_admin.admin_site.each_context(request), "title": "Журнал изменений",
        "meeting": meeting, "entries": entries, "opts": Meeting._meta,
    }
    return TemplateResponse(request, "admin/commission/audit.html", context)
