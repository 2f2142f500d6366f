"""The JSON API under /api. Each ``*_payload`` function is the one query call behind both
an API route and the page that shows the same data (pages.py)."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import AfterValidator, BaseModel, Field, field_validator
from starlette.background import BackgroundTask

from accord.ingest.sanitise import sanitise_field, sanitise_text
from accord.store import stance_views, views
from accord.store.queries import EVENT_DAY_MEANING, EventFilter
from accord.web import charts

router = APIRouter(prefix="/api", tags=["api"])

Bucket = Literal["day", "week", "month", "year"]
TimelineBucket = Literal["auto", "day", "week", "month", "year"]
Sort = Literal[views.EVENT_SORTS]  # type: ignore[valid-type]
ISO_DAY = r"^(\d{4}-\d{2}-\d{2})?$"  # empty: a blank form field, no filter
MAX_OFFSET = 1_000_000_000  # rows a page may skip; far past any store, and inside DuckDB's BIGINT
MAX_PAGE = 10_000_000  # page numbers of the HTML lists (times their page size stays under MAX_OFFSET)


def calendar_day(value: str | None) -> str | None:
    """A YYYY-MM-DD that is a real date (2025-02-30 is not): the value, else a 422 naming it."""
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise ValueError(f"{value!r} is not a calendar date; give YYYY-MM-DD") from err


# A day in a query string: the pattern, then the calendar (both answer 422 with the reason).
Day = Annotated[str | None, Query(pattern=ISO_DAY, description="a day, YYYY-MM-DD"), AfterValidator(calendar_day)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]


def reader(request: Request) -> Iterator:
    """A cursor of the app's connection for one request."""
    cursor = request.app.state.store.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


Reader = Annotated[object, Depends(reader)]


def event_filter(
    con: Reader,
    actor: Annotated[str | None, Query(max_length=200, description="source actor: a code (RUS), a country (Russia) "
                                                                   "or words of a name (Putin)")] = None,
    target: Annotated[str | None, Query(max_length=200, description="target actor, as for actor")] = None,
    involving: Annotated[str | None, Query(max_length=200, description="an actor as source or target")] = None,
    type: Annotated[str | None, Query(max_length=200, description="PLOVER type(s), comma-separated")] = None,
    issue: Annotated[str | None, Query(max_length=100, description="issue key (ceasefire)")] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO 3166 alpha-3 code the event involves")] = None,
    since: Day = None,
    until: Day = None,
    text: Annotated[str | None, Query(max_length=200, description="words in the evidence sentence")] = None,
    outlet: Annotated[str | None, Query(max_length=300, description="the reporting outlet")] = None,
    place: Annotated[str | None, Query(max_length=300, description="the event's location name")] = None,
) -> EventFilter:
    """The filters of `accord query`, from the query string; empty values mean no filter.
    An actor the store has never seen, or From after To, is a 422 that says so."""
    flt = EventFilter(actor=actor or None, target=target or None, involving=involving or None, type=type or None,
                      issue=issue or None, country=country or None, since=since or None, until=until or None,
                      text=text or None, outlet=outlet or None, place=place or None)
    problems = [f"{name}: no actor {value!r} in this store (give a code such as RUS, a country or words of a name)"
                for name, value in (("actor", flt.actor), ("target", flt.target), ("involving", flt.involving))
                if value and not views.actor_known(con, value)]
    if flt.since and flt.until and flt.since > flt.until:
        problems.append(f"since: {flt.since} is after until {flt.until}")
    if problems:
        raise HTTPException(422, "; ".join(problems))
    return flt


Filter = Annotated[EventFilter, Depends(event_filter)]


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """422 with what was wrong, as FastAPI answers, but ASCII-escaped: the offending input is
    echoed back, and a lone surrogate in it would fail the UTF-8 encoding (a 500)."""
    body = json.dumps({"detail": jsonable_encoder(exc.errors())}, ensure_ascii=True, default=str)
    return Response(body, status_code=422, media_type="application/json")


