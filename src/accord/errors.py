"""Errors accord raises. Each message names the thing at fault and the fix."""


class AccordError(Exception):
    """Base of every error accord raises on purpose."""


class InputError(AccordError):
    """An input file or record cannot be read as an article (binary, empty, bad JSON)."""


class DataFileError(AccordError):
    """A packaged or user data file is malformed; the message gives file and line."""


class ModelNotFound(AccordError):
    """No usable spaCy English pipeline is installed."""


class StoreError(AccordError):
    """The store cannot be opened, is locked or is damaged."""


class ConfigError(AccordError):
    """A configuration file or option value is invalid."""
