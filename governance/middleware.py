"""Conditional GET and a shared page cache for the public pages, feeds and (later) the API.

A public response depends on the record (its ``Revision``), the minute (deadlines and "time
left" follow the clock) and the URL; from these comes its ETag. A repeated request with that
ETag is answered 304 before any view runs; any other request for the same URL in the same
minute and revision is answered from the cache (Redis, shared by every app server), so only
the first one renders. A change to the record (a vote recorded on any app server) changes the
revision, and with it the ETag and the cache key, at once.

Signed-in pages, the chair's pages, sign-in and the admin are never cached, publicly or here."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, quote_etag

from .models import Revision

PRIVATE_PREFIXES = ("/admin/", "/chair/", "/accounts/")
PAGE_CACHE = "page:"
PAGE_SECONDS = 120  # a key names a minute of one revision: it is never valid longer
MAX_CACHED_BYTES = 2_000_000


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
        revision, changed_at = Revision.current()
        minute = timezone.now().replace(second=0, microsecond=0)
        key = f"{revision}|{minute:%Y%m%d%H%M}|{request.get_full_path()}"
        etag = quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])
        if etag in _etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = cache.get(PAGE_CACHE + etag)
            if response is None:
                response = self.get_response(request)
                if response.status_code != 200 or response.has_header("ETag"):
                    return response
                if not response.streaming and len(response.content) < MAX_CACHED_BYTES:
                    # One piece: a feed is written element by element (3,000 pieces for the
                    # Atom feed), and the WSGI server sends each piece as its own write.
                    response.content = response.content
                    cache.set(PAGE_CACHE + etag, response, PAGE_SECONDS)
        response["ETag"] = etag
        last = max(filter(None, (changed_at, minute)))
        response["Last-Modified"] = http_date(last.timestamp())
        # Public, but revalidated each time: a 304 is cheap, and a new vote shows at once.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}