def json_response(payload) -> Response:
    """JSON without FastAPI's per-value encoder: the payloads are plain data already."""
    return Response(json.dumps(payload, ensure_ascii=False, default=str, separators=(",", ":")),
                    media_type="application/json")


# --- payloads shared with the pages ------------------------------------------------------

def events_payload(con, flt: EventFilter, *, sort: str = "day", descending: bool = True, limit: int = 50,
                   offset: int = 0, mentions: bool = False) -> dict:
    total, events = views.event_page(con, flt, sort=sort, descending=descending, limit=limit, offset=offset,
                                     mentions=mentions)
    return {"total": total, "limit": limit, "offset": offset, "sort": sort, "order": "desc" if descending else "asc",
            "filter": asdict(flt), "date_meaning": EVENT_DAY_MEANING, "events": events}


def timeline_payload(con, flt: EventFilter, bucket: str) -> dict:
    timeline = views.timeline(con, flt, bucket)
    return dict(charts.timeline_series(timeline, timeline["bucket"]), date_meaning=EVENT_DAY_MEANING)


def network_payload(con, flt: EventFilter, max_nodes: int = 60) -> dict:
    return charts.network_graph(views.network_edges(con, flt, limit=max_nodes * 20), max_nodes, views.actor_label)


def map_payload(con, flt: EventFilter) -> dict:
    points = charts.map_layers(views.map_points(con, flt))
    return dict(points, located=sum(p["n"] for p in points["points"]), events=views.count_events(con, flt))


def stances_payload(con, *, holder: str | None, issue: str | None, since: str | None, until: str | None,
                    bucket: str = "month") -> dict:
    matrix = charts.stance_cells(stance_views.stance_matrix(con, holder=holder, issue=issue, start=since, end=until))
    series = charts.stance_lines(stance_views.stance_series(con, issue, holder=holder, start=since, end=until,
                                                     bucket=bucket)) if issue else {"lines": []}
    return {"matrix": matrix, "series": dict(series, issue=issue, bucket=bucket),
            "date_meaning": "a stance is dated by the article that reports it"}


def overview_payload(con) -> dict:
    overview = views.overview(con)
    return dict(overview, trend=charts.timeline_series(overview["trend"], "month"), date_meaning=EVENT_DAY_MEANING)


def article_payload(con, ident: str) -> dict | None:
    article = views.find_article(con, ident)
    if article is None:
        return None
    return {"article": article, **views.article_spans(con, article["sha256"])}


