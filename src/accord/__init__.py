"""accord: source-attributed event coding of conflict and diplomacy news."""

from accord.model import Actor, Article, CodedArticle, Event, Quote, Source, Stance
from accord.pipeline import code_articles, code_files, code_text
from accord.store import open_store

__all__ = [
    "Actor", "Article", "CodedArticle", "Event", "Quote", "Source", "Stance",
    "code_articles", "code_files", "code_text", "open_store",
]
__version__ = "0.1.0"
