"""Faults injected, not reasoned away: damaged cache entries of every store, a full disk while
the audio and while the sidecars are written, processes killed mid-render, hostile producer
files and patterns. Each ends with a correct output or a one-line error, the old outputs intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from conftest import DATA, ROOT, SEED, TEST_CAST, decode, job, run_cli, test_engine_only
from dramatize.cache import stores
from dramatize.export.sidecars import sidecar_paths
from dramatize.render import render

pytestmark = pytest.mark.slow  # whole renders killed, filled up and damaged

QUIET = dict(warn=lambda message: None)


def cli_env(cache: Path) -> dict:
    return dict(os.environ, DRAMATIZE_CACHE=str(cache))


def one_error_line(done) -> str:
    errors = [line for line in done.stderr.strip().splitlines() if not line.startswith("warning: ")]
    assert done.returncode == 2 and len(errors) == 1 and errors[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr
    return errors[0]


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


def rendered_cold(folder: Path, cast: Path) -> np.ndarray:
    """The small fixture rendered from an empty cache: the reference every fault is compared with."""
    render(job(DATA / "meeting.txt", folder / "cold.wav", cast, cache=folder / "cache"), **QUIET)
    return decode(folder / "cold.wav")


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """With real voices: espeak-ng kept deterministic by a fresh fork per clip (synthesis.py)."""
    return rendered_cold(tmp_path_factory.mktemp("cold"), DATA / "cast.toml")


@pytest.fixture(scope="module")
def cold_sketch(tmp_path_factory):
    """With the test engine, for the faults of the cache and the pipeline."""
    with test_engine_only():
        return rendered_cold(tmp_path_factory.mktemp("cold-sketch"), TEST_CAST)


# ---------------------------------------------------------------- the cache cannot poison a render

DAMAGE = {
    "truncated": lambda data: data[: len(data) // 3],
    "empty": lambda data: b"",
    "garbage": lambda data: os.urandom(len(data)),
    "one bit flipped in the header": lambda data: data[:20] + bytes([data[20] ^ 1]) + data[21:],
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.test_engine
def test_damaged_cache_entries_of_every_store_are_made_again_and_reported(tmp_path, cache, cold_sketch, damage):
    render(job(DATA / "meeting.txt", tmp_path / "first.wav", TEST_CAST, cache=cache), **QUIET)
    entries = {store: sorted(p for p in (cache / store).glob("*/*") if ".partial" not in p.name)
               for store in ("clips", "beds", "gains")}
    assert all(entries.values())
    for entry in (entry for found in entries.values() for entry in found):
        entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", tmp_path / "again.wav",
                   env=cli_env(cache))
    assert done.returncode == 0, done.stderr
    assert f"{sum(map(len, entries.values()))} damaged cache entries re-made" in done.stdout
    assert np.array_equal(decode(tmp_path / "again.wav"), cold_sketch)  # never silence, never a traceback
    for store, found in entries.items():
        assert all(stores(cache)[store].get(p.stem) for p in found), store  # sealed and whole again


# ---------------------------------------------------------------- the same inputs, the same samples

def test_a_render_resumed_after_sigkill_is_sample_identical_to_a_cold_one(tmp_path, cold):
    cache = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, "-m", "dramatize", "render", DATA / "meeting.txt", "--cast",
                                DATA / "cast.toml", "-o", tmp_path / "killed.wav"], cwd=ROOT, env=cli_env(cache),
                               start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(cache.glob("clips/*/*.wav"))) < 3:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # the render, its workers and their forks, mid-synthesis
    process.wait()
    done = run_cli("render", DATA / "meeting.txt", "--cast", DATA / "cast.toml", "-o", tmp_path / "resumed.wav",
                   env=cli_env(cache))
    assert done.returncode == 0, done.stderr
    assert "clips from cache" in done.stdout and not (tmp_path / "killed.wav").exists()
    assert np.array_equal(decode(tmp_path / "resumed.wav"), cold)
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_a_cache_filled_in_another_order_gives_the_same_samples(tmp_path, cache, cold):
    """Clips of one voice made first, in a render of their own, then the rest: the history of
    the cache differs, the samples do not."""
    bob_only = tmp_path / "bob.txt"
    bob_only.write_text((DATA / "meeting.txt").read_text().split("\n\n")[1] + "\n")
    render(job(bob_only, tmp_path / "bob.wav", DATA / "cast.toml", cache=cache), **QUIET)
    render(job(DATA / "meeting.txt", tmp_path / "all.wav", DATA / "cast.toml", cache=cache), **QUIET)
    assert np.array_equal(decode(tmp_path / "all.wav"), cold)


def test_two_concurrent_renders_give_the_samples_of_a_cold_one(tmp_path, cold):
    cache = tmp_path / "cache"
    renders = [subprocess.Popen([sys.executable, "-m", "dramatize", "render", DATA / "meeting.txt", "--cast",
                                 DATA / "cast.toml", "-o", tmp_path / f"c{i}.wav", "-q"], cwd=ROOT, env=cli_env(cache),
                                stderr=subprocess.PIPE, text=True) for i in range(2)]
    for process in renders:
        assert process.wait() == 0, process.stderr.read()
    for i in range(2):
        assert np.array_equal(decode(tmp_path / f"c{i}.wav"), cold)


# ---------------------------------------------------------------- a full disk

@contextmanager
def small_disk(folder: Path, kilobytes: int):
    """A real full disk: a tmpfs of this size mounted at `folder` (needs root, as CI has)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"cannot mount a small tmpfs to fill (run the tests as root): {mounted.stderr}"
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("suffix, kilobytes", [(".wav", 600), (".m4b", 60)])
@pytest.mark.test_engine
def test_a_full_disk_while_writing_the_audio_is_one_line_and_keeps_the_old_outputs(tmp_path, cache, suffix,
                                                                                     kilobytes):
    with small_disk(tmp_path / "disk", kilobytes) as disk:
        old = {disk / name: b"previous " + name.encode() for name in (f"drama{suffix}", "drama.vtt")}
        for path, data in old.items():
            path.write_bytes(data)
        done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", disk / f"drama{suffix}",
                       env=cli_env(cache))
        message = one_error_line(done)
        assert "No space left on device" in message and f"drama{suffix}" in message
        assert {p: p.read_bytes() for p in old} == old  # the old set, as it was
        assert sorted(p.name for p in disk.iterdir()) == sorted(p.name for p in old)  # no temporary file left


