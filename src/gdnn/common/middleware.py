"""The request's real client address (see clientaddr.py) and one log line per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gdnn.common.clientaddr import (
    META_KEY,
    PEER_KEY,
    client_address_from,
    client_address_reset,
    client_address_set,
)

log = logging.getLogger("gdnn.request")


class ClientAddressMiddleware:
    """Put the real client address where everything reads it, and log the request line.

    REMOTE_ADDR is rewritten (the proxy's own address is kept in GDNN_PEER_ADDR), so the server's
    access log, Django and GDNN's throttling and audit rows all see the same client.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        meta = request.META
        if META_KEY not in meta:
            client = client_address_from(meta)
            meta[PEER_KEY] = meta.get("REMOTE_ADDR")
            meta[META_KEY] = client
            if client:
                meta["REMOTE_ADDR"] = client
        token = client_address_set(meta[META_KEY])
        try:
            response = self.get_response(request)
        finally:
            client_address_reset(token)
        user = getattr(request, "user", None)
        log.info('%s "%s %s" %s %dms user=%s', meta[META_KEY] or "-", request.method, request.get_full_path(),
                 response.status_code, (time.monotonic() - started) * 1000,
                 user.get_username() if user is not None and user.is_authenticated else "-")
        return response
