"""Reported speech as an act of its speaker: a demand said with a deontic modal, a claim
with a cue word (data/claims/cues.tsv)."""

from __future__ import annotations

from accord.actors.phrases import PhraseActors
from dataclasses import replace

from accord.events import roles
from accord.events.assemble import THREAT_TYPES, threat_cameo, to_event
from accord.events.candidate import NAMING_LEMMAS, PETRARCH_VERBS, Candidate, EventContext, recoded
from accord.events.claims import CLAIMS_FILE
from accord.events.lexicon import LexEntry
from accord.events.modality import read_modality
from accord.events.parties import active_subject, actor_inside, agent_of, other_actor_in_sentence, subtree
from accord.model import Event, Quote

def reported_claims(doc, phrase_actors: PhraseActors, context: EventContext):
    """A reported clause can itself be an act of its speaker.

    "X stated that any agreement must reflect ..." is a demand (REQUEST) by X;
    "X maintains the territories were illegally annexed" is an accusation by X.
    """
    for cue in doc:
        if not roles.is_reporting_verb(cue, context.reporting_lemmas):
            continue
        complement = roles.clausal_complement(cue)
        if complement is None:
            continue
        subject, _ = roles.find_subject(cue)
        speaker = phrase_actors.for_token(subject) if subject is not None else None
        if speaker is None:
            continue
        content = subtree(complement)
        act = _act_of_the_report(complement, speaker, phrase_actors, context)
        if act is not None:
            token, target, entry, suffix = act
            yield Candidate(token, entry, speaker, target, content, suffix, absorbs=(token.i, token.i + 1))
            continue
        said = [complement, *_conjuncts(complement)]
        deontic = next((m for clause in (*said, *(j for c in said for j in _judged_clauses(c)))
                        if (m := deontic_marker(clause, context.modality_cues)) is not None), None)
        if deontic is not None:
            entry = context.lexicon.lookup_verb("demand")
            if entry is not None:
                yield Candidate(deontic, entry, speaker, actor_inside(content, phrase_actors, exclude=speaker), content, "+reported:deontic")
            continue
        closed = _closed_to_negotiation(complement)
        if closed is not None:
            entry = context.lexicon.lookup_verb("negotiate")
            if entry is not None:
                yield Candidate(closed, recoded(entry, "+closed", REFUSE_TO_NEGOTIATE_CAMEO, context),
                                speaker, actor_inside(content, phrase_actors, exclude=speaker), content,
                                "+reported:non-negotiable", absorbs=(closed.i, closed.i + 1))
        for token in content:
            hit = context.claim_cues.get(token.lemma_.lower())
            if hit is None or getattr(_reporting_governor(token, context), "i", None) != cue.i or _for_the_speaker(token):
                continue
            type_, cameo, entry_id = hit
            if _judges_a_proposal(token):  # "Demands that are obviously unacceptable for us"
                type_, cameo, entry_id = _refusal(entry_id)
            entry = _claim_entry(context, type_, cameo, entry_id)
            target = agent_of(token, phrase_actors) or other_actor_in_sentence(cue.sent, phrase_actors, speaker)
            qualified = token.head if token.dep_ in ("advmod", "amod", "acomp", "neg") else token
            yield Candidate(token, entry, speaker, target, content, "+reported:claim",
                            absorbs=(qualified.i, qualified.i + 1))
            break


# Verbs that say what must be done with a to-infinitive: "it has to be lifted", "the world
# needs to ensure ...".
OBLIGATION_LEMMAS = {"have", "need"}


def deontic_marker(clause, modality_cues: dict):
    """The word that makes a clause a demand (GOLD_FORMAT: 'must', 'should', 'needed to' are
    demands): a deontic modal of the clause ("Iran must allow inspections") or an obligation
    verb with a to-infinitive ("it has to be lifted"); None for any other clause."""
    for child in clause.children:
        if child.dep_ == "aux" and modality_cues.get(child.lower_, ("",))[0] == "deontic":
            return child
    if (clause.lemma_.lower() in OBLIGATION_LEMMAS and clause.pos_ in ("VERB", "AUX")
            and not any(c.dep_ == "dobj" for c in clause.children)  # "had no right to renegotiate" is no duty
            and roles.has_infinitive_complement(clause)):
        return clause
    return None


