"""Answer a survey from the e-mail link; the signed token opens that survey only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import answer_form
from .models import Response, Survey


@never_cache
def answer(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("event", "programme"), pk=pk)
    try:
        person = services.person_for(survey=survey, token=token)
    except services.SurveyError as exc:
        context = {
            "message": str(exc),
            # Another link will not help someone who has left the organisation.
            "suggest_latest_link": not isinstance(exc, services.NoLongerMember),
        }
        return render(request, "surveys/refused.html", context, status=403)
    existing = Response.objects.filter(survey=survey, user=person).first()
    form = answer_form(survey, request.POST or None, instance=existing)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(survey=survey, user=person, data=form.cleaned_data)
        except services.SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            saved = True
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "saved": saved,
            "existing": existing,
            "closed": not survey.is_open(),
            "thanks": _("Thank you for your answer. You can change it until the survey closes."),
        },
        status=400 if request.method == "POST" and not saved else 200,
    )
