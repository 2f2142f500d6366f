"""What the rest of an article says about a mention the phrase alone leaves open.

News introduces a person once, with who they are, and then uses the surname alone:
"Col. Andriy Lysenko, a spokesman for Ukraine's security council, said ... Lysenko said".
The tables know a few thousand office holders; everyone else is known only from the
article. These rules carry what the introduction says to every later mention:

- an introduced person with no code takes the code of the phrase set beside the name:
  an apposition either way round ("Jane Ward, Britain's ambassador"; "Britain's
  ambassador to the U.N., Jane Ward"), a "who is/served as" clause, or the body it names
  ("chairman of Britain's Foreign Affairs Committee"); a person named bare again keeps the
  code of the titled mention;
- a one-word name ("Kerry", "Mr. Lysenko", "Wang") is the article's full-name person whose
  name holds that word (the nearest before it, else, for a word tagged as a person, the
  first after: a headline precedes the introduction); failing that, the one person of the
  actor tables with that name in office at the article's date ("Obama" in 2014);
- rebels, separatists and militants with no country fight in the country the article names
  most, and an official of no stated country ("Rear Admiral Hossein Khanzadi", "a
  spokesman for the national security council") serves it.
"""

from __future__ import annotations

import bisect
import dataclasses

from accord.actors.tables import STATE_TABLES
from accord.deadline import NO_DEADLINE, Deadline
from accord.model import Actor, TextSpan

INTRODUCED_RULE = "actors:introduced"
SURNAME_RULE = "actors:surname"
SAME_NAME_RULE = "actors:same-name"
HOME_COUNTRY_RULE = "actors:home-country"
DESCRIBED_BEFORE_RULE = "actors:described-before"
# How many mentions back a title's description may be ("an Iranian admiral" ... "Rear Admiral X").
DESCRIPTION_REACH = 6
# Rules of mentions whose reading comes from the rest of the article, not from the phrase.
ARTICLE_CONTEXT_RULES = (INTRODUCED_RULE, SURNAME_RULE, SAME_NAME_RULE, HOME_COUNTRY_RULE, DESCRIBED_BEFORE_RULE)
# Words of a name that never stand for the person alone.
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "da", "van", "von", "der", "la", "le", "jr", "sr",
                            "ii", "iii", "mr", "mrs", "ms", "dr"})
# Verbs of a "who ... as X" clause that say what office a person holds or held.
ROLE_VERBS = frozenset({"serve", "work", "act"})
STATE_ROLE_RULE = "actors/roles.tsv:state"  # "countries", "the state": no office of one
STATE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss"})


def written_again(actor: Actor, text: str, start: int, end: int, rule: str | None = None) -> Actor:
    """``actor`` where a later word stands for it (a pronoun, a surname, a description),
    pointing back at where it was named, so a reader can check the resolution."""
    named = actor.antecedent or (TextSpan(actor.text, actor.start, actor.end) if actor.start is not None else None)
    return dataclasses.replace(actor, text=text, start=start, end=end, antecedent=named, rule=rule or actor.rule)


def is_named_person(actor: Actor) -> bool:
    rule = actor.rule or ""
    return actor.name is not None and ("people.tsv:" in rule or "ner:PERSON" in rule)


def _name_words(name: str) -> list[str]:
    """The words of a full name that may stand for it alone (not "al", not initials)."""
    words = [w.strip(",.") for w in name.replace("-", " - ").split()]
    return [w for w in words if len(w) > 1 and w[0].isupper() and w.lower() not in NAME_PARTICLES
            and not (len(w) == 2 and w.endswith("."))]


def _subtree_span(token, stop=None):
    """The phrase a token heads, without the subtree of ``stop`` (the name it is set beside)."""
    doc = token.doc
    tokens = [t for t in token.subtree if stop is None or not (stop.left_edge.i <= t.i <= stop.right_edge.i)]
    if not tokens:
        return None
    start, end = min(t.i for t in tokens), max(t.i for t in tokens) + 1
    if stop is not None and start < stop.left_edge.i < end:
        end = stop.left_edge.i  # only the part before the name: "Britain's ambassador, Jane Ward"
    span = doc[start:end]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]
    return span


