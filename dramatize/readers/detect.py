"""Which family of script a file is, by its extension and, failing that, by what it looks like."""

from __future__ import annotations

from pathlib import Path

from dramatize.errors import DramatizeError

FAMILIES = ("transcript", "play", "fountain", "hearing")


def detect(path: Path, text: str, fmt: str | None = None) -> tuple[str, str]:
    """(family, why) for this file; `fmt` (from --format) overrides."""
    from dramatize.readers import READERS

    if fmt:
        if fmt not in READERS:
            raise DramatizeError(f"--format {fmt}: use one of {', '.join(sorted(READERS))}")
        return fmt, f"--format {fmt}"
    return "transcript", "the default"