def snippet(text: str, terms: list[str], width: int = 240) -> str:
    """A window of ``text`` around the first term found."""
    lowered = text.lower()
    hits = [i for i in (lowered.find(t) for t in terms) if i >= 0]
    start = max(0, (min(hits) if hits else 0) - width // 3)
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def search_payload(con, q: str, limit: int = 20, offset: int = 0) -> dict:
    terms = q.lower().split()[:8]
    total, rows = views.search_articles(con, terms, limit, offset)
    results = [{k: v for k, v in row.items() if k != "text"} | {"snippet": snippet(row["text"], terms)} for row in rows]
    return {"q": q, "terms": terms, "total": total, "limit": limit, "offset": offset, "results": results}


# --- routes ------------------------------------------------------------------------------

@router.get("/events", summary="Events matching the filters of `accord query`, one page")
def list_events(request: Request, con: Reader, flt: Filter, sort: Sort = "day",
                order: Literal["asc", "desc"] = "desc", limit: Annotated[int | None, Query(ge=1)] = None,
                offset: Offset = 0, mentions: bool = False):
    options = request.app.state.settings.serve
    size = min(limit or options.page_size, options.max_page_size)
    return json_response(events_payload(con, flt, sort=sort, descending=order == "desc", limit=size,
                                        offset=offset, mentions=mentions))


@router.get("/events/{ref}", summary="Every mention of one event with its evidence span and article")
def get_event(con: Reader, ref: Annotated[str, PathParam(max_length=300)]):
    mentions = views.event_mentions(con, ref)
    if not mentions:
        raise HTTPException(404, "no such event: give <article sha256>:<event id> or a cluster id")
    return json_response({"id": ref, "mentions": mentions})


@router.get("/articles/{ident:path}", summary="An article's text with the spans of its events, quotes, actors, sources")
def get_article(con: Reader, ident: Annotated[str, PathParam(max_length=300)]):
    payload = article_payload(con, ident)
    if payload is None:
        raise HTTPException(404, "no such article (give its id or sha256)")
    return json_response(payload)


@router.get("/overview", summary="Headline numbers, the last 7 and 30 days, top actors, issues and outlets, trend")
def get_overview(con: Reader):
    return json_response(overview_payload(con))


@router.get("/actors", summary="Actors grouped by code, by event count, with the names behind each and top counterparts")
def list_actors(con: Reader, flt: Filter, limit: Annotated[int, Query(ge=1, le=1000)] = 100):
    return json_response({"actors": views.actor_counts(con, flt, limit)})


@router.get("/stances", summary="Holder x issue stance matrix, and one issue over time per holder")
def get_stances(con: Reader, holder: Annotated[str | None, Query(max_length=200)] = None,
                issue: Annotated[str | None, Query(max_length=100)] = None,
                since: Day = None, until: Day = None, bucket: Bucket = "month"):
    if holder and not views.actor_known(con, holder):
        raise HTTPException(422, f"holder: no actor {holder!r} in this store")
    return json_response(stances_payload(con, holder=holder or None, issue=issue or None, since=since,
                                         until=until, bucket=bucket))


@router.get("/stances/evidence", summary="The articles and events behind one stance matrix cell")
def get_stance_evidence(con: Reader, holder: Annotated[str, Query(max_length=200)],
                        issue: Annotated[str, Query(max_length=100)],
                        limit: Annotated[int, Query(ge=1, le=500)] = 50, since: Day = None, until: Day = None):
    return json_response({"holder": holder, "issue": issue,
                          "evidence": stance_views.stance_evidence(con, holder, issue, limit, since, until)})


@router.get("/timeline", summary="Event counts per period by type and by cooperation/conflict")
def get_timeline(con: Reader, flt: Filter, bucket: TimelineBucket = "auto"):
    return json_response(timeline_payload(con, flt, bucket))


@router.get("/network", summary="Who acts on whom: actors and weighted cooperation/conflict edges")
def get_network(con: Reader, flt: Filter, max_nodes: Annotated[int, Query(ge=2, le=200)] = 60):
    return json_response(network_payload(con, flt, max_nodes))


@router.get("/map", summary="Located events grouped by place")
def get_map(con: Reader, flt: Filter):
    return json_response(map_payload(con, flt))


@router.get("/search", summary="Full-text search over articles (every word must occur)")
def search(con: Reader, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    return json_response(search_payload(con, q, limit, offset))


EXPORT_TYPES = {"csv": ("text/csv", "csv"), "jsonl": ("application/x-ndjson", "jsonl"), "stances": ("text/csv", "csv"),
                "gdelt": ("text/tab-separated-values", "tsv"), "parquet": ("application/vnd.apache.parquet", "parquet")}


@router.get("/export", summary="The filtered events as CSV, Parquet, PLOVER JSONL or GDELT-style TSV; "
                                "or the stances (format=stances: actor picks the holder, issue the issue)")
def export_events(request: Request, flt: Filter,
                  format: Literal["csv", "jsonl", "gdelt", "parquet", "stances"] = "csv"):
    from accord.store.export import gdelt_left_out, stream_events, stream_stances

    media_type, suffix = EXPORT_TYPES[format]
    what = "stances" if format == "stances" else "events"
    headers = {"content-disposition": f'attachment; filename="accord-{what}.{suffix}"'}
    if format == "parquet":
        return _parquet_download(request, flt, media_type, headers)
    # A cursor of the export's own, open until its last batch is sent: the response is
    # streamed, so a download of any size holds one batch of rows in memory.
    cursor = request.app.state.store.cursor()
    try:
        if format == "gdelt":  # events without a CAMEO code or a named source actor
            headers["x-accord-left-out"] = str(gdelt_left_out(cursor, flt))
        export = stream_stances(cursor, flt.actor, flt.issue) if format == "stances" else stream_events(cursor, format, flt)
    except BaseException:
        cursor.close()
        raise
    return StreamingResponse(_closing(export, cursor), media_type=media_type, headers=headers)


def _parquet_download(request: Request, flt: EventFilter, media_type: str, headers: dict) -> FileResponse:
    """The Parquet export, sent from its file (read in chunks), which goes once it is sent."""
    from accord.store.export import export_events as write_events

    folder = tempfile.mkdtemp(prefix="accord-export-")
    path = Path(folder) / "events.parquet"
    cursor = request.app.state.store.cursor()
    try:
        write_events(cursor, "parquet", path=str(path), flt=flt)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        cursor.close()
    return FileResponse(path, media_type=media_type, headers=headers,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


def _closing(chunks, cursor) -> Iterator[str]:
    """``chunks``, then ``cursor`` closed (also when the client goes away midway)."""
    try:
        yield from chunks
    finally:
        cursor.close()


class SubmittedArticle(BaseModel):
    text: str = Field(min_length=1, description="the article text")
    id: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    outlet: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)

    # The ingest sanitiser, before the article is written out as JSONL: a lone surrogate
    # ("\ud800" is valid JSON) cannot be encoded, and would fail the request with a 500.
    # pydantic itself refuses such strings, so this runs before its own checks.
    @field_validator("text", mode="before")
    @classmethod
    def _clean_text(cls, value):
        return sanitise_text(value) if isinstance(value, str) else value

    @field_validator("id", "title", "outlet", "url", mode="before")
    @classmethod
    def _clean_field(cls, value):
        return sanitise_field(value) if isinstance(value, str) else value


class Submission(BaseModel):
    articles: list[SubmittedArticle] = Field(min_length=1)


@router.post("/articles", summary="Code and store articles (needs the server's token)", status_code=201)
def post_articles(submission: Submission, request: Request):
    from accord.ingest import InputFailure, ingest_options, read_articles
    from accord.store.facts import build_dashboard_tables
    from accord.store.write import ingest_paths

    app = request.app
    options = app.state.settings.serve
    if not options.token or not app.state.store.writable:
        raise HTTPException(403, "submissions are off: start `accord serve` with --token to accept articles")
    if len(submission.articles) > options.max_articles_per_post:
        raise HTTPException(413, f"at most {options.max_articles_per_post} articles per request")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "submitted.jsonl"
        path.write_text("".join(json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) + "\n"
                                for a in submission.articles), encoding="utf-8")
        # Each article's id and sha256 as ingest reads them: an article sent without an id is
        # "submitted:N" (its place in this request), which repeats across requests and names
        # no version, so the sha256 is what finds it again (/api/articles/{sha256}).
        read = [{"id": item.id, "sha256": item.sha256, "id_given": item.id_given}
                for item in read_articles([str(path)], options=ingest_options(app.state.settings))
                if not isinstance(item, InputFailure)]
        with app.state.store.write_lock:
            cursor = app.state.store.cursor()
            try:
                report = ingest_paths(cursor, [str(path)], app.state.settings)
                build_dashboard_tables(cursor)
            finally:
                cursor.close()
            app.state.cache.clear()
    return JSONResponse({"read": report.read, "stored": report.stored, "skipped": report.skipped,
                         "replaced": report.replaced, "events": report.events, "articles": read,
                         "failures": [f.message for f in report.failures]}, status_code=201)