def _judged_clauses(clause):
    """The clause an adjective of the complement governs: "we are very clear that it must be
    resolved", "it is essential that Iran stop"."""
    return [c for adjective in clause.children if adjective.dep_ == "acomp"
            for c in adjective.children if c.dep_ == "ccomp"]


def _conjuncts(clause):
    """The clauses coordinated with ``clause`` ("it is inhumane, and it has to be stopped")."""
    return [c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]


# Clauses that say something themselves, not qualify a noun or set a time or reason.
STATED_CLAUSE_DEPS = {"ROOT", "conj", "ccomp"}


def quoted_demands(events: list[Event], doc, quotes: list[Quote], phrase_actors: PhraseActors,
                   context: EventContext) -> list[Event]:
    """``events`` and a REQUEST by a direct quote's speaker for each demand the quote makes
    where no reporting verb governs it: the later sentences of a quote ("That is a recipe
    for disaster. It is inhumane, and it has to be lifted," Mansour told reporters). Ids are
    renumbered in text order when any is added."""
    entry = context.lexicon.lookup_verb("demand")
    if entry is None:
        return events
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    triggers = {e.trigger.start for e in events}
    # One demand per sentence and speaker: "it has to be stopped and it has to be lifted".
    demanded = {(e.sentence, e.source.code) for e in events if e.type == "REQUEST" and e.source is not None}
    added = []
    for quote in quotes:
        speaker = quote.speaker
        span = doc.char_span(quote.start, quote.end, alignment_mode="contract") if quote.direct else None
        if span is None or speaker is None or speaker.code is None:
            continue
        for clause in span:
            if clause.pos_ not in ("VERB", "AUX") or clause.dep_ not in STATED_CLAUSE_DEPS:
                continue
            marker = deontic_marker(clause, context.modality_cues)
            if (marker is None or marker.idx in triggers or _reporting_governor(clause, context) is not None
                    or _asks(clause.sent) or not _demands_of_another(clause, marker)):
                continue  # a question asks; a governed clause is reported_claims' to read
            content = subtree(clause)
            candidate = Candidate(marker, entry, speaker, actor_inside(content, phrase_actors, exclude=speaker),
                                  content, "+quoted:deontic")
            event = to_event(candidate, context, sentence_index)
            if event is not None and (event.sentence, speaker.code) not in demanded:
                added.append(event)
                demanded.add((event.sentence, speaker.code))
    if not added:
        return events
    ordered = sorted([*events, *added], key=lambda e: (e.trigger.start, e.id))
    return [replace(e, id=f"e{i}") for i, e in enumerate(ordered, 1)]


# Subjects whose duty is no demand on a party: the speaker's own side ("we have to work
# together"), anyone at all ("one has to ...", "you have to ..."), an existential "there".
UNDEMANDING_SUBJECTS = {"i", "we", "you", "one", "none", "nobody", "everyone", "everybody", "anyone", "anybody",
                        "someone", "somebody", "there"}


def _demands_of_another(clause, marker) -> bool:
    """Whether a deontic clause in a quote demands something of a party: not a duty of the
    speaker's side or of anyone ("we have to be in this for the long haul"), not one past
    ("I had to get along with them") or unmet ("he should have been freed")."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is not None and subject.lower_ in UNDEMANDING_SUBJECTS:
        return False
    if marker.tag_ == "VBD":  # "had to"
        return False
    return not any(c.dep_ == "aux" and c.lemma_ == "have" and c.i > marker.i for c in clause.children)


def _for_the_speaker(word) -> bool:
    """Whether a claim word is said of the speaker's own side: "all the factions are behind
    us" is support, not "behind the attack"."""
    return any(c.dep_ == "pobj" and c.lower_ in ("us", "me") for c in word.children)


