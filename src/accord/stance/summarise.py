"""One stance per holder and issue: support, oppose or conditional, with evidence."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from accord.model import Actor, Event, Stance
from accord.datafiles import packaged_rows

POLARITY_FILE = "stance/polarity.tsv"
ACTS_FILE = "stance/acts.tsv"
# Actors resolved from the country table are the state itself (see accord.actors).
STATE_RULE_PREFIX = "actors/countries.tsv:"
SUPPORTING = {"AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
OPPOSING = {"REJECT", "ACCUSE", "THREATEN", "PROTEST", "SANCTION"}
# Conditions on a stance: "without significant concessions", "unless ...", "only if ...".
CONDITION = re.compile(r"\b(?:without|unless|only if|provided that|as long as|on condition that)\b[^,.;]*", re.I)


@functools.lru_cache(maxsize=1)
def load_negative_lemmas() -> frozenset[str]:
    return frozenset(fields[1].strip() for _, fields in packaged_rows(POLARITY_FILE, ("id", "lemma")))


@functools.lru_cache(maxsize=1)
def load_position_acts() -> frozenset[tuple[str, str]]:
    """(event type, issue key) pairs where doing the act supports the issue."""
    return frozenset((fields[1].strip(), fields[2].strip())
                     for _, fields in packaged_rows(ACTS_FILE, ("id", "type", "issue")))


def _stance_of(event: Event, negative: frozenset[str],
               acts: frozenset[tuple[str, str]]) -> tuple[str, tuple[str, ...]] | None:
    issue_text = event.issue.text if event.issue else ""
    conditions = tuple(m.group(0).strip() for m in CONDITION.finditer(issue_text))
    if event.type == "REQUEST":
        # What the holder wants ended is read outside its conditions: "a ceasefire only
        # if troops withdraw" wants the ceasefire.
        demand = CONDITION.sub(" ", issue_text)
        words = set(re.findall(r"[a-z]+", demand.lower()))
        stems = {w[:-3] if w.endswith("ing") else w for w in words}
        if any(w in negative or w + "e" in negative for w in stems):
            return "oppose", conditions
        return ("conditional" if conditions else "support"), conditions
    if event.modality == "negated":
        return None
    if event.type in OPPOSING:
        return ("conditional" if conditions else "oppose"), conditions
    if event.type in SUPPORTING or (event.type, event.issue.key if event.issue else None) in acts:
        return ("conditional" if conditions else "support"), conditions
    return None


def _holder(sources: list[Actor]) -> Actor:
    """The party itself where the article names it ("Russia"), rather than the first
    person or unnamed source who spoke for it."""
    for source in sources:
        if not source.anonymous and (source.rule or "").startswith(STATE_RULE_PREFIX):
            return source
    return next((s for s in sources if s.name and not s.anonymous), sources[0])


def summarise_stances(events: list[Event]) -> list[Stance]:
    """Holder = the event's source (by country/organisation code), issue = the event's issue key."""
    negative = load_negative_lemmas()
    acts = load_position_acts()
    grouped: dict[tuple[str, str], list[tuple[Event, str, tuple[str, ...]]]] = defaultdict(list)
    for event in events:
        if event.source is None or event.source.code is None or event.issue is None or event.issue.key is None:
            continue
        reading = _stance_of(event, negative, acts)
        if reading is not None:
            grouped[(event.source.code, event.issue.key)].append((event, *reading))
    stances = []
    for (_, issue), readings in grouped.items():
        counts: dict[str, int] = defaultdict(int)
        for _, value, _ in readings:
            counts[value] += 1
        # Majority; on a tie the most recent evidence decides.
        latest = max(readings, key=lambda r: (r[0].date or "", r[0].trigger.start))
        stance = max(counts, key=lambda v: (counts[v], v == latest[1]))
        holder = _holder([event.source for event, _, _ in readings])
        conditions = tuple(dict.fromkeys(c for _, _, cs in readings for c in cs))
        evidence = tuple(e.id for e, value, _ in readings if value == stance)
        stances.append(Stance(holder, issue, stance, evidence, conditions))
    return stances
