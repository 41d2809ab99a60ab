"""The applicant's questions about a call: the form and the organisation's questions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.rules import permission_required
from calls import selectors as calls_selectors
from calls.clarifications import MAX_QUESTION_LENGTH, QuestionRefused, ask_question, question_refusal


@permission_required("calls.ask_questions")
def questions(request: HttpRequest, call_id: int) -> HttpResponse:
    """GET: the form (or why questions are closed) and the list; POST: ask. A refused
    question comes back in the form as typed, with the reason."""
    call = get_object_or_404(calls_selectors.public_calls(), pk=call_id)
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            ask_question(call_id=call.pk, user=request.user, text=text)
        except QuestionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Вопрос отправлен. Ответ придёт на электронную почту и появится в этом списке.")
            )
            return redirect("portal:questions", call_id=call.pk)
    return render(
        request,
        "applications/questions.html",
        {
            "call": call,
            "text": text,
            "max_length": MAX_QUESTION_LENGTH,
            "accepts": call.accepts_questions(),
            "refusal": "" if call.accepts_questions() else question_refusal(call),
            "questions": calls_selectors.questions_of_organisation(request.user, call),
        },
    )
