"""Would a speaker-verification model take two of a render's voices for one person?

    bench/.venv-ears/bin/python bench/distinctness.py out/war-danger-1927.m4b [--vtt FILE]
        [--threshold 0.75] [--json FILE|-]

Each speaker's cues are cut out of the decoded audio (16 kHz mono) and embedded with Resemblyzer
(a GE2E speaker encoder, 256-d; its weights ship in its wheel). A speaker's embedding is the
normalised mean of their cues' embeddings (Resemblyzer's own `embed_speaker`). Every pair is
printed with its cosine similarity and a verdict: judged different when the similarity is
below the threshold. A joint line ("Zinoviev and Kamenev") is not compared with its own speakers.

Threshold 0.75: the usual accept threshold for Resemblyzer utterance embeddings (similarity
above it is taken as the same speaker). It is also checked against the render itself: each
speaker's own consistency (two halves of their cues, compared) is printed, and a pair is only
convincing if its similarity is well below both speakers' consistency.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ears  # noqa: E402

THRESHOLD = 0.75
MAX_SECONDS = 240  # per speaker: cues spread over the whole render, enough for a stable mean


class Encoder:
    def __init__(self):
        import warnings

        warnings.filterwarnings("ignore", message="pkg_resources is deprecated")  # webrtcvad
        from resemblyzer import VoiceEncoder

        self.model = VoiceEncoder("cpu", verbose=False)

    def embed(self, clip: np.ndarray) -> np.ndarray | None:
        from resemblyzer import preprocess_wav

        wav = preprocess_wav(clip.astype(np.float32), source_sr=ears.RATE)  # volume, silences
        if len(wav) < ears.RATE // 4:
            return None
        return self.model.embed_utterance(wav)


def mean_embedding(embeddings: list[np.ndarray]) -> np.ndarray:
    mean = np.mean(embeddings, axis=0)
    return mean / np.linalg.norm(mean)


def speaker_embeddings(clips: dict[str, list[np.ndarray]], encoder: Encoder | None = None) -> dict:
    """speaker -> {"embedding", "cues", "consistency"} from each speaker's clips."""
    encoder = encoder or Encoder()
    result = {}
    for speaker, own in clips.items():
        embedded = [e for e in (encoder.embed(c) for c in own) if e is not None]
        if not embedded:
            continue
        consistency = None
        if len(embedded) >= 4:  # split-half: odd cues against even cues
            consistency = float(mean_embedding(embedded[0::2]) @ mean_embedding(embedded[1::2]))
        result[speaker] = {"embedding": mean_embedding(embedded), "cues": len(embedded),
                           "consistency": consistency}
    return result


def members(label: str) -> set[str]:
    """The people behind a transcript label: "Zinoviev and Kamenev" is two of them."""
    return {p.strip() for p in re.split(r",|\band\b|&", label) if p.strip()}


def pairs(speakers: dict, threshold: float = THRESHOLD) -> list[dict]:
    """Every pair of speakers, except a joint line against one of its own speakers (a line
    said by Zinoviev and Kamenev together contains Zinoviev's voice: no verdict to give)."""
    out = []
    for a, b in itertools.combinations(speakers, 2):
        if members(a) & members(b):
            continue
        similarity = float(speakers[a]["embedding"] @ speakers[b]["embedding"])
        out.append({"a": a, "b": b, "similarity": similarity, "different": similarity < threshold})
    return sorted(out, key=lambda p: -p["similarity"])


def clips_by_speaker(audio: Path, vtt: Path, max_seconds: float = MAX_SECONDS, samples=None,
                     only=None) -> dict:
    """Each speaker's cues cut out of the audio (`samples`: already decoded); `only`: these speakers."""
    cues = [c for c in ears.load_cues(vtt) if only is None or c.speaker in only]
    samples = ears.decode(audio) if samples is None else samples
    grouped: dict[str, list[ears.VttCue]] = {}
    for cue in cues:
        grouped.setdefault(cue.speaker, []).append(cue)
    clips = {}
    for speaker, own in grouped.items():
        total = sum(c.end - c.start for c in own)
        if total > max_seconds:  # evenly spread cues, about max_seconds of them
            keep = max(4, int(len(own) * max_seconds / total))
            own = [own[i] for i in sorted(set(np.linspace(0, len(own) - 1, keep).round().astype(int)))]
        clips[speaker] = [ears.cut(samples, c, pad=0.0) for c in own]
    return clips


def report(speakers: dict, result: list[dict], threshold: float) -> str:
    lines = [f"{'speaker':<24} {'cues':>5} {'self-similarity (split halves)':>32}"]
    for name, s in speakers.items():
        c = f"{s['consistency']:.3f}" if s["consistency"] is not None else "- (under 4 cues)"
        lines.append(f"{name:<24} {s['cues']:>5} {c:>32}")
    lines.append("")
    lines.append(f"{'pair':<48} {'cosine':>7}   verdict (different below {threshold})")
    for p in result:
        verdict = "different" if p["different"] else "SAME to the model"
        lines.append(f"{p['a'] + ' / ' + p['b']:<48} {p['similarity']:>7.3f}   {verdict}")
    same = [p for p in result if not p["different"]]
    lines.append("")
    lines.append(f"{len(result) - len(same)} of {len(result)} pairs judged different")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("audio", type=Path)
    parser.add_argument("--vtt", type=Path)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--json", help="also write the result as JSON (- for stdout)")
    args = parser.parse_args(argv)
    vtt = args.vtt or ears.sibling_vtt(args.audio)
    for path in (args.audio, vtt):
        if not path.exists():
            parser.error(f"{path}: no such file")
    speakers = speaker_embeddings(clips_by_speaker(args.audio, vtt))
    result = pairs(speakers, args.threshold)
    data = {
        "audio": str(args.audio), "threshold": args.threshold, "pairs": result,
        "speakers": {k: {"cues": v["cues"], "consistency": v["consistency"]}
                     for k, v in speakers.items()},
    }
    if args.json == "-":
        json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0
    print(report(speakers, result, args.threshold))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