@pytest.mark.test_engine
def test_a_full_disk_while_writing_the_sidecars_keeps_the_old_set_whole(tmp_path, cache):
    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", tmp_path / "m.m4b",
                   env=cli_env(cache))
    assert done.returncode == 0, done.stderr
    size = (tmp_path / "m.m4b").stat().st_size
    with small_disk(tmp_path / "disk", size // 1024 + 40) as disk:  # the audio fits; the page does not
        old = {disk / "drama.m4b": b"previous audio", disk / "drama.html": b"previous page"}
        for path, data in old.items():
            path.write_bytes(data)
        done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", disk / "drama.m4b",
                       env=cli_env(cache))
        assert "No space left on device" in one_error_line(done)
        assert {p: p.read_bytes() for p in old} == old
        assert sorted(p.name for p in disk.iterdir()) == ["drama.html", "drama.m4b"]


# ---------------------------------------------------------------- killed at several points

@pytest.mark.parametrize("when", ["synthesis", "encoding"])
@pytest.mark.test_engine
def test_sigkill_leaves_no_output_and_the_next_render_cleans_up(tmp_path, when):
    cache, out = tmp_path / "cache", tmp_path / "out" / "seed.m4b"
    part = ["--chapter", "2", "--cast", "none"]  # seven minutes of the seed: long enough to be caught in the act
    if when == "encoding":  # the clips ready, so the kill lands while ffmpeg writes
        assert run_cli("render", SEED, *part, "-o", tmp_path / "warm.wav", "-q", "--no-sidecars",
                       env=cli_env(cache)).returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "dramatize", "render", SEED, *part, "-o", out], cwd=ROOT,
                               env=cli_env(cache), start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    def reached() -> bool:
        if when == "synthesis":
            return len(list(cache.glob("clips/*/*.wav"))) > 5
        return any(p.stat().st_size > 200_000 for p in out.parent.glob(".*.partial.m4b.pieces/*.aac"))  # encoding

    deadline = time.time() + 120
    while time.time() < deadline and not reached():
        time.sleep(0.02)
    assert reached() and process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not out.exists()
    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", out.parent / "next.wav",
                   env=cli_env(cache))
    assert done.returncode == 0, done.stderr
    assert not [p for p in out.parent.iterdir() if ".partial" in p.name]  # the killed render's leftovers too


