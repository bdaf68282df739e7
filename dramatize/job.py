"""RenderJob: everything one render is asked to do, in one frozen object (as black's Mode is),
built once by the command line (or a test, or a script) and passed to `render(job)`.

It holds the cache location, so nothing deeper reads the environment, and derives what follows
from its options: the loudness preset, the cast file to use, the cache stores, the outputs it
will write, and the key of a mix it masters.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from dramatize.cache import cache_key, code_fingerprint, in_use, stores
from dramatize.master import Preset, preset_for
from dramatize.timing import MIX_RATE

AUTOMATIC = "none"  # --cast none: an automatic cast, even where the script has a cast file


def cast_file_for(script: Path, cast: Path | str | None) -> Path | None:
    """The cast file to read: the one given; the script's own (NAME.cast.toml beside it, or
    voices/NAME.toml); None for an automatic cast."""
    from dramatize.production.casting import find_cast_file

    if cast is not None and str(cast).lower() == AUTOMATIC:
        return None
    if cast is None and script is None:  # audition --cue without a script: the automatic cast's hall
        return None
    return Path(cast) if cast is not None else find_cast_file(script)


@dataclass(frozen=True)
class RenderJob:
    script: Path | None  # None only for hearing directions alone (audition_cues)
    output: Path
    cast: Path | str | None = None  # a cast file; None: the script's own if it has one; AUTOMATIC
    master: str | None = None  # a loudness preset name or target (master.preset_for); None: by extension
    format: str | None = None  # the script's family; None: detected
    cache: Path | None = None  # the folder of the cache stores; None: nothing kept (a temporary folder)
    workers: int | None = None  # speech worker processes; None: one per core
    chapter: str | None = None  # render only this chapter (a number or part of its title)
    lines: str | None = None  # render only these script lines ("16-34") or line ids ("trotsky-4c659a,cue-664b44")
    speaker: str | None = None  # render only this role's lines and the cues within them
    mute: str | None = None  # a rehearsal track: this role's lines are silences of their length
    stems: bool = False  # also NAME.stems/: one file per speaker, narration, cues and hall, summing to the mix
    audition: tuple[str, ...] | None = None  # hear these speakers' first lines (all: an empty tuple)
    audition_text: str | None = None  # ...saying this instead
    audition_cues: tuple[str, ...] = ()  # hear these stage directions as sounds, one after another
    sidecars: bool = True  # the transcript, chapters, labels and listening page beside the audio
    quality: str | None = None  # the automatic cast's voices: "draft" (quick) or "final"; None: $DRAMATIZE_QUALITY
    takes: str = "strict"  # recorded takes (takes.py): a bad one stops the render ("strict"), is warned and
    # left out ("lenient"), or the takes folder is ignored ("off")

    @cached_property
    def preset(self) -> Preset:
        return preset_for(self.master, self.output.suffix.lower())

    @cached_property
    def cast_file(self) -> Path | None:
        return cast_file_for(self.script, self.cast)

    @contextmanager
    def stores(self, temporary: Path):
        """The cache stores this render reads and fills, held while the block runs (in_use): under
        `cache`, or under `temporary` when nothing is to be kept."""
        root = self.cache or temporary
        with in_use(root):
            yield stores(root)

    def mix_key(self, timeline, cast, bed_paths: dict[str, Path]) -> str:
        """Everything that shapes the mix before the master: every placement (clip keys, voices,
        cue arrangements), the sound beds, the hall, the preset, the code. The same key, the same mix."""
        return cache_key(code_fingerprint(), timeline.placements, timeline.length, sorted(bed_paths), cast.hall,
                         self.preset, MIX_RATE)
