"""What `dramatize check FILE --listen` costs and finds on a render (default: the seed's demo).

    .venv/bin/python bench/listen.py [AUDIO] [--threads 2] [--json FILE]

Needs the listen extra in the project's venv (`pip install -e '.[listen]'`). Renders the seed
into AUDIO first when it is missing (seeds/war-danger-1927.txt, its own cast). Then hears every
spoken line exactly as the command does (dramatize/listen.py) and prints: the audio's length,
the time to listen (wall clock, and as a share of the audio's length: the goal is under a third
on two cores), the CPU seconds (the recogniser's threads and ffmpeg; the fair figure on a shared
machine), the model's load time, the word error rate, the worst lines, the most-missed words and
the suggested [pronunciations] entries. Writes NAME.listen.json beside the audio, as the command.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dramatize import listen  # noqa: E402

SEED = ROOT / "seeds" / "war-danger-1927.txt"
SEED_CAST = ROOT / "voices" / "war-danger-1927.toml"
GOAL = 1 / 3  # listening time / audio length, on two cores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("audio", type=Path, nargs="?", default=ROOT / "out" / "war-danger-1927.m4b")
    parser.add_argument("--threads", type=int, default=2, help="the recogniser's CPU threads (default 2)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    listen.require_extra()
    if not args.audio.exists():
        print(f"rendering the seed into {args.audio} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "dramatize", "render", str(SEED), "--cast", str(SEED_CAST),
                        "-o", str(args.audio), "-q"], check=True)
    cues = listen.spoken_lines(args.audio)
    loading = time.monotonic()
    recognizer = listen.Recognizer(args.threads, say=lambda m: print(m, file=sys.stderr))
    loading = time.monotonic() - loading
    result = listen.listen(args.audio, cues, recognizer)
    written = listen.write(result)
    s = result.seconds
    errors, words = result.totals()
    figures = {
        "audio_seconds": round(s["audio"], 1), "speech_seconds": round(s["speech"], 1),
        "lines": len(result.lines), "words": words, "errors": errors, "wer": round(errors / max(words, 1), 4),
        "threads": args.threads, "model_load_seconds": round(loading, 2),
        "wall_seconds": round(s["wall"], 1), "cpu_seconds": round(s["cpu"], 1),
        "wall_share_of_audio": round(s["wall"] / s["audio"], 3), "cpu_share_of_audio": round(s["cpu"] / s["audio"], 3),
        "goal_share": round(GOAL, 3),
    }
    print(f"{args.audio}: {s['audio']:.0f} s of audio, {s['speech']:.0f} s of it in {len(result.lines)} spoken lines")
    print(f"listened in {s['wall']:.0f} s wall ({figures['wall_share_of_audio']:.2f} of the audio's length; goal "
          f"< {GOAL:.2f}: {'met' if figures['wall_share_of_audio'] < GOAL else 'NOT met'}), {s['cpu']:.0f} CPU s "
          f"({figures['cpu_share_of_audio']:.2f} of the length; on {args.threads} threads, ideal wall = CPU / "
          f"{args.threads} = {s['cpu'] / args.threads / s['audio']:.2f}); model loaded in {loading:.1f} s")
    print("\n".join(result.report(worst=15)))
    print(f"wrote {written}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