def _description_phrases(person_root):
    """Phrases that say who a named person is: an apposition ("X, chairman of ..."), the noun
    the name is the apposition of ("Britain's ambassador, X"), a "who is ..." clause."""
    for child in person_root.children:
        if child.dep_ == "appos":
            yield child, _subtree_span(child)
        elif child.dep_ == "relcl" and child.lemma_ == "be":
            attr = next((c for c in child.children if c.dep_ == "attr"), None)
            if attr is not None:
                yield attr, _subtree_span(attr)
        elif child.dep_ == "relcl" and child.lemma_ in ROLE_VERBS:  # "who served as U.S. ambassador"
            for pobj in (p for prep in child.children if prep.dep_ == "prep" and prep.lower_ == "as"
                         for p in prep.children if p.dep_ == "pobj"):
                yield pobj, _subtree_span(pobj)
        elif child.dep_ in ("nmod", "compound") and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON" \
                and any(c.dep_ == "prep" for c in child.children):
            # "Iranian Minister of Communication ... Mohammad Javad Azari Jahromi": a title with
            # its own "of" phrase is left out of the name's chunk.
            yield child, _subtree_span(child)
    if person_root.dep_ == "appos":
        described = person_root.head
        # "Britain's ambassador to the U.N., Jane Ward": the parser may hang the name on the
        # last noun; the title is the noun that phrase belongs to.
        while described.dep_ == "pobj" and described.head.head.pos_ in ("NOUN", "PROPN"):
            described = described.head.head
        yield described, _subtree_span(described, stop=person_root)


def _described_by(person_root, resolve, coded_mentions: list[Actor], named) -> Actor | None:
    """The coded actor of a phrase that says who a named person is; where the phrase's head
    is no actor word ("chairman of Britain's Foreign Affairs Committee"), the body it names
    with "of", "for" or "at"; failing both, a coded mention inside it that the article
    resolved, or a name in it ("President Obama's deputy national security adviser")."""
    for head, span in _description_phrases(person_root):
        if span is None or head.ent_type_ == "PERSON":
            continue  # "Lavrov, Putin's envoy" is about Lavrov; another name is no title
        phrases = [span] + [_subtree_span(pobj) for prep in head.children
                            if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at")
                            for pobj in prep.children if pobj.dep_ == "pobj"]
        for phrase in phrases:
            actor = resolve(phrase) if phrase is not None else None
            if actor is not None and actor.code is not None:
                return actor
        inside = next((m for m in coded_mentions if span.start_char <= m.start and m.end <= span.end_char), None)
        if inside is None:  # a name inside a longer phrase is no mention of its own
            inside = next((a for t in span if t.ent_type_ == "PERSON" and t.i != person_root.i
                           for a in [named.by_one_word(t)] if a is not None and a.code), None)
        if inside is not None:
            return inside
    return None


def _introduced(doc, mention: Actor, resolve, coded_mentions: list[Actor], named, chunks: NounChunks) -> Actor:
    """``mention`` with the code of the phrase that introduces it, when it has none; where
    that phrase names a state body of no country ("a spokesman for the national security
    council"), its sector."""
    if mention.code is not None or not is_named_person(mention):
        return mention
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention
    described = _described_by(span.root, resolve, coded_mentions, named)
    if described is None:
        sector = mention.sector or _state_sector_described(span.root, resolve, chunks)
        return dataclasses.replace(mention, sector=sector) if sector else mention
    return dataclasses.replace(mention, code=described.code, sector=mention.sector or described.sector,
                               rule=f"{mention.rule}+{INTRODUCED_RULE}")


def _state_sector_described(person_root, resolve, chunks: NounChunks) -> str | None:
    """The sector of a state body of no country the introduction names: "chairman of the
    economic policy committee in the upper house of parliament" -> LEG."""
    for _, span in _description_phrases(person_root):
        if span is None:
            continue
        for phrase in [span, *chunks.inside(span)]:
            actor = resolve(phrase)
            if actor is not None and actor.code is None and actor.sector in STATE_SECTORS:
                return actor.sector
    return None


class NounChunks:
    """The Doc's noun chunks, found once. spaCy's ``Span.noun_chunks`` finds every chunk of
    the whole Doc on each call; over the many description phrases of a long article (a
    name with thousands of emoji parsed as its appositions) that was quadratic: 93 s."""

    def __init__(self, doc):
        self._chunks = list(doc.noun_chunks)
        self._starts = [chunk.start for chunk in self._chunks]

    def inside(self, span) -> list:
        """The chunks within ``span``, in order (as ``span.noun_chunks``); chunks never
        overlap, so those from the first start inside the span up to its end."""
        inside = []
        for chunk in self._chunks[bisect.bisect_left(self._starts, span.start):]:
            if chunk.start >= span.end:
                break
            if chunk.end <= span.end:
                inside.append(chunk)
        return inside


