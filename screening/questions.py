"""Secretary pages: the queue of questions about a call, the answer and its publication."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import permission_required
from calls import selectors as calls_selectors
from calls.clarifications import QuestionRefused, answer_question
from calls.models import Call, Question

answer_required = permission_required("calls.answer_questions")


@answer_required
def question_queue(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    return _queue_page(request, call)


def _queue_page(request: HttpRequest, call: Call, typed: dict | None = None) -> HttpResponse:
    """``typed``: a refused answer's fields, shown back in its form as they were typed."""
    rows = list(calls_selectors.questions_for_secretary(call))
    for question in rows:
        if typed and typed["pk"] == question.pk:
            question.answer, question.public_text = typed["answer"], typed["public_text"]
            question.published = typed["published"]
    return render(
        request,
        "screening/questions.html",
        {"call": call, "questions": rows, "waiting": sum(1 for q in rows if not q.answered_at)},
    )


@answer_required
@require_POST
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("call"), pk=question_id)
    fields = {
        "answer": request.POST.get("answer", ""),
        "public_text": request.POST.get("public_text", ""),
        "published": request.POST.get("published") == "on",
    }
    try:
        answer_question(question_id=question.pk, user=request.user, **fields)
    except QuestionRefused as error:
        messages.error(request, _("Вопрос № %(number)s: %(error)s") % {"number": question.pk, "error": error})
        return _queue_page(request, question.call, typed={"pk": question.pk, **fields})
    messages.success(request, _("Вопрос № %(number)s: сохранено.") % {"number": question.pk})
    return redirect(reverse("screening:questions", args=[question.call_id]) + f"#question-{question.pk}")
