"""Shared fixtures. A test renders with real engines and ffmpeg, unless it does not judge a voice:
then it is marked `test_engine` (a test, or a module's pytestmark) and speaks with the
deterministic test engine (engines/testing_engine.py, DRAMATIZE_ENGINES=test), tens of times
quicker. Clips are cached in one temporary folder per test run (shared by pytest-xdist's workers:
the cache is safe for concurrent renders), so the suite stays fast without sharing the user's cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "war-danger-1927.txt"
SEED_CAST = ROOT / "voices" / "war-danger-1927.toml"
TEST_CAST = DATA / "test-cast.toml"  # cast.toml's cast on the test engine
RATE = 44100
# Automatic casts in the tests take the quick voices (no Kokoro) unless a test asks for "final":
# test_kokoro.py hears Kokoro itself, test_cast.py checks the final cast.
os.environ.setdefault("DRAMATIZE_QUALITY", "draft")


def pytest_configure(config):
    config.addinivalue_line("markers", "test_engine(on=True): speaks with the deterministic test engine "
                                       "(DRAMATIZE_ENGINES=test), for a test that does not judge a voice; "
                                       "test_engine(False): a test of such a module that hears real voices")


@contextmanager
def test_engine_only(on: bool = True):
    """Renders, casts and command lines within it speak with the test engine alone (on), or with
    every installed engine (off: a test that hears a voice, in a module of the test engine's)."""
    saved = os.environ.pop("DRAMATIZE_ENGINES", None)
    if on:
        os.environ["DRAMATIZE_ENGINES"] = "test"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("DRAMATIZE_ENGINES", None)
        else:
            os.environ["DRAMATIZE_ENGINES"] = saved


test_engine_only.__test__ = False  # a helper, not a test


def _marked(request):
    """`test_engine` on a module or a test: the test engine alone; `test_engine(False)`: the real ones."""
    marker = request.node.get_closest_marker("test_engine")
    if marker is None:
        yield
    else:
        with test_engine_only(marker.args[0] if marker.args else True):
            yield


# A marked module's own fixtures render with the test engine too: the module's is set up first.
_module_engines = pytest.fixture(scope="module", autouse=True, name="_module_engines")(_marked)
_test_engines = pytest.fixture(autouse=True, name="_test_engines")(_marked)


@pytest.fixture(scope="session", autouse=True)
def clip_cache(tmp_path_factory, worker_id):
    # Under xdist each worker has its own base folder inside the run's: the cache goes in the run's.
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if worker_id != "master" else base) / "clip-cache"
    folder.mkdir(exist_ok=True)
    os.environ["DRAMATIZE_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def engine():
    from dramatize.engines import create_engine

    return create_engine("pyttsx3")


def job(script, output, cast=None, **options):
    """A RenderJob for `script`, caching in the session's clip cache unless `cache` is given."""
    from dramatize.job import RenderJob

    options.setdefault("cache", Path(os.environ["DRAMATIZE_CACHE"]))
    return RenderJob(Path(script), Path(output), cast, **options)


def load_voiced(path: Path, engine):
    """A cast file loaded, and each voice's first installed candidate chosen, as a render does."""
    from dramatize.production.casting import choose_voices
    from dramatize.production.config import load_cast

    return choose_voices(load_cast(path), {"pyttsx3": engine})[0]


def run_cli(*args, env=None, cwd=None):
    """The real command line in a subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "dramatize", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT, stdin=subprocess.DEVNULL)


def ffprobe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters",
                          "-of", "json", str(path)], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """Any audio file as (2, n) float32 at `rate`, decoded by ffmpeg."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "2", "-ar", str(rate), "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<f4").reshape(-1, 2).T.copy()


def median_pitch(mono: np.ndarray, rate: int = RATE) -> float:
    """Median fundamental frequency of the voiced 40 ms frames, by autocorrelation."""
    frame = int(0.04 * rate)
    low, high = int(rate / 400), int(rate / 60)
    pitches = []
    for start in range(0, len(mono) - frame, frame):
        x = mono[start:start + frame] - mono[start:start + frame].mean()
        if np.sqrt(np.mean(x ** 2)) < 0.01:
            continue
        ac = np.correlate(x, x, mode="full")[frame - 1:]
        lag = low + int(np.argmax(ac[low:high]))
        if ac[lag] > 0.4 * ac[0]:
            pitches.append(rate / lag)
    return float(np.median(pitches)) if pitches else 0.0


def voice_features(stereo: np.ndarray) -> tuple[float, float, float]:
    """(median pitch Hz, spectral centroid Hz, stereo balance -1..1) of a stretch of one voice."""
    mono = stereo.mean(axis=0)
    spectrum = np.abs(np.fft.rfft(mono))
    centroid = float((np.fft.rfftfreq(len(mono), 1 / RATE) * spectrum).sum() / spectrum.sum())
    left, right = (float(np.sqrt(np.mean(c.astype(np.float64) ** 2))) for c in stereo)
    return median_pitch(mono), centroid, (right - left) / (right + left)


def sound_distinct(a: tuple, b: tuple) -> bool:
    """Two voices tell apart: over 1.5 semitones apart, 15 % apart in brightness, or placed apart."""
    semitones = abs(12 * np.log2(a[0] / b[0]))
    return semitones > 1.5 or max(a[1], b[1]) / min(a[1], b[1]) > 1.15 or abs(a[2] - b[2]) > 0.2


def rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.asarray(x, dtype=np.float64) ** 2) + 1e-20))