def _single_names(doc, covered: set[int]):
    """Tokens that may name a person by one word: a one-word PERSON entity, or a proper noun
    standing alone (the small model tags many surnames as places or organisations:
    "Rhodes added")."""
    for token in doc:
        if token.i in covered or not token.is_title or token.pos_ != "PROPN":
            continue
        ent = token.ent_type_
        if ent == "PERSON" and token.ent_iob_ == "B" and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I"):
            yield token
        elif not any(c.dep_ == "compound" for c in token.children) and not (
                token.dep_ == "compound" and token.head.pos_ == "PROPN"):
            yield token


def _office_holder_named(tables, word: str, date: str | None):
    """The one person of the tables whose name holds ``word`` and who is in office at
    ``date``; with none in office, the one who held an office before it ("former President
    Obama" in 2018)."""
    if date is None:
        return None
    entries = tables.surnames.get(word, ())
    for holds in (lambda t: t.covers(date), lambda t: t.start and t.start <= date):
        holders = {e.id: e for e in entries if any(holds(t) for t in e.terms)}
        if holders:
            return next(iter(holders.values())) if len(holders) == 1 else None
    return None


def _same_name_same_code(mentions: list[Actor]) -> list[Actor]:
    """A person introduced with a title once and named bare again ("Foreign Minister Ana
    Lopez ... Ana Lopez told reporters") is the same person with the same code."""
    coded: dict[str, Actor] = {}
    for m in mentions:
        if m.code is not None and is_named_person(m):
            coded.setdefault(m.name, m)
    return [dataclasses.replace(m, code=coded[m.name].code, sector=m.sector or coded[m.name].sector,
                                rule=f"{m.rule}+{SAME_NAME_RULE}")
            if m.code is None and is_named_person(m) and m.name in coded else m
            for m in mentions]


