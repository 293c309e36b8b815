"""The real client address of a request, behind trusted proxies only.

`GDNN_TRUSTED_PROXIES` lists the addresses or networks (CIDR) of the reverse proxies in front of
GDNN (e.g. nginx on the same host: `127.0.0.1,::1`). `X-Forwarded-For` is believed only when the
immediate peer is one of them, and then only as far as it was written by trusted hops: the chain
is walked from the right (the hop nearest to us) and the first address that is not a trusted
proxy is the client. Anything a client writes itself sits to the left of that and is ignored.
Without trusted proxies the header is ignored and the peer address is the client.
"""

from __future__ import annotations

import contextvars
import functools
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
META_KEY = "GDNN_CLIENT_ADDR"  # set once per request by ClientAddressMiddleware
PEER_KEY = "GDNN_PEER_ADDR"  # the immediate peer (the proxy), kept for the record


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def trusted_networks() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "GDNN_TRUSTED_PROXIES", ()) or ()))


def _address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def _trusted(address: str, networks: Iterable[IPNetwork]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == net.version and ip in net for net in networks)


def client_address_from(meta: Mapping[str, Any]) -> str | None:
    """The client address for a WSGI environ (`request.META`), by the rules above."""
    peer = _address(str(meta.get("REMOTE_ADDR") or ""))
    networks = trusted_networks()
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    hops = [hop for hop in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # garbage written by a trusted hop: stop at the last hop we know
            break
        client = address
        if not _trusted(address, networks):
            break
    return client


def client_address(request: Any) -> str | None:
    """The client address of a request (computed once by the middleware; None without a request)."""
    if request is None:
        return None
    meta = request.META
    if META_KEY in meta:
        return meta[META_KEY]
    return client_address_from(meta)


# The client address of the request being served, for rows written deep inside services (audit
# events); set and reset by ClientAddressMiddleware, None outside a request (CLI, jobs).
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("gdnn_client_address", default=None)


def current_client_address() -> str | None:
    return _current.get()


def client_address_set(address: str | None) -> contextvars.Token:
    return _current.set(address)


def client_address_reset(token: contextvars.Token) -> None:
    _current.reset(token)
