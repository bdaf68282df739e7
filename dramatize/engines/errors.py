"""The one exception an engine raises."""


class EngineError(Exception):
    """The engine failed to produce a usable clip."""