def _home_country(mentions: list[Actor]) -> str | None:
    """The country an article names most often (the first of equals): where its fighting is.
    A country named as a modifier counts ("Kenyan police spokesman Peter Otieno")."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.code and any(part.startswith(STATE_TABLES) for part in (m.rule or "").split("+")):
            counts[m.code] = counts.get(m.code, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _common_noun(doc, mention: Actor) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    # A sentence-initial "Rebels" is tagged a proper noun; a named group has an ORG entity.
    return span is not None and not any(t.ent_type_ in ("ORG", "PERSON", "FAC") for t in span)


def _armed_group_of_no_country(doc, mention: Actor) -> bool:
    """"rebels", "separatists", "militants" with no country fight in the article's country:
    CAMEO and PLOVER code an insurgency by the state it is fought in ("pro-Russian
    separatists" in Ukraine are UKR rebels). A group with a name of its own ("the Ogaden
    National Liberation Front") is not guessed."""
    return (mention.code is None and mention.sector == "REB" and mention.name is None and not mention.anonymous
            and _common_noun(doc, mention))


def _title_described_before(mentions: list[Actor]) -> list[Actor]:
    """"A defiant Iranian admiral said ... Rear Admiral Hossein Khanzadi said": a named
    person of no stated country whose title is the head of a coded description shortly
    before is the person described."""
    out = []
    for index, m in enumerate(mentions):
        if m.code is None and m.name is not None and is_named_person(m):
            # The words before the given name and surname: the tagger may take a title into
            # the name ("Rear Admiral Hossein Khanzadi").
            title = {w.strip(".,").lower() for w in m.text.split()[:-2]}
            described = next((d for d in reversed(mentions[max(0, index - DESCRIPTION_REACH):index])
                              if d.code is not None and d.name is None and d.start is not None
                              and d.text.split()[-1].lower() in title), None)
            if described is not None:
                m = dataclasses.replace(m, code=described.code, sector=m.sector or described.sector,
                                        rule=f"{m.rule}+{DESCRIBED_BEFORE_RULE}")
        out.append(m)
    return out


def _unnamed_official(mention: Actor) -> bool:
    """"officials", "a defense ministry official", "the administration", "the spokesman":
    an unnamed source or a state body or office. Not a plural of other roles ("some 74
    political leaders", "European countries"), which may be anyone's."""
    if mention.name is not None or (mention.rule or "").startswith(STATE_ROLE_RULE):
        return False
    definite_one = mention.text.lower().startswith("the ") and not mention.text.endswith("s")
    return mention.anonymous or definite_one


def _official_of_no_country(mention: Actor) -> bool:
    """An official of no stated country, named ("Rear Admiral Hossein Khanzadi", "Andriy
    Lysenko, a spokesman for the national security council") or not ("officials said",
    "the administration"), serves the article's state: news names a foreign official's
    country and leaves the home one implied. Measured against the nearest state named
    before the person, which does worse."""
    return (mention.code is None and mention.sector in STATE_SECTORS
            and (is_named_person(mention) or _unnamed_official(mention)))


def _at_home(doc, mentions: list[Actor]) -> list[Actor]:
    """Armed groups and officials of no stated country take the state the article names
    most, found once per article."""
    at_home = [_armed_group_of_no_country(doc, m) or _official_of_no_country(m) for m in mentions]
    home = _home_country(mentions) if any(at_home) else None
    if home is None:
        return mentions
    return [dataclasses.replace(m, code=home, rule=f"{m.rule}+{HOME_COUNTRY_RULE}") if placed else m
            for m, placed in zip(mentions, at_home)]


def link_people(doc, mentions: list[Actor], tables, date: str | None, resolve,
                deadline: Deadline = NO_DEADLINE) -> list[Actor]:
    """``mentions`` with introduced people coded and one-word names added as mentions of
    the person they name (``antecedent`` points to the full mention). ``resolve(span)``
    resolves a phrase to an Actor. Past ``deadline`` it raises ArticleTimeout."""
    named = _NamedPeople(mentions, tables, date)
    covered = {t.i for m in mentions for span in [doc.char_span(m.start, m.end, alignment_mode="expand")]
               if span is not None for t in span}
    added = [actor for token in _single_names(doc, covered) for actor in [named.by_one_word(token)] if actor]
    mentions = sorted(mentions + added, key=lambda a: a.start)
    coded = [m for m in mentions if m.code is not None]
    chunks = NounChunks(doc)
    introduced = []
    for m in mentions:
        deadline.check()
        introduced.append(_introduced(doc, m, resolve, coded, named, chunks))
    mentions = _same_name_same_code(introduced)
    return _surnames_follow_their_person(_at_home(doc, _title_described_before(mentions)))


class _NamedPeople:
    """Who a one-word name is: the article's full-name person holding that word (the nearest
    before it; else, for a word tagged as a person, the first after), else the one table
    person of that name in office at the article's date."""

    def __init__(self, mentions: list[Actor], tables, date: str | None):
        self.tables, self.date = tables, date
        self.by_word: dict[str, list[Actor]] = {}
        for person in (m for m in mentions if is_named_person(m) and len(m.name.split()) >= 2):
            for word in _name_words(person.name):
                self.by_word.setdefault(word, []).append(person)

    def by_one_word(self, token) -> Actor | None:
        candidates = self.by_word.get(token.text, [])
        before = [p for p in candidates if p.end <= token.idx]
        # A name the tagger took for something else is only trusted after the introduction.
        person = before[-1] if before else (candidates[0] if candidates and token.ent_type_ == "PERSON" else None)
        if person is not None:
            return written_again(person, token.text, token.idx, token.idx + len(token), f"{person.rule}+{SURNAME_RULE}")
        if token.ent_type_ != "PERSON":
            return None
        entry = _office_holder_named(self.tables, token.text, self.date)
        if entry is None:
            return None
        sector, _ = entry.at(self.date)
        return Actor(token.text, token.idx, token.idx + len(token), entry.name, entry.code, sector,
                     rule=f"{entry.rule}+{SURNAME_RULE}")


def _surnames_follow_their_person(mentions: list[Actor]) -> list[Actor]:
    """A surname mention made before its person was coded takes the person's code."""
    by_start = {m.start: m for m in mentions}
    out = []
    for m in mentions:
        person = by_start.get(m.antecedent.start) if m.antecedent is not None else None
        if m.code is None and person is not None and person.code is not None and SURNAME_RULE in (m.rule or ""):
            m = dataclasses.replace(m, code=person.code, sector=m.sector or person.sector,
                                    rule=f"{person.rule}+{SURNAME_RULE}")
        out.append(m)
    return out