def _asks(sent) -> bool:
    """Whether the sentence is a question (its last word, past quote marks, is "?")."""
    last = next((t for t in reversed(sent) if not (t.is_space or t.is_quote)), None)
    return last is not None and last.text == "?"


NEGOTIABLE = {"negotiable", "renegotiable"}
REFUSE_TO_NEGOTIATE_CAMEO = "125"


def _closed_to_negotiation(complement):
    """The word that says a thing is not open to negotiation: "the deal was not renegotiable",
    "its missile program is non-negotiable" (a refusal to negotiate, CAMEO 125)."""
    if complement.lemma_.lower() != "be":
        return None
    for child in complement.children:
        if child.dep_ != "acomp":
            continue
        negated = any(c.dep_ == "neg" for c in (*complement.children, *child.children))
        if child.lower_ in NEGOTIABLE and negated:
            return child
        follower = child.doc[child.i + 2] if child.lower_ == "non" and child.i + 2 < len(child.doc) else None
        if follower is not None and follower.lower_ in NEGOTIABLE:
            return follower
    return None


MILITARY_SECTORS = {"MIL", "REB", "UAF"}


def _forces_said_present(complement, speaker, phrase_actors: PhraseActors, context: EventContext):
    """Another party's forces said to be somewhere are an accusation of their presence: "NATO
    claims there are at least 1,000 Russian troops in Ukraine" (ACCUSE of Russia)."""
    if complement.lemma_.lower() != "be" or not any(c.dep_ == "expl" for c in complement.children):
        return None
    forces = next((c for c in complement.children if c.dep_ in ("attr", "nsubj") and c.pos_ == "NOUN"), None)
    actor = phrase_actors.for_token(forces) if forces is not None else None
    if actor is None or actor.code is None or actor.sector not in MILITARY_SECTORS or actor.code == speaker.code:
        return None
    if any(c.lower_ == "no" for c in forces.children) or any(c.dep_ == "neg" for c in complement.children):
        return None  # "there are no Russian troops in Ukraine" denies the presence
    return forces, actor


# What one party puts to another: judging one with a claim word is refusing it.
PROPOSAL_NOUNS = {"demand", "proposal", "offer", "plan", "condition", "term", "ultimatum", "idea",
                  "initiative", "request", "suggestion", "deal"}


def _refusal(claim_id: str) -> tuple[str, str, str]:
    """(type, CAMEO code, entry id) of a claim word that judges a proposal: it is refused."""
    return "REJECT", "120", claim_id + "+proposal"


