"""Who acts, on whom, about what: source, target and issue from the dependency parse."""

from __future__ import annotations

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj", "attr", "oprd"}
TARGET_PREPS = {"against", "on", "with", "to", "toward", "towards", "at", "upon", "into", "from", "for"}
CLAUSAL_DEPS = {"xcomp", "ccomp"}
# Verbs whose subjectless bare complement shares their subject ("let free", "helped end").
BARE_COMPLEMENT_LEMMAS = {"let", "help"}
# Verbs whose clausal subject is taken from their own object ("urged Iran to stop").
OBJECT_CONTROL_DEPS = {"dobj", "obj"}
# Verbs whose subject gets what the object names from someone else ("Ukraine received
# military aid from Germany", "Iran faces criticism from the U.N."): the giver is the
# source, the subject the target. PETRARCH's "obtain" block codes them with the subject as
# the source.
RECEIVING_LEMMAS = {"receive", "get", "obtain", "gain", "win", "earn", "acquire", "procure", "face", "draw",
                    "attract"}
# Verbs whose subject is the victim of the act: "a political prisoner died under torture".
VICTIM_SUBJECT_LEMMAS = {"die", "perish"}


def clause_head(trigger):
    """The verb or noun whose subject the trigger's subject is.

    Climbs through open complements (control and raising: "refused to attack",
    "is unlikely to accept"), coordination and participial modifiers.
    """
    token = trigger
    for _ in range(8):
        if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in token.children):
            return token
        if token.dep_ in ("xcomp", "conj", "acomp") and token.head is not token:
            token = token.head
            continue
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in BARE_COMPLEMENT_LEMMAS:
            token = token.head  # "Ethiopia let free 74 leaders": the small model's ccomp
            continue
        return token
    return token


# Verbs whose object does not act in their infinitive: "promised Kyiv to send weapons".
SUBJECT_CONTROL_LEMMAS = {"promise", "pledge", "vow", "swear"}


def _object_controller(trigger):
    """The object of the verb whose infinitive or "from" gerund the trigger is, which acts in
    it: "told the commission not to release the tallies", "urged Iran to stop", "prevent
    terrorists from threatening the dam"; None where the verb has no object or its subject
    acts."""
    if trigger.dep_ == "pcomp" and trigger.head.lower_ == "from" and trigger.tag_ == "VBG":
        governor = trigger.head.head  # "prevent terrorists from threatening the dam"
    elif trigger.dep_ == "xcomp" and is_to_infinitive(trigger):
        governor = trigger.head
    else:
        return None
    if governor.lemma_.lower() in SUBJECT_CONTROL_LEMMAS:
        return None
    return next((c for c in governor.children if c.dep_ in OBJECT_CONTROL_DEPS and c.i < trigger.i), None)


