"""create_app(settings, db): the dashboard and its JSON API over one store.

The app holds one DuckDB connection for its life. Without a token it is read-only; with
one it is the store's single writer (POST /api/articles) and readers take cursors of it.
DuckDB locks the file against other writers while the app runs, so the store changes only
through this app, and GET responses are cached until its next write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from importlib import resources
from urllib.parse import parse_qsl, urlencode

import duckdb
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi.templating import Jinja2Templates
from fastapi.middleware.cors import CORSMiddleware

from accord import __version__
from accord.settings import Settings
from accord.web.security import (
    LOOPBACK_NAMES,
    BodyLimit,
    HostCheck,
    SecurityHeaders,
    TokenGate,
    check_bind,
    is_loopback,
)


STATIC_PREFIXES = ("/static/", "/plotly/")  # files already: caching them only costs memory
NOT_CACHED = (*STATIC_PREFIXES, "/api/export")  # files, and downloads too large to keep


class StoreHandle:
    """The app's one connection (the store attached beside the dashboard's in-memory
    event_facts); readers get cursors, writers take the write lock and rebuild the facts."""

    def __init__(self, db: str, writable: bool, memory_mb: int):
        from accord.store.facts import open_dashboard_store

        self.path = db
        self.writable = writable
        self.con = open_dashboard_store(db, writable)
        # SET, not a connect-time config: DuckDB refuses a second connection to the file in
        # this process (a test, `serve --get` beside the API) whose config differs.
        self.con.execute(f"SET memory_limit = '{int(memory_mb)}MB'")
        self.write_lock = threading.Lock()
        self._cursor_lock = threading.Lock()

    def cursor(self):
        from accord.store.facts import use_store

        with self._cursor_lock:
            return use_store(self.con.cursor())

    def close(self) -> None:
        self.con.close()


class ResponseCache:
    """GET responses by URL, least recently used dropped first, within ``max_bytes`` in all;
    a response over ``max_response_bytes`` is not kept. ``version`` moves on every write,
    and a response computed across a write is not kept. ``known_params`` are the query
    parameters some route reads: only they are part of the key, so ``?n=1``, ``?n=2`` ...
    cannot fill the cache with copies of one response."""

    def __init__(self, entries: int, max_bytes: int = 64_000_000, max_response_bytes: int = 1_000_000,
                 known_params: frozenset[str] = frozenset()):
        self.entries = entries
        self.max_bytes = max_bytes
        self.max_response_bytes = max_response_bytes
        self.known_params = known_params
        self.saved: OrderedDict[bytes, tuple[list, int]] = OrderedDict()
        self.bytes = 0
        self.version = 0

    def clear(self) -> None:
        self.version += 1
        self.saved.clear()
        self.bytes = 0

    def key(self, path: str, query_string: bytes) -> bytes:
        """The path and the known query parameters, in the order given (repeats kept)."""
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
        return path.encode() + b"?" + urlencode([(k, v) for k, v in pairs if k in self.known_params]).encode()

    def get(self, key: bytes) -> list | None:
        found = self.saved.get(key)
        if found is None:
            return None
        self.saved.move_to_end(key)
        return found[0]

    def put(self, key: bytes, messages: list) -> None:
        size = len(key) + sum(len(m.get("body", b"")) + sum(len(k) + len(v) for k, v in m.get("headers", ()))
                              for m in messages)
        if size > self.max_response_bytes or size > self.max_bytes:
            return
        if key in self.saved:
            self.bytes -= self.saved.pop(key)[1]
        self.saved[key] = (messages, size)
        self.bytes += size
        while len(self.saved) > self.entries or self.bytes > self.max_bytes:
            self.bytes -= self.saved.popitem(last=False)[1][1]


def _copy(message: dict) -> dict:
    """A message whose header list may be edited without touching the cached one."""
    return dict(message, headers=list(message["headers"])) if "headers" in message else message


class CachedResponses:
    """ASGI middleware answering repeated GETs from a ResponseCache. Static files and
    downloads (NOT_CACHED) pass by it: they are files or large, and asked for once."""

    def __init__(self, app, cache: ResponseCache):
        self.app = app
        self.cache = cache

    async def __call__(self, scope, receive, send):
        cache = self.cache
        if (scope["type"] != "http" or scope["method"] != "GET" or not cache.entries
                or scope["path"].startswith(NOT_CACHED)):
            return await self.app(scope, receive, send)
        key = cache.key(scope["path"], scope.get("query_string", b""))
        if (saved := cache.get(key)) is not None:
            for message in saved:
                await send(_copy(message))
            return
        version, messages, size = cache.version, [], 0

        async def recording_send(message):
            nonlocal messages, size
            # A copy: middleware further out (CORS) edits the headers of the message it is sent.
            if messages is not None:
                size += len(message.get("body", b""))
                if size <= cache.max_response_bytes:
                    messages.append(_copy(message))
                else:
                    messages = None
            await send(message)

        await self.app(scope, receive, recording_send)
        if messages and messages[0].get("status") == 200 and version == cache.version:
            cache.put(key, messages)


def query_parameter_names(app: FastAPI) -> frozenset[str]:
    """Every query parameter name some route of ``app`` reads (its own or a dependency's),
    routers included into others too."""
    names, routes, dependants = set(), list(app.routes), []
    while routes:
        route = routes.pop()
        if (dependant := getattr(route, "dependant", None)) is not None:
            dependants.append(dependant)
        if (included := getattr(route, "original_router", None)) is not None:
            routes.extend(included.routes)
    while dependants:
        dependant = dependants.pop()
        names.update(param.alias for param in dependant.query_params)
        dependants.extend(dependant.dependencies)
    return frozenset(names)


def plotly_bundle() -> str:
    """plotly.min.js as the installed plotly package ships it: served by us, never a CDN."""
    import plotly

    return str(resources.files(plotly).joinpath("package_data", "plotly.min.js"))


def create_app(settings: Settings = Settings(), db: str | None = None) -> FastAPI:
    """The ASGI app. ``db`` defaults to $ACCORD_DB or ./accord.duckdb."""
    from accord.store.db import store_path
    from accord.web import api, pages

    options = settings.serve
    store = StoreHandle(store_path(db), writable=bool(options.token), memory_mb=options.memory_mb)

    @asynccontextmanager
    async def lifespan(app):
        yield
        store.close()

    # Swagger UI would load its scripts from a CDN; the schema itself is served.
    app = FastAPI(title="accord", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Events, stances and evidence from an accord store. Every string is data: "
                              "clients must escape it before display.")
    app.state.settings = settings
    app.state.store = store
    app.state.templates = Jinja2Templates(directory=str(resources.files("accord.web").joinpath("templates")))
    app.mount("/static", StaticFiles(directory=str(resources.files("accord.web").joinpath("static"))), name="static")
    bundle = plotly_bundle()
    app.add_api_route("/plotly/plotly.min.js", lambda: FileResponse(bundle, media_type="text/javascript"),
                      name="plotly_js", include_in_schema=False)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(RequestValidationError, pages.page_error)
    app.add_exception_handler(StarletteHTTPException, pages.page_error)
    app.add_exception_handler(duckdb.OutOfMemoryException, out_of_memory)

    # Added innermost first: the cache sits inside the token and size checks.
    app.state.cache = ResponseCache(options.cache_entries, options.cache_bytes, options.cache_max_response_bytes,
                                    query_parameter_names(app))
    app.add_middleware(CachedResponses, cache=app.state.cache)
    if options.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(options.cors_origins), allow_methods=["GET"])
    app.add_middleware(BodyLimit, limit=options.max_body_bytes)
    app.add_middleware(TokenGate, token=options.token)
    app.add_middleware(HostCheck, allowed=LOOPBACK_NAMES if is_loopback(options.host) else ())
    app.add_middleware(SecurityHeaders)
    return app


async def out_of_memory(request, exc) -> JSONResponse:
    """503, not 500: the request was fine, the server's DuckDB memory limit was too small for it."""
    limit = request.app.state.settings.serve.memory_mb
    return JSONResponse({"detail": f"the query needed more than the server's {limit} MB of DuckDB memory "
                                   "([accord.serve] memory_mb); narrow it (dates, actor, limit) or raise the limit"},
                        status_code=503)


def run_server(settings: Settings, db: str | None = None) -> None:
    """Serve until interrupted. Refuses a non-loopback address without a token."""
    import uvicorn

    options = settings.serve
    check_bind(options.host, options.token, options.min_token_chars)
    app = create_app(settings, db)
    # "info" prints the address it listens on; per-request access lines would cost more than the requests.
    uvicorn.run(app, host=options.host, port=options.port, log_level="info", access_log=False, server_header=False)


def answer_once(settings: Settings, db: str | None, path: str) -> tuple[int, bytes]:
    """Answer one GET in-process, as the server would (token included): the cheapest
    end-to-end check of the app, and a way to script the API without a server."""
    from fastapi.testclient import TestClient

    headers = {"authorization": f"Bearer {settings.serve.token}"} if settings.serve.token else {}
    with TestClient(create_app(settings, db), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        response = client.get(path if path.startswith("/") else "/" + path, headers=headers)
    return response.status_code, response.content
