from django.urls import path

from portal import card, organisation, questions, views

app_name = "portal"

urlpatterns = [
    path("applications/", views.my_list, name="my_list"),
    path("applications/new/<int:call_id>/", views.create, name="create"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/card.pdf", card.card, name="card"),
    path("applications/<int:pk>/version.json", card.version_json, name="version_json"),
    path("applications/<int:pk>/step/<slug:step>/", views.step, name="step"),
    path("applications/<int:pk>/model.xlsx", views.model_template, name="model_template"),
    path("applications/<int:pk>/model/import/", views.model_import, name="model_import"),
    path("applications/<int:pk>/indicators.json", views.indicators, name="indicators"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/documents/<int:doc_id>/", views.document_download, name="document"),
    path(
        "applications/<int:pk>/documents/<int:doc_id>/delete/", views.document_delete, name="document_delete"
    ),
    path("applications/calls/<int:call_id>/questions/", questions.questions, name="questions"),
    path("organisation/", organisation.organisation, name="organisation"),
]