# ---------------------------------------------------------------- outputs never replace inputs

@pytest.mark.parametrize("script_name, output_name", [("talk.vtt", "talk.m4b"), ("play.labels.txt", "play.mp3"),
                                                      ("same.m4b", "same.m4b"), ("page.html", "page.wav")])
def test_an_output_that_would_replace_the_script_is_refused(tmp_path, script_name, output_name):
    script = tmp_path / script_name
    text = "ALICE: Hello there, all of you.\n\nBOB: And hello to you.\n"
    script.write_text(text)
    done = run_cli("render", script, "--format", "transcript", "-o", tmp_path / output_name)
    assert "would replace the script" in one_error_line(done)
    assert script.read_text() == text


@pytest.mark.test_engine
def test_an_output_that_would_replace_the_cast_file_a_sound_or_the_cover_is_refused(tmp_path):
    from test_export import tiny_png

    sound = tmp_path / "laugh.wav"
    assert run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", sound, "--no-sidecars",
                   "--lines", "3").returncode == 0
    cover = tiny_png(tmp_path / "cover.png")
    cover = cover.rename(tmp_path / "x.html")  # a PNG, whatever its name
    cast = tmp_path / "x.labels.txt"  # a cast file, whatever its name
    cast.write_text(TEST_CAST.read_text().replace('title = "A Small Meeting"',
                                                             'title = "A Small Meeting"\ncover = "x.html"')
                    + '\n[[cues]]\nmatch = "laughter"\nfile = "laugh.wav"\n')
    before = {path: path.read_bytes() for path in (sound, cover, cast)}
    for output, what in ((tmp_path / "x.m4b", "cast file"), (tmp_path / "laugh.wav", "cue sound")):
        done = run_cli("render", DATA / "meeting.txt", "--cast", cast, "-o", output)
        assert f"would replace the {what}" in one_error_line(done)
    done = run_cli("render", DATA / "meeting.txt", "--cast", cast, "-o", tmp_path / "x.mp3", "--no-sidecars")
    assert done.returncode == 0, done.stderr  # the same files, no clash: it renders
    cast.rename(tmp_path / "cast.toml")
    text = (tmp_path / "cast.toml").read_text()
    done = run_cli("render", DATA / "meeting.txt", "--cast", tmp_path / "cast.toml", "-o", tmp_path / "x.wav")
    assert "would replace the cover" in one_error_line(done)
    assert {path: path.read_bytes() for path in (sound, cover)} == {p: before[p] for p in (sound, cover)}
    assert (tmp_path / "cast.toml").read_text() == text


def test_an_output_path_that_is_a_folder_is_refused_before_any_work(tmp_path):
    (tmp_path / "x.m4b").mkdir()
    started = time.perf_counter()
    done = run_cli("render", SEED, "-o", tmp_path / "x.m4b")
    assert "is a folder" in one_error_line(done) and time.perf_counter() - started < 15


def test_a_failed_render_removes_the_folder_it_created(tmp_path):
    out = tmp_path / "new" / "deeper" / "x.m4b"
    done = run_cli("render", DATA / "meeting.txt", "--cast", tmp_path / "missing.toml", "-o", out)
    one_error_line(done)
    assert not (tmp_path / "new").exists()


# ---------------------------------------------------------------- producer files, patterns, odd text