def find_subject(trigger):
    """(subject token, is_passive) for a verbal trigger, following control and coordination."""
    misread = _subordinate_subject_misread(trigger)
    if misread is not None:
        return misread, False
    controller = _object_controller(trigger)
    if controller is not None:
        return controller, False
    head = clause_head(trigger)
    # The small model hangs a subject on the auxiliary when an adverbial follows it: "Washington
    # and its allies have for more than a decade accused Iran".
    for aux in (c for c in head.children if c.dep_ in ("aux", "auxpass") and c.i < head.i):
        for child in aux.children:
            if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
                return child, False
    # Nearest first: a misparsed dateline ("MOSCOW (Sputnik) - A court ... revoked") is a
    # second, earlier subject.
    for child in sorted(head.children, key=lambda c: abs(head.i - c.i)):
        if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
            if child.tag_ in ("WDT", "WP") and head.dep_ == "relcl":
                return _named_member(head.head), False  # "Ukraine, which expressed ..." -> Ukraine
            # A passive verb sharing an active subject undergoes the act: "the attackers had
            # weapons and yet were killed by a traffic officer".
            return child, head is not trigger and _is_passive(trigger)
        if child.dep_ in PASSIVE_SUBJECT_DEPS:
            # "Xi is scheduled to visit", "Russia was urged to withdraw": the subject of a
            # passive verb above acts in an active complement ("is expected to be freed": not).
            active_complement = head is not trigger and not _is_passive(trigger)
            return child, not active_complement
    # Object control: "urged Iran to stop" -> Iran is the subject of "stop".
    if trigger.dep_ == "xcomp":
        for child in trigger.head.children:
            if child.dep_ in OBJECT_CONTROL_DEPS:
                return child, False
    # Relative clause: "Ukraine, which initially expressed ..." -> Ukraine.
    if head.dep_ == "relcl":
        # "the officer to be killed in the wars": the noun undergoes a passive relative clause
        return _named_member(head.head), _is_passive(head)
    # Participial modifier: "Moscow, rejecting ..." / "With Moscow firmly rejecting ...".
    if head.dep_ in ("acl", "advcl") and head.tag_ == "VBG" and head.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return _named_member(head.head), False
    # A past participle modifying a noun is passive: "40 Israeli soldiers killed in the offensive".
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in ("PROPN", "NOUN"):
        return _named_member(head.head), True
    # A clause of purpose or manner shares the subject of the verb it modifies: "blocked
    # the highway to protest", "forced the factory to close after staging a protest".
    governor = _modified_verb(head)
    if governor is not None:
        for child in governor.children:
            if child.dep_ in SUBJECT_DEPS:
                return child, False
        # A chain of such clauses shares the subject at its top: "Pompeo brushed off the
        # charges, saying after meeting his counterparts ..." (meeting -> saying -> Pompeo).
        if _modified_verb(clause_head(governor)) is not None:
            subject, _passive = find_subject(governor)
            if subject is not None:
                return subject, False
    misread = _misread_subject(head)
    if misread is not None:
        return misread, False
    return None, False


# Words that open a clause and are also prepositions: the small model reads "after
# Washington sanctioned ..." as "after Washington" and makes "sanctioned" a conjunct of the
# verb before, whose subject is someone else.
SUBORDINATORS = {"after", "before", "since", "until", "as", "because", "while", "when", "once"}
DATE_FILLERS = {"on", "earlier", "later", "last", "this", "late"}


def _subordinate_subject_misread(verb):
    """The subject of a clause the parse broke: in "Lavrov called for expulsions after
    Washington on Thursday sanctioned officials, expelled diplomats", Washington for both
    verbs (not Lavrov)."""
    if verb.dep_ != "conj" or verb.pos_ not in ("VERB", "AUX") or any(
            c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in verb.children):
        return None
    conjuncts = [c for c in verb.head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and c.i <= verb.i]
    for conjunct in sorted(conjuncts, key=lambda c: -c.i):
        doc, i = conjunct.doc, conjunct.i - 1
        while i > conjunct.sent.start and (doc[i].ent_type_ in ("DATE", "TIME") or doc[i].lower_ in DATE_FILLERS):
            i -= 1
        name = doc[i]
        if (name.dep_ == "pobj" and name.pos_ in ("PROPN", "NOUN") and name.head.lower_ in SUBORDINATORS
                and name.head.i == name.left_edge.i - 1 and name.head.head.i < name.head.i):
            return name
    return None


MEMBER_NOUNS = {"one", "some", "part", "member", "members", "several"}


def _named_member(group):
    """The member a copula names of a group that acts: Norway in "Norway is among the states
    arming Kyiv" and "Norway is one of the countries that arm Kyiv"; else the group."""
    prep = group.head
    if group.dep_ != "pobj" or prep.lower_ not in ("among", "of"):
        return group
    holder = prep.head
    if prep.lower_ == "of":
        if holder.lower_ not in MEMBER_NOUNS or holder.dep_ != "attr":
            return group
        holder = holder.head
    if holder.lemma_.lower() not in ("be", "remain", "become"):
        return group
    return next((c for c in holder.children if c.dep_ == "nsubj"), group)


