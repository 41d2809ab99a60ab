from django.urls import path

from applications.views import applicant, organisation, staff

app_name = "applications"

urlpatterns = [
    path("applications/", applicant.my_list, name="my_list"),
    path("applications/new/<int:call_id>/", applicant.create, name="create"),
    path("applications/<int:pk>/", applicant.detail, name="detail"),
    path("applications/<int:pk>/step/<slug:step>/", applicant.step, name="step"),
    path("applications/<int:pk>/model.xlsx", applicant.model_template, name="model_template"),
    path("applications/<int:pk>/model/import/", applicant.model_import, name="model_import"),
    path("applications/<int:pk>/indicators.json", applicant.indicators, name="indicators"),
    path("applications/<int:pk>/submit/", applicant.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/documents/<int:doc_id>/",
        applicant.document_download,
        name="document",
    ),
    path(
        "applications/<int:pk>/documents/<int:doc_id>/delete/",
        applicant.document_delete,
        name="document_delete",
    ),
    path("organisation/", organisation.organisation, name="organisation"),
    path("calls/", staff.calls, name="calls"),
    path("calls/<int:call_id>/scenario.xlsx", staff.macro_export, name="macro_export"),
    path("calls/<int:call_id>/scenario/import/", staff.macro_import, name="macro_import"),
    path("screening/", staff.screening_index, name="screening"),
    path("screening/<int:call_id>/", staff.screening, name="screening_call"),
    path("screening/<int:call_id>/recompute/", staff.recompute, name="recompute"),
    path("screening/recompute/<int:run_id>/", staff.recompute_status, name="recompute_status"),
    path("screening/application/<int:pk>/decide/", staff.decide, name="decide"),
]
