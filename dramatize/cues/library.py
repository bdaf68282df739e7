"""Recorded sounds with free licences, installed from the Debian archive, used for a kind where
one is there and beats what synthesis makes (heard so by an AudioSet classifier: bench/sounds.py).

Nothing is downloaded and nothing is vendored: `scripts/system-deps.sh` installs the packages
(minetest-data; small), and where a file is absent the kind's generator in
procedural.py / world.py makes it instead. Only CC0, public-domain and CC-BY recordings are
listed: CC-BY asks that every render using one credits it (`credit`), which the cue sheet does.

  recordings(kind)          the installed recordings for a kind, maybe none
  choose(kind, seed)        the one a cue with this seed plays (None: synthesise)
  bed(recording, rng, n, rate)  its stereo samples, varied a little for each cue (pitch, level)
  credit(recording)         one line of attribution
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dramatize.cues.kinds import Kind
from dramatize.cues.shape import _envelope, _normalise
from dramatize.effects import pan

CC_BY_3 = ("CC BY 3.0", "https://creativecommons.org/licenses/by/3.0/")

# Where the packages put their files, on Debian 12 and later (minetest_game moved with the
# rename to Luanti); the first that exists is used.
MINETEST_GAME = ("/usr/share/games/minetest/games/minetest_game/mods", "/usr/share/luanti/games/minetest_game/mods",
                 "/usr/share/games/minetest_game/mods", "/usr/share/minetest/games/minetest_game/mods")


@dataclass(frozen=True)
class Recording:
    name: str  # the file's own name in its package
    roots: tuple[str, ...]  # folders it may be installed under
    relative: str  # its path under the root
    package: str  # the Debian package that installs it
    title: str
    author: str
    source: str  # where the author published it
    licence: tuple[str, str]  # name, URL
    changed: str = "cut to the cue's length, pitch and level varied per cue, mixed"

    @property
    def path(self) -> str | None:
        for root in self.roots:
            found = glob.glob(f"{root}/{self.relative}")
            if found:
                return found[0]
        return None


def _minetest(relative: str, title: str, author: str, source: str, licence=CC_BY_3) -> Recording:
    return Recording(relative.rsplit("/", 1)[-1], MINETEST_GAME, relative, "minetest-data", title, author, source,
                     licence)


RECORDINGS: dict[Kind, tuple[Recording, ...]] = {
    Kind.GLASS: (
        _minetest("default/sounds/default_break_glass.1.ogg", "glass breaking", "cmusounddesign",
                  "https://freesound.org/people/cmusounddesign/sounds/71947/"),
        _minetest("default/sounds/default_break_glass.2.ogg", "glass breaking", "Tomlija",
                  "https://freesound.org/people/Tomlija/sounds/97669/"),
        _minetest("default/sounds/default_break_glass.3.ogg", "glass breaking", "lsprice",
                  "https://freesound.org/people/lsprice/sounds/88808/"),
    ),
    Kind.DOOR_CLOSE: (
        _minetest("doors/sounds/doors_door_close.ogg", "door closing", "bennstir",
                  "freesound.org (named in minetest_game's doors/README.txt)"),
    ),
}


def recordings(kind: Kind) -> tuple[Recording, ...]:
    """The recordings for this kind that are installed on this machine."""
    return tuple(r for r in RECORDINGS.get(kind, ()) if r.path)


def choose(kind: Kind, seed: int) -> Recording | None:
    """The recording a cue with this seed plays, or None (the kind is synthesised)."""
    found = recordings(kind)
    return found[seed % len(found)] if found else None


@lru_cache(maxsize=16)
def _decoded(path: str, rate: int) -> np.ndarray:
    from pydub import AudioSegment

    segment = AudioSegment.from_file(path).set_frame_rate(rate).set_channels(1).set_sample_width(2)
    return np.array(segment.get_array_of_samples(), dtype=np.float32) / 32768.0


def bed(recording: Recording, rng: np.random.Generator, n: int, rate: int, position: float = 0.3) -> np.ndarray:
    """The recording as a cue's stereo bed, `n` samples: a little higher or lower (up to 4 %,
    as a different door or glass would be), looped when the cue is longer than the file, and
    faded out at the end."""
    mono = _decoded(recording.path, rate)
    stretch = rng.uniform(0.96, 1.04)
    varied = np.interp(np.arange(0, len(mono) - 1, stretch), np.arange(len(mono)), mono).astype(np.float32)
    start = int(0.02 * rate)
    out = np.zeros(n, dtype=np.float32)
    at = start
    while at < n:
        take = min(len(varied), n - at)
        out[at:at + take] += varied[:take]
        at += len(varied)
    stereo = pan(out * _envelope(n, rate, 0.0, min(0.3, n / rate / 4)), position)
    return _normalise(stereo, peak_db=float(rng.uniform(-10.0, -8.0)))


def credit(recording: Recording) -> str:
    """One line of attribution, as CC BY asks: title, author, source, licence, what was changed."""
    name, url = recording.licence
    licence = f"{name} ({url})" if url else name
    return (f"\u201c{recording.title}\u201d ({recording.name}) by {recording.author}, {recording.source}; {licence}; "
            f"installed from the Debian package {recording.package}; {recording.changed}")
