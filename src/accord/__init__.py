"""accord: source-attributed event coding of conflict and diplomacy news."""

from accord.model import Actor, Article, CodedArticle, Event, Quote, Source, Stance
from accord.pipeline import code_articles, code_text

__all__ = ["Actor", "Article", "CodedArticle", "Event", "Quote", "Source", "Stance", "code_articles", "code_text"]
__version__ = "0.1.0"
