from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from judge.forms import SubmitForm
from problems.selectors import access_problem, problem_list, problem_samples


def problems(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/list.html", {"problems": problem_list(user=request.user)})


def problem_detail(request: HttpRequest, slug: str) -> HttpResponse:
    problem = access_problem(user=request.user, slug=slug)
    context = {"problem": problem, "samples": problem_samples(problem=problem), "form": SubmitForm()}
    return render(request, "problems/detail.html", context)
