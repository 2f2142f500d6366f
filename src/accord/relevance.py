"""The relevance gate: a cheap pass over the tokenised text that keeps articles naming no
political actor and telling of no violence or protest out of the parser.

The pass is the tokenizer, the hyphenated-name merge the parse starts with, and the two
alias PhraseMatchers of the actor tables (LOWER and ORTH): no tagger, parser or NER. An
article where no alias of any actor table matches (no state, government, office, group,
organisation, known person, anonymous "officials" or "sources") has no political actor. It
is stored as an article with no events, unparsed, unless a word of it is an inflected form
of a hand-checked trigger of the types kept without a perpetrator: an incident report
("Violent protests in Awasi", "Cattle raid against Turkana in Locor-Akope") names no party.
"""

from __future__ import annotations

import functools

from accord.nlp import hyphenated_given_names

GATE_WARNING = "not_parsed: names no political actor and tells of no violence or protest (relevance gate; --no-gate parses it)"


def tokenise(nlp, text: str):
    """The Doc the parse starts from: tokens only, hyphenated given names merged as the
    pipeline's first component merges them (the alias patterns are tokenised the same way)."""
    return hyphenated_given_names(nlp.make_doc(text))


def names_an_actor(doc, tables) -> bool:
    """Whether any alias of the actor tables occurs in the tokenised ``doc``."""
    return bool(tables.lower_matcher(doc)) or bool(tables.orth_matcher(doc))


def tells_an_incident(doc, words: frozenset[str]) -> bool:
    """Whether a word of the tokenised ``doc`` is one of ``words`` (``incident_words``)."""
    return any(token.lower_ in words for token in doc)


@functools.lru_cache(maxsize=4)
def incident_words(nlp, lemmas: frozenset[str]) -> frozenset[str]:
    """The inflected forms of ``lemmas`` that the pipeline's lemmatizer would read back to
    them: its suffix rules run backwards ("protests", "killed", "raiding") and its
    exceptions ("shot", "fought", "struck")."""
    tables = nlp.get_pipe("lemmatizer").lookups
    rules, exceptions = tables.get_table("lemma_rules"), tables.get_table("lemma_exc")
    forms = set(lemmas)
    for pos in ("noun", "verb"):
        for lemma in lemmas:
            for old, new in rules.get(pos, ()):
                if lemma.endswith(new):
                    forms.add(lemma[:len(lemma) - len(new)] + old)
        forms.update(form for form, read in exceptions.get(pos, {}).items() if set(read) & lemmas)
    return frozenset(forms)
