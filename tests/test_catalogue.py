"""A catalogue: several scripts in one run, on this machine or on a Dask cluster, giving exactly
the files each script gives rendered alone."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading

import numpy as np
import pytest

from conftest import DATA, TEST_CAST, decode, job, run_cli

pytestmark = pytest.mark.test_engine  # the catalogue is judged, not the voices

MEETING = (DATA / "meeting.txt").read_text()
# Shares ALICE's opening with the meeting (spoken once for both), and adds lines of its own.
SEQUEL = MEETING.split("\n")[0] + "\n\nBOB: I still object to the hour, and now to the minutes as well.\n\n" + \
    "ALICE: Noted. The minutes stand, the hour stands, and so does the meeting.\n"


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scripts")
    (folder / "meeting.txt").write_text(MEETING)
    (folder / "sequel.txt").write_text(SEQUEL)
    return [folder / "meeting.txt", folder / "sequel.txt"]


@pytest.fixture(scope="module")
def expected(scripts, tmp_path_factory):
    """What each script gives rendered alone (cold, its own cache), as `render` does it."""
    from dramatize.render import render

    folder = tmp_path_factory.mktemp("alone")
    for one in catalogue_jobs(scripts, folder, folder / "cache"):
        render(one, warn=lambda m: None)
    return written(folder)


def catalogue_jobs(scripts, folder, cache):
    return [job(s, folder / f"{s.stem}.wav", TEST_CAST, cache=cache, sidecars=False) for s in scripts]


def written(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.suffix == ".wav"}


def test_a_local_catalogue_speaks_a_shared_clip_once_and_writes_what_each_render_writes(scripts, expected, tmp_path):
    from dramatize.catalogue import render_catalogue

    result = render_catalogue(catalogue_jobs(scripts, tmp_path / "out", tmp_path / "cache"), warn=lambda m: None)
    assert not result.failed
    assert result.shared >= 1  # ALICE's opening, asked for by both scripts
    assert result.stats.synthesized == result.stats.unique  # a cold cache: every distinct clip spoken once
    assert written(tmp_path / "out") == expected
    assert len(decode(tmp_path / "out" / "sequel.wav")[0]) > 5 * 44100


def test_a_script_that_fails_is_listed_and_the_others_are_written(tmp_path):
    (tmp_path / "meeting.txt").write_text(MEETING)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00 not text")
    manifest = tmp_path / "catalogue.toml"
    manifest.write_text('[[render]]\nscript = "meeting.txt"\noutput = "out/meeting.wav"\ncast = "%s"\n\n'
                        '[[render]]\nscript = "broken.txt"\n' % TEST_CAST)
    done = run_cli("render", "--catalogue", manifest, "-o", tmp_path / "out", "--no-sidecars", "-q")
    assert done.returncode == 1, done.stderr
    assert "rendered 1 of 2 scripts" in done.stdout
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.txt" in errors[0] and "Traceback" not in done.stderr
    assert (tmp_path / "out" / "meeting.wav").stat().st_size > 44100
    assert not (tmp_path / "out" / "broken.m4b").exists()


def test_a_catalogue_file_with_mistakes_is_refused_whole(tmp_path):
    manifest = tmp_path / "catalogue.toml"
    manifest.write_text('[[render]]\nscript = "a.txt"\noutptu = "x.wav"\n\n[[render]]\noutput = "b.wav"\n'
                        '\n[[render]]\nscript = "c.txt"\nformat = "sonnet"\n')
    done = run_cli("render", "--catalogue", manifest)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "'outptu' is not a key" in done.stderr and "number 2: no script" in done.stderr
    assert "number 3: format 'sonnet'" in done.stderr


def test_two_scripts_cannot_write_the_same_file(scripts, tmp_path):
    (tmp_path / "again").mkdir()
    shutil.copy(scripts[0], tmp_path / "again" / "meeting.txt")
    done = run_cli("render", scripts[0], tmp_path / "again" / "meeting.txt", "-o", tmp_path / "out")
    assert done.returncode == 2 and "would write the same file" in done.stderr


def test_an_unreachable_scheduler_is_one_line(scripts, tmp_path):
    done = run_cli("render", *scripts, "--cluster", "tcp://127.0.0.1:9", "-o", tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: --cluster tcp://127.0.0.1:9: cannot reach")
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    distributed = pytest.importorskip("distributed")
    # The workers' own cache, not the run's: another test file may have made these clips there.
    own = {"DRAMATIZE_CACHE": str(tmp_path_factory.mktemp("workers-cache"))}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR, env=own) as local:
        yield local


@pytest.mark.slow
@pytest.mark.parametrize("shared", [False, True], ids=["clips-sent-back", "shared-folder"])
def test_a_two_worker_cluster_renders_what_this_machine_renders(cluster, scripts, expected, tmp_path, shared):
    from dramatize.catalogue import render_catalogue

    jobs = catalogue_jobs(scripts, tmp_path / "out", tmp_path / "cache")
    result = render_catalogue(jobs, cluster.scheduler_address, shared, warn=lambda m: None)
    assert not result.failed, result.failed
    assert written(tmp_path / "out") == expected
    if not shared:  # the workers' clips came back into this machine's cache
        assert result.stats.synthesized + result.stats.shifted > 0
        assert len(list((tmp_path / "cache" / "clips").glob("*/*.wav"))) >= result.stats.unique


@pytest.mark.slow
def test_a_worker_killed_mid_render_loses_nothing(cluster, scripts, expected, tmp_path):
    from distributed import Client

    from dramatize.catalogue import render_catalogue

    jobs = catalogue_jobs(scripts, tmp_path / "out", tmp_path / "cache")
    outcome = {}
    render = threading.Thread(target=lambda: outcome.update(result=render_catalogue(
        jobs, cluster.scheduler_address, warn=lambda m: None)))
    with Client(cluster.scheduler_address, set_as_default=False) as watcher:
        pids = watcher.run(os.getpid)
        render.start()
        busy = []
        while render.is_alive() and not busy:  # poll for a worker speaking a batch, then kill it
            busy = [address for address, tasks in watcher.processing().items() if tasks]
        assert busy, "the render finished before a worker could be killed"
        os.kill(pids[busy[0]], signal.SIGKILL)
        render.join(timeout=240)
    result = outcome["result"]
    assert not result.failed, result.failed
    assert written(tmp_path / "out") == expected


@pytest.mark.test_engine(False)  # a real engine the worker lacks
def test_a_worker_without_the_engine_fails_the_script_in_one_line(scripts, tmp_path):
    distributed = pytest.importorskip("distributed")
    from dramatize.catalogue import render_catalogue

    # Festival's text2wave is not on this worker's PATH: it cannot speak a cast that names Festival.
    cast = tmp_path / "festival.toml"
    cast.write_text('[speakers.ALICE]\nengine_voice = "festival:kal_diphone"\n\n'
                    '[speakers.BOB]\nengine_voice = "festival:ked_diphone"\n')
    if shutil.which("text2wave") is None:
        pytest.skip("Festival is not installed here either")
    one = job(scripts[0], tmp_path / "out" / "meeting.wav", cast, cache=tmp_path / "cache", sidecars=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR, env={"PATH": "/nonexistent"}) as bare:
        result = render_catalogue([one], bare.scheduler_address, warn=lambda m: None)
    assert [e.error for e in result.entries][0].startswith("the Dask worker on ")
    assert "cannot speak with festival" in result.entries[0].error
    assert not (tmp_path / "out" / "meeting.wav").exists()


def test_several_scripts_from_the_command_line(scripts, tmp_path):
    done = run_cli("render", *scripts, "--cast", TEST_CAST, "-o", tmp_path / "out", "--no-sidecars", "-q")
    assert done.returncode == 0, done.stderr
    assert "rendered 2 of 2 scripts" in done.stdout and "shared by several scripts" in done.stdout
    for name in ("meeting.m4b", "sequel.m4b"):
        audio = decode(tmp_path / "out" / name)
        assert np.abs(audio).max() > 0.1