def _judges_a_proposal(word) -> bool:
    """Whether a claim word qualifies a proposal: "unacceptable demands", "demands that are
    unacceptable", "the offer is insincere", "the offer lacks sincerity"."""
    if word.pos_ == "VERB":
        noun = next((c for c in word.children if c.dep_ == "nsubj"), None)
    elif word.dep_ == "amod":
        noun = word.head
    elif word.dep_ in ("acomp", "attr"):
        noun = next((c for c in word.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if noun is not None and noun.tag_ in ("WDT", "WP") and word.head.dep_ == "relcl":
            noun = word.head.head  # "demands that are unacceptable"
    else:
        return False
    return noun is not None and noun.lemma_.lower() in PROPOSAL_NOUNS


# Verbs of undergoing what another decides: "North Korea will face stronger sanctions", "it
# will experience continued economic disruption", "will pay dearly".
CONSEQUENCE_LEMMAS = {"face", "suffer", "experience", "pay", "regret"}
CAUSATIVE_LEMMAS = {"make", "let"}
FORETELLING_CUES = {"future", "hypothetical"}


def _act_of_the_report(complement, speaker, phrase_actors: PhraseActors, context: EventContext):
    """(word, target, entry, rule suffix) when what is reported is itself an act of its
    speaker: a consequence foretold (a threat) or another party's forces said present (an
    accusation)."""
    for finder, verb, suffix in ((_consequence_foretold, "threaten", "+reported:consequence"),
                                 (_forces_said_present, "accuse", "+reported:presence")):
        found = finder(complement, speaker, phrase_actors, context)
        entry = context.lexicon.lookup_verb(verb) if found is not None else None
        if entry is not None:
            return (*found, entry, suffix)
    return None


def _consequence_foretold(complement, speaker, phrase_actors: PhraseActors, context: EventContext):
    """A reported clause that foretells another party what it will undergo is a threat by
    the speaker: "warned North Korea should realize that it will face stronger sanctions"."""
    for token in subtree(complement):
        if token.lemma_.lower() not in CONSEQUENCE_LEMMAS or token.pos_ != "VERB":
            continue
        # The future may be the causer's: "will make the U.S. pay dearly".
        foretelling = token.head if token.dep_ == "ccomp" and token.head.lemma_.lower() in CAUSATIVE_LEMMAS else token
        if not any(c.dep_ == "aux" and context.modality_cues.get(c.lower_, ("",))[0] in FORETELLING_CUES
                   for c in foretelling.children):
            continue  # "will face", "would regret"; not "faced" (news of it)
        undergoer = active_subject(token, phrase_actors)
        if undergoer is not None and undergoer.code is not None and undergoer.code != speaker.code:
            return token, undergoer
    return None


def condemning_names(doc, phrase_actors: PhraseActors, context: EventContext):
    """Naming another's act or words with a claim word is accusing its author: "North Korea
    called Trump's 'America First' policy dangerous" (ACCUSE of the United States), "the
    Kremlin called the hacking claims ridiculous"."""
    for verb in doc:
        if verb.lemma_.lower() not in NAMING_LEMMAS or verb.pos_ != "VERB":
            continue
        named = next((c for c in verb.children if c.dep_ in ("dobj", "oprd") and c.pos_ in ("NOUN", "PROPN")), None)
        if named is None:
            continue
        word = next((t for t in _naming_words(verb, named) if t.lemma_.lower() in context.claim_cues), None)
        speaker = active_subject(verb, phrase_actors)
        if word is None or speaker is None:
            continue
        type_, cameo, entry_id = context.claim_cues[word.lemma_.lower()]
        if named.lemma_.lower() in PROPOSAL_NOUNS:  # "called the proposal unacceptable"
            type_, cameo, entry_id = _refusal(entry_id)
        content = subtree(named)
        target = actor_inside(content, phrase_actors, exclude=speaker)
        yield Candidate(word, _claim_entry(context, type_, cameo, entry_id), speaker, target, content,
                        "+reported:naming", absorbs=(word.i, word.i + 1))


def _naming_words(verb, named):
    """The words the name is given in: the verb's predicative complement ("called it
    dangerous"), an adjective after the named noun ("called Trump's remarks 'negative'"),
    or the object of "as" ("described the move as hostile")."""
    for child in verb.children:
        if child.dep_ in ("oprd", "ccomp", "xcomp", "acomp") and child.i != named.i:
            yield child
        if child.dep_ == "prep" and child.lower_ == "as":
            yield from (t for t in child.subtree if t.i != child.i)
    yield from (c for c in named.children if c.dep_ == "amod" and c.i > named.i)


# Acts whose doer a speaker accuses by reporting them; threats only when made against the
# speaker's own side ("Erdogan said Turkey was being menaced by Greek warships"), since a
# threat reported of others is often just news of it.
HOSTILE_TYPES = {"ASSAULT", "COERCE", "MOBILIZE"}
THREAT_AGAINST_SPEAKER = "THREATEN"


def reported_acts_as_accusations(candidates: list[Candidate], phrase_actors: PhraseActors, context: EventContext):
    """A hostile act that a speaker reports of another actor, as a clause, is also the
    speaker's accusation of that actor: "The U.S. says the arsenal was used by Syrian forces
    in a chemical attack", "Erdogan said Turkey was being menaced by Greek warships" (ACCUSE
    of Greece). An act the
    speaker reports of itself ("Israel says it struck two launchers") or denies is none."""
    entry = context.lexicon.lookup_verb("accuse")
    for candidate in candidates:
        act = candidate.source
        threat = candidate.entry.type == THREAT_AGAINST_SPEAKER
        if ((candidate.entry.type not in HOSTILE_TYPES and not threat) or candidate.entry.source_file == PETRARCH_VERBS
                or act is None or act.code is None or candidate.trigger.pos_ not in ("VERB", "AUX")):
            continue  # a noun names an act the clause says something else about ("retaliate against sanctions")
        cue = _reporting_governor(candidate.trigger, context)
        if cue is None or read_modality(candidate.modality_token or candidate.trigger, context.modality_cues).negated:
            continue
        speaker = active_subject(cue, phrase_actors)
        if speaker is None or speaker.code is None or speaker.code == act.code:
            continue
        complement = roles.clausal_complement(cue)
        # A threat this module read from a speaker's words is that speaker's, not news of one;
        # one in a clause of time ("after Trump set an ultimatum") is not what was said.
        if threat and (candidate.target is None or candidate.target.code != speaker.code
                       or candidate.rule_suffix.startswith("+reported") or not _said_in(candidate.trigger, complement)):
            continue
        yield Candidate(cue, entry, speaker, act, subtree(complement) if complement is not None else None,
                        "+reported:act", absorbs=(cue.i, cue.i + 1))


def own_harm_foreseen_as_threats(candidates: list[Candidate], phrase_actors: PhraseActors, context: EventContext):
    """A party saying it could or might do harm threatens it: "Russia could resort to other
    means, Lavrov said", "we may strike their bases", the speaker's side doing the act in a
    could/may/might clause. Said of another party, the same clause is speculation."""
    result = []
    for candidate in candidates:
        entry = candidate.entry
        act = candidate.source
        if entry.type not in THREAT_TYPES or act is None or act.code is None:
            result.append(candidate)
            continue
        reading = read_modality(candidate.modality_token or candidate.trigger, context.modality_cues)
        cue = _reporting_governor(candidate.trigger, context)
        speaker = None
        if cue is not None and (reading.hedged or reading.hypothetical) and not (reading.negated or reading.future):
            speaker = active_subject(cue, phrase_actors)
        if speaker is None or speaker.code != act.code or not _said_in(candidate.trigger, roles.clausal_complement(cue)):
            result.append(candidate)
            continue
        result.append(replace(candidate, entry=recoded(entry, "+foreseen-harm", threat_cameo(entry), context)))
    return result


def _said_in(token, complement) -> bool:
    """Whether ``token`` is what the complement says, not in a clause of time or reason
    within it ("it would retaliate ... after Trump set an ultimatum")."""
    if complement is None:
        return False
    node = token
    while node.i != complement.i:
        if node.dep_ == "advcl" or node.head.i == node.i:
            return False
        node = node.head
    return True


def _reporting_governor(token, context: EventContext):
    """The nearest reporting verb above ``token``."""
    node = token
    while node.head.i != node.i:  # spaCy hands out a new Token per access: compare positions
        node = node.head
        if roles.is_reporting_verb(node, context.reporting_lemmas):
            return node
    return None


def _claim_entry(context: EventContext, type_: str, cameo: str, entry_id: str) -> LexEntry:
    plover_type, mode, contexts = context.lexicon.plover_for_cameo(cameo)
    return LexEntry(entry_id, cameo, plover_type or type_, mode, tuple(contexts), CLAIMS_FILE,
                    negated_type=None, light=False, reporting=False)
