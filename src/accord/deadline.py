"""The per-article limit on coding time (Settings.max_article_seconds), as an object the
pipeline passes to the stages whose loops grow with the text, so they can stop midway."""

from __future__ import annotations

import time


class ArticleTimeout(Exception):
    """Coding one article took longer than Settings.max_article_seconds."""


class Deadline:
    """``seconds`` of the calling thread's CPU time. Signals reach only the main thread, so
    in a server's worker threads (POST /api/articles) this is the limit: the pipeline checks
    it between stages, and the stages whose loops grow with the text inside those loops."""

    def __init__(self, seconds: float):
        self.expires = time.thread_time() + seconds if seconds and seconds > 0 else None

    def check(self) -> None:
        if self.expires is not None and time.thread_time() > self.expires:
            raise ArticleTimeout()


NO_DEADLINE = Deadline(0)  # never expires