def test_producer_files_are_checked_by_their_content_with_the_cast_files_line(tmp_path):
    (tmp_path / "fake.wav").write_text("this is not audio")
    png = tmp_path / "img.mp3"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    (tmp_path / "cover.png").write_text("not an image at all")
    cast = tmp_path / "cast.toml"
    cast.write_text((DATA / "cast.toml").read_text().replace('title = "A Small Meeting"',
                                                             'title = "A Small Meeting"\ncover = "cover.png"')
                    + '\n[[cues]]\nmatch = "laughter"\nfile = "fake.wav"\n\n[[cues]]\nmatch = "applause"\n'
                      'file = "img.mp3"\n')
    started = time.perf_counter()
    done = run_cli("render", DATA / "meeting.txt", "--cast", cast, "-o", tmp_path / "x.m4b")
    errors = done.stderr.strip().splitlines()
    assert done.returncode == 2 and time.perf_counter() - started < 15
    text = "\n".join(errors)
    lines = cast.read_text().splitlines()
    fake_line = next(i for i, line in enumerate(lines, 1) if "fake.wav" in line)
    img_line = next(i for i, line in enumerate(lines, 1) if "img.mp3" in line)
    assert f"{cast}:{fake_line - 2}: cues.file: fake.wav: is not audio ffmpeg can decode" in text or \
        "cues.file: fake.wav: is not audio" in text
    assert "img.mp3: is not audio ffmpeg can decode" in text or "img.mp3: is an image" in text
    assert "cover.png: a cover must be a PNG or JPEG image" in text
    assert str(img_line) in text or "cues.file: img.mp3" in text


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$"])
@pytest.mark.test_engine
def test_a_pattern_that_backtracks_never_hangs_a_render(tmp_path, pattern):
    """The issue's (a+)+$ runs in linear time in the `regex` engine; one that still backtracks
    without end there, (a|aa)+$, is stopped and named with its line."""
    script = tmp_path / "s.txt"
    script.write_text("ALICE: Now then. [A" + "a" * 60 + "!]\n\nBOB: Yes.\n")
    cast = tmp_path / "cast.toml"
    cast.write_text(TEST_CAST.read_text() + f'\n[[cues]]\nmatch = "{pattern}"\ntype = "murmur"\n')
    started = time.perf_counter()
    done = run_cli("render", script, "--cast", cast, "-o", tmp_path / "x.wav")
    assert time.perf_counter() - started < 20
    if pattern == "(a+)+$":
        assert done.returncode == 0, done.stderr
        return
    message = one_error_line(done)
    assert "takes too long" in message and pattern in message and f"{cast}:" in message


