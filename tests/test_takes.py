"""Recorded takes (takes.py): a recording named by a line id is heard in place of that line, in the
speaker's level, place and slot; everything else stays exactly as it was; a bad take is one line."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from conftest import RATE, TEST_CAST, decode, job, run_cli
from dramatize.effects import active_rms_db, level_match
from dramatize.engines.clip import read_wav, write_wav
from dramatize.lineids import event_ids
from dramatize.readers import read_script

pytestmark = [pytest.mark.slow,  # whole renders with recorded takes, measured
              pytest.mark.test_engine]  # the takes are judged, not the synthetic voices

LONG = ("I object to the agenda, and I object to the hour. The comrades from the provinces were not told of "
        "this meeting until yesterday evening. Half of them are still on the train from Kharkov, and the other "
        "half have not seen the resolution at all. I ask that the vote be put off until the morning.")
SCRIPT = f"""ALICE: Good evening, comrades. We begin with the first question of the evening.

BOB: {LONG}

ALICE: Then we move to the second question.

BOB: I object again.

ALICE: The meeting is closed, and I thank you all.
"""


@pytest.fixture
def stage(tmp_path):
    """A small script and its cast (Alice dry and close, room 0: none of her sound reaches the hall's
    reverb, so a take of hers changes nothing outside its own slot), with an empty takes folder."""
    (tmp_path / "meeting.txt").write_text(SCRIPT, encoding="utf-8")
    cast = TEST_CAST.read_text(encoding="utf-8").replace("pan = -0.5", "pan = -0.5\nroom = 0")
    (tmp_path / "cast.toml").write_text(cast, encoding="utf-8")
    (tmp_path / "takes").mkdir()
    script = read_script(tmp_path / "meeting.txt")
    ids = dict(zip(event_ids(script), script.events()))
    return tmp_path, list(ids)


def _premaster(folder: Path, takes: str = "strict"):
    """The timeline and the whole mix before mastering, made by the render's own stages: the master's
    gain follows the whole mix, so only the mix itself can be compared sample for sample."""
    from dramatize.effects import clip_length
    from dramatize.mix import mix_windows
    from dramatize.plan import all_requests, layout
    from dramatize.render import prepare
    from dramatize.synthesis import synthesize_all
    from dramatize.takes import use_takes
    from dramatize.timing import MIX_RATE

    render_job = job(folder / "meeting.txt", folder / "out.wav", folder / "cast.toml", takes=takes)
    prepared = prepare(render_job, warn=lambda m: None)
    with tempfile.TemporaryDirectory() as temp, render_job.stores(Path(temp)) as cache:
        paths, _ = synthesize_all(all_requests(prepared.plans), cache["clips"], 2)
        plans, paths = use_takes(prepared.takes, prepared.plans, paths, cache["clips"])
        lengths = {key: clip_length(path, MIX_RATE) for key, path in paths.items()}
        timeline = layout(plans, lengths, head=render_job.preset.head, tail=render_job.preset.tail)
        mix = np.concatenate(list(mix_windows(timeline, prepared.cast, paths, MIX_RATE)), axis=1)
    return timeline, mix, prepared.takes


def _slot(timeline, line_id):
    (line,) = [t for t in timeline.transcript if t.line_id == line_id]
    return line.start, line.end


def _stereo_level(stereo: np.ndarray) -> float:
    return active_rms_db(stereo.mean(axis=0), RATE)


def _balance_db(stereo: np.ndarray) -> float:
    """Right over left energy, in dB: where on the stage the sound sits."""
    left, right = (float(np.mean(np.square(c, dtype=np.float64))) for c in stereo)
    return 10 * np.log10(right / left)


def test_a_take_replaces_exactly_its_line(stage):
    folder, ids = stage
    line_id = ids[2]  # Alice: "Then we move to the second question."
    plain, before, _ = _premaster(folder)
    start, end = _slot(plain, line_id)
    # A recording of exactly the synthetic clip's length, sounding from its first sample to its last
    # (nothing to trim): its slot is the same, so everything after it is in the same place too.
    n = end - start
    t = np.arange(n) / RATE
    take = (0.2 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    write_wav(folder / "takes" / f"{line_id}.wav", take, RATE)

    timeline, after, takes = _premaster(folder)
    assert set(takes.used) == {line_id}
    assert _slot(timeline, line_id) == (start, end) and timeline.length == plain.length
    assert np.array_equal(after[:, :start], before[:, :start])  # sample-identical before the slot...
    assert np.array_equal(after[:, end:], before[:, end:])  # ...and after it
    heard = after[0, start:end]
    assert np.corrcoef(heard, take)[0, 1] > 0.99  # the slot holds the take, not the synthetic voice
    assert np.corrcoef(before[0, start:end], take)[0, 1] < 0.2


def test_a_long_speech_in_chunks_is_replaced_by_one_take(stage):
    folder, ids = stage
    line_id = ids[1]  # Bob's long speech: more than one clip
    plain, _, _ = _premaster(folder)
    assert len([t for t in plain.transcript if t.line_id == line_id]) >= 2
    t = np.arange(int(4 * RATE)) / RATE
    write_wav(folder / "takes" / f"{line_id}.wav", (0.1 * np.sin(2 * np.pi * 140 * t)).astype(np.float32), RATE)
    timeline, _, _ = _premaster(folder)
    (line,) = [t for t in timeline.transcript if t.line_id == line_id]
    assert line.text == LONG  # one line in the transcript, all its words
    assert abs((line.end - line.start) / RATE - 4.0) < 0.05
    assert len([p for p in timeline.placements if p.start >= line.start and p.end <= line.end]) == 1


def _recorded_take(path: Path, words: str):
    """Another voice (Flite's slt) saying the words, quietly, with half a second of a quiet room
    before and after, in stereo FLAC at 22.05 kHz: a take as a microphone gives it."""
    from dramatize.engines import VoiceSettings, create_engine

    engine = create_engine("flite")
    if engine.unavailable():
        pytest.skip(f"flite: {engine.unavailable()}")
    with tempfile.TemporaryDirectory() as temp:
        spoken = Path(temp) / "spoken.wav"
        engine.synthesize(words, VoiceSettings("slt", 170, 50, 1.0, engine="flite"), spoken)
        voice, rate = read_wav(spoken)
        room = np.random.default_rng(7).normal(0, 3e-4, int(0.6 * rate) * 2 + len(voice)).astype(np.float32)
        room[int(0.6 * rate):int(0.6 * rate) + len(voice)] += level_match(voice, rate, -34.0)
        raw = Path(temp) / "raw.wav"
        write_wav(raw, room, rate)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-ac", "2", "-ar", "22050", str(path)],
                       check=True)
    sounding = np.flatnonzero(np.abs(voice) > 0.01 * np.abs(voice).max())
    return (sounding[-1] - sounding[0]) / rate  # how long the voice itself sounds


def test_a_recorded_take_is_trimmed_levelled_and_placed_like_its_speaker(stage):
    from dramatize.render import render

    folder, ids = stage
    line_id = ids[2]
    seconds = _recorded_take(folder / "takes" / f"{line_id}.flac", "Then we move to the second question.")
    # Mastered quietly, so the master's compressor (which takes more from a voice with higher peaks, any
    # two voices alike) leaves the levels as the mix made them.
    result = render(job(folder / "meeting.txt", folder / "out.wav", folder / "cast.toml", master="-30/-1"),
                    warn=lambda m: None)
    audio = decode(folder / "out.wav")
    start, end = _slot(result.timeline, line_id)
    assert seconds < (end - start) / RATE < seconds + 0.2  # the room before and after is trimmed
    alice = [t for t in result.timeline.transcript if t.speaker == "Alice" and t.line_id != line_id]
    synthetic = [audio[:, t.start:t.end] for t in alice]
    take = audio[:, start:end]
    level = np.mean([_stereo_level(s) for s in synthetic])
    assert abs(_stereo_level(take) - level) < 1.0, (_stereo_level(take), level)
    balance = np.mean([_balance_db(s) for s in synthetic])
    assert balance < -3  # Alice stands left...
    assert abs(_balance_db(take) - balance) < 1.0, (_balance_db(take), balance)  # ...and so does her take
    page = (folder / "out.html").read_text(encoding="utf-8")
    assert page.count('class="tag take"') == 1


def test_a_speakers_folder_holds_their_takes_and_a_changed_take_is_picked_up(stage, monkeypatch):
    import dramatize.takes

    folder, ids = stage
    line_id = ids[3]  # Bob: "I object again."
    (folder / "takes" / "bob").mkdir()
    take = folder / "takes" / "bob" / f"{line_id}.wav"
    t = np.arange(RATE) / RATE
    write_wav(take, (0.1 * np.sin(2 * np.pi * 150 * t)).astype(np.float32), RATE)
    first, _, takes = _premaster(folder)
    with monkeypatch.context() as m:  # unchanged: the processed take comes from the cache, nothing is decoded
        m.setattr(dramatize.takes, "_decode", lambda path: pytest.fail(f"{path} decoded again"))
        assert _premaster(folder)[2].used == takes.used
    write_wav(take, (0.1 * np.sin(2 * np.pi * 150 * t[: RATE // 2])).astype(np.float32), RATE)
    second, _, again = _premaster(folder)
    assert again.found[line_id].key != takes.found[line_id].key  # keyed by the content: made again
    lengths = [(e - s) / RATE for s, e in (_slot(first, line_id), _slot(second, line_id))]
    assert abs(lengths[0] - 1.0) < 0.02 and abs(lengths[1] - 0.5) < 0.02


def _clean_failure(done, out: Path, *expected: str):
    assert done.returncode == 2, done.stderr
    assert not out.exists()
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    for text in expected:
        assert sum(text in line for line in errors) == 1, (text, done.stderr)
    assert "Traceback" not in done.stderr
    return errors


def test_each_bad_take_is_one_line_and_lenient_renders_anyway(stage):
    folder, ids = stage
    takes = folder / "takes"
    (takes / f"{ids[0]}.wav").write_text("not a recording\n")
    (takes / f"{ids[2]}.mp3").write_bytes(b"")
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-t", "1",
                    str(takes / f"{ids[4]}.ogg")], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=30",
                    str(takes / f"{ids[3]}.flac")], check=True)  # "I object again.": a second or so, synthetic
    wrong = ids[3][:-1] + ("0" if ids[3][-1] != "0" else "1")  # one hex digit off: a line edited since
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=1",
                    str(takes / f"{wrong}.wav")], check=True)
    out = folder / "out.wav"
    done = run_cli("render", folder / "meeting.txt", "--cast", folder / "cast.toml", "-o", out)
    errors = _clean_failure(done, out, f"{ids[0]}.wav: is not audio", f"{ids[2]}.mp3: is empty",
                            f"{ids[4]}.ogg: is silent", f"{wrong}.wav: no line has the id {wrong}")
    assert f"the nearest of bob's ids is {ids[3]}" in done.stderr
    assert len(errors) == 4  # the too-long take is found once the synthetic line's length is known
    for name in (f"{ids[0]}.wav", f"{ids[2]}.mp3", f"{ids[4]}.ogg", f"{wrong}.wav"):
        (takes / name).unlink()
    done = run_cli("render", folder / "meeting.txt", "--cast", folder / "cast.toml", "-o", out)
    (line,) = _clean_failure(done, out, f"{ids[3]}.flac: lasts 30.0 s, more than 10 times its line")

    for name, data in ((f"{ids[0]}.wav", b"not a recording\n"), (f"{ids[2]}.mp3", b"")):
        (takes / name).write_bytes(data)
    done = run_cli("render", folder / "meeting.txt", "--cast", folder / "cast.toml", "-o", out, "--takes", "lenient")
    assert done.returncode == 0, done.stderr
    warnings = [w for w in done.stderr.splitlines() if "the synthetic line is used" in w]
    assert len(warnings) == 3 and out.exists()
    assert "takes: 0 of 5 lines are recorded takes" in done.stdout

    done = run_cli("render", folder / "meeting.txt", "--cast", folder / "cast.toml", "-o", folder / "off.wav",
                   "--takes", "off")
    assert done.returncode == 0 and "synthetic line" not in done.stderr, done.stderr


def test_inspect_marks_the_recorded_lines(stage):
    folder, ids = stage
    write_wav(folder / "takes" / f"{ids[3]}.wav", np.full(RATE // 4, 0.1, dtype=np.float32), RATE)
    done = run_cli("inspect", folder / "meeting.txt", "--cast", folder / "cast.toml")
    assert done.returncode == 0, done.stderr
    marked = [line for line in done.stdout.splitlines() if line.strip().startswith(tuple(ids))]
    assert [line.split()[1] == "*" for line in marked] == [False, False, False, True, False]
    assert "1 lines; the other 4 speeches synthetic" in done.stdout


def test_the_cast_file_can_name_the_folder_of_takes(stage):
    folder, ids = stage
    elsewhere = folder / "studio" / "day one"
    (elsewhere / "ALICE").mkdir(parents=True)
    write_wav(elsewhere / "ALICE" / f"{ids[4]}.wav", np.full(RATE // 2, 0.1, dtype=np.float32), RATE)
    write_wav(folder / "takes" / f"{ids[0]}.wav", np.full(RATE // 2, 0.1, dtype=np.float32), RATE)  # not this folder
    cast = folder / "cast.toml"
    cast.write_text(cast.read_text().replace('[production]\n', '[production]\ntakes = "studio/day one"\n'))
    _, _, takes = _premaster(folder)
    assert set(takes.used) == {ids[4]}

    cast.write_text(cast.read_text().replace('takes = "studio/day one"', 'takes = "studio/day two"'))
    out = folder / "out.wav"
    done = run_cli("render", folder / "meeting.txt", "--cast", cast, "-o", out)
    (line,) = _clean_failure(done, out, "studio/day two: no such folder of takes")
    assert line.startswith(f"error: {cast}:3:")

    cast.write_text(cast.read_text().replace('takes = "studio/day two"', 'takes = "studio/day one"'))
    (elsewhere / "ALICE" / f"{ids[4]}.wav").rename(elsewhere / "ALICE" / f"{ids[3]}.wav")
    done = run_cli("render", folder / "meeting.txt", "--cast", cast, "-o", out)
    _clean_failure(done, out, f"{ids[3]} is BOB's line, in ALICE's folder")
