"""Events whose parties are joined: acts two parties do with each other ("Iran and Oman
met") and exercises held together."""

from __future__ import annotations

from dataclasses import replace

from accord.actors.phrases import PhraseActors
from accord.events import roles
from accord.events.candidate import Candidate, EventContext, carrying_verb, recoded
from accord.events.parties import co_subject

# Acts two parties do with each other: "Iran and Oman met" is Iran meeting Oman; "Li and Khan
# signed 15 agreements" (CAMEO 057, sign formal agreement, a SUPPORT) is Li signing with Khan.
MUTUAL_TYPES = {"CONSULT", "COOPERATE", "AGREE"}
MUTUAL_CAMEO = {"057"}

# CAMEO 062 "cooperate militarily": the manual's MOBILIZE is one side's show of force; an
# exercise two parties hold together ("Russia and Belarus held military exercises") is
# cooperation.
JOINT_MILITARY_CAMEO = "062"


def joint_exercise_as_cooperation(candidate: Candidate, phrase_actors: PhraseActors, context: EventContext) -> Candidate:
    entry = candidate.entry
    if entry.type != "MOBILIZE" or entry.cameo != "150" or candidate.source is None or candidate.target is not None:
        return candidate
    subject, passive = roles.find_subject(carrying_verb(candidate.trigger))
    partner = co_subject(subject, phrase_actors, candidate.source) if subject is not None and not passive else None
    if partner is None:
        return candidate
    return replace(candidate, entry=recoded(entry, "+joint", JOINT_MILITARY_CAMEO, context), target=partner)
