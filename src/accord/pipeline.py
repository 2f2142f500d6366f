"""code_articles(): the stages in order, over batches of articles.

Article -> parse -> actor mentions -> events -> quotes, sources
        -> attribute_events -> resolve_dates -> locate_events -> summarise_stances -> CodedArticle
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from accord.actors import build_coreference, find_actor_mentions
from accord.actors.resolve import DocSpanResolver
from accord.actors.phrases import PhraseActors
from accord.attribution import attribute_events, find_quotes, find_sources
from accord.contract import to_contract
from accord.deadline import NO_DEADLINE, ArticleTimeout, Deadline
from accord.events import find_events, split_unattributed
from accord.events.classifier import combine_events
from accord.events.reported import quoted_demands
from accord.events.completion import complete_issue_keys, complete_targets
from accord.geo import locate_events
from accord.model import Article, CodedArticle
from accord.relevance import GATE_WARNING, incident_words, names_an_actor, tells_an_incident, tokenise
from accord.resources import Resources, load_resources
from accord.settings import Settings
from accord.stance import summarise_stances
from accord.time import resolve_dates

log = logging.getLogger(__name__)


def code_doc(doc, article: Article, resources: Resources, settings: Settings,
             deadline: Deadline = NO_DEADLINE) -> CodedArticle:
    """Code one parsed article; past ``deadline`` it raises ArticleTimeout, between stages
    and inside the loops of those whose work grows with the text."""
    check = deadline.check
    warnings = list(article.warnings)
    resolver = DocSpanResolver(doc, resources.actor_tables)
    mentions = find_actor_mentions(doc, resources.actor_tables, article.date, resolver, deadline)
    check()
    coreference = build_coreference(doc, mentions, deadline)
    actors = PhraseActors(doc, resources.actor_tables, article.date, coreference, resolver)
    check()
    events = find_events(doc, actors, resources.events, settings.events, deadline)
    check()
    if resources.classifier is not None:
        events = combine_events(events, doc, actors, resources.classifier, resources.events)
        check()
    events = complete_targets(events, doc, actors)
    events = complete_issue_keys(events)
    quotes, quote_warnings = find_quotes(doc, actors, resources.attribution)
    warnings.extend(quote_warnings)
    events = quoted_demands(events, doc, quotes, actors, resources.events)
    check()
    sources = find_sources(doc, quotes, mentions, resources.attribution)
    events = attribute_events(events, quotes)
    check()
    events = resolve_dates(events, doc, article.date, quotes)
    check()
    events = locate_events(events, doc, mentions, resources.gazetteer)
    check()
    events, unattributed = split_unattributed(events)
    stances = summarise_stances(events)
    return CodedArticle(article, tuple(events), tuple(quotes), tuple(sources), tuple(stances), tuple(warnings),
                        unattributed_events=tuple(unattributed))


def code_articles(articles: Iterable[Article], settings: Settings = Settings()) -> Iterator[CodedArticle]:
    """Tokenise, gate, parse with nlp.pipe and code each article, in input order; a failing
    article gets a record with an ``error:`` warning instead of stopping the run.

    With ``settings.gate`` an article naming no political actor (``relevance.names_an_actor``)
    and telling of no incident (``relevance.tells_an_incident``) gets a record with no events
    and is never parsed. The parse runs ``settings.parse_batch``
    articles per forward pass, and each Doc is dropped once coded."""
    resources = load_resources(settings)
    incidents = incident_words(resources.nlp, resources.events.lexicon.curated_lemmas(settings.events.sourceless_types))
    for batch in _batches(articles, settings.batch_size):
        docs = [tokenise(resources.nlp, article.text) for article in batch]
        relevant = [not settings.gate or names_an_actor(doc, resources.actor_tables) or tells_an_incident(doc, incidents)
                    for doc in docs]
        queue = deque((doc, article) for doc, article, keep in zip(docs, batch, relevant) if keep)
        del docs
        parsed = _parsed(resources.nlp, queue, settings)
        for article, keep in zip(batch, relevant):
            if not keep:
                yield CodedArticle(article, warnings=(*article.warnings, GATE_WARNING))
                continue
            doc, _ = next(parsed)
            yield _coded(doc, article, resources, settings)
            del doc


def _coded(doc, article: Article, resources: Resources, settings: Settings) -> CodedArticle:
    try:
        with time_limit(settings.max_article_seconds):
            return code_doc(doc, article, resources, settings, Deadline(settings.max_article_seconds))
    except ArticleTimeout:
        return CodedArticle(article, warnings=(*article.warnings, f"limit: coding stopped after "
                            f"{settings.max_article_seconds:g} s of CPU time (Settings.max_article_seconds); "
                            "no events kept"))
    except Exception as err:  # one bad article must not stop a corpus run
        log.exception("coding failed for article %s", article.id)
        return CodedArticle(article, warnings=(*article.warnings, f"error: coding failed: {type(err).__name__}: {err}"))


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _parsed(nlp, queue: deque, settings: Settings):
    """(doc, article) pairs parsed in forward passes of at most ``settings.parse_batch``
    articles and ``settings.max_batch_chars`` characters (the parser holds a whole pass in
    memory), taking each tokenised Doc off the queue as its pass starts."""
    while queue:
        passing = [queue.popleft()]
        size = len(passing[0][1].text)
        while queue and len(passing) < settings.parse_batch and size + len(queue[0][1].text) <= settings.max_batch_chars:
            size += len(queue[0][1].text)
            passing.append(queue.popleft())
        yield from nlp.pipe(passing, as_tuples=True, batch_size=len(passing))
        del passing


@contextmanager
def time_limit(seconds: float):
    """Raise ArticleTimeout in the block after ``seconds`` of this process's CPU time (a
    SIGPROF timer, so a busy machine does not cut articles short, and it stops a stage
    midway). Only in the main thread on POSIX; elsewhere the block runs without it, and
    code_doc's Deadline stops coding at the next check."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def code_text(text: str, date: str | None = None, article_id: str = "text", settings: Settings = Settings()) -> CodedArticle:
    """Code one string; the convenience entry point of the Python API."""
    from accord.ingest.sanitise import sanitise_text

    text = sanitise_text(text)  # a lone surrogate would fail every encoder later on
    article = Article(id=article_id, text=text, date=date, sha256=hashlib.sha256(text.encode()).hexdigest())
    return next(code_articles([article], replace(settings, gate=False)))


@dataclass
class CodingRun:
    """What a run over files produced: the records kept for display, and the inputs that failed."""

    records: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    articles: int = 0
    events: int = 0

    def summary(self) -> str:
        return (
            f"accord: coded {self.articles} article(s), {self.events} event(s)"
            + (f", {len(self.failures)} input(s) failed" if self.failures else "")
        )


def code_files(paths, default_date: str | None, settings: Settings, sinks=(), keep_records: bool = False) -> CodingRun:
    """Read, code and write each article as one contract JSON line to every sink, streaming."""
    from accord.ingest import InputFailure, ingest_options, read_articles

    run = CodingRun()

    def articles():
        for item in read_articles(paths, default_date=default_date, options=ingest_options(settings)):
            if isinstance(item, InputFailure):
                run.failures.append(item)
            else:
                yield item

    for coded in code_articles(articles(), settings):
        record = to_contract(coded)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        for sink in sinks:
            sink.write(line)
        run.articles += 1
        run.events += len(coded.events)
        if keep_records:
            run.records.append(record)
    return run
