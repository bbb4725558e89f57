"""Reads of the accounts app."""

from rest_framework.authtoken.models import Token


def api_token_of(user) -> Token | None:
    """The user's API token record (to say whether one exists and since when), or None."""
    return Token.objects.filter(user=user).first()
