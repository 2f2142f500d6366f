"""Server-rendered pages. Each route makes the same payload call as its /api twin and hands
it to a template; Jinja autoescapes every value, and the data the page's script plots
travels as JSON in a non-executing <script type="application/json"> block."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from accord.store import views
from accord.store.queries import EVENT_DAY_MEANING
from accord.web import api
from accord.web.charts import polarity

router = APIRouter(include_in_schema=False)


# The filters every page shares: the nav links carry them, so a filter set on one tab holds on the next.
SHARED_FILTERS = ("actor", "target", "involving", "type", "issue", "country", "outlet", "place", "since", "until",
                  "text")


def render(request: Request, con, template: str, page: str, status_code: int = 200, **context) -> HTMLResponse:
    shared = query_string(**{k: request.query_params.get(k) for k in SHARED_FILTERS})
    return request.app.state.templates.TemplateResponse(
        request, template, {"page": page, "summary": views.store_summary(con), "nav_query": shared,
                            "date_meaning": EVENT_DAY_MEANING, **context}, status_code=status_code)


def filter_context(con, flt) -> dict:
    """The filter form's current values, its choices, and the filters as a query string."""
    return {"filter": asdict(flt), "choices": views.filter_choices(con),
            "filter_query": query_string(**asdict(flt))}


def query_string(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)})


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, con: api.Reader):
    data = api.overview_payload(con)
    return render(request, con, "overview.html", "overview", data=data, polarity=polarity)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, con: api.Reader, flt: api.Filter, bucket: api.TimelineBucket = "auto"):
    data = api.timeline_payload(con, flt, bucket)
    return render(request, con, "timeline.html", "timeline", data=data, bucket=bucket, **filter_context(con, flt))


@router.get("/stances", response_class=HTMLResponse)
def stances_page(request: Request, con: api.Reader, actor: Annotated[str | None, Query(max_length=200)] = None,
                 issue: Annotated[str | None, Query(max_length=100)] = None,
                 since: api.Day = None, until: api.Day = None, bucket: api.Bucket = "month"):
    """The holder is the shared ``actor`` filter, so it carries across tabs."""
    if actor and not views.actor_known(con, actor):
        raise HTTPException(422, f"no actor {actor!r} in this store (give a code such as RUS, a country or "
                                 "words of a name)")
    data = api.stances_payload(con, holder=actor or None, issue=issue or None, since=since, until=until,
                               bucket=bucket)
    cells = {(c["holder"], c["issue"]): c for c in data["matrix"]["cells"]}
    return render(request, con, "stances.html", "stances", data=data, cells=cells, holder=actor or "",
                  issue=issue or "", since=since or "", until=until or "", bucket=bucket,
                  choices=views.filter_choices(con),
                  keep_query=lambda **changes: query_string(**{"actor": actor, "issue": issue, "since": since,
                                                               "until": until, "bucket": bucket, **changes}))


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, con: api.Reader, flt: api.Filter):
    data = api.network_payload(con, flt)
    return render(request, con, "network.html", "network", data=data, **filter_context(con, flt))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, con: api.Reader, flt: api.Filter):
    data = api.map_payload(con, flt)
    return render(request, con, "map.html", "map", data=data, **filter_context(con, flt))


