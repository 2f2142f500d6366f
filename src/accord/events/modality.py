"""How an event is reported: asserted, hedged, future, hypothetical or negated.

The cues come from data/modality/cues.tsv. They are looked for among the trigger's
auxiliaries, negations and adverbs, and up the chain of verbs and adjectives that
govern it ("is *unlikely* to accept", "*refused* to", "*plans* to").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from accord.errors import DataFileError
from accord.datafiles import packaged_rows

CUES_FILE = "modality/cues.tsv"
EFFECTS = {"hedge", "negate", "negate_hedge", "future", "hypothetical", "deontic", "offer"}
# Dependencies through which a governing word colours the trigger's clause.
GOVERNING_DEPS = {"xcomp", "ccomp", "acomp", "advcl", "conj", "aux", "auxpass"}
MODIFIER_DEPS = {"aux", "auxpass", "neg", "advmod", "det", "mark"}  # mark: "if", "whether"

@dataclass(frozen=True, slots=True)
class Reading:
    negated: bool = False
    hedged: bool = False
    future: bool = False
    hypothetical: bool = False
    deontic: bool = False
    offer: bool = False  # "is willing to withdraw": an offer (AGREE) to do it
    cues: tuple[str, ...] = ()

    @property
    def modality(self) -> str:
        if self.hedged:
            return "hedged"
        if self.hypothetical:
            return "hypothetical"
        if self.future:
            return "future"
        return "asserted"


@functools.lru_cache(maxsize=1)
def load_modality_cues() -> dict[str, tuple[str, str]]:
    """lemma -> (effect, entry id)."""
    cues: dict[str, tuple[str, str]] = {}
    for line_no, fields in packaged_rows(CUES_FILE, ("id", "lemma", "effect")):
        if fields[2] not in EFFECTS:
            raise DataFileError(f"{CUES_FILE}:{line_no}: unknown effect {fields[2]!r}; use one of {sorted(EFFECTS)}")
        cues[fields[1].lower()] = (fields[2], fields[0])
    return cues


# Prepositions through which a verb of abstaining governs the act it abstains from.
ABSTAINING_PREPS = {"from"}


def _cue_tokens(trigger):
    """Tokens whose words can change the trigger's modality, nearest first."""
    yield from (child for child in trigger.children if child.dep_ in MODIFIER_DEPS)
    token = trigger
    # Climb through control/raising verbs and predicative adjectives, not through reporting.
    while token.dep_ in ("xcomp", "acomp", "conj", "advcl", "pcomp") and token.head is not token:
        if token.dep_ == "advcl" and token.tag_ != "VB":
            break  # only an infinitive ("it is difficult to accept") shares the clause
        if token.dep_ == "pcomp":
            # "refrained from attacking": the gerund's verb through its preposition
            if token.head.lower_ not in ABSTAINING_PREPS or token.head.head.pos_ != "VERB":
                break
            token = token.head
        token = token.head
        yield token
        yield from (child for child in token.children if child.dep_ in MODIFIER_DEPS or child.dep_ == "acomp")


def read_modality(trigger, cues: dict[str, tuple[str, str]]) -> Reading:
    """Combine the cues around ``trigger`` (a spaCy Token) into one reading."""
    flags = {effect: False for effect in EFFECTS}
    found: list[str] = []
    negations = 0
    seen: set[int] = set()
    for token in _cue_tokens(trigger):
        if token.i in seen:
            continue
        seen.add(token.i)
        hit = cues.get(token.lower_) or cues.get(token.lemma_.lower())
        if hit is None:
            continue
        effect, entry = hit
        if effect == "negate":
            negations += 1
        elif effect == "negate_hedge":
            negations += 1
            flags["hedge"] = True
        elif effect == "hypothetical" and token.lower_ == "would" and not _has_condition(trigger):
            # Reported "would" ("said Russia would not accept") is future-in-the-past.
            flags["future"] = True
        else:
            flags[effect] = True
        found.append(entry)
    return Reading(
        negated=negations % 2 == 1,
        hedged=flags["hedge"],
        future=flags["future"],
        hypothetical=flags["hypothetical"],
        deontic=flags["deontic"],
        offer=flags["offer"],
        cues=tuple(found),
    )


def _has_condition(trigger) -> bool:
    root = trigger
    while root.dep_ in ("xcomp", "conj") and root.head is not root:
        root = root.head
    return any(
        child.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in child.children)
        for child in root.children
    )