def test_long_numbers_and_text_the_voices_cannot_read_never_abort_a_render(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("ALICE: The number is 123456789012345678901234567890, and it cost $12.50 in 1927.\n\n"
                      "BOB: 中华人民共和国万岁\n\nALICE: And that was all.\n")
    done = run_cli("render", script, "-o", tmp_path / "x.wav")
    assert done.returncode == 0, done.stderr
    assert "Chinese script" in done.stderr and ":3:" in done.stderr
    vtt = (tmp_path / "x.vtt").read_text()
    assert "123456789012345678901234567890" in vtt  # the transcript as written
    cast = tmp_path / "s.cast.toml"  # a pronunciation gives the unreadable line words to say
    cast.write_text('[pronunciations]\n"中华人民共和国万岁" = "Long live the People\'s Republic of China"\n')
    done = run_cli("render", script, "-o", tmp_path / "y.wav")
    assert done.returncode == 0 and "Chinese script" not in done.stderr, done.stderr
    assert "<v Bob>中华人民共和国万岁" in (tmp_path / "y.vtt").read_text()


def test_utf16_scripts_are_read(tmp_path):
    text = "ALICE: Héllo there, comrades.\n\nBOB: And hello to you.\n"
    for encoding in ("utf-16", "utf-16-le"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        done = run_cli("inspect", path, "--json", "--cast", "none")
        assert done.returncode == 0 and "Héllo there" in done.stdout, done.stderr


def test_an_endless_script_is_refused(tmp_path):
    done = run_cli("inspect", "/dev/zero")
    assert "not a regular file" in one_error_line(done)  # refused before a byte is read


@pytest.mark.test_engine
def test_control_characters_and_arrows_never_reach_the_transcripts(tmp_path):
    cast = tmp_path / "cast.toml"
    cast.write_text(TEST_CAST.read_text().replace('chapters = ["Opening", "Closing"]',
                                                             'chapters = ["Open\\u0007ing --> now", "Clo\\tsing"]')
                    .replace('title = "A Small Meeting"', 'title = "A Small\\u0000 --> Meeting"'))
    done = run_cli("render", DATA / "meeting.txt", "--cast", cast, "-o", tmp_path / "x.m4b")
    assert done.returncode == 0, done.stderr
    for path in sidecar_paths(tmp_path / "x.m4b").values():
        text = path.read_text()
        assert "\x07" not in text and "\x00" not in text
        if path.suffix == ".vtt":
            assert text.count("-->") == sum(1 for line in text.splitlines() if " --> " in line and line[:2].isdigit())
    labels = (tmp_path / "x.labels.txt").read_text().splitlines()
    assert all(line.count("\t") == 2 for line in labels)


@pytest.mark.parametrize("label", ["Molotov:", "BUKHÁRIN:", "STALIN (from his seat):"])
def test_labels_of_every_kind_are_speakers_not_words(tmp_path, label):
    script = tmp_path / "s.txt"
    script.write_text(f"TROTSKY: You have allotted me forty-five minutes.\n\n{label} Lies, all of it!\n\n"
                      f"TROTSKY: That is what I say.\n")
    done = run_cli("inspect", script, "--json", "--cast", ROOT / "voices" / "war-danger-1927.toml")
    import json

    document = json.loads(done.stdout)
    speech = next(e for c in document["chapters"] for e in c["events"] if e.get("line") == 3 and e["kind"] == "speech")
    assert speech["text"] == "Lies, all of it!"
    assert speech["speakers"] == [{"Molotov:": "MOLOTOV", "BUKHÁRIN:": "BUKHÁRIN",
                                   "STALIN (from his seat):": "STALIN"}[label]]


def test_an_alias_equal_to_another_speakers_id_is_an_error(tmp_path):
    cast = tmp_path / "cast.toml"
    cast.write_text('[speakers.ALICE]\nengine_voice = "gmw/en"\naliases = ["BOB"]\n\n'
                    '[speakers.BOB]\nengine_voice = "gmw/en+m3"\n')
    done = run_cli("cast", DATA / "meeting.txt", "--cast", cast)
    assert done.returncode == 2 and "BOB is also an alias of ALICE" in done.stderr


def test_a_later_cue_rule_and_an_effect_parameter_point_at_their_own_lines(tmp_path):
    cast = tmp_path / "cast.toml"
    text = ('[speakers.A]\nengine_voice = "gmw/en"\neffects = [\n  { type = "lowpass", cutoff_hz = 5000 },\n'
            '  { type = "gain", gain_db = 99 },\n]\n\n[[cues]]\nmatch = "laugh"\ntype = "laughter"\n\n'
            '[[cues]]\nmatch = "clap"\ntype = "aplause"\n')
    cast.write_text(text)
    done = run_cli("cast", DATA / "meeting.txt", "--cast", cast)
    assert f"{cast}:5: speakers.A.effects.gain.gain_db: 99 is out of range" in done.stderr
    assert f"{cast}:14: cues.type: unknown cue type 'aplause'" in done.stderr


def test_script_and_cast_errors_are_reported_together(tmp_path):
    script = tmp_path / "bad.txt"
    script.write_bytes(b"\xff\xfe\x00\x00broken")
    cast = tmp_path / "cast.toml"
    cast.write_text("[speakers.A\n")
    done = run_cli("render", script, "--cast", cast, "-o", tmp_path / "x.wav")
    assert done.returncode == 2
    assert str(script) in done.stderr and "TOML syntax error" in done.stderr


def test_check_refuses_a_bad_preset_before_measuring(tmp_path):
    started = time.perf_counter()
    done = run_cli("check", ROOT / "pyproject.toml", "--master", "bogus")
    assert "--master bogus" in one_error_line(done) and time.perf_counter() - started < 5


@pytest.mark.test_engine
def test_check_decodes_the_whole_file_and_fails_a_truncated_one(tmp_path, cache):
    out = tmp_path / "m.m4b"
    assert run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", out,
                   env=cli_env(cache)).returncode == 0
    assert run_cli("check", out).returncode == 0
    cut = tmp_path / "cut.m4b"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 3])
    done = run_cli("check", cut)
    assert done.returncode == 1 and "cut short or damaged" in done.stdout, done.stdout
    # An MP3 one byte short decodes without a word from ffmpeg: read frame by frame, it fails
    mp3 = tmp_path / "m.mp3"
    assert run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", mp3, "--no-sidecars",
                   env=cli_env(cache)).returncode == 0
    assert run_cli("check", mp3).returncode == 0
    mp3.write_bytes(mp3.read_bytes()[:-1])
    done = run_cli("check", mp3)
    assert done.returncode == 1 and "the last MP3 frame is cut short" in done.stdout, done.stdout


