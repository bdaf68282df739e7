"""A speaker embedding for every voice of the automatic cast's palette, measured once here and
stored with the package (dramatize/engines/embeddings.json), never at render time.

    bench/.venv-ears/bin/python bench/embeddings.py [--sentences 8] [--workers 1] [--out FILE] [KEY ...]

Every entry of dramatize/engines/measured.py's PALETTE and every espeak-ng voice pyttsx3's
palette offers speaks the same seed sentences (bench/voices.py --speak, in dramatize's venv) at
the pitch the automatic cast gives it: a natural voice or a shifted copy at its own fixed pitch,
a voice whose pitch is the seat's (the clear and crowd tiers) at 50, the middle of the seats.
Resemblyzer (bench/distinctness.py's Encoder, 256-d GE2E) embeds each sentence; a voice's
embedding is the normalised mean, keyed like `Measured.label` ("kokoro:am_michael",
"piper:en_US-joe-medium @pitch 88", "pyttsx3:gmw/en+m3"), rounded to 3 decimals.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN_PYTHON = ROOT / ".venv" / "bin" / "python"
OUT = ROOT / "dramatize" / "engines" / "embeddings.json"


def palette_voices() -> list[tuple[str, str]]:
    """(what bench/voices.py speaks, the stored key) of every voice to embed; in dramatize's venv."""
    sys.path.insert(0, str(ROOT))
    from dramatize.engines import create_engine
    from dramatize.engines.measured import PALETTE

    out = [(f"{m.engine}:{m.engine_voice}" + (f"@{m.pitch}" if m.pitch not in (None, 50) else ""), m.label)
           for m in PALETTE]
    espeak = create_engine("pyttsx3")
    out += [(f"pyttsx3:{v.engine_voice}", f"pyttsx3:{v.engine_voice}") for v in espeak.palette()]
    return list(dict.fromkeys(out))


def embed(folder: Path, voices: list[tuple[str, str]], count: int) -> dict[str, list[float]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import distinctness
    import ears
    from voices import stem

    encoder = distinctness.Encoder()
    out = {}
    for spoken, key in voices:
        clips = [ears.decode(folder / f"{stem(spoken)}_{n:02d}.wav") for n in range(count)]
        embedded = [e for e in (encoder.embed(c) for c in clips) if e is not None]
        out[key] = [round(float(x), 3) for x in distinctness.mean_embedding(embedded)]
        print(f"{key:<44} {len(embedded)} sentences", flush=True)
    return out


def dump(header: dict, embeddings: dict[str, list[float]]) -> str:
    """The JSON, one voice a line: 256 numbers are not worth a line each."""
    head = json.dumps(header, indent=1, ensure_ascii=False)[:-2]
    body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in embeddings.items())
    return f'{head},\n "voices": {{\n{body}\n }}\n}}\n'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="these voices only (their keys), e.g. to try it out with --out")
    parser.add_argument("--sentences", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--list", action="store_true", help=argparse.SUPPRESS)  # in dramatize's venv
    args = parser.parse_args()
    if args.list:
        json.dump(palette_voices(), sys.stdout)
        return 0
    listed = subprocess.run([str(MAIN_PYTHON), __file__, "--list"], check=True, capture_output=True, text=True)
    voices = [tuple(v) for v in json.loads(listed.stdout) if not args.only or v[1] in args.only]
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([str(MAIN_PYTHON), str(ROOT / "bench" / "voices.py"), "--speak", folder,
                        "--sentences", str(args.sentences), "--workers", str(args.workers),
                        *[spoken for spoken, _ in voices]], check=True)
        texts = json.loads((Path(folder) / "texts.json").read_text(encoding="utf-8"))
        embeddings = embed(Path(folder), voices, len(texts))
    header = {"how": f"bench/embeddings.py: Resemblyzer {version('resemblyzer')} (GE2E, 256-d) speaker embedding, "
                     f"the normalised mean over {len(texts)} of the seed's sentences, each voice at the pitch the "
                     "automatic cast gives it (a seat's pitch: 50); rounded to 3 decimals",
              "made": time.strftime("%Y-%m-%d", time.gmtime()), "sentences": texts}
    args.out.write_text(dump(header, embeddings), encoding="utf-8")
    print(f"{len(embeddings)} voices -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
