from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from judge.forms import SubmitForm
from judge.selectors import preferred_language_key
from problems.selectors import access_problem, problem_list, problem_samples


def problems(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/list.html", {"problems": problem_list(user=request.user)})


def problem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    problem = access_problem(user=request.user, slug=slug)
    form = SubmitForm(initial={"language": preferred_language_key(user=request.user)})
    context = {"problem": problem, "samples": problem_samples(problem=problem), "form": form}
    return render(request, "problems/detail.html", context)