def on_test_engine(cast: Path, folder: Path) -> Path:
    """A copy of a cast file in `folder` whose every voice (and crowd voice) is the test engine's."""
    from dramatize.engines.testing_engine import VOICES

    names = iter(list(VOICES) * 100)
    text = re.sub(r'(?ms)^(engine_voices?) = (\[.*?\]|"[^"\n]*")',
                  lambda m: f'{m.group(1)} = "test:{next(names)}"' if m.group(1) == "engine_voice"
                  else f'{m.group(1)} = ["test:{next(names)}", "test:{next(names)}"]', cast.read_text(encoding="utf-8"))
    out = folder / cast.name
    out.write_text(text, encoding="utf-8")
    return out


def render_meeting(folder: Path, cast: Path) -> dict:
    """The small fixture rendered to M4B and to WAV (same timeline): the results by suffix."""
    from dramatize.render import render

    return {suffix: render(job(DATA / "meeting.txt", folder / f"meeting{suffix}", cast), warn=lambda m: None)
            for suffix in (".m4b", ".wav")}


@pytest.fixture(scope="session")
def meeting_render(tmp_path_factory):
    """The small fixture rendered with real voices, for the tests that hear them."""
    with test_engine_only(False):  # whichever test asks first
        return render_meeting(tmp_path_factory.mktemp("meeting"), DATA / "cast.toml")


@pytest.fixture(scope="session")
def meeting_sketch(tmp_path_factory):
    """The small fixture rendered with the test engine, for the tests of everything but the voices."""
    with test_engine_only():
        return render_meeting(tmp_path_factory.mktemp("meeting-sketch"), TEST_CAST)


# ---------------------------------------------------------------- Debian's chromium, for every page a render writes

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"the page tests need Debian's chromium and chromium-driver ({', '.join(missing)} missing): "
                    f"run `bash scripts/system-deps.sh --test` or `apt-get install chromium chromium-driver`")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="dramatize-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--autoplay-policy=no-user-gesture-required",
                 "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver named outright: selenium-manager never looks for, or downloads, one of its own.
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver, script: str, timeout: float = 10.0, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        time.sleep(0.03)
    raise AssertionError(f"timed out waiting for {what or script}")


def errors_in(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def open_page(browser, path: Path) -> None:
    """A page a render wrote, opened afresh from its file:// URL and ready (not the page before it,
    which may still answer on a busy machine); what earlier tests left in the log is cleared."""
    uri = Path(path).resolve().as_uri()
    errors_in(browser)
    browser.get(uri)
    wait_for(browser, f"document.URL === {json.dumps(uri)} && document.documentElement.dataset.ready === '1'",
             what="the page to be ready")
