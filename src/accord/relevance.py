"""The relevance gate: a cheap pass over the tokenised text that keeps articles naming no
political actor out of the parser.

The pass is the tokenizer, the hyphenated-name merge the parse starts with, and the two
alias PhraseMatchers of the actor tables (LOWER and ORTH): no tagger, parser or NER. An
article where no alias of any actor table matches (no state, government, office, group,
organisation, known person, anonymous "officials" or "sources") has no political actor, and
it is stored as an article with no events, unparsed.
"""

from __future__ import annotations

from accord.nlp import hyphenated_given_names

GATE_WARNING = "not_parsed: names no political actor (relevance gate; --no-gate parses it)"


def tokenise(nlp, text: str):
    """The Doc the parse starts from: tokens only, hyphenated given names merged as the
    pipeline's first component merges them (the alias patterns are tokenised the same way)."""
    return hyphenated_given_names(nlp.make_doc(text))


def names_an_actor(doc, tables) -> bool:
    """Whether any alias of the actor tables occurs in the tokenised ``doc``."""
    return bool(tables.lower_matcher(doc)) or bool(tables.orth_matcher(doc))
