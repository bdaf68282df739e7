"""How well a listener (a speech recognizer, standing in for one) understands a render.

    bench/.venv-ears/bin/python bench/intelligibility.py out/war-danger-1927.m4b [--vtt FILE]
        [--limit N] [--json FILE|-] [--no-dnsmos] [--threads 2]

Every spoken cue of the render's WebVTT transcript is cut out of the decoded audio (16 kHz mono)
and transcribed by Whisper base (faster-whisper, int8); both sides are normalised the same way
(ears.normalize) and scored with jiwer. Prints word error rate overall and per speaker, the
most-missed words, the commonest substitutions and the worst cues; and DNSMOS (P.808, SIG, BAK,
OVRL) for each speaker with at least 2 s of speech. Targets (issue 13) are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ears  # noqa: E402

WER_OVERALL = 0.08  # overall and for each of the two speakers with most words
WER_NAMED = 0.20  # every other named speaker, on their own lines
P808_PRINCIPAL = 3.9  # the two principal voices
DNSMOS_SECONDS = 300  # per speaker: enough for a stable mean, bounded for speed


def measure(audio: Path, vtt: Path, limit: int | None = None, threads: int = 2,
            with_dnsmos: bool = True, progress: bool = True, samples=None) -> dict:
    """The figures of one render; `samples`: its audio already decoded (16 kHz mono)."""
    all_cues = ears.load_cues(vtt)
    if not all_cues:
        raise SystemExit(f"{vtt}: no spoken cues (<v Speaker>text)")
    principals = ears.principal_speakers(all_cues)
    cues = ears.sample_cues(all_cues, limit)
    samples = ears.decode(audio) if samples is None else samples
    started = time.perf_counter()
    recognizer = ears.Recognizer(threads=threads)
    heard = []
    for n, cue in enumerate(cues, 1):
        raw = recognizer(ears.cut(samples, cue))
        heard.append(ears.Heard(cue, ears.normalize(ears.said(cue.text)), ears.normalize(raw), raw))
        if progress:
            print(f"\r  transcribed {n}/{len(cues)} cues", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    result = ears.score(heard)
    result["transcribe_seconds"] = time.perf_counter() - started
    result["audio"] = str(audio)
    result["principals"] = principals
    result["sampled"] = len(cues) < len(all_cues)
    result["cue_list"] = [
        {"cue": h.cue.index, "speaker": h.cue.speaker, "start": h.cue.start, "end": h.cue.end,
         "text": h.cue.text, "heard": h.raw_hypothesis, "errors": h.errors, "words": h.words}
        for h in heard
    ]
    if with_dnsmos:
        by_speaker: dict[str, list] = {}
        for cue in cues:
            by_speaker.setdefault(cue.speaker, []).append(cue)
        result["dnsmos"] = {}
        for speaker, own in by_speaker.items():
            clip = ears.gather(samples, own, limit_seconds=DNSMOS_SECONDS)
            if len(clip) >= 2 * ears.RATE:
                result["dnsmos"][speaker] = ears.dnsmos(clip)
    result["targets"] = check_targets(result)
    return result


def check_targets(result: dict) -> list[dict]:
    checks = []
    principals = result["principals"]
    checks.append({"what": "WER overall", "value": result["wer"], "limit": WER_OVERALL,
                   "ok": result["wer"] <= WER_OVERALL})
    for speaker, s in result["speakers"].items():
        limit = WER_OVERALL if speaker in principals else WER_NAMED
        checks.append({"what": f"WER {speaker}", "value": s["wer"], "limit": limit,
                       "ok": s["wer"] <= limit})
    for speaker in principals:
        mos = result.get("dnsmos", {}).get(speaker)
        if mos:
            checks.append({"what": f"P.808 {speaker}", "value": mos["p808"],
                           "limit": P808_PRINCIPAL, "ok": mos["p808"] >= P808_PRINCIPAL,
                           "at_least": True})
    return checks


def report(result: dict) -> str:
    out = []
    sample = " (a sample)" if result["sampled"] else ""
    out.append(f"{result['audio']}: {result['cues']} spoken cues{sample}, {result['words']} words, "
               f"transcribed in {result['transcribe_seconds']:.0f} s")
    out.append("")
    out.append(f"{'speaker':<24} {'cues':>5} {'words':>6} {'errors':>6} {'WER':>7}   target")
    marks = {c["what"]: c for c in result["targets"]}
    for speaker, s in result["speakers"].items():
        check = marks[f"WER {speaker}"]
        verdict = f"<= {check['limit']:.0%}  {'ok' if check['ok'] else 'MISSED'}"
        out.append(f"{speaker:<24} {s['cues']:>5} {s['words']:>6} {s['errors']:>6} "
                   f"{s['wer']:>7.1%}   {verdict}")
    check = marks["WER overall"]
    out.append(f"{'overall':<24} {result['cues']:>5} {result['words']:>6} {result['errors']:>6} "
               f"{result['wer']:>7.1%}   <= {check['limit']:.0%}  "
               f"{'ok' if check['ok'] else 'MISSED'}")
    if result.get("dnsmos"):
        out.append("")
        out.append(f"{'DNSMOS':<24} {'secs':>6} {'P.808':>6} {'SIG':>6} {'BAK':>6} {'OVRL':>6}   target")
        for speaker, m in result["dnsmos"].items():
            check = marks.get(f"P.808 {speaker}")
            verdict = (f">= {check['limit']}  {'ok' if check['ok'] else 'MISSED'}"
                       if check else "")
            out.append(f"{speaker:<24} {m['seconds']:>6.0f} {m['p808']:>6.2f} {m['sig']:>6.2f} "
                       f"{m['bak']:>6.2f} {m['ovrl']:>6.2f}   {verdict}")
    out.append("")
    out.append("most-missed words (missed / heard in the text):")
    out.append("  " + ", ".join(f"{m['word']} {m['missed']}/{m['of']}" for m in result["missed"]))
    out.append("commonest substitutions (said -> heard):")
    out.append("  " + ", ".join(f"{s['said']}->{s['heard']} {s['times']}"
                                for s in result["substitutions"]))
    out.append("")
    out.append("worst cues:")
    for w in result["worst"]:
        out.append(f"  #{w['cue']} {w['speaker']}, {w['errors']} of {w['words']} words:")
        out.append(f"     said:  {shorten(w['text'])}")
        out.append(f"     heard: {shorten(w['heard'])}")
    failed = [c["what"] for c in result["targets"] if not c["ok"]]
    out.append("")
    out.append("targets: all met" if not failed else f"targets missed: {', '.join(failed)}")
    return "\n".join(out)


def shorten(text: str, width: int = 150) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("audio", type=Path)
    parser.add_argument("--vtt", type=Path, help="transcript (default: the audio's .vtt)")
    parser.add_argument("--limit", type=int, help="transcribe only N cues (a quick check)")
    parser.add_argument("--json", help="also write the full result as JSON (- for stdout)")
    parser.add_argument("--no-dnsmos", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    vtt = args.vtt or ears.sibling_vtt(args.audio)
    for path in (args.audio, vtt):
        if not path.exists():
            parser.error(f"{path}: no such file")
    result = measure(args.audio, vtt, args.limit, args.threads, not args.no_dnsmos)
    if args.json == "-":
        json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print(report(result))
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False),
                                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
