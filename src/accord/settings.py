"""Every tunable with its default and one line of help."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace

from accord.errors import ConfigError
from accord.events import EventOptions


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "sm"  # spaCy pipeline: "sm", "md", a package name or a path
    batch_size: int = 64  # articles per nlp.pipe batch
    max_chars: int = 1_000_000  # longer texts are truncated with a warning
    events: EventOptions = field(default_factory=EventOptions)
    actor_files: tuple[str, ...] = ()  # user actor tables, same format as data/actors/
    issue_files: tuple[str, ...] = ()  # user issue keyword tables, same format as data/issues/keywords.tsv

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
        settings = replace(cls(), **{k: tuple(v) if isinstance(v, list) else v for k, v in table.items()})
        if events:
            settings = replace(settings, events=replace(EventOptions(), **events))
        return settings
