"""How long reading a script takes, and how much memory, on hostile text (issue 23).

For each shape of text (a snippet repeated to the size asked for) and each family (forced with
`fmt=`, and detected), a fresh subprocess writes the text to a file, reads it with
`read_script`, and reports the seconds taken and its peak resident memory. A case that runs past
the time limit is killed and shown as `>limit`.

    python bench/parse.py                          # every shape, every family, 10 MB each
    python bench/parse.py --mb 1 --shapes blank,labels --families auto,play
    python bench/parse.py --code /tmp/old          # time another copy of the package (its parent dir)
    python bench/parse.py --code /tmp/old --code . # both, case by case (fairer on a busy machine):
                                                   # a row for each copy, named by its folder
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "war-danger-1927.txt"

# name -> (snippet repeated, file suffix, text before the repetition, text after it)
SHAPES: dict[str, tuple[str, str, str, str]] = {
    "blank": ("\n", ".txt", "Hello there.\n", "\nThe end."),
    "formfeed": ("\f", ".txt", "Hello there.\n", "\nThe end."),
    "labels": ("", ".txt", "", ""),  # NAME0001: hello, NAME0002: hello, … (made by _distinct_labels)
    "quoted": ("", ".txt", "", ""),  # “NAME0000001: hello there. — every paragraph opened by a quotation mark
    # and a speaker of its own (made in `make`): the most labels a document can hold
    "short": ("hello there\n\n", ".txt", "", ""),  # short unpunctuated paragraphs: what a title page looks like
    "under": ("_a ", ".txt", "", ""),
    "star": ("*a ", ".txt", "", ""),
    "tag": ("[a:", ".txt", "", ""),
    "paren": ("(", ".txt", "", ""),
    "acts": ("ACT I.\n", ".txt", "", ""),
    "brackets": ("[[", ".txt", "", ""),
    "notes": ("[[", ".fountain", "", ""),
    "dialogue": ("ALICE: hi\nBOB: hello\n", ".txt", "", ""),
    "caret": ("^ALICE\nhi\n", ".fountain", "", ""),
    "cues": ("BOB\nHello there.\n\n", ".fountain", "", ""),  # Fountain's own dialogue: a cue, a line, a blank
    "seed": ("", ".txt", "", ""),
    "yaml": ("", ".md", "", ""),
}
FAMILIES = ("auto", "transcript", "play", "fountain", "hearing")

_BOMB = ("---\n" + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
         + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
                   f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
         + "title: *i\n---\n\nALICE: Hello.\nBOB: Hello, Alice.\n")


def yaml_bomb() -> str:
    """A "billion laughs" in a Markdown file's YAML front matter: under 400 bytes, 9^9 strings when expanded."""
    return _BOMB


def make(shape: str, size: int) -> tuple[str, str]:
    """(text of about `size` characters, file suffix)."""
    snippet, suffix, head, tail = SHAPES[shape]
    if shape in ("labels", "quoted"):
        lines, total, n = [], 0, 0
        while total < size:
            line = f"NAME{n:07d}: hello\n" if shape == "labels" else f"“NAME{n:07d}: hello there.\n\n"
            lines.append(line)
            total += len(line)
            n += 1
        return "".join(lines), suffix
    if shape == "seed":
        seed = SEED.read_text(encoding="utf-8")
        return (seed + "\n\n") * max(1, size // (len(seed) + 2)), suffix
    if shape == "yaml":
        return yaml_bomb(), suffix
    return head + snippet * max(1, (size - len(head) - len(tail)) // len(snippet)) + tail, suffix


def _one(shape: str, family: str, size: int) -> None:
    """In the child: read one case, print {"seconds", "mb", "events", "warnings"} as JSON."""
    import resource

    text, suffix = make(shape, size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"hostile{suffix}"
        path.write_text(text, encoding="utf-8")
        del text
        from dramatize.errors import DramatizeError
        from dramatize.readers import read_script

        start = time.perf_counter()
        try:
            script = read_script(path, None if family == "auto" else family)
            outcome = {"events": sum(1 for _ in script.events()), "warnings": len(script.warnings),
                       "format": script.format}
        except DramatizeError as err:
            outcome = {"error": str(err)[:80]}
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "mb": peak, **outcome}))


def run_case(shape: str, family: str, size: int, limit: float, code: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", shape, family, str(size)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, env=env, cwd=str(code))
    except subprocess.TimeoutExpired:
        return {"timeout": limit}
    if done.returncode != 0:
        return {"crash": (done.stderr.strip().splitlines() or ["?"])[-1][:80]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of each text, in MB (default 10)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a case is killed (default 120)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    parser.add_argument("--families", default=",".join(FAMILIES), help="comma-separated: " + ", ".join(FAMILIES))
    parser.add_argument("--code", type=Path, action="append",
                        help="directory holding the dramatize package to time (default: this one); repeat to "
                             "compare copies, each case run on each in turn")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _one(args.child[0], args.child[1], int(args.child[2]))
        return
    size = int(args.mb * 1_000_000)
    families = args.families.split(",")
    codes = [code.resolve() for code in args.code or [ROOT]]
    label = (lambda code: f"{shape} ({code.name})") if len(codes) > 1 else (lambda code: shape)
    width = max(9, *(len(f"{s} ({c.name})") for s in args.shapes.split(",") for c in codes)) if len(codes) > 1 else 9
    print(f"{args.mb:g} MB of each shape (yaml: the {len(_BOMB)}-byte bomb), seconds / peak MB; "
          f"limit {args.limit:g} s")
    print(f"| {'shape':{width}} | " + " | ".join(f"{f:>16}" for f in families) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * 18 for _ in families) + "|")
    for shape in args.shapes.split(","):
        cells: dict[Path, list[str]] = {code: [] for code in codes}
        for family in families:
            for code in codes:
                result = run_case(shape, family, size, args.limit, code)
                if "timeout" in result:
                    cell = f">{args.limit:g} s"
                elif "crash" in result:
                    cell = "crash"
                    print(f"  {shape}/{family}: {result['crash']}", file=sys.stderr)
                else:
                    cell = f"{result['seconds']:6.1f} s {result['mb']:5.0f} MB" + ("*" if "error" in result else "")
                cells[code].append(f"{cell:>16}")
        for code in codes:
            print(f"| {label(code):{width}} | " + " | ".join(cells[code]) + " |", flush=True)
    print("* the reader refused the text with a one-line error (an empty script, …)")


if __name__ == "__main__":
    main()
