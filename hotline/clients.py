"""What a request tells about its client, decided in one place: its address and its body's size.

The client's address. ``REMOTE_ADDR`` is the peer that opened the connection. Behind our own
reverse proxy that peer is the proxy, and the proxy appends the address it saw to
``X-Forwarded-For``. Only a peer listed in ``settings.TRUSTED_PROXIES`` (addresses or networks) is
believed: the header is read from the right, skipping hops that are themselves trusted proxies,
and the first untrusted hop is the client. Anything a client wrote further left is ignored, so
rotating a forged ``X-Forwarded-For`` buys nothing. Web processes therefore run *without*
``daphne --proxy-headers`` (which takes the leftmost address from anyone).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def resolve_client_address(peer: str, forwarded_for: str, trusted_proxies) -> str:
    """The client's address given the peer, the X-Forwarded-For header and the trusted proxies."""
    networks = _networks(tuple(trusted_proxies))
    current = _parse(peer or "")
    if current is None:
        return peer or UNKNOWN
    if not _trusted(current, networks) or not forwarded_for:
        return str(current)
    for hop in reversed(forwarded_for.split(",")):
        address = _parse(hop)
        if address is None:
            return str(current)  # garbage from beyond our proxies: the last hop we can vouch for
        current = address
        if not _trusted(address, networks):
            return str(address)
    return str(current)


def client_address(request) -> str:
    """The client's address as text ("unknown" if there is none): for throttles, lockouts, logs."""
    cached = getattr(request, "_hotline_client_address", None)
    if cached is None:
        meta = request.META
        cached = resolve_client_address(meta.get("REMOTE_ADDR") or "", meta.get("HTTP_X_FORWARDED_FOR") or "",
                                        settings.TRUSTED_PROXIES)
        try:
            request._hotline_client_address = cached
        except AttributeError:
            pass
    return cached


def client_ip(request) -> str | None:
    """The client's address when it is an IP (the audit log stores an IP or nothing)."""
    address = _parse(client_address(request))
    return str(address) if address is not None else None


def scope_client_address(scope) -> str:
    """The same decision for an ASGI scope (a WebSocket)."""
    peer = (scope.get("client") or [""])[0] or ""
    headers = dict(scope.get("headers") or [])
    forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1")
    return resolve_client_address(peer, forwarded, settings.TRUSTED_PROXIES)


class BodyTooLarge(Exception):
    """The request declares (or carries) more bytes than this door reads."""


def declared_too_large(request, max_bytes: int) -> bool:
    """True when the declared Content-Length is missing-but-garbled or over `max_bytes`; reads nothing."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    return not (declared.isascii() and declared.isdigit()) or int(declared) > max_bytes


def read_body(request, max_bytes: int) -> bytes:
    """The raw body, refused (BodyTooLarge) before it is read when it is declared larger than `max_bytes`."""
    if declared_too_large(request, max_bytes):
        raise BodyTooLarge
    body = request.body
    if len(body) > max_bytes:
        raise BodyTooLarge
    return body
