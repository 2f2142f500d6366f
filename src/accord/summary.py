"""A human-readable table of coded events, for the terminal."""

from __future__ import annotations


def _actor_label(actor: dict | None) -> str:
    if actor is None:
        return "-"
    code = "/".join(filter(None, (actor.get("code"), actor.get("sector")))) or "?"
    name = actor.get("name")
    label = f"{code} ({name})" if name and name not in (code, actor.get("code")) else code
    return label + (" anon" if actor.get("anonymous") else "")


def format_table(records: list[dict], width: int = 46) -> str:
    """One line per event: type, source, target, issue, modality, date, attribution, trigger."""
    header = ("id", "type", "source", "target", "issue", "modality", "date", "per", "trigger / evidence")
    rows = [header]
    for record in records:
        for event in record["events"]:
            attribution = event.get("attribution") or {}
            speaker = attribution.get("speaker")
            per = _actor_label(speaker) if speaker else "-"
            via = attribution.get("via") or []
            if via:
                per += " via " + ">".join(via)
            issue = event.get("issue") or {}
            rows.append((
                event["id"],
                event["type"],
                _actor_label(event["source"]),
                _actor_label(event["target"]),
                issue.get("key") or "-",
                event["modality"],
                event.get("date") or "-",
                per,
                f'{event["trigger"]["text"]}: {_snippet(event, width)}',
            ))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header) - 1)]
    lines = []
    for row in rows:
        cells = [str(cell).ljust(w) for cell, w in zip(row[:-1], widths)]
        lines.append("  ".join([*cells, str(row[-1])]).rstrip())
    stance_lines = [
        f'  {s["holder"].get("code")} {s["stance"]:<11} {s["issue"]}'
        + (f' (conditions: {"; ".join(s["conditions"])})' if s.get("conditions") else "")
        for record in records
        for s in record["stances"]
    ]
    if stance_lines:
        lines += ["", "stances:", *stance_lines]
    unattributed = sum(len(record.get("unattributed_events") or ()) for record in records)
    if unattributed:
        lines += ["", f"{unattributed} act(s) with no coded actor, not listed (JSONL field unattributed_events)"]
    return "\n".join(lines) + "\n"


def _snippet(event: dict, width: int) -> str:
    issue = event.get("issue") or {}
    text = issue.get("text") or ""
    return (text[: width - 1] + "…") if len(text) > width else text
