"""Render benchmarks, all in one run on one machine, printed as a table of times and ratios.

    .venv/bin/python bench/run.py [--skip-long]

1. cold render of the seed (empty clip cache), with the engines alone (5.) run right after it,
   and the pair once more at the end (--pairs): the machine's speed drifts between runs
2. warm re-render, nothing changed
3. re-render after one speaker's pitch changed (Molotov, a small part; Trotsky, nearly all of it)
4. the floor: ffmpeg alone encoding the final mix with the same encoder settings
5. the engines alone speaking every clip of the render, each in its cast voice on its own engine,
   one process per core (bench/engines_alone.py): the reference for the cold render's cost; and
   Piper alone speaking every spoken line (bench/piper_alone.py: its own API, its default session
   on all cores), the reference before the seed had more than one neural engine
6. a ten-times longer script (the seed's speech repeated ten times: about five hours):
   time per audio minute against the seed's, and peak memory
7. parsing a 10 MB transcript

Every render runs as a separate `dramatize` process, so its peak memory (max RSS of the
process and of its synthesis workers) is measured apart from this script's, and so is its CPU
time (user + sys of it and every process it waited for): on a machine others are using, the
wall times are noisy and the CPU times are not, so both are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "war-danger-1927.txt"
CAST = ROOT / "voices" / "war-danger-1927.toml"


CPU: list[float] = []  # the CPU seconds of every run, in order (the last one's is CPU[-1])


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one child process (and its children); its CPU seconds
    go to CPU."""
    before, cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, cpu_seconds()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    CPU.append(cpu_seconds() - cpu)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def render(script: Path, out: Path, cast: Path, env: dict) -> tuple[float, float]:
    return run([sys.executable, "-m", "dramatize", "render", str(script), "--cast", str(cast), "-o", str(out), "-q"], env)


def duration(path: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
                         capture_output=True, text=True, check=True).stdout
    return float(out)


def encode_floor(mix: Path, out: Path, env: dict) -> float:
    # The same encoder and settings as dramatize's .m4b (dramatize/export/audio.py).
    seconds, _ = run(["ffmpeg", "-v", "error", "-y", "-i", str(mix), "-c:a", "aac", "-aac_coder", "fast", "-b:a", "96k",
                      "-ar", "44100", "-ac", "2", "-f", "ipod", str(out)], env)
    return seconds


def with_pitch_raised(cast: Path, speaker: str, out: Path) -> Path:
    """A copy of the cast file with `speaker`'s pitch two steps higher."""
    text = cast.read_text(encoding="utf-8")
    start = text.index(f"[speakers.{speaker}]")
    end = text.find("\n[", start + 1)
    end = len(text) if end < 0 else end
    section = re.sub(r"^pitch = (\d+)", lambda m: f"pitch = {int(m.group(1)) + 2}", text[start:end], count=1, flags=re.M)
    out.write_text(text[:start] + section + text[end:], encoding="utf-8")
    return out


