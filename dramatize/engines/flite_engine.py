"""Flite (`apt-get install flite`, Debian main): CMU's small engine with its built-in voices, slt
(a US woman), rms (a US man), awb (a Scottish man), kal and kal16 (US men). Clear (Whisper base
1.4-6.6 % word errors) but robotic (P.808 about 3.6): small parts (engines/measured.py).

- The text goes in through a file (-f), as ASCII with accents folded (as Festival's, whose
  front end Flite shares); every clip is a fresh process: the same text gives the same samples.
- rate: `duration_stretch` relative to the voice's own pace; pitch: `int_f0_target_mean` from
  the voice's own mean F0 for the diphone voices (kal, kal16); the clustergen voices (slt, rms,
  awb) ignore it, so their clips are shifted once spoken (`shifts_pitch`); volume: a gain.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import cached_property
from pathlib import Path

from dramatize.engines.clip import finish, run_program, semitones
from dramatize.engines.errors import EngineError
from dramatize.engines.festival_engine import festival_text

# voice -> (sex, its own pace in words per minute, mean F0 in Hz); measured on the seed's sentences.
KNOWN = {"slt": ("female", 189, 170), "rms": ("male", 178, 110), "awb": ("male", 193, 110),
         "kal": ("male", 170, 105), "kal16": ("male", 170, 105)}
DIPHONE = ("kal", "kal16")  # the voices whose pitch Flite itself sets
TIMEOUT = 120


class FliteEngine:
    name = "flite"
    stateful = False
    latin_only = True

    def unavailable(self) -> str | None:
        if shutil.which("flite") is None:
            return "Flite is not installed (Debian: sudo apt-get install flite)"
        return None

    @cached_property
    def version(self) -> str:
        out = subprocess.run(["flite", "--version"], capture_output=True, text=True).stdout
        number = re.search(r"flite-(\S+)", out)
        return f"flite-{number.group(1) if number else '?'}"

    @cached_property
    def _installed(self) -> list[str]:
        if self.unavailable():
            return []
        out = subprocess.run(["flite", "-lv"], capture_output=True, text=True, timeout=30).stdout
        listed = out.partition(":")[2].split()
        return [v for v in listed if v in KNOWN]

    def voices(self) -> list[tuple[str, str, str]]:
        return [(v, "en-us" if v != "awb" else "en-gb-scotland", KNOWN[v][0]) for v in self._installed]

    def has_voice(self, engine_voice: str) -> bool:
        return engine_voice in self._installed

    def palette(self) -> list:
        from dramatize.engines.measured import palette_of

        return palette_of(self.name, self.has_voice)

    def shifts_pitch(self, engine_voice: str) -> bool:
        return engine_voice not in DIPHONE

    def clip_version(self, engine_voice: str) -> str:
        return self.version

    def prepare(self, engine_voice: str | None = None):
        return None  # each clip is its own process

    def synthesize(self, text: str, settings, path: Path) -> None:
        voice = settings.engine_voice
        if voice not in KNOWN:
            raise EngineError(f"no Flite voice '{voice}'; known: {', '.join(KNOWN)}")
        _, pace, f0 = KNOWN[voice]
        command = ["flite", "-voice", voice, "--setf", f"duration_stretch={pace / settings.rate:.4f}"]
        if settings.pitch != 50 and voice in DIPHONE:
            command += ["--setf", f"int_f0_target_mean={f0 * 2 ** (semitones(settings.pitch) / 12):.1f}"]
        with tempfile.NamedTemporaryFile("wb", suffix=".txt") as source:
            source.write(festival_text(text).replace(b"\n", b" ") + b"\n")
            source.flush()
            run_program(command + ["-f", source.name, "-o", str(path)], "flite", TIMEOUT)
        finish(path, text, settings)
