"""The server's guards, as plain ASGI middleware (cheap on every request):
who may call (token, Host header), how much they may send, and the headers that keep a
browser from running anything the pages did not ship.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from urllib.parse import parse_qsl, quote, urlencode

from accord.errors import ConfigError
from accord.settings import ServeOptions

log = logging.getLogger(__name__)

TOKEN_COOKIE = "accord_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

# Plotly injects its own <style> elements, hence 'unsafe-inline' for styles only; scripts
# come from this server alone, so an injected <script> or onerror= handler cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None, min_token_chars: int | None = None) -> None:
    """Refuse to listen beyond this machine without a token, or with one short enough to
    guess: the store may hold material nobody outside should read, and POST codes text on
    this machine's CPU."""
    min_token_chars = min_token_chars or ServeOptions().min_token_chars
    if is_loopback(host):
        return
    if not token:
        raise ConfigError(f"refusing to serve on {host} without a token: pass --token or set ACCORD_TOKEN, "
                          "or bind to 127.0.0.1")
    if len(token) < min_token_chars:
        raise ConfigError(f"refusing to serve on {host} with a {len(token)}-character token: use at least "
                          f"{min_token_chars} characters (e.g. `python -c 'import secrets; "
                          "print(secrets.token_urlsafe(24))'`), or bind to 127.0.0.1")


async def _send_json(send, status: int, message: str, extra_headers=()) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *extra_headers]})
    await send({"type": "http.response.body", "body": body})


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _hostname(host_header: str) -> str:
    """``[::1]:8000`` -> ``::1``, ``localhost:8000`` -> ``localhost``."""
    if host_header.startswith("["):
        return host_header[1:host_header.find("]")]
    return host_header.rsplit(":", 1)[0]


def _cookie(scope, name: str) -> str | None:
    for part in (_header(scope, b"cookie") or "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class SecurityHeaders:
    """Adds CSP, nosniff, frame and referrer headers to every response, the 500 of an
    unexpected error included: that one is answered here (logged, with no detail leaked)
    instead of by Starlette's outer error handler, which would send it without them."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=[*message.get("headers", ()), *SECURITY_HEADERS])
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # the web boundary: report it, answer 500
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _send_json(send_with_headers, 500, "internal error; the server log has the details")


class HostCheck:
    """When bound to loopback, answer only requests addressed to a loopback name, so a
    web page elsewhere cannot reach the store through DNS rebinding."""

    def __init__(self, app, allowed: tuple[str, ...]):
        self.app = app
        self.allowed = set(allowed)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.allowed:
            return await self.app(scope, receive, send)
        if _hostname(_header(scope, b"host") or "") not in self.allowed:
            return await _send_json(send, 400, "invalid Host header")
        await self.app(scope, receive, send)


class TokenGate:
    """With a token configured, every request must carry it: ``Authorization: Bearer T``,
    the ``accord_token`` cookie, or ``?token=T`` once (answered with a redirect to the same
    URL without it that sets the cookie, HttpOnly and SameSite=Strict, so the pages' own
    requests carry it from then on)."""

    def __init__(self, app, token: str | None):
        self.app = app
        self.token = token

    def _matches(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(candidate.encode(), self.token.encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        bearer = _header(scope, b"authorization") or ""
        if self._matches(bearer.removeprefix("Bearer ").strip() if bearer.startswith("Bearer ") else None):
            return await self.app(scope, receive, send)
        if self._matches(_cookie(scope, TOKEN_COOKIE)):
            return await self.app(scope, receive, send)
        pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if self._matches(dict(pairs).get("token")):
            # Trade the URL token for a cookie and drop it from the address bar and history.
            rest = urlencode([(k, v) for k, v in pairs if k != "token"])
            # One leading slash: "//evil.example/x" would be a protocol-relative, off-site address.
            path = "/" + (scope.get("root_path", "") + scope["path"]).lstrip("/\\")
            location = quote(path) + (f"?{rest}" if rest else "")
            cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode()
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", location.encode()), (b"set-cookie", cookie),
                                    (b"content-length", b"0")]})
            return await send({"type": "http.response.body", "body": b""})
        await _send_json(send, 401, "this server needs its token: Authorization: Bearer TOKEN, or ?token=TOKEN",
                         [(b"www-authenticate", b"Bearer")])


class BodyLimit:
    """Reject request bodies over ``limit`` bytes with 413 before reading them. A body must
    announce its length (411 otherwise): the HTTP server then stops a client that sends more."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        declared = _header(scope, b"content-length")
        if declared is None:
            return await _send_json(send, 411, "send the request body with a Content-Length header")
        if not declared.isdigit() or int(declared) > self.limit:
            return await _send_json(send, 413, f"request body over {self.limit} bytes")
        await self.app(scope, receive, send)