def _misread_subject(verb):
    """The name right before a subjectless finite verb (its auxiliaries and adverbs aside)
    that the small model attached elsewhere: "USAID had announced" parses USAID as an adverb,
    "On a visit to Zimbabwe, President Cyril Ramaphosa voiced" as a conjunct of Zimbabwe."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not any(c.dep_ == "aux" for c in verb.children):
        return None
    token = next((t for t in reversed(verb.doc[verb.sent.start:verb.i]) if not _verb_particle(t, verb)), None)
    if token is None:
        return None
    named = token.pos_ == "PROPN" or (token.is_upper and len(token) > 1 and token.is_alpha)
    if named and token.dep_ in ("advmod", "npadvmod", "amod", "conj", "appos"):
        return token
    return None


def _verb_particle(token, verb) -> bool:
    """An auxiliary, negation or adverb of ``verb`` ("had", "not", "reportedly"); an
    upper-case word is a name even where it was read as an adverb."""
    return (token.head.i == verb.i and token.dep_ in ("aux", "neg", "advmod") and token.pos_ in ("AUX", "PART", "ADV")
            and not token.is_upper)


def _is_passive(verb) -> bool:
    """A passive verb, or a past participle coordinated with one ("was shot and killed")."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return True
    return (verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.tag_ == "VBN"
            and any(c.dep_ == "auxpass" for c in verb.head.children))


def _modified_verb(head):
    """The verb an adverbial participle or infinitive modifies, directly ("..., rejecting",
    "to protest") or through a preposition ("after staging")."""
    if head.dep_ == "advcl" and head.tag_ in ("VBG", "VB"):
        return head.head
    if head.dep_ == "pcomp" and head.tag_ == "VBG" and head.head.dep_ == "prep" and head.head.head.pos_ in ("VERB", "AUX"):
        return head.head.head
    return None


def find_agent(trigger):
    """The by-phrase of a passive verb ("was attacked by rebels")."""
    for child in trigger.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def find_object(trigger):
    for child in trigger.children:
        if child.dep_ in OBJECT_DEPS:
            return child
    return None


def giver(verb):
    """Who gave what a receiving verb's subject got: the object of its "from" phrase."""
    return next((pobj for prep, pobj in prepositional_objects(verb) if prep == "from"), None)


# First words of two-word prepositions the parse splits: "out of", "away from", "back to".
COMPOUND_PREP_FIRSTS = {"out", "away", "back"}


def prepositional_objects(token):
    """(preposition lemma, object token) pairs attached to ``token``."""
    pairs = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative"):
            if child.dep_ == "dative" and child.pos_ != "ADP":
                pairs.append(("to", child))
                continue
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "pcomp"):
                    pairs.append((child.lower_, grandchild))
                elif grandchild.dep_ == "prep" and child.lower_ in COMPOUND_PREP_FIRSTS:
                    # "pulled out of the deal": the parse nests "of" under "out".
                    pairs.extend((grandchild.lower_, g) for g in grandchild.children if g.dep_ == "pobj")
    return pairs


def clausal_complement(trigger):
    for child in trigger.children:
        if child.dep_ in CLAUSAL_DEPS:
            return child
    return None


def is_to_infinitive(verb) -> bool:
    """Whether the verb has the infinitive marker "to" ("to support", "to be lifted")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def has_infinitive_complement(verb) -> bool:
    """Whether the verb governs a to-infinitive complement: "were set *to meet*", "has *to be
    lifted*"."""
    return any(c.dep_ == "xcomp" and is_to_infinitive(c) for c in verb.children)


def purpose_clause(trigger):
    """An infinitive of purpose: "provided aid *to support* refugees"."""
    for child in trigger.children:
        if child.dep_ == "advcl" and child.tag_ == "VB" and is_to_infinitive(child):
            return child
    return None


def is_reporting_verb(token, reporting_lemmas) -> bool:
    """"said", "told", "believes": a verb whose complement is someone's claim."""
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in reporting_lemmas
