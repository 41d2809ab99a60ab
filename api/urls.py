from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views_applications as applications
from api import views_public as public
from api import views_staff as staff
from api import views_tokens as tokens

app_name = "api"

v1 = [
    path("calls/", public.CallListView.as_view(), name="calls"),
    path("calls/<int:pk>/", public.CallDetailView.as_view(), name="call"),
    path("open-data/calls/", public.DecidedCallListView.as_view(), name="open_calls"),
    path("open-data/calls/<int:call_id>/winners/", public.WinnersView.as_view(), name="winners"),
    path("open-data/calls/<int:call_id>/winners.csv", public.WinnersCsvView.as_view(), name="winners_csv"),
    path("organisation/", applications.OrganisationView.as_view(), name="organisation"),
    path("applications/", applications.ApplicationListView.as_view(), name="applications"),
    path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(), name="application"),
    path("applications/<int:pk>/case/", applications.ApplicationCaseView.as_view(), name="application_case"),
    path(
        "applications/<int:pk>/documents/",
        applications.ApplicationDocumentsView.as_view(),
        name="application_documents",
    ),
    path(
        "applications/<int:pk>/submit/",
        applications.ApplicationSubmitView.as_view(),
        name="application_submit",
    ),
    path(
        "applications/<int:pk>/indicators/",
        applications.ApplicationIndicatorsView.as_view(),
        name="application_indicators",
    ),
    path("screening/calls/<int:call_id>/applications/", staff.ScreeningListView.as_view(), name="screening"),
    path(
        "screening/applications/<int:pk>/decision/",
        staff.ScreeningDecisionView.as_view(),
        name="screening_decide",
    ),
    path("meetings/<int:pk>/results/", staff.MeetingResultsView.as_view(), name="meeting_results"),
    path("meetings/<int:pk>/protocol/<str:fmt>/", staff.ProtocolFileView.as_view(), name="protocol_file"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token_revoke"),
    *[path(f"v1/{entry.pattern}", entry.callback, name=entry.name) for entry in v1],
]
