"""dramatize: turn a play-like script into a chaptered, multi-voice audio drama."""

__version__ = "0.1.0"
