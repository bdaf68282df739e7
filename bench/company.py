"""Issue 18's figures for scripts rendered with the automatic cast: is every part its own,
understandable, natural voice?

    bench/.venv-ears/bin/python bench/company.py SCRIPT [SCRIPT ...] [--quality final|draft]
        [--cast none|FILE] [--lines LINES] [--cold] [--audio FILE] [--out DIR] [--json FILE]

Each script is rendered by the project's own `dramatize render` (.venv/bin/dramatize; with
--cold into a fresh, empty DRAMATIZE_CACHE, so the time is a first render's) to a WAV with its
transcript, then heard: every spoken cue transcribed by Whisper base (bench/intelligibility.py),
each speaker's naturalness rated by DNSMOS P.808, and every pair of speakers with 5 % of the
words or more compared on the speaker-verification model (bench/distinctness.py). One table per
script, checked against the issue's targets:

  - a speaker with 50 words or more: WER at most 8 % and P.808 at least 3.9;
  - every speaker: WER at most 20 %;
  - a pair with 5 % of the words or more each: similarity at most 0.75, and not one base voice.

With --audio the render is skipped (an existing render and the .vtt beside it; one script).
The JSON of each script goes to bench/results/company-NAME-QUALITY.json unless --json says where.
Exit status 0 when every target is met, 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import distinctness  # noqa: E402
import ears  # noqa: E402
import intelligibility  # noqa: E402

ROOT = ears.BENCH.parent
DRAMATIZE = ROOT / ".venv" / "bin" / "dramatize"
RESULTS = ears.BENCH / "results"

PART_WORDS = 50  # a speaker with this many words is held to the principal targets
WER_PART = 0.08
P808_PART = 3.9
WER_ANY = 0.20
PAIR_SHARE = 0.05  # both speakers of a pair with this share of the words: they must sound apart
SIMILARITY = distinctness.THRESHOLD


# --------------------------------------------------------------------------- render


def render(script: Path, out: Path, quality: str, cast: str, lines: str | None, cold: bool) -> dict:
    """Render with the project's CLI; the wall time, the CPU time of the render and its workers,
    and the load average before it (the machine is shared: the time means little without it)."""
    command = [str(DRAMATIZE), "render", str(script), "-o", str(out), "--quality", quality,
               "--cast", cast, "-q"]
    if lines:
        command += ["--lines", lines]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="company-cache-") as fresh:
        if cold:
            env["DRAMATIZE_CACHE"] = fresh
        load = os.getloadavg()[0]
        cpu = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu
    if done.returncode:
        raise SystemExit(f"{script}: the render failed ({' '.join(command)}):\n{_tail(done.stderr)}")
    return {"command": " ".join(command), "cold": cold, "wall_seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1), "load_before": round(load, 2), "summary": done.stdout.strip()}


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------------------- hearing


def voices_of(vtt: Path) -> dict[str, str]:
    """speaker -> engine voice, from the transcript's `NOTE cast` block (the voice as cast,
    without its pitch: two speakers on one id are one base voice)."""
    _cues, cast = ears.read_vtt(vtt.read_text(encoding="utf-8"), str(vtt))
    return dict(cast)


def hear(audio: Path, threads: int, pair_share: float = PAIR_SHARE) -> dict:
    """WER and P.808 per speaker, and the pairs of speakers with a real share of the words."""
    vtt = ears.sibling_vtt(audio)
    samples = ears.decode(audio)
    heard = intelligibility.measure(audio, vtt, threads=threads, samples=samples)
    voices = voices_of(vtt)
    total = sum(s["words"] for s in heard["speakers"].values()) or 1
    speakers = {}
    for name, s in heard["speakers"].items():
        mos = heard.get("dnsmos", {}).get(name)
        speakers[name] = {"voice": voices.get(name, "?"), "words": s["words"], "share": s["words"] / total,
                          "cues": s["cues"], "wer": s["wer"], "p808": mos["p808"] if mos else None,
                          "dnsmos_seconds": mos["seconds"] if mos else None}
    large = [n for n, s in speakers.items() if s["share"] >= pair_share]
    clips = distinctness.clips_by_speaker(audio, vtt, samples=samples, only=large)
    pairs = distinctness.pairs(distinctness.speaker_embeddings(clips), SIMILARITY)
    for p in pairs:
        voice = speakers[p["a"]]["voice"]
        p["same_voice"] = voice != "?" and voice == speakers[p["b"]]["voice"]  # "?": a joint line, no one voice
    return {"audio": str(audio), "words": total, "pair_share": pair_share, "speakers": speakers, "pairs": pairs,
            "worst": heard["worst"], "cue_list": heard["cue_list"]}


def targets(result: dict) -> list[str]:
    """What is missed, one phrase each."""
    missed = []
    for name, s in result["speakers"].items():
        if s["wer"] > WER_ANY:
            missed.append(f"{name} WER {s['wer']:.1%} > {WER_ANY:.0%}")
        if s["words"] >= PART_WORDS:
            if WER_PART < s["wer"] <= WER_ANY:
                missed.append(f"{name} WER {s['wer']:.1%} > {WER_PART:.0%}")
            if s["p808"] is not None and s["p808"] < P808_PART:
                missed.append(f"{name} P.808 {s['p808']:.2f} < {P808_PART}")
    for p in result["pairs"]:
        if not p["different"]:
            missed.append(f"{p['a']}/{p['b']} similarity {p['similarity']:.2f} > {SIMILARITY}")
        if p["same_voice"]:
            missed.append(f"{p['a']}/{p['b']} one base voice")
    return missed


# --------------------------------------------------------------------------- report


def table(name: str, result: dict) -> str:
    out = [f"== {name}: {result['words']} words heard, {len(result['speakers'])} speakers"]
    timing = result.get("render")
    if timing:
        out.append(f"   render ({'cold cache' if timing['cold'] else 'cache as it was'}): "
                   f"{timing['wall_seconds']:.0f} s wall, {timing['cpu_seconds']:.0f} CPU s, "
                   f"load average before {timing['load_before']:.2f}; {timing['summary']}")
    out.append(f"{'speaker':<22} {'voice':<34} {'words':>6} {'share':>6} {'WER':>7} {'P.808':>6}  verdict")
    for speaker, s in result["speakers"].items():
        principal = s["words"] >= PART_WORDS
        ok = s["wer"] <= (WER_PART if principal else WER_ANY) and not (
            principal and s["p808"] is not None and s["p808"] < P808_PART)
        p808 = f"{s['p808']:.2f}" if s["p808"] is not None else "-"
        out.append(f"{speaker:<22} {s['voice']:<34} {s['words']:>6} {s['share']:>6.1%} {s['wer']:>7.1%} "
                   f"{p808:>6}  {'ok' if ok else 'MISSED'}")
    if result["pairs"]:
        out.append(f"{'pair (' + format(result['pair_share'], '.0%') + ' of the words or more each)':<48} {'cosine':>7}  verdict")
        for p in result["pairs"]:
            verdict = "ok" if p["different"] and not p["same_voice"] else "MISSED"
            note = " (one base voice)" if p["same_voice"] else ""
            out.append(f"{p['a'] + ' / ' + p['b']:<48} {p['similarity']:>7.3f}  {verdict}{note}")
    if result["worst"]:
        out.append("worst lines:")
        for w in result["worst"][:5]:
            out.append(f"  {w['speaker']}, {w['errors']} of {w['words']}: said {intelligibility.shorten(w['text'], 90)!r}"
                       f" / heard {intelligibility.shorten(w['heard'], 90)!r}")
    missed = targets(result)
    out.append("targets: all met" if not missed else "targets missed: " + "; ".join(missed))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scripts", type=Path, nargs="+")
    parser.add_argument("--quality", choices=("draft", "final"), default="final")
    parser.add_argument("--cast", default="none", help="cast file, or none for the automatic cast (default)")
    parser.add_argument("--lines", help="render only these lines (dramatize render --lines)")
    parser.add_argument("--cold", action="store_true", help="render into a fresh, empty cache (a first render's time)")
    parser.add_argument("--audio", type=Path, help="hear this render instead of rendering (one script)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "company",
                        help="where the renders go (default: $TMPDIR/company)")
    parser.add_argument("--json", type=Path, help="the results (default: bench/results/company-NAME-QUALITY.json)")
    parser.add_argument("--pair-share", type=float, default=PAIR_SHARE,
                        help="compare the voices of speakers with this share of the words or more (default 0.05)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if (args.audio or args.json) and len(args.scripts) > 1:
        parser.error("--audio and --json go with one script")
    for path in [*args.scripts, *([args.audio] if args.audio else [])]:
        if not path.exists():
            parser.error(f"{path}: no such file")
    if not args.audio and not DRAMATIZE.exists():
        parser.error(f"{DRAMATIZE}: not installed (make demo)")
    failed = 0
    for script in args.scripts:
        name = f"{script.stem}-{args.quality}"
        audio, timing = args.audio, None
        if not audio:
            args.out.mkdir(parents=True, exist_ok=True)
            audio = args.out / f"{name}.wav"
            print(f"rendering {script} ({args.quality}) ...", file=sys.stderr)
            timing = render(script, audio, args.quality, args.cast, args.lines, args.cold)
        result = hear(audio, args.threads, args.pair_share) | {"script": str(script), "quality": args.quality,
                                              "render": timing, "missed": None}
        result["missed"] = targets(result)
        failed += bool(result["missed"])
        print(table(name, result))
        print()
        where = args.json or RESULTS / f"company-{name}.json"
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {where}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