EVENT_HEADINGS = (("day", "day"), ("type", "type"), ("source_name", "source"), ("target_name", "target"),
                  ("issue_key", "issue"), ("goldstein", "Goldstein"), ("confidence", "conf."), ("outlet", "outlet"))


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, con: api.Reader, flt: api.Filter, sort: api.Sort = "day",
                order: Literal["asc", "desc"] = "desc", page: api.Page = 1):
    size = request.app.state.settings.serve.page_size
    data = api.events_payload(con, flt, sort=sort, descending=order == "desc", limit=size, offset=(page - 1) * size)
    filters = {k: v for k, v in asdict(flt).items() if v}
    pages = max(1, -(-data["total"] // size))
    return render(request, con, "events.html", "events", data=data, page_number=page, pages=pages, sort=sort,
                  order=order, polarity=polarity, headings=EVENT_HEADINGS,
                  page_query=lambda n: query_string(**filters, sort=sort, order=order, page=n),
                  sort_query=lambda col: query_string(**filters, sort=col,
                                                      order="asc" if sort == col and order == "desc" else "desc"),
                  **filter_context(con, flt))


@router.get("/articles/{ident:path}", response_class=HTMLResponse)
def article_page(request: Request, con: api.Reader, ident: Annotated[str, PathParam(max_length=300)],
                 event: Annotated[str | None, Query(max_length=100, description="an event id to show")] = None):
    """``event``: that event's evidence sentence is marked and the page opens on it (#focus)."""
    data = api.article_payload(con, ident)
    if data is None:
        return render(request, con, "error.html", "error", status_code=404, status=404,
                      message=f"No article with id or sha256 {ident!r}.")
    annotations = annotate(data)
    focus = next(((e["sentence_start"], e["sentence_end"]) for e in data["events"] if e["event_id"] == event), None)
    segments = segment_text(data["article"]["text"], annotations, focus)
    details = {a["key"]: a["detail"] for a in annotations}
    return render(request, con, "article.html", "article", data=data, segments=segments, details=details,
                  polarity=polarity, focus_event=event if focus else None)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, con: api.Reader, q: Annotated[str, Query(max_length=200)] = "",
                page: api.Page = 1):
    size = 20
    data = api.search_payload(con, q, size, (page - 1) * size) if q.strip() else None
    results = [dict(r, marked=mark_terms(r["snippet"], data["terms"])) for r in data["results"]] if data else []
    return render(request, con, "search.html", "search", q=q, data=data, results=results, page_number=page,
                  pages=max(1, -(-data["total"] // size)) if data else 1,
                  page_query=lambda n: query_string(q=q, page=n))


# --- the article view's highlights ---------------------------------------------------------

def _actor_label(prefix: str, row: dict) -> str | None:
    name, code = row.get(f"{prefix}_name"), row.get(f"{prefix}_code")
    text = row.get(f"{prefix}_text")
    if not (name or code or text):
        return None
    return " ".join(x for x in (name or text, f"({code})" if code else None) if x)


def annotate(data: dict) -> list[dict]:
    """Every highlight of the article view: key, kind, span, a one-line title for hover
    and the details shown on click."""
    out = []
    for e in data["events"]:
        via = " via ".join(x for x in (_actor_label("speaker", e), *(e["attribution_via"] or [])) if x)
        detail = {"kind": "event", "type": e["type"], "mode": e["mode"], "cameo": e["cameo"],
                  "polarity": polarity(e["type"]), "source": _actor_label("source", e),
                  "target": _actor_label("target", e), "issue": e["issue_key"] or e["issue_text"],
                  "modality": e["modality"], "date": e["date"], "location": e["location_name"],
                  "speaker": _actor_label("speaker", e), "via": e["attribution_via"] or [],
                  "cue": e["attribution_cue"], "confidence": e["confidence"], "rule": e["rule"],
                  "id": e["event_id"]}
        title = f"{e['type']} {e['cameo'] or ''}: {detail['source'] or '?'} → {detail['target'] or '?'}"
        out.append({"key": f"event:{e['event_id']}", "kind": "event " + detail["polarity"],
                    "start": e["trigger_start"], "end": e["trigger_end"],
                    "title": title + (f"; according to {via}" if via else "") + f"; rule {e['rule']}",
                    "detail": detail})
    for q in data["quotes"]:
        speaker = _actor_label("speaker", q)
        detail = {"kind": "quote", "direct": q["direct"], "speaker": speaker, "cue": q["cue_text"],
                  "via": q["via"] or [], "rule": q["rule"]}
        out.append({"key": f"quote:{q['quote_index']}", "kind": "quote", "start": q["char_start"], "end": q["char_end"],
                    "title": f"{'direct' if q['direct'] else 'indirect'} quote; speaker {speaker or 'unknown'}"
                             + (f" via {' via '.join(q['via'])}" if q["via"] else ""), "detail": detail})
    for s in data["sources"]:
        if s["char_start"] is None:
            continue
        detail = {"kind": "source", "source_kind": s["kind"], "name": s["name"], "code": s["code"], "sector": s["sector"]}
        out.append({"key": f"source:{s['source_index']}", "kind": "source", "start": s["char_start"],
                    "end": s["char_end"], "title": f"{s['kind']} source: {s['name'] or s['text']}", "detail": detail})
    seen = set()
    for a in data["actors"]:
        span = (a["char_start"], a["char_end"])
        if span in seen or a["char_end"] is None:
            continue
        seen.add(span)
        detail = {"kind": "actor", "name": a["name"], "code": a["code"], "sector": a["sector"],
                  "anonymous": a["anonymous"], "rule": a["rule"]}
        out.append({"key": f"actor:{span[0]}-{span[1]}", "kind": "actor", "start": span[0], "end": span[1],
                    "title": f"actor: {a['name'] or a['text']} {a['code'] or ''} {a['sector'] or ''}".strip(),
                    "detail": detail})
    return out


def segment_text(text: str, annotations: list[dict], focus: tuple[int, int] | None = None) -> list[dict]:
    """Cut the text at every highlight boundary; each piece lists the highlights covering it,
    so overlapping spans (a trigger inside a quote) all stay reachable. Pieces inside
    ``focus`` (an evidence sentence's offsets) are marked, the first one as the anchor."""
    spans = [a for a in annotations if 0 <= a["start"] < a["end"] <= len(text)]
    focus = focus if focus and focus[0] is not None and 0 <= focus[0] < focus[1] <= len(text) else None
    cuts = sorted({0, len(text), *(a["start"] for a in spans), *(a["end"] for a in spans), *(focus or ())})
    segments = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [a for a in spans if a["start"] <= start and a["end"] >= end]
        focused = bool(focus) and focus[0] <= start and end <= focus[1]
        segments.append({"text": text[start:end], "refs": " ".join(a["key"] for a in covering),
                         "classes": " ".join(sorted({k for a in covering for k in a["kind"].split()})),
                         "title": "\n".join(a["title"] for a in covering), "focus": focused,
                         "anchor": focused and start == focus[0]})
    return segments


def mark_terms(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """(piece, is_match) pieces of a search snippet, for <mark> without building HTML."""
    lowered, pieces, at = text.lower(), [], 0
    while terms:
        found = [(lowered.find(t, at), t) for t in terms if lowered.find(t, at) >= 0]
        if not found:
            break
        start, term = min(found)
        pieces += [(text[at:start], False), (text[start:start + len(term)], True)]
        at = start + len(term)
    return [p for p in pieces + [(text[at:], False)] if p[0]]


async def page_error(request: Request, exc: Exception):
    """A page asked with bad input (an unknown actor, an impossible date) answers its status
    with the reason on a page; the API keeps its JSON errors."""
    from fastapi.exception_handlers import http_exception_handler
    from fastapi.exceptions import RequestValidationError

    if request.url.path.startswith("/api/"):
        if isinstance(exc, RequestValidationError):
            return await api.invalid_request(request, exc)
        return await http_exception_handler(request, exc)
    if isinstance(exc, RequestValidationError):
        status, message = 422, "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
    else:
        status, message = exc.status_code, str(exc.detail)
    cursor = request.app.state.store.cursor()
    try:
        return render(request, cursor, "error.html", "error", status_code=status, status=status, message=message)
    finally:
        cursor.close()
