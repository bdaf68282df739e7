"""Festival, through its `text2wave` script: Debian's voices (`festvox-us-slt-hts`, a US female
HMM voice; `festvox-kallpc16k` and `festvox-kdlpc16k`, US male diphone voices; any other
Festival voice installed is listed and usable too).

- The text goes in on stdin (no quoting to get wrong), as ASCII: Festival reads bytes as
  Latin-1, so accents are folded (sacrée -> sacree) before it hears them.
- rate: the HMM voice's own speed factor (`-r`), or the diphone voices' `Duration_Stretch`,
  both relative to the voice's own pace;
- pitch: the diphone voices' intonation target (`target_f0_mean`); the HMM voice ignores pitch
  parameters in Debian's build, so its clips are shifted once spoken (`shifts_pitch`; synthesis.py).
Every clip is a fresh `text2wave` process: nothing carries over, the same text gives the same samples.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cached_property
from pathlib import Path

from dramatize.engines.clip import finish, run_program, semitones
from dramatize.engines.errors import EngineError

# voice -> (kind, its own pace in words per minute, sex, mean F0 in Hz for diphone voices,
# DNSMOS P.808 on the seed's sentences); measured.
KNOWN = {
    "cmu_us_slt_arctic_hts": ("hts", 163, "female", None, 3.90),
    "ked_diphone": ("diphone", 149, "male", 100, 3.89),
    "kal_diphone": ("diphone", 148, "male", 105, 3.87),
}
UNKNOWN = ("diphone", 150, None, None, 3.0)
TIMEOUT = 120  # seconds for one clip: Festival never needs it, a hung process must not hang a render


# Letters that do not decompose into a Latin letter and an accent, and punctuation Festival
# would otherwise lose: as near as ASCII comes.
_ASCII = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe",
                        "Œ": "Oe", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i",
                        "‘": "'", "’": "'", "“": '"', "”": '"', "–": ", ", "—": ", ", "…": "..."})


def festival_text(text: str) -> bytes:
    """The text as Festival can read it: ASCII (it reads bytes as Latin-1, and speaks UTF-8's
    bytes as noise). A line with letters none of which survive is an error, not silence."""
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore")
    if any(c.isalnum() for c in text) and not any(chr(b).isalnum() for b in folded):
        raise EngineError("Festival reads Latin letters only; give this line to another engine's voice, "
                          "or a pronunciation")
    return folded


class FestivalEngine:
    name = "festival"
    stateful = False
    latin_only = True

    def unavailable(self) -> str | None:
        if shutil.which("text2wave") is None or shutil.which("festival") is None:
            return "Festival is not installed (Debian: sudo apt-get install festival festvox-us-slt-hts)"
        return None

    @cached_property
    def version(self) -> str:
        out = subprocess.run(["festival", "--version"], capture_output=True, text=True).stdout.strip()
        number = re.search(r"\d+\.\d+(?:\.\d+)?", out)
        return f"festival-{number.group(0) if number else '?'}"

    def shifts_pitch(self, engine_voice: str) -> bool:
        """The HMM voice has no pitch control in Debian's build; the diphone voices have their own."""
        return KNOWN.get(engine_voice, UNKNOWN)[0] == "hts"

    def clip_version(self, engine_voice: str) -> str:
        return self.version

    @cached_property
    def _installed(self) -> list[str]:
        if self.unavailable():
            return []
        out = subprocess.run(["festival", "--pipe"], input="(print (voice.list))\n", capture_output=True,
                             text=True, timeout=60).stdout
        return [v for v in out.strip().strip("()").split() if v]

    def voices(self) -> list[tuple[str, str, str]]:
        return [(v, "en-us", KNOWN.get(v, UNKNOWN)[2] or "?") for v in self._installed]

    def has_voice(self, engine_voice: str) -> bool:
        return engine_voice in self._installed

    def palette(self) -> list:
        """The installed voices; the HMM voice also 4 semitones down, a second woman. kal and
        ked are one man to a speaker-verification model whatever their pitch: only ked."""
        from dramatize.engines import PaletteVoice

        out = []
        for v in self._installed:
            if v == "kal_diphone" and "ked_diphone" in self._installed:
                continue
            _, pace, sex, _, naturalness = KNOWN.get(v, UNKNOWN)
            out.append(PaletteVoice(v, sex, pace, naturalness, pitch=50 if v == "cmu_us_slt_arctic_hts" else None))
            if v == "cmu_us_slt_arctic_hts":
                out.append(PaletteVoice(v, sex, pace, 3.82, pitch=0))
        return out

    def prepare(self, engine_voice: str | None = None):
        return None  # each clip is its own text2wave process

    def synthesize(self, text: str, settings, path: Path) -> None:
        voice = settings.engine_voice
        kind, pace, _, f0, _ = KNOWN.get(voice, UNKNOWN)
        commands = [f"(voice_{voice})"]
        if kind == "hts":
            commands.append(f"(set! hts_engine_params (append hts_engine_params (list '(\"-r\" "
                            f"{settings.rate / pace:.4f}))))")
        else:
            commands.append(f"(Parameter.set 'Duration_Stretch {pace / settings.rate:.4f})")
            if f0 and settings.pitch != 50:
                mean = f0 * 2 ** (semitones(settings.pitch) / 12)
                commands.append(f"(set! int_lr_params (cons (list 'target_f0_mean {mean:.1f}) int_lr_params))")
        command = ["text2wave"] + [part for c in commands for part in ("-eval", c)] + ["-o", str(path)]
        ascii_text = festival_text(text)
        run_program(command, "text2wave", TIMEOUT, stdin=ascii_text)
        finish(path, text, settings)
