"""The API tokens section of a user's own profile page, and the two forms it posts to: create (the
page again, with the new key shown this once) and revoke (back to the profile)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.views import profile_response
from api.forms import TokenCreateForm
from api.models import ApiToken
from api.tokens import MAX_TOKENS_PER_USER, TokenRejected, token_create, token_list, token_revoke
from common.access import signed_in_user

SECTION = "api-tokens"
CREATING_TOO_FAST = "You are creating tokens too fast; wait a minute and try again."
REVOKED = "Token “{name}” revoked: programs that use its key are refused from now on."


def tokens_section(
    request: HttpRequest,
    user: User,
    *,
    form: TokenCreateForm | None = None,
    new_token: ApiToken | None = None,
    new_key: str = "",
) -> str:
    """The section for the profile's owner: their tokens, the form, and a new token's key if any."""
    context = {
        "tokens": token_list(user=user),
        "max_tokens": MAX_TOKENS_PER_USER,
        "form": form or TokenCreateForm(),
        "new_token": new_token,
        "new_key": new_key,
        "api_url": request.build_absolute_uri(reverse("v1_submission_list")),
        "judge0_url": request.build_absolute_uri(reverse("judge0_languages")),
    }
    return render_to_string("api/_tokens_section.html", context, request=request)


def _create_rate(group: str, request: HttpRequest) -> str:
    return str(settings.API_TOKEN_CREATE_RATE)  # read at each request: tests change it


# The URL is the form's, not a page: after logging in, the profile is the place to go back to.
@require_POST
@login_required(redirect_field_name=None)
@never_cache  # the key must not stay in a cache, the browser's included
@ratelimit(key="user", rate=_create_rate, method="POST", block=False)  # type: ignore[untyped-decorator]
def token_create_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = TokenCreateForm(request.POST)
    if getattr(request, "limited", False):
        form.add_error(None, CREATING_TOO_FAST)
    elif form.is_valid():
        try:
            token, key = token_create(user=user, **form.cleaned_data)
        except TokenRejected as exc:
            form.add_error(None, exc.message)
        else:
            # The page itself, not a redirect: the key is in this response and nowhere else.
            section = tokens_section(request, user, new_token=token, new_key=key)
            return profile_response(request, user, sections={SECTION: section})
    section = tokens_section(request, user, form=form)
    return profile_response(request, user, sections={SECTION: section}, status=400)


@require_POST
@login_required(redirect_field_name=None)
def token_revoke_page(request: HttpRequest, token_id: int) -> HttpResponse:
    user = signed_in_user(request)
    token = token_revoke(user=user, token_id=token_id)
    if token is None:
        raise Http404("No such token.")
    # To the top of the profile, where the message is shown.
    messages.success(request, REVOKED.format(name=token.name))
    return redirect("profile", username=user.username)
