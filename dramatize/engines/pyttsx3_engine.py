"""pyttsx3, with its espeak-ng driver's pitfalls handled (see the project's NOTES):

- one engine per process, one utterance in flight: `synthesize` starts the utterance on the
  driver (runAndWait would add a 10 ms sleep to every clip) and waits for its
  finished-utterance event before the file is used;
- a bad voice name does not raise in pyttsx3, it sends an `error` event: we listen for it
  and check the voice actually set;
- property changes through the engine are queued and can land an utterance late: they are
  set on the driver directly, re-read after synthesis, and every clip is verified
  (exists, not silent, plausible length for its text) and retried once;
- the driver prints "Audio saved to …" on stdout: it is silenced.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import re
import shutil
import subprocess
import threading
import time
from functools import cached_property
from importlib import metadata
from pathlib import Path


from dramatize.engines.clip import verify
from dramatize.engines.errors import EngineError

def _release():
    import pyttsx3.driver

    pyttsx3.driver.DriverProxy.__del__ = lambda self: None


def espeak_data_dir() -> Path | None:
    exe = shutil.which("espeak-ng")
    if exe:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
        match = re.search(r"Data at:\s*(\S+)", out)
        if match:
            return Path(match.group(1))
    for candidate in ("/usr/lib/x86_64-linux-gnu/espeak-ng-data", "/usr/lib/aarch64-linux-gnu/espeak-ng-data",
                      "/usr/share/espeak-ng-data", "/usr/local/share/espeak-ng-data"):
        if Path(candidate).is_dir():
            return Path(candidate)
    return None


# The automatic cast's choices, most distinct first: accents and variants taking turns.
PALETTE_BASES = ("gmw/en", "gmw/en-us", "gmw/en-gb-scotland", "gmw/en-gb-x-rp", "gmw/en-gb-x-gbclan", "gmw/en-us-nyc",
                 "gmw/en-029", "gmw/en-gb-x-gbcwmd")
MALE_VARIANTS = ("m3", "m2", "m4", "m6", "m1", "m5", "m7")
FEMALE_VARIANTS = ("f2", "f1", "f3", "f4")


class Pyttsx3Engine:
    name = "pyttsx3"
    natural_wpm = 175  # espeak-ng's own pace; a voice's rate is given to it directly
    # espeak-ng carries pitch flutter and wave phase from one utterance to the next: each clip is
    # spoken by a fresh fork of a worker that has loaded pyttsx3 but not started espeak-ng.
    stateful = True
    latin_only = False

    def __init__(self):
        self._tts = None  # pyttsx3's engine, started on first use (in a worker's fork, for speaking)
        self._errors: list = []
        self._finished = 0  # utterances finished so far
        self._done = threading.Condition()

    def _engine(self):
        """pyttsx3's engine, with our listeners on its events. (pyttsx3 itself keeps one per process.)"""
        if self._tts is None:
            import pyttsx3

            with contextlib.redirect_stdout(io.StringIO()):
                self._tts = pyttsx3.init()
            # pyttsx3's DriverProxy.__del__ fails noisily at interpreter exit (module globals
            # gone): at exit, it is made a no-op.
            atexit.register(_release)
            self._tts.connect("error", lambda name=None, exception=None: self._errors.append(exception))
            self._tts.connect("finished-utterance", self._on_finished)
        return self._tts

    def _on_finished(self, name=None, completed=True):
        """Called in espeak-ng's thread when an utterance is done: wakes the waiting synthesis."""
        with self._done:
            self._finished += 1
            self._done.notify_all()

    def shifts_pitch(self, engine_voice: str) -> bool:
        return False  # espeak-ng has a pitch of its own

    def clip_version(self, engine_voice: str) -> str:
        return self.version

    def prepare(self, engine_voice: str | None = None):
        # Imported once, before the forks (the driver's module loads libespeak-ng); espeak-ng
        # itself is started in each fork.
        import pyttsx3.drivers.espeak  # noqa: F401

    def unavailable(self) -> str | None:
        """None if it can speak here, else what to install."""
        import sys

        if sys.platform.startswith("linux") and shutil.which("espeak-ng") is None and shutil.which("espeak") is None:
            return "espeak-ng is not installed; install it (Debian: sudo apt-get install espeak-ng)"
        return None

    def palette(self) -> list:
        """Accents and variants taking turns, most distinct first; the formant voice is less
        natural than the others' (DNSMOS P.808 3.57 for gmw/en+m3), so after them."""
        from dramatize.engines import PaletteVoice

        out = []
        for i in range(len(PALETTE_BASES) * len(MALE_VARIANTS)):
            male = f"{PALETTE_BASES[i % len(PALETTE_BASES)]}+{MALE_VARIANTS[i % len(MALE_VARIANTS)]}"
            female = f"{PALETTE_BASES[(i + 3) % len(PALETTE_BASES)]}+{FEMALE_VARIANTS[i % len(FEMALE_VARIANTS)]}"
            out += [(male, "male"), (female, "female")]
        seen = set()
        return [PaletteVoice(v, sex, self.natural_wpm, 3.57) for v, sex in out
                if not (v in seen or seen.add(v)) and self.has_voice(v)]

    @cached_property
    def version(self) -> str:
        espeak = "?"
        exe = shutil.which("espeak-ng")
        if exe:
            out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
            match = re.search(r"text-to-speech:\s*(\S+)", out)
            espeak = match.group(1) if match else out.strip()
        return f"pyttsx3-{metadata.version('pyttsx3')}/espeak-ng-{espeak}"

    @cached_property
    def _voices(self) -> list[tuple[str, str, str]]:
        out = []
        for v in self._engine().getProperty("voices"):
            language = (v.languages or ["?"])[0]
            if isinstance(language, bytes):
                language = language.decode(errors="replace")
            out.append((v.id, str(language), v.gender or "?"))
        return out

    @cached_property
    def variants(self) -> list[str]:
        data = espeak_data_dir()
        folder = data / "voices" / "!v" if data else None
        return sorted(p.name for p in folder.iterdir()) if folder and folder.is_dir() else []

    def voices(self) -> list[tuple[str, str, str]]:
        return list(self._voices)

    def has_voice(self, engine_voice: str) -> bool:
        base, _, variant = engine_voice.partition("+")
        return base in {v[0] for v in self._voices} and (not variant or variant in self.variants)

    def _apply(self, settings):
        """Set voice, rate, pitch and volume on the driver itself, and read them back.

        pyttsx3 queues setProperty and runs the queue between utterances, so a change can land
        one utterance late; and espeak-ng was seen to drop a rate set right after a voice change.
        espeak-ng applies parameters from its own command queue in this (asynchronous) mode, so
        we wait until they read back as asked before handing it the text."""
        driver = self._engine().proxy._driver
        try:
            driver.setProperty("voice", settings.engine_voice)
        except ValueError as err:
            raise EngineError(f"engine refused voice {settings.engine_voice}: {err}") from None
        wanted = (settings.engine_voice.lower(), settings.rate, settings.pitch)
        # A dropped setting never arrives, however long we wait (it reads back in about 1 ms when
        # it does): so send them all again every 10 ms, for half a second at most.
        for _ in range(50):
            driver.setProperty("rate", settings.rate)
            driver.setProperty("pitch", settings.pitch)
            driver.setProperty("volume", settings.volume)
            deadline = time.monotonic() + 0.01
            while time.monotonic() < deadline:
                actual = (driver.getProperty("voice"), driver.getProperty("rate"), driver.getProperty("pitch"))
                if actual == wanted:
                    return
                time.sleep(0.001)
        raise EngineError(f"engine kept {actual} instead of {wanted}")

    def synthesize(self, text: str, settings, path: Path) -> None:
        """Write `text` spoken with `settings` to the WAV file `path`, verified (synthesis.py
        retries a failed clip once, for every engine)."""
        if path.exists():
            path.unlink()
        self._errors.clear()
        before = self._finished
        self._apply(settings)
        # The driver writes the WAV in espeak-ng's thread, where a failed write (a full disk) is lost
        # and the utterance never ends: it writes into memory, and the file is written here.
        wav = io.BytesIO()
        with contextlib.redirect_stdout(io.StringIO()):
            # What runAndWait would do, on the driver itself: runAndWait also sleeps 10 ms
            # after starting every utterance, which was half the time of a synthesis run.
            driver = self._engine().proxy._driver
            driver.save_to_file(text, wav)
            driver._start_synthesis(text)
            # espeak-ng speaks in its own thread: the file exists only once this utterance's
            # finished-utterance event has come.
            with self._done:
                if not self._done.wait_for(lambda: self._finished > before, timeout=10.0 + len(text) / 50):
                    raise EngineError("the engine never finished the utterance")
        if self._errors:
            raise EngineError(str(self._errors[0]))
        path.write_bytes(wav.getvalue())
        verify(path, text, settings.rate)