def alone(script: str, args: list[str], env: dict) -> tuple[float, float]:
    """(audio seconds, wall seconds) a bench/ script printed, speaking with an engine and nothing
    else (bench/piper_alone.py, bench/engines_alone.py); its CPU seconds go to CPU."""
    cpu = cpu_seconds()
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], env=env, capture_output=True, text=True)
    CPU.append(cpu_seconds() - cpu)
    if done.returncode != 0:
        sys.exit(f"failed: bench/{script}\n{done.stderr}")
    audio, wall, _ = done.stdout.split()
    return float(audio), float(wall)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-long", action="store_true", help="skip the five-hour render")
    parser.add_argument("--pairs", type=int, default=2, help="cold renders, each beside a run of the engines alone")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dramatize-bench-"))
    env = dict(os.environ, DRAMATIZE_CACHE=str(work / "cache"), PYTHONPATH=str(ROOT))
    rows = []

    seed_out = work / "seed.m4b"
    cold, cold_mem = render(SEED, seed_out, CAST, env)
    cpu = {"cold": CPU[-1]}
    minutes = duration(seed_out) / 60
    # The engines alone right after the cold render, and the pair once more at the end: the
    # machine's speed drifts (the same engines took 116 and 131 CPU s in two runs an hour apart),
    # so each cold render is compared with the engines run beside it.
    engines_audio, engines_wall = alone("engines_alone.py", [str(SEED), "--cast", str(CAST)], env)
    cpu["engines"] = CPU[-1]
    pairs = [(cold, engines_wall, cpu["cold"], cpu["engines"])]
    warm, _ = render(SEED, seed_out, CAST, env)
    cpu["warm"] = CPU[-1]
    for speaker in ("MOLOTOV", "TROTSKY"):
        changed = with_pitch_raised(CAST, speaker, work / f"cast-{speaker}.toml")
        seconds, _ = render(SEED, seed_out, changed, env)
        rows.append((f"re-render, {speaker.title()}'s pitch changed", seconds))
        cpu[rows[-1][0]] = CPU[-1]
    mix = work / "seed.wav"
    render(SEED, mix, CAST, env)
    floor = encode_floor(mix, work / "floor.m4b", env)

    piper_audio, piper_wall = alone("piper_alone.py", [str(seed_out.with_suffix(".vtt"))], env)
    cpu["piper"] = CPU[-1]
    for again in range(1, args.pairs):
        seconds, _ = render(SEED, work / f"again-{again}.m4b", CAST, dict(env, DRAMATIZE_CACHE=str(work / f"cache-{again}")))
        used = CPU[-1]
        _, wall = alone("engines_alone.py", [str(SEED), "--cast", str(CAST)], env)
        pairs.append((seconds, wall, used, CPU[-1]))

    table = [("cold render of the seed", cold), ("warm re-render, nothing changed", warm)] + rows
    table += [("engines alone, every clip", engines_wall), ("Piper alone, every spoken line", piper_wall)]
    print(f"\nseed: {minutes:.1f} audio minutes; floor (ffmpeg alone encoding the mix to .m4b): {floor:.1f} s\n")
    print(f"{'run':<44} {'seconds':>8} {'x floor':>8} {'CPU s':>8}")
    for (name, seconds), used in zip(table, [cpu["cold"], cpu["warm"], *(cpu[n] for n, _ in rows), cpu["engines"], cpu["piper"]]):
        print(f"{name:<44} {seconds:>8.1f} {seconds / floor:>8.2f} {used:>8.1f}")
    print(f"{'peak memory, cold render of the seed':<44} {cold_mem:>7.0f} MB")
    for name, seconds in rows:  # a finishing change: no engine (Piper's pitch is a shift after it speaks)
        print(f"{name} / warm re-render: {seconds / warm:.2f} (CPU: {cpu[name] / cpu['warm']:.2f})")
    print(f"\ncold render / engines alone: {cold / engines_wall:.2f} (CPU: {cpu['cold'] / cpu['engines']:.2f}; "
          f"the engines made {engines_audio / 60:.1f} audio minutes of clips)")
    for number, (seconds, wall, used, engines_used) in enumerate(pairs[1:], start=2):
        print(f"  pair {number}: cold {seconds:.1f} s / engines alone {wall:.1f} s: {seconds / wall:.2f} "
              f"(CPU: {used:.1f} / {engines_used:.1f}: {used / engines_used:.2f})")
    print(f"cold render / Piper alone: {cold / piper_wall:.2f} (CPU: {cpu['cold'] / cpu['piper']:.2f}; "
          f"Piper made {piper_audio / 60:.1f} of the render's "
          f"{minutes:.1f} audio minutes, {piper_audio / piper_wall:.1f}x real time)")

    if not args.skip_long:
        text = SEED.read_text(encoding="utf-8")
        speech_starts = text.index("TROTSKY:")
        notes_start = text.rindex("\n\n\n")
        speech = text[speech_starts:notes_start]
        long_script = work / "long.txt"
        long_script.write_text(text[:speech_starts] + "\n\n\n".join([speech] * 10) + text[notes_start:], encoding="utf-8")
        long_out = work / "long.m4b"
        seconds, peak = render(long_script, long_out, CAST, env)
        long_minutes = duration(long_out) / 60
        per_minute, seed_per_minute = seconds / long_minutes, cold / minutes
        print(f"\nlong script: {long_minutes:.0f} audio minutes in {seconds:.0f} s: {per_minute:.2f} s per audio minute "
              f"({per_minute / seed_per_minute:.2f} x the seed's {seed_per_minute:.2f}); peak memory {peak:.0f} MB")

    from dramatize.readers.transcript import parse

    body = SEED.read_text(encoding="utf-8")
    big = "\n\n\n".join([body] * (10_000_000 // len(body.encode()) + 1))
    started = time.perf_counter()
    parse(big, "big.txt")
    print(f"\nparsing a {len(big.encode()) / 1e6:.0f} MB transcript: {time.perf_counter() - started:.1f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