# ---------------------------------------------------------------- odd input found in review

@pytest.mark.test_engine
def test_wordless_lines_a_cast_without_crowd_voices_and_a_narrator_without_a_voice(tmp_path):
    """ "…" is a beat, not a failed clip; a cast file with no crowd voices gets the automatic
    ones for the benches; a [narrator] with only placement keeps it on the automatic voice."""
    script = tmp_path / "s.txt"
    script.write_text("ALICE: Hello there. [Commotion in the hall]\n\nBOB: …\n\nALICE: Well?\n\nBOB: ?!\n\n"
                      "ALICE: Fine.\n", encoding="utf-8")
    cast = tmp_path / "s.cast.toml"
    cast.write_text('[narrator]\npan = -0.4\n[speakers.ALICE]\nengine_voice = "test:fay"\n'
                    '[speakers.BOB]\nengine_voice = "test:alan"\n')
    done = run_cli("render", script, "-o", tmp_path / "x.wav")
    assert done.returncode == 0, done.stderr
    vtt = (tmp_path / "x.vtt").read_text(encoding="utf-8")
    assert "<v Alice>Well?" in vtt and "<v Alice>Fine." in vtt and "[Commotion in the hall]" in vtt


def test_a_hearing_with_nothing_after_its_cover_is_one_clear_error(tmp_path):
    script = tmp_path / "h.txt"
    script.write_text("UNITED STATES SENATE\n\nCOMMITTEE ON THINGS\n\nPROCEEDINGS\n")
    message = one_error_line(run_cli("inspect", script, "--format", "hearing"))
    assert "line 5: nothing follows 'PROCEEDINGS'" in message


@pytest.mark.test_engine
def test_a_script_without_labels_speaks_its_title_lines(tmp_path):
    script = tmp_path / "essay.txt"
    script.write_text("A Short Essay\n\nJane Writer\n\nThis text has no speaker labels at all, and it goes on for a "
                      "while. The narrator reads it.\n")
    done = run_cli("render", script, "-o", tmp_path / "x.wav", "-q")
    assert done.returncode == 0, done.stderr
    vtt = (tmp_path / "x.vtt").read_text(encoding="utf-8")
    assert "A Short Essay" in vtt and "Jane Writer" in vtt


@pytest.mark.test_engine
def test_check_reads_chapter_titles_as_titles_not_as_errors(tmp_path):
    cast = tmp_path / "cast.toml"
    cast.write_text(TEST_CAST.read_text().replace('chapters = ["Opening", "Closing"]',
                                                            'chapters = ["The error of it", "Corrupt data"]'))
    out = tmp_path / "x.m4b"
    assert run_cli("render", DATA / "meeting.txt", "--cast", cast, "-o", out, "-q").returncode == 0
    done = run_cli("check", out)
    assert done.returncode == 0, done.stdout
