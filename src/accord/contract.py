"""The only place the contract's keys are spelled (see shared/contract/README.md).

``to_contract`` turns a CodedArticle into the JSON object of `accord code`;
``from_contract`` reads one back. Every output path (JSONL, store, API) goes through here.
"""

from __future__ import annotations

from typing import Any

from accord.model import (
    Actor,
    Article,
    Attribution,
    CodedArticle,
    Event,
    Issue,
    Location,
    Quote,
    Source,
    Stance,
    TextSpan,
)


def actor_to_dict(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    out = {
        "text": actor.text,
        "start": actor.start,
        "end": actor.end,
        "name": actor.name,
        "code": actor.code,
        "sector": actor.sector,
        "anonymous": actor.anonymous,
    }
    if actor.rule:
        out["rule"] = actor.rule
    if actor.antecedent is not None:
        out["antecedent"] = _span_to_dict(actor.antecedent)
    return out


def actor_from_dict(data: dict[str, Any] | None) -> Actor | None:
    if data is None:
        return None
    return Actor(
        text=data["text"],
        start=data.get("start"),
        end=data.get("end"),
        name=data.get("name"),
        code=data.get("code"),
        sector=data.get("sector"),
        anonymous=bool(data.get("anonymous", False)),
        rule=data.get("rule"),
        antecedent=_span_from_dict(data.get("antecedent")),
    )


def _span_to_dict(span: TextSpan | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"text": span.text, "start": span.start, "end": span.end}


def _span_from_dict(data: dict[str, Any] | None) -> TextSpan | None:
    if data is None:
        return None
    return TextSpan(data["text"], data["start"], data["end"])


def _location_to_dict(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {
        "text": loc.text,
        "name": loc.name,
        "country": loc.country,
        "admin1": loc.admin1,
        "lat": loc.lat,
        "lon": loc.lon,
        "geonameid": loc.geonameid,
        "start": loc.start,
        "end": loc.end,
        "kind": loc.kind,
        "rule": loc.rule,
    }


def _location_from_dict(data: dict[str, Any] | None) -> Location | None:
    if data is None:
        return None
    return Location(
        text=data["text"],
        name=data["name"],
        country=data.get("country"),
        admin1=data.get("admin1"),
        lat=data.get("lat"),
        lon=data.get("lon"),
        geonameid=data.get("geonameid"),
        start=data.get("start"),
        end=data.get("end"),
        kind=data.get("kind"),
        rule=data.get("rule"),
    )


def _attribution_to_dict(attr: Attribution | None) -> dict[str, Any] | None:
    if attr is None:
        return None
    return {"speaker": actor_to_dict(attr.speaker), "cue": attr.cue, "via": list(attr.via)}


def _attribution_from_dict(data: dict[str, Any] | None) -> Attribution | None:
    if data is None:
        return None
    return Attribution(
        speaker=actor_from_dict(data.get("speaker")), cue=data.get("cue"), via=tuple(data.get("via", ()))
    )


def event_to_dict(event: Event) -> dict[str, Any]:
    issue = event.issue
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "contexts": list(event.contexts),
        "cameo": event.cameo,
        "source": actor_to_dict(event.source),
        "target": actor_to_dict(event.target),
        "issue": None
        if issue is None
        else {"key": issue.key, "text": issue.text, "start": issue.start, "end": issue.end, "rule": issue.rule},
        "modality": event.modality,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        "location": _location_to_dict(event.location),
        "locations": [_location_to_dict(loc) for loc in event.locations],
        "attribution": _attribution_to_dict(event.attribution),
        "sentence": event.sentence,
        "start": event.start,
        "end": event.end,
        "trigger": _span_to_dict(event.trigger),
        "confidence": round(event.confidence, 3),
        "rule": event.rule,
    }


def event_from_dict(data: dict[str, Any]) -> Event:
    issue = data.get("issue")
    return Event(
        id=data["id"],
        type=data["type"],
        mode=data.get("mode"),
        contexts=tuple(data.get("contexts", ())),
        cameo=data.get("cameo"),
        source=actor_from_dict(data.get("source")),
        target=actor_from_dict(data.get("target")),
        issue=None if issue is None else Issue(issue.get("key"), issue["text"], issue.get("start", 0), issue.get("end", 0), issue.get("rule")),
        modality=data["modality"],
        date=data.get("date"),
        date_precision=data.get("date_precision", "unknown"),
        date_text=data.get("date_text"),
        location=_location_from_dict(data.get("location")),
        locations=tuple(_location_from_dict(loc) for loc in data.get("locations", ())),
        attribution=_attribution_from_dict(data.get("attribution")),
        sentence=data["sentence"],
        start=data["start"],
        end=data["end"],
        trigger=_span_from_dict(data["trigger"]),
        confidence=data["confidence"],
        rule=data.get("rule", ""),
    )


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    out = {
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "direct": quote.direct,
        "speaker": actor_to_dict(quote.speaker),
        "cue": _span_to_dict(quote.cue),
        "via": list(quote.via),
    }
    if quote.rule:
        out["rule"] = quote.rule
    return out


def quote_from_dict(data: dict[str, Any]) -> Quote:
    return Quote(
        text=data["text"],
        start=data["start"],
        end=data["end"],
        direct=data["direct"],
        speaker=actor_from_dict(data.get("speaker")),
        cue=_span_from_dict(data.get("cue")),
        via=tuple(data.get("via", ())),
        rule=data.get("rule"),
    )


def source_to_dict(source: Source) -> dict[str, Any]:
    return {
        "text": source.text,
        "name": source.name,
        "kind": source.kind,
        "code": source.code,
        "sector": source.sector,
        "start": source.start,
        "end": source.end,
    }


def source_from_dict(data: dict[str, Any]) -> Source:
    return Source(
        text=data["text"],
        kind=data["kind"],
        name=data.get("name"),
        code=data.get("code"),
        sector=data.get("sector"),
        start=data.get("start"),
        end=data.get("end"),
    )


def stance_to_dict(stance: Stance) -> dict[str, Any]:
    return {
        "holder": actor_to_dict(stance.holder),
        "issue": stance.issue,
        "stance": stance.stance,
        "conditions": list(stance.conditions),
        "evidence": list(stance.evidence),
    }


def stance_from_dict(data: dict[str, Any]) -> Stance:
    return Stance(
        holder=actor_from_dict(data["holder"]),
        issue=data["issue"],
        stance=data["stance"],
        conditions=tuple(data.get("conditions", ())),
        evidence=tuple(data["evidence"]),
    )


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "outlet": article.outlet,
        "url": article.url,
        "language": article.language,
        "sha256": article.sha256,
    }


