"""CodedArticle -> flat rows, one list of plain dicts per store table.

Everything goes through ``accord.contract.to_contract`` (the single serialiser); this
module only flattens. Column names are the schema's (schema.sql) and are stable: the
Spark writer produces these same rows as Parquet, and ``write.load_parquet_rows`` reads
them back into the store.
"""

from __future__ import annotations

from typing import Any

from accord.contract import to_contract
from accord.model import CodedArticle
from accord.store.dedup import minhash_signature
from accord.store.options import StoreOptions

Row = dict[str, Any]

ARTICLE_TABLES = ("articles", "events", "actors", "quotes", "sources", "stances")

_ACTOR_FIELDS = ("text", "name", "code", "sector", "anonymous")


def _actor_columns(prefix: str, actor: dict | None) -> Row:
    """The five flattened columns of one actor role (``source_code`` ...), all None without one."""
    actor = actor or {}
    return {f"{prefix}_{name}": actor.get(name) for name in _ACTOR_FIELDS}


def _actor_row(sha: str, role: str, owner: str, actor: dict) -> Row:
    return {
        "article_sha256": sha,
        "role": role,
        "owner": owner,
        "text": actor["text"],
        "char_start": actor.get("start"),
        "char_end": actor.get("end"),
        "name": actor.get("name"),
        "code": actor.get("code"),
        "sector": actor.get("sector"),
        "anonymous": bool(actor.get("anonymous")),
        "rule": actor.get("rule"),
    }


def event_row(sha: str, event: dict, text: str) -> Row:
    issue = event.get("issue") or {}
    location = event.get("location") or {}
    attribution = event.get("attribution") or {}
    trigger = event["trigger"]
    return {
        "article_sha256": sha,
        "event_id": event["id"],
        "type": event["type"],
        "mode": event.get("mode"),
        "contexts": list(event.get("contexts") or ()),
        "cameo": event.get("cameo"),
        **_actor_columns("source", event.get("source")),
        **_actor_columns("target", event.get("target")),
        "issue_key": issue.get("key"),
        "issue_text": issue.get("text"),
        "modality": event["modality"],
        "date": event.get("date"),
        "date_precision": event.get("date_precision") or "unknown",
        "date_text": event.get("date_text"),
        "location_text": location.get("text"),
        "location_name": location.get("name"),
        "location_country": location.get("country"),
        "location_admin1": location.get("admin1"),
        "location_lat": location.get("lat"),
        "location_lon": location.get("lon"),
        "location_geonameid": location.get("geonameid"),
        **_actor_columns("speaker", attribution.get("speaker")),
        "attribution_cue": attribution.get("cue"),
        "attribution_via": list(attribution.get("via") or ()),
        "sentence": event["sentence"],
        "sentence_start": event["start"],
        "sentence_end": event["end"],
        "trigger_text": trigger["text"],
        "trigger_start": trigger["start"],
        "trigger_end": trigger["end"],
        "confidence": event["confidence"],
        "rule": event.get("rule"),
        "evidence": text[event["start"]:event["end"]] if text else None,
    }


def quote_row(sha: str, index: int, quote: dict) -> Row:
    cue = quote.get("cue") or {}
    return {
        "article_sha256": sha,
        "quote_index": index,
        "text": quote["text"],
        "char_start": quote["start"],
        "char_end": quote["end"],
        "direct": quote["direct"],
        **_actor_columns("speaker", quote.get("speaker")),
        "cue_text": cue.get("text"),
        "cue_start": cue.get("start"),
        "cue_end": cue.get("end"),
        "via": list(quote.get("via") or ()),
        "rule": quote.get("rule"),
    }


def source_row(sha: str, index: int, source: dict) -> Row:
    return {
        "article_sha256": sha,
        "source_index": index,
        "text": source["text"],
        "name": source.get("name"),
        "kind": source["kind"],
        "code": source.get("code"),
        "sector": source.get("sector"),
        "char_start": source.get("start"),
        "char_end": source.get("end"),
    }


def stance_row(sha: str, index: int, stance: dict) -> Row:
    return {
        "article_sha256": sha,
        "stance_index": index,
        **_actor_columns("holder", stance["holder"]),
        "issue": stance["issue"],
        "stance": stance["stance"],
        "conditions": list(stance.get("conditions") or ()),
        "evidence": list(stance.get("evidence") or ()),
    }


def _actor_rows(sha: str, record: dict) -> list[Row]:
    rows = []
    for event in record["events"]:
        attribution = event.get("attribution") or {}
        for role, actor in (("event_source", event.get("source")), ("event_target", event.get("target")),
                            ("event_speaker", attribution.get("speaker"))):
            if actor:
                rows.append(_actor_row(sha, role, event["id"], actor))
    for index, quote in enumerate(record["quotes"]):
        if quote.get("speaker"):
            rows.append(_actor_row(sha, "quote_speaker", str(index), quote["speaker"]))
    for index, stance in enumerate(record["stances"]):
        rows.append(_actor_row(sha, "stance_holder", str(index), stance["holder"]))
    return rows


def article_rows(coded: CodedArticle, options: StoreOptions = StoreOptions(),
                 accord_version: str | None = None) -> dict[str, list[Row]]:
    """Rows for every per-article table (``ARTICLE_TABLES``) from one coded article."""
    record = to_contract(coded)
    meta = record["article"]
    sha = meta["sha256"]
    text = coded.article.text
    article = {
        "sha256": sha,
        "article_id": meta["id"],
        "title": meta.get("title"),
        "date": meta.get("date"),
        "outlet": meta.get("outlet"),
        "url": meta.get("url"),
        "language": meta.get("language"),
        "text": text,
        "n_chars": len(text),
        "n_events": len(record["events"]),
        "warnings": list(record["warnings"]),
        "minhash": minhash_signature(text, options),
        "accord_version": accord_version,
        "id_given": coded.article.id_given,  # last, as migration 2 added the column
    }
    return {
        "articles": [article],
        "events": [event_row(sha, event, text) for event in record["events"]],
        "actors": _actor_rows(sha, record),
        "quotes": [quote_row(sha, i, q) for i, q in enumerate(record["quotes"])],
        "sources": [source_row(sha, i, s) for i, s in enumerate(record["sources"])],
        "stances": [stance_row(sha, i, s) for i, s in enumerate(record["stances"])],
    }
