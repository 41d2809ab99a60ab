"""The commission works in the Django admin: members score on the meeting's scoring
page, the secretary runs the round and exports the protocol."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from calls.services import CallRefused, check_call_editable
from commission import export_jobs, selectors, services
from commission.exports import FORMATS, render_protocol, stored_version
from commission.models import (
    Category,
    Commission,
    ExportState,
    Meeting,
    Membership,
    Methodology,
    ProtocolExport,
)


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0


class MembershipForm(forms.ModelForm):
    """A member's role and term change only while no result depends on them."""

    class Meta:
        model = Membership
        fields = ["commission", "user", "role", "since", "until"]

    def clean(self):
        cleaned = super().clean()
        guarded = services.GUARDED_MEMBERSHIP_FIELDS & set(self.changed_data)
        if self.instance.pk and (guarded or cleaned.get("DELETE")):
            try:
                services.check_membership_change(membership_id=self.instance.pk)
            except services.ScoringRefused as error:
                raise ValidationError(error.messages) from error
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    inlines = [MembershipInline]


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class MethodologyForm(forms.ModelForm):
    """The threshold and the categories stay as decided once the call is."""

    class Meta:
        model = Methodology
        fields = ["call", "threshold"]

    def clean(self):
        cleaned = super().clean()
        call = cleaned.get("call") or (self.instance.call if self.instance.pk else None)
        if call is not None:
            try:
                check_call_editable(call_id=call.pk)
            except CallRefused as error:
                raise ValidationError(error.messages) from error
        return cleaned


@admin.register(Methodology)
class MethodologyAdmin(admin.ModelAdmin):
    form = MethodologyForm
    list_display = ["call", "threshold"]
    inlines = [CategoryInline]


