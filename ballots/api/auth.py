"""Who is calling the API: a chair's personal token (``Authorization: Token <key>``), a session
(with CSRF, as the pages), or the Forum website's site key (``X-API-KEY``). Failed attempts are
counted per address and throttled."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from governance.models import ApiToken

FAILED_LIMIT = 20  # failed authentications per address per ten minutes


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _refuse_if_throttled(request) -> None:
    """Too many failures from this address: refused before its credentials are even read."""
    if (cache.get(f"api-failed:{_address(request)}") or 0) >= FAILED_LIMIT:
        raise exceptions.Throttled(wait=600, detail="Too many failed authentications; wait.")


def _failed(request) -> None:
    key = f"api-failed:{_address(request)}"
    cache.add(key, 0, 600)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, 600)


class FailedAuthThrottle(throttling.BaseThrottle):
    """Refuses an address once it has failed to authenticate ``FAILED_LIMIT`` times in ten
    minutes (a wrong token or site key), whatever it sends next."""

    def allow_request(self, request, view):
        return (cache.get(f"api-failed:{_address(request)}") or 0) < FAILED_LIMIT

    def wait(self):
        return 600


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token cabf_…``: a chair's personal token; the API acts as that user."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        _refuse_if_throttled(request)
        if len(header) != 2:
            _failed(request)
            raise exceptions.AuthenticationFailed("Give the token as “Authorization: Token <key>”.")
        token = ApiToken.find(header[1].decode(errors="replace"), ApiToken.Kind.PERSONAL)
        if token is None or not token.user.is_active:
            _failed(request)
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class HasSiteKey(permissions.BasePermission):
    """The member-tools calls need the site key the Forum's website sends as X-API-KEY."""

    message = "Send a valid site key in the X-API-KEY header."

    def has_permission(self, request, view):
        _refuse_if_throttled(request)
        key = request.headers.get("X-API-KEY", "")
        token = ApiToken.find(key, ApiToken.Kind.SITE) if key else None
        if token is None:
            _failed(request)
            raise exceptions.AuthenticationFailed(
                "Send a valid site key in the X-API-KEY header."
                if key
                else "This call needs the site key, sent in the X-API-KEY header."
            )
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return True


class SiteKeyAuthentication(authentication.BaseAuthentication):
    """Only so that a missing or wrong X-API-KEY is answered 401 (with this challenge)."""

    def authenticate(self, request):
        return None

    def authenticate_header(self, request):
        return "X-API-KEY"


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A chair's personal token: `Token cabf_…` (made on /chair/tokens/).",
        }


class SiteKeyScheme(OpenApiAuthenticationExtension):
    target_class = SiteKeyAuthentication
    name = "siteKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-KEY",
            "description": "The Forum website's site key (made in the admin).",
        }
