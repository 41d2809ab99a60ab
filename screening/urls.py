from django.urls import path

from screening import questions, views

app_name = "screening"

urlpatterns = [
    path("screening/", views.screening_index, name="index"),
    path("screening/<int:call_id>/", views.screening, name="call"),
    path("screening/<int:call_id>/recompute/", views.recompute, name="recompute"),
    path("screening/recompute/<int:run_id>/", views.recompute_status, name="recompute_status"),
    path("screening/application/<int:pk>/decide/", views.decide, name="decide"),
    path("screening/<int:call_id>/questions/", questions.question_queue, name="questions"),
    path("screening/questions/<int:question_id>/answer/", questions.answer, name="answer"),
]