def to_contract(coded: CodedArticle) -> dict[str, Any]:
    return {
        "article": article_to_dict(coded.article),
        "events": [event_to_dict(e) for e in coded.events],
        "quotes": [quote_to_dict(q) for q in coded.quotes],
        "sources": [source_to_dict(s) for s in coded.sources],
        "stances": [stance_to_dict(s) for s in coded.stances],
        "warnings": list(coded.warnings),
        "unattributed_events": [event_to_dict(e) for e in coded.unattributed_events],
    }


def from_contract(data: dict[str, Any], text: str = "") -> CodedArticle:
    """Rebuild a CodedArticle; the article text is not part of the contract, pass it if known."""
    meta = data["article"]
    article = Article(
        id=meta["id"],
        text=text,
        title=meta.get("title"),
        date=meta.get("date"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        language=meta.get("language"),
        sha256=meta.get("sha256", ""),
        warnings=tuple(data.get("warnings", ())),
    )
    return CodedArticle(
        article=article,
        events=tuple(event_from_dict(e) for e in data["events"]),
        quotes=tuple(quote_from_dict(q) for q in data["quotes"]),
        sources=tuple(source_from_dict(s) for s in data["sources"]),
        stances=tuple(stance_from_dict(s) for s in data["stances"]),
        warnings=tuple(data.get("warnings", ())),
        unattributed_events=tuple(event_from_dict(e) for e in data.get("unattributed_events", ())),
    )
