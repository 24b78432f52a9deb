"""The site's pages of the api app: its tokens' forms, whose section sits on the user's profile."""

from django.urls import path

from api import pages

urlpatterns = [
    path("account/tokens/", pages.token_create_page, name="token_create"),
    path("account/tokens/<int:token_id>/revoke/", pages.token_revoke_page, name="token_revoke"),
]
