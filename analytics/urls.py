from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("analytics/regions/", views.regions, name="regions"),
    path("analytics/regions/export.xlsx", views.regions_export, name="regions_export"),
    path("analytics/reference/", views.reference_imports, name="imports"),
    path("analytics/reference/clusters/", views.import_clusters, name="import_clusters"),
    path("analytics/reference/employment/", views.import_employment, name="import_employment"),
    path("analytics/reference/clusters-template.xlsx", views.cluster_template, name="cluster_template"),
    path(
        "analytics/reference/employment-template.xlsx", views.employment_template, name="employment_template"
    ),
]
