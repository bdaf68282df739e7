"""End to end: a small script rendered through the real pipeline and read back with ffprobe (spoken
by the test engine: these tests judge the pipeline, not the voices)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import DATA, RATE, TEST_CAST, decode, ffprobe, median_pitch, rms_db, run_cli


def test_m4b_has_chapters_titles_times_tags_and_stereo(meeting_sketch):
    result = meeting_sketch[".m4b"]
    info = ffprobe(result.output)
    audio = info["streams"][0]
    assert (audio["codec_name"], audio["channels"], int(audio["sample_rate"])) == ("aac", 2, RATE)
    assert info["format"]["tags"]["major_brand"].strip() == "M4B"
    chapters = info["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["Opening", "Closing"]
    for probed, planned in zip(chapters, result.timeline.chapters):
        assert abs(float(probed["start_time"]) - planned.start / RATE) <= 0.001
        assert abs(float(probed["end_time"]) - planned.end / RATE) <= 0.001
    tags = info["format"]["tags"]
    assert (tags["title"], tags["artist"], tags["album"], tags["date"], tags["genre"]) == (
        "A Small Meeting", "The Test Suite", "Fixtures", "1927", "Audio drama")
    duration = float(info["format"]["duration"])
    assert abs(duration - result.timeline.length / RATE) < 0.1
    words = len((DATA / "meeting.txt").read_text().split())
    assert words / 250 * 60 < duration < words / 100 * 60 + 12  # as long as the words take to speak


def test_the_two_speakers_are_heard_with_different_voices(meeting_sketch):
    result = meeting_sketch[".wav"]
    audio = decode(result.output)
    pitches = {}
    for line in result.timeline.transcript:
        if line.speaker in ("Alice", "Bob"):
            segment = audio[:, line.start:line.end]
            pitches.setdefault(line.speaker, []).append(median_pitch(segment.mean(axis=0)))
            left, right = rms_db(segment[0]), rms_db(segment[1])
            assert (left > right) if line.speaker == "Alice" else (right > left)  # Alice left, Bob right
    alice, bob = np.median(pitches["Alice"]), np.median(pitches["Bob"])
    assert abs(12 * np.log2(alice / bob)) > 4, (alice, bob)


def test_no_long_silence_and_no_half_written_files(meeting_sketch):
    result = meeting_sketch[".wav"]
    mono = decode(result.output).mean(axis=0)
    frame = RATE // 10
    levels = [rms_db(mono[i:i + frame]) for i in range(0, len(mono) - frame, frame)]
    quiet = longest = 0
    for level in levels:
        quiet = quiet + 1 if level < -50 else 0
        longest = max(longest, quiet)
    assert longest <= 30  # at most 3 s below -50 dB anywhere
    leftovers = [p for p in result.output.parent.iterdir() if ".partial" in p.name]
    assert leftovers == []


def test_sidecars_are_written_beside_the_audio(meeting_sketch):
    result = meeting_sketch[".m4b"]
    stem = result.output.with_suffix("")
    vtt = Path(f"{stem}.vtt").read_text()
    assert vtt.startswith("WEBVTT")
    assert "<v Alice>Good evening, comrades." in vtt and "<v Bob>I object to the agenda" in vtt
    assert "\n[Laughter]\n" in vtt
    chapters = json.loads(Path(f"{stem}.chapters.json").read_text())
    assert chapters["version"] == "1.2.0" and [c["title"] for c in chapters["chapters"]] == ["Opening", "Closing"]
    labels = Path(f"{stem}.labels.txt").read_text().splitlines()
    assert any(row.split("\t")[2].startswith("Bob: I object") for row in labels)


@pytest.mark.test_engine
def test_cli_render_preview_of_one_chapter(tmp_path):
    out = tmp_path / "part.mp3"
    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", out, "--chapter", "2", "-q")
    assert done.returncode == 0, done.stderr
    assert "1 chapters" in done.stdout
    info = ffprobe(out)
    assert [c["tags"]["title"] for c in info["chapters"]] == ["Closing"]
    assert float(info["format"]["duration"]) < 12


@pytest.mark.slow
@pytest.mark.test_engine
def test_a_new_pitch_is_shifted_during_the_mix_and_gives_the_samples_of_a_cold_render(tmp_path, monkeypatch):
    """A voice with no pitch of its own (the test engine's hilda, as Piper's joe) moved to another
    pitch: no engine speaks, the shifts are made by the render itself while it mixes (no worker
    starts), and the audio is the very audio of a cold render of the new cast."""
    from conftest import job
    import dramatize.synthesis
    from dramatize.render import render

    def cast(pitch: int) -> Path:
        path = tmp_path / f"cast-{pitch}.toml"
        path.write_text(TEST_CAST.read_text().replace('engine_voice = "test:boris"\nrate = 160\npitch = 15',
                                                      f'engine_voice = "test:hilda"\nrate = 160\npitch = {pitch}'))
        return path

    quiet = dict(warn=lambda m: None)
    render(job(DATA / "meeting.txt", tmp_path / "first.wav", cast(30), cache=tmp_path / "cache"), **quiet)
    monkeypatch.setattr(dramatize.synthesis, "_start", lambda *a: pytest.fail("a worker was started for a shift"))
    again = render(job(DATA / "meeting.txt", tmp_path / "again.wav", cast(70), cache=tmp_path / "cache"), **quiet)
    monkeypatch.undo()
    assert again.stats.synthesized == 0 and again.stats.shifted == 1  # Bob's one line, shifted again
    cold = render(job(DATA / "meeting.txt", tmp_path / "cold.wav", cast(70), cache=tmp_path / "cold"), **quiet)
    assert cold.stats.synthesized == cold.stats.unique and cold.stats.shifted == 0
    assert np.array_equal(decode(tmp_path / "again.wav"), decode(tmp_path / "cold.wav"))
    assert not np.array_equal(decode(tmp_path / "first.wav"), decode(tmp_path / "again.wav"))


# ---------------------------------------------------------------- bad input: one line, non-zero, nothing written

def assert_clean_failure(done, out: Path, message: str):
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.strip().splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    if out.parent.is_dir():
        assert not [p for p in out.parent.iterdir() if ".partial" in p.name]


def test_bad_scripts_fail_cleanly(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("ALICE: sacrée\n".encode("latin-1"))
    out = tmp_path / "out" / "x.m4b"
    cases = [(tmp_path / "missing.txt", "no such script"), (empty, "the script is empty"),
             (tmp_path, "is a folder, not a script"), (latin, "is not UTF-8 text")]
    for script, message in cases:
        assert_clean_failure(run_cli("render", script, "--cast", DATA / "cast.toml", "-o", out), out, message)


def test_unwritable_output_fails_cleanly(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    out = locked / "x.m4b"
    if os.access(locked, os.W_OK):  # root ignores permissions: use a path under a file instead
        out = DATA / "meeting.txt" / "x.m4b"
    done = run_cli("render", DATA / "meeting.txt", "--cast", DATA / "cast.toml", "-o", out)
    assert_clean_failure(done, out, "cannot write here")


def test_unsupported_format_and_bad_cast_fail_before_any_work(tmp_path):
    out = tmp_path / "x.ogg"
    assert_clean_failure(run_cli("render", DATA / "meeting.txt", "--cast", DATA / "cast.toml", "-o", out),
                         out, "unsupported output format '.ogg'")
    cast = tmp_path / "cast.toml"
    cast.write_text('[narrator]\nengine_voice = "gmw/en"\nrat = 3\n')
    out = tmp_path / "x.m4b"
    done = run_cli("render", DATA / "meeting.txt", "--cast", cast, "-o", out)
    assert_clean_failure(done, out, f"{cast}:3: narrator.rat: unknown key; did you mean 'rate'?")


@pytest.mark.parametrize("tool", ["ffmpeg", "espeak-ng"])
def test_missing_system_tool_is_named(tmp_path, tool):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for other in ("ffmpeg", "ffprobe", "espeak-ng"):
        if other != tool and not (tool == "ffmpeg" and other == "ffprobe"):
            os.symlink(shutil.which(other), bin_dir / other)
    env = dict(os.environ, PATH=str(bin_dir))
    out = tmp_path / "x.m4b"
    done = run_cli("render", DATA / "meeting.txt", "--cast", DATA / "cast.toml", "-o", out, env=env)
    assert_clean_failure(done, out, f"{tool} is not installed")


@pytest.mark.test_engine
def test_audition_plays_each_named_speaker_back_to_back(tmp_path):
    from conftest import SEED, SEED_CAST, on_test_engine
    from dramatize.export.wav import read_markers

    out = tmp_path / "audition.wav"
    cast = on_test_engine(SEED_CAST, tmp_path)
    done = run_cli("audition", "TROTSKY", "molotov", "KAMANEV", "--script", SEED, "--cast", cast, "-o", out)
    assert done.returncode == 0, done.stderr
    assert [title for _, title in read_markers(out)] == ["Trotsky", "Molotov", "Kamenev"]
    vtt = out.with_suffix(".vtt")
    assert not vtt.exists()  # an audition is for the ears only
    seconds = decode(out).shape[1] / RATE
    assert 5 < seconds < 40
    unknown = run_cli("audition", "STALIN", "--script", SEED, "--cast", cast, "-o", tmp_path / "x.wav")
    assert unknown.returncode == 2 and "no speaker STALIN in the cast" in unknown.stderr


@pytest.mark.test_engine
def test_audition_cue_plays_each_direction_as_its_sound(tmp_path):
    from dramatize.export.wav import read_markers

    out = tmp_path / "cues.wav"
    done = run_cli("audition", "--cue", "[A knock at the door.]", "--cue", "(Rain on the windows.)", "-o", out)
    assert done.returncode == 0, done.stderr
    marks = read_markers(out)
    assert [title for _, title in marks] == ["knock: A knock at the door.", "rain: Rain on the windows."]
    audio = decode(out)
    starts = [sample for sample, _ in marks] + [audio.shape[1]]
    for begin, end in zip(starts, starts[1:]):  # each chapter is a sound, not silence
        assert rms_db(audio[:, begin:end]) > -40
    spoken = tmp_path / "spoken.wav"
    told = run_cli("audition", "--cue", "[He sits down slowly.]", "-o", spoken)
    assert_clean_failure(told, spoken, "is not a sound: a render has it read aloud by the narrator")
    assert "knock" in told.stderr and "[[cues]] rule" in told.stderr


@pytest.mark.slow
@pytest.mark.parametrize("during", ["synthesis", "encoding"])
def test_ctrl_c_leaves_no_file_no_partial_entry_and_no_process(tmp_path, during):
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    script = tmp_path / "talk.txt"
    if during == "synthesis":  # sixty lines to speak: the workers are caught speaking
        script.write_text("".join(f"READER: This is line number {i} of the long talk.\n\n" for i in range(60)))
    else:  # one line said 150 times: one clip, then ten minutes (four AAC pieces) to mix and encode
        script.write_text("READER: The committee met again in the long hall that evening.\n\n" * 150)
    out, cache = tmp_path / "out", tmp_path / "cache"
    render = subprocess.Popen(
        [sys.executable, "-m", "dramatize", "render", script, "-o", out / "x.m4b"],
        cwd=ROOT, env=dict(os.environ, DRAMATIZE_CACHE=str(cache)), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as a terminal's Ctrl-C finds it

    def caught() -> bool:
        running = b"".join(command_line(pid) for pid in in_session(render.pid))
        if during == "synthesis":
            return b"dramatize.synthesis" in running and bool(list(cache.glob("clips/*/*.wav")))
        return b"ffmpeg" in running and any(p.stat().st_size > 50_000 for p in out.glob(".*.partial.m4b.pieces/*.aac"))

    deadline = time.monotonic() + 60
    while not caught():
        assert time.monotonic() < deadline and render.poll() is None, f"never caught during {during}"
        time.sleep(0.01)
    os.killpg(render.pid, signal.SIGINT)  # the whole group, as a terminal sends it
    _, err = render.communicate(timeout=30)
    assert render.returncode == 130 and err.strip().endswith("interrupted; nothing was written"), err
    assert not out.exists() or not list(out.iterdir())
    assert not list(cache.rglob("*partial*"))
    assert gone(render.pid)  # no worker, no ffmpeg left behind


@pytest.mark.slow
def test_a_stop_while_festival_speaks_ends_festival_too(tmp_path):
    """A Ctrl-C, or a `kill` of the render alone (which Festival never hears: its worker must end
    it), while Festival speaks: no process, no partial clip, no temporary folder left."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    script = tmp_path / "long.txt"
    script.write_text("READER: " + " and ".join(["the committee met again in the long hall that evening"] * 40) + ".\n")
    (tmp_path / "long.cast.toml").write_text('[speakers.READER]\nengine_voice = "festival:kal_diphone"\n')
    for stop, code, word in [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]:
        out, temp = tmp_path / f"out-{code}", tmp_path / f"temp-{code}"
        temp.mkdir()
        render = subprocess.Popen(
            [sys.executable, "-m", "dramatize", "render", script, "-o", out / "x.m4b"], cwd=ROOT,
            env=dict(os.environ, DRAMATIZE_CACHE=str(tmp_path / "cache"), TMPDIR=str(temp)),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 60
        while not any(b"text2wave" in command_line(pid) for pid in in_session(render.pid)):
            assert time.monotonic() < deadline and render.poll() is None, "Festival never started"
            time.sleep(0.02)
        while cpu_seconds(b"text2wave", render.pid) < 0.3:  # into its synthesis
            assert time.monotonic() < deadline, "Festival never got to work"
            time.sleep(0.01)
        if stop == signal.SIGINT:
            os.killpg(render.pid, stop)  # as a terminal sends it, to the whole group
        else:
            render.send_signal(stop)  # as `kill` sends it: to the render alone
        stopped = time.monotonic()
        _, err = render.communicate(timeout=30)
        assert render.returncode == code and err.strip().endswith(f"{word}; nothing was written"), err
        assert time.monotonic() - stopped < 1.5  # not waiting for Festival to finish its 400 words
        assert gone(render.pid)
        assert not list((tmp_path / "cache").rglob("*partial*"))
        assert not out.exists() or not list(out.iterdir())
        assert not [p for p in temp.iterdir() if p.name.startswith("dramatize-")]


def command_line(pid: int) -> bytes:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def cpu_seconds(name: bytes, session: int) -> float:
    """CPU time used so far by the session's processes whose command line holds `name`."""
    total = 0
    for pid in in_session(session):
        if name in command_line(pid):
            try:
                fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
    return total / os.sysconf("SC_CLK_TCK")


def gone(session: int, seconds: float = 3.0) -> bool:
    """Whether every process of the session has ended within `seconds` (polled, not slept)."""
    import time

    deadline = time.monotonic() + seconds
    while in_session(session):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def in_session(session: int) -> list[int]:
    """The processes still alive in a session (read from /proc: no procps needed)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session:
                    alive.append(int(entry.name))
            except OSError:
                pass  # gone meanwhile
    return alive


@pytest.mark.slow
def test_a_speech_worker_killed_mid_render_is_one_line_and_nothing_is_written(tmp_path):
    """One worker killed alone (the kernel's out-of-memory killer picks one): the render stops
    with a line saying so, writes nothing and leaves no other worker behind."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    script = tmp_path / "talk.txt"
    script.write_text("".join(f"READER: This is line number {i} of the long talk.\n\n" for i in range(60)))
    out, cache = tmp_path / "out", tmp_path / "cache"
    render = subprocess.Popen([sys.executable, "-m", "dramatize", "render", script, "-o", out / "x.m4b", "-q"],
                              cwd=ROOT, env=dict(os.environ, DRAMATIZE_CACHE=str(cache)), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    def parent(pid: int) -> int:
        try:
            return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            return 0

    while not (workers := [pid for pid in in_session(render.pid)  # a worker, not a fork speaking one clip
                           if b"dramatize.synthesis" in command_line(pid) and parent(pid) == render.pid]) \
            or not list(cache.glob("clips/*/*.wav")):
        assert time.monotonic() < deadline and render.poll() is None, "no worker caught speaking"
        time.sleep(0.01)
    os.kill(workers[0], signal.SIGKILL)
    _, err = render.communicate(timeout=30)
    assert render.returncode == 2 and err.strip().splitlines() == [
        "error: a speech worker was killed (signal 9; out of memory?)"], err
    assert not out.exists() or not list(out.iterdir())
    assert gone(render.pid)
