"""Catalogue benchmark: six scripts, cold, rendered one at a time, as one local catalogue, and on
a local Dask cluster of one and of two workers (one thread each). Prints seconds, the speed-up of
two workers over one and its efficiency (speed-up / 2), and checks that every way gives the same
audio, sample for sample.

    .venv/bin/python bench/catalogue.py [--scripts N]

Every render is a `dramatize` process with its own empty cache (the Dask workers too), so each
row speaks every clip. The scripts are excerpts of tests/corpus, cast automatically.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SCRIPTS = ["earnest-gutenberg-act1.txt", "brick-and-steel.fountain", "scotus-cherokee-2004-argument.txt",
           "pygmalion-gutenberg-act1.txt", "orbitfm-bookbytes-004.txt", "romeo-juliet-gutenberg-prologue.txt"]
EXCERPT_LINES = 60  # the first lines of each: a few minutes of audio each, the whole row in minutes


def excerpts(folder: Path, count: int) -> list[Path]:
    out = []
    for name in SCRIPTS[:count]:
        text = (CORPUS / name).read_text(encoding="utf-8").splitlines()[:EXCERPT_LINES]
        path = folder / name
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        out.append(path)
    return out


def dramatize(args: list, cache: Path) -> float:
    env = dict(os.environ, DRAMATIZE_CACHE=str(cache))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dramatize", "render", *map(str, args), "--cast", "none",
                           "--no-sidecars", "-q"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {args}\n{done.stderr}")
    return time.perf_counter() - started


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.wav"))}


def manifest(scripts: list[Path], folder: Path) -> Path:
    path = folder / "catalogue.toml"
    path.write_text("".join(f'[[render]]\nscript = "{s}"\noutput = "{folder / (s.stem + ".wav")}"\n\n' for s in scripts))
    return path


def on_cluster(scripts: list[Path], folder: Path, workers: int) -> float:
    from distributed import LocalCluster

    folder.mkdir()
    cache = folder / "cache"
    os.environ["DRAMATIZE_CACHE"] = str(cache)  # the workers' own caches start empty too
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        return dramatize(["--catalogue", manifest(scripts, folder), "--cluster", cluster.scheduler_address,
                          "--shared"], cache)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scripts", type=int, default=6)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as temp:
        temp = Path(temp)
        (temp / "scripts").mkdir()
        scripts = excerpts(temp / "scripts", options.scripts)
        rows, outputs = {}, {}

        folder = temp / "alone"
        folder.mkdir()
        rows["one at a time"] = sum(dramatize([s, "-o", folder / f"{s.stem}.wav"], folder / "cache") for s in scripts)
        outputs["one at a time"] = digests(folder)

        folder = temp / "local"
        folder.mkdir()
        rows["local catalogue"] = dramatize(["--catalogue", manifest(scripts, folder)], folder / "cache")
        outputs["local catalogue"] = digests(folder)

        for workers in (1, 2):
            name = f"Dask, {workers} worker{'s' * (workers > 1)}"
            rows[name] = on_cluster(scripts, temp / f"dask{workers}", workers)
            outputs[name] = digests(temp / f"dask{workers}")

    print(f"{len(scripts)} scripts, {EXCERPT_LINES} lines each, cold, on {os.cpu_count()} cores")
    for name, seconds in rows.items():
        same = "same audio" if outputs[name] == outputs["one at a time"] else "DIFFERENT AUDIO"
        print(f"  {name:<18} {seconds:7.1f} s   {same}")
    speedup = rows["Dask, 1 worker"] / rows["Dask, 2 workers"]
    print(f"  two Dask workers against one: speed-up {speedup:.2f}, efficiency {speedup / 2:.0%}")
    print(f"  local catalogue against one at a time: {rows['one at a time'] / rows['local catalogue']:.2f}x")


if __name__ == "__main__":
    main()
