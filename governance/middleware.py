"""Conditional GET for the public pages, feeds and (later) the API: an ETag from what a response
depends on (the record's ``Revision``, the minute, since deadlines and "time left" follow the
clock, and the URL), so that a repeated request is answered 304 before any view runs, and any
change to the record (a vote recorded on any app server) changes the ETag at once.

Signed-in pages, the chair's pages, sign-in and the admin are never cached publicly."""

from __future__ import annotations

import hashlib

from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, quote_etag

from .models import Revision

PRIVATE_PREFIXES = ("/admin/", "/chair/", "/accounts/")


class ConditionalPublicMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(PRIVATE_PREFIXES)
            and not request.user.is_authenticated
        )
        if not public:
            response = self.get_response(request)
            if request.user.is_authenticated or request.path.startswith(PRIVATE_PREFIXES):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        number, changed_at = Revision.current()
        minute = timezone.now().replace(second=0, microsecond=0)
        key = f"{number}|{minute:%Y%m%d%H%M}|{request.get_full_path()}"
        etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
        if etag in _etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = self.get_response(request)
            if response.status_code != 200 or response.has_header("ETag"):
                return response
        response["ETag"] = etag
        last = max(filter(None, (changed_at, minute)))
        response["Last-Modified"] = http_date(last.timestamp())
        # Public, but revalidated each time: a 304 is cheap, and a new vote shows at once.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
