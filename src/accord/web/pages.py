"""Server-rendered pages. Each route makes the same payload call as its /api twin and hands
it to a template; Jinja autoescapes every value, and the data the page's script plots
travels as JSON in a non-executing <script type="application/json"> block."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from accord.store import views
from accord.web import api
from accord.web.charts import polarity

router = APIRouter(include_in_schema=False)


def render(request: Request, con, template: str, page: str, status_code: int = 200, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(
        request, template, {"page": page, "summary": views.store_summary(con), **context}, status_code=status_code)


def filter_context(con, flt) -> dict:
    """The filter form's current values and its choices."""
    return {"filter": asdict(flt), "choices": views.filter_choices(con)}


def query_string(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)})


@router.get("/", response_class=HTMLResponse)
@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, con: api.Reader, flt: api.Filter, bucket: api.Bucket = "month"):
    data = api.timeline_payload(con, flt, bucket)
    return render(request, con, "timeline.html", "timeline", data=data, bucket=bucket, **filter_context(con, flt))


@router.get("/stances", response_class=HTMLResponse)
def stances_page(request: Request, con: api.Reader, holder: Annotated[str | None, Query(max_length=200)] = None,
                 issue: Annotated[str | None, Query(max_length=100)] = None,
                 since: api.Day = None, until: api.Day = None, bucket: api.Bucket = "month"):
    data = api.stances_payload(con, holder=holder or None, issue=issue or None, since=since, until=until,
                               bucket=bucket)
    cells = {(c["holder"], c["issue"]): c for c in data["matrix"]["cells"]}
    return render(request, con, "stances.html", "stances", data=data, cells=cells, holder=holder or "",
                  issue=issue or "", since=since or "", until=until or "", bucket=bucket,
                  choices=views.filter_choices(con))


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, con: api.Reader, flt: api.Filter):
    data = api.network_payload(con, flt)
    return render(request, con, "network.html", "network", data=data, **filter_context(con, flt))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, con: api.Reader, flt: api.Filter):
    data = api.map_payload(con, flt)
    return render(request, con, "map.html", "map", data=data, **filter_context(con, flt))


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, con: api.Reader, flt: api.Filter, sort: api.Sort = "day",
                order: Literal["asc", "desc"] = "asc", page: api.Page = 1):
    size = request.app.state.settings.serve.page_size
    data = api.events_payload(con, flt, sort=sort, descending=order == "desc", limit=size, offset=(page - 1) * size)
    filters = {k: v for k, v in asdict(flt).items() if v}
    pages = max(1, -(-data["total"] // size))
    return render(request, con, "events.html", "events", data=data, page_number=page, pages=pages, sort=sort,
                  order=order, polarity=polarity, filter_query=query_string(**filters),
                  page_query=lambda n: query_string(**filters, sort=sort, order=order, page=n),
                  **filter_context(con, flt))


@router.get("/articles/{ident:path}", response_class=HTMLResponse)
def article_page(request: Request, con: api.Reader, ident: Annotated[str, PathParam(max_length=300)]):
    data = api.article_payload(con, ident)
    if data is None:
        return render(request, con, "error.html", "error", status_code=404,
                      message=f"No article with id or sha256 {ident!r}.")
    annotations = annotate(data)
    segments = segment_text(data["article"]["text"], annotations)
    details = {a["key"]: a["detail"] for a in annotations}
    return render(request, con, "article.html", "article", data=data, segments=segments, details=details,
                  polarity=polarity)


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


def segment_text(text: str, annotations: list[dict]) -> list[dict]:
    """Cut the text at every highlight boundary; each piece lists the highlights covering it,
    so overlapping spans (a trigger inside a quote) all stay reachable."""
    spans = [a for a in annotations if 0 <= a["start"] < a["end"] <= len(text)]
    cuts = sorted({0, len(text), *(a["start"] for a in spans), *(a["end"] for a in spans)})
    segments = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [a for a in spans if a["start"] <= start and a["end"] >= end]
        segments.append({"text": text[start:end], "refs": " ".join(a["key"] for a in covering),
                         "classes": " ".join(sorted({k for a in covering for k in a["kind"].split()})),
                         "title": "\n".join(a["title"] for a in covering)})
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
