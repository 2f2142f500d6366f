"""Every tunable with its default and one line of help."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace

from accord.errors import ConfigError
from accord.events import EventOptions
from accord.store.options import StoreOptions


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """`accord serve`: where it listens, who may call it, and how much it accepts."""

    host: str = "127.0.0.1"  # loopback by default; any other address needs a token
    port: int = 8000
    token: str | None = None  # when set, required on every request (also ACCORD_TOKEN); enables POST /api/articles
    min_token_chars: int = 16  # beyond loopback the token must be at least this long
    max_body_bytes: int = 2_000_000  # larger request bodies get 413
    max_articles_per_post: int = 20  # articles one POST /api/articles may code
    page_size: int = 50  # rows per page of /api/events unless ?limit= says otherwise
    max_page_size: int = 1000  # the most rows one page may ask for
    cors_origins: tuple[str, ...] = ()  # origins allowed cross-site requests; none (CORS off) by default
    cache_entries: int = 512  # GET responses kept in memory; the store only changes through this server
    cache_bytes: int = 64_000_000  # the cache's memory budget: least recently used responses go past it
    cache_max_response_bytes: int = 1_000_000  # larger responses (exports) are never cached
    memory_mb: int = 1024  # DuckDB's memory_limit for the server's queries (it spills to disk first); past it, 503


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "sm"  # spaCy pipeline: "sm", "md", a package name or a path
    batch_size: int = 64  # articles per batch: one store transaction, one gate pass
    parse_batch: int = 4  # articles per spaCy forward pass; each article more in one costs ~16 MB at the peak (news-length texts)
    max_batch_chars: int = 200_000  # characters per spaCy forward pass: fewer long articles in one (parser memory)
    gate: bool = True  # corpus runs leave articles naming no political actor unparsed, with no events (`--no-gate`)
    max_chars: int = 100_000  # longer texts are truncated with a warning (coding time grows faster than length)
    max_words: int = 20_000  # texts with more words are truncated there, with a warning
    max_article_seconds: float = 30.0  # coding one article stops after this much CPU time: it keeps no events, with a warning
    events: EventOptions = field(default_factory=EventOptions)
    actor_files: tuple[str, ...] = ()  # user actor tables, same format as data/actors/
    issue_files: tuple[str, ...] = ()  # user issue keyword tables, same format as data/issues/keywords.tsv
    use_model: bool = True  # the learned event classifier checks and completes the rule events (`code --no-model` switches it off)
    use_embedder: bool = False  # mix in the optional sentence-embedder head (`code --embedder`; needs requirements-embed.txt)
    geo_min_population: int = 15000  # smallest GeoNames city read anywhere without the article's countries agreeing (smaller ones are local readings)
    geo_local_min_population: int = 500  # smallest town read where the article's countries or divisions agree (500 or more: the packaged gazetteer's floor)
    serve: ServeOptions = field(default_factory=ServeOptions)  # `accord serve`, table [accord.serve]
    store: StoreOptions = field(default_factory=StoreOptions)  # duplicate grouping, event linking, `accord sql` limits; table [accord.store]

    @classmethod
    def from_toml(cls, path: str) -> "Settings":
        """Read ``[accord]`` from a TOML file; unknown keys are an error, not a silent typo."""
        try:
            with open(path, "rb") as handle:
                table = tomllib.load(handle).get("accord", {})
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"{path}: cannot read configuration: {err}") from err
        known = {f.name for f in fields(cls)}
        unknown = set(table) - known
        if unknown:
            raise ConfigError(f"{path}: unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
        events = table.pop("events", {})
        serve = table.pop("serve", {})
        store = table.pop("store", {})
        settings = replace(cls(), **{k: tuple(v) if isinstance(v, list) else v for k, v in table.items()})
        if events:
            settings = replace(settings, events=replace(EventOptions(), **events))
        if serve:
            settings = replace(settings, serve=replace(ServeOptions(), **{k: tuple(v) if isinstance(v, list) else v
                                                                          for k, v in serve.items()}))
        if store:
            settings = replace(settings, store=replace(StoreOptions(), **store))
        return settings