class MeetingForm(forms.ModelForm):
    """Attendance, date, call and commission are set before the round opens; afterwards
    they are corrected through a reopening with a reason (services.correct_attendance)."""

    class Meta:
        model = Meeting
        fields = ["call", "commission", "number", "date", "place", "present"]

    def clean(self):
        cleaned = super().clean()
        try:
            if self.instance.pk and services.GUARDED_MEETING_FIELDS & set(self.changed_data):
                services.check_meeting_change(meeting_id=self.instance.pk)
            if not self.instance.pk and cleaned.get("call"):
                services.check_call_ready_for_meeting(call_id=cleaned["call"].pk)
        except services.ScoringRefused as error:
            raise ValidationError(error.messages) from error
        return cleaned


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    form = MeetingForm
    list_display = ["__str__", "call", "scoring_state", "links"]
    list_select_related = ["call"]
    filter_horizontal = ["present"]
    fields = ["call", "commission", "number", "date", "place", "present"]

    def get_queryset(self, request):
        return selectors.meetings_visible_to(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A meeting is never deleted (its scores and protocol hang on it), even by a
        # superuser, whom no rule refuses. View, add and change: commission/rules.py.
        return False

    @admin.display(description=_("Действия"))
    def links(self, obj: Meeting) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:commission_meeting_scoring", args=[obj.pk]),
            _("Оценка"),
            reverse("admin:commission_meeting_results", args=[obj.pk]),
            _("Итоги и протокол"),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/scoring/", wrap(self.scoring_view), name="commission_meeting_scoring"),
            path(
                "<int:pk>/projects/<int:app_id>/", wrap(self.project_view), name="commission_meeting_project"
            ),
            path("<int:pk>/results/", wrap(self.results_view), name="commission_meeting_results"),
            path("<int:pk>/round/", wrap(self.round_view), name="commission_meeting_round"),
            path(
                "<int:pk>/protocol/<slug:fmt>/", wrap(self.protocol_view), name="commission_meeting_protocol"
            ),
            path(
                "<int:pk>/export/<int:export_id>/", wrap(self.export_view), name="commission_meeting_export"
            ),
            path("<int:pk>/audit/<int:app_id>/", wrap(self.audit_view), name="commission_meeting_audit"),
            path("<int:pk>/trail/", wrap(self.trail_view), name="commission_meeting_trail"),
            path(
                "trail/application/<int:app_id>/",
                wrap(self.application_trail_view),
                name="commission_application_trail",
            ),
            *super().get_urls(),
        ]

    def _meeting(self, request: HttpRequest, pk: int) -> Meeting:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def scoring_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Inline: admin_scoring renders with this admin and is loaded on its pages only.
        from commission.admin_scoring import scoring_page

        return scoring_page(self, request, self._meeting(request, pk))

    def project_view(self, request: HttpRequest, pk: int, app_id: int) -> HttpResponse:
        # Inline, as above: loaded on its page only.
        from commission.admin_project import project_page

        return project_page(self, request, self._meeting(request, pk), app_id)

    def results_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Inline: admin_scoring renders with this admin and is loaded on its pages only.
        from commission.admin_scoring import results_page

        return results_page(self, request, self._meeting(request, pk))

    def trail_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Inline, as above: loaded on its page only.
        from commission.admin_trail import meeting_trail_page

        return meeting_trail_page(self, request, pk)

    def application_trail_view(self, request: HttpRequest, app_id: int) -> HttpResponse:
        from commission.admin_trail import application_trail_page

        return application_trail_page(self, request, app_id)

    def round_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action")
        # An amendment is the chair's or an administrator's (the service checks who).
        if request.method != "POST" or not (
            action == "amend" or request.user.has_perm("commission.manage_scoring")
        ):
            raise PermissionDenied
        meeting = self._meeting(request, pk)
        actions = {
            "open": lambda: services.open_scoring(meeting_id=meeting.pk, by=request.user),
            "close": lambda: services.close_scoring(meeting_id=meeting.pk, by=request.user),
            "reopen": lambda: services.reopen_scoring(
                meeting_id=meeting.pk, by=request.user, reason=request.POST.get("reason", "")
            ),
            "attendance": lambda: services.correct_attendance(
                meeting_id=meeting.pk,
                membership_id=_int(request.POST.get("membership")),
                present=request.POST.get("present") == "1",
                by=request.user,
                reason=request.POST.get("reason", ""),
            ),
            "amend": lambda: services.amend_protocol(
                meeting_id=meeting.pk,
                by=request.user,
                reason=request.POST.get("reason", ""),
                text=request.POST.get("text", ""),
            ),
            "decide": lambda: services.record_decision(
                meeting_id=meeting.pk, by=request.user, text=request.POST.get("text", "")
            ),
        }
        if action not in actions:
            raise PermissionDenied
        try:
            actions[action]()
        except Membership.DoesNotExist:
            messages.error(request, _("Такого члена комиссии нет."))
        except services.ScoringRefused as error:
            for line in error.messages:
                messages.error(request, line)
        else:
            messages.success(request, _("Готово."))
        return redirect("admin:commission_meeting_results", pk=meeting.pk)

    def protocol_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        meeting = self._meeting(request, pk)
        if fmt not in FORMATS or not request.user.has_perm("commission.manage_scoring"):
            raise PermissionDenied
        if not selectors.can_see_points(request.user, meeting):
            messages.error(request, _("Протокол формируется после закрытия оценки."))
            return redirect("admin:commission_meeting_results", pk=meeting.pk)
        version = _int(request.GET.get("version")) or None
        decided = stored_version(meeting, version)
        if decided is None and version is not None:
            raise Http404
        if decided is None and export_jobs.is_large(meeting):
            export = export_jobs.request_export(meeting=meeting, fmt=fmt, user=request.user)
            return redirect("admin:commission_meeting_export", pk=meeting.pk, export_id=export.pk)
        # A decided meeting: the bytes stored at the decision (or an amendment).
        content, content_type, name = render_protocol(meeting, fmt, version)
        response = HttpResponse(content, content_type=content_type)
        # RFC 6266: a Cyrillic protocol number must not MIME-encode the whole header.
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    def export_view(self, request: HttpRequest, pk: int, export_id: int) -> HttpResponse:
        """A large meeting's export: a page that polls until the worker is done, then the
        file itself with ?download=1."""
        meeting = self._meeting(request, pk)
        if not request.user.has_perm("commission.manage_scoring"):
            raise PermissionDenied
        export = get_object_or_404(ProtocolExport, pk=export_id, meeting=meeting)
        if request.GET.get("format") == "json":
            return JsonResponse({"state": export.state, "label": export.get_state_display()})
        if request.GET.get("download") == "1" and export.state == ExportState.DONE:
            response = FileResponse(export.file.open("rb"), content_type=export.content_type)
            response["Content-Disposition"] = content_disposition_header(True, export.file_name)
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Формирование протокола"),
            "meeting": meeting,
            "export": export,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/commission/export.html", context)

    def audit_view(self, request: HttpRequest, pk: int, app_id: int) -> HttpResponse:
        # Inline: admin_scoring renders with this admin and is loaded on its pages only.
        from commission.admin_scoring import audit_page

        if not request.user.has_perm("commission.manage_scoring"):
            raise PermissionDenied
        return audit_page(self, request, self._meeting(request, pk), app_id)
