"""The listening page (NAME.html): its peaks against the audio, its data against the render, and
the page itself in Debian's real chromium, headless, opened from the file system as a listener
opens it. CI installs chromium and chromium-driver (scripts/system-deps.sh --test); without them
these tests fail and say so, they do not skip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pytest

from conftest import DATA, ROOT, TEST_CAST, decode, errors_in, ffprobe, wait_for
from dramatize.errors import DramatizeError
from dramatize.export.page import (FLOOR_DB, PALETTE, Peaks, page_data, page_data_from_files, page_html,
                                   peaks_from_audio, speakers_of, write_page)
from dramatize.export.outputs import OutputSet
from dramatize.export import vtt as webvtt
from dramatize.export.sidecars import sidecar_paths
from dramatize.timing import MIX_RATE

pytestmark = [pytest.mark.slow,  # the page in a real browser
              pytest.mark.test_engine]  # of renders by the test engine: the page is judged, not the voices

SCREENSHOT = ROOT / "out" / "page-screenshot.png"


# ---------------------------------------------------------------- the page's data, no browser

@pytest.fixture(scope="session")
def meeting_page(meeting_sketch, tmp_path_factory):
    """The page of the small render, built from the render's own objects, for both containers.
    (The two renders share a folder and a name: the WAV and its sidecars are copied to their own.)"""
    written = ffprobe(meeting_sketch[".m4b"].output)["format"]["tags"]  # the tags the render gave the audio
    tags = {key: written[key] for key in ("title", "artist", "album", "date", "genre", "comment") if key in written}
    pages = {}
    for suffix, result in meeting_sketch.items():
        audio, sidecars = result.output, result.sidecars
        if suffix == ".wav":
            folder = tmp_path_factory.mktemp("meeting-wav")
            audio = Path(shutil.copy(audio, folder))
            sidecars = {kind: Path(shutil.copy(path, folder)) for kind, path in sidecars.items()}
        data = page_data(audio, result.timeline, tags, MIX_RATE, peaks=peaks_from_audio(audio),
                         loudness={result.preset.measure: result.level}, sidecars=sidecars)
        with OutputSet() as outputs:
            pages[suffix] = (write_page(outputs, audio, data), data, result)
    return pages


def test_peaks_fed_in_blocks_equal_the_decoded_files(meeting_sketch):
    """The render-time accumulator, fed the mastered samples in uneven blocks, gives the very
    envelope that decoding the written file gives (WAV: the same samples)."""
    wav = meeting_sketch[".wav"].output
    samples = decode(wav)
    fed = Peaks(MIX_RATE)
    cuts = np.cumsum(np.random.default_rng(3).integers(1, 9000, size=samples.shape[1] // 4000))
    for block in np.split(samples, cuts[cuts < samples.shape[1]], axis=1):
        fed.add(block)
    decoded = peaks_from_audio(wav)
    assert fed.samples == samples.shape[1]
    assert len(fed.values()) == -(-samples.shape[1] // fed.bucket)
    np.testing.assert_array_equal(fed.values(), decoded.values())
    # ... and they describe the audio: a bucket of 50 ms holds the sample peak of those samples
    bucket = fed.bucket
    for k in (40, 100, 200):
        peak = np.abs(samples[:, k * bucket:(k + 1) * bucket]).max()
        expected = np.clip((20 * np.log10(max(peak, 1e-9)) - FLOOR_DB) / -FLOOR_DB, 0, 1) * 255
        assert abs(int(fed.values()[k, 0]) - expected) <= 0.5
    assert abs(fed.peak_db - 20 * np.log10(np.abs(samples).max())) < 1e-3


def test_peaks_of_the_aac_file_follow_the_wav(meeting_sketch):
    """The same mix encoded as AAC: loud and quiet stretches in the same places."""
    wav = peaks_from_audio(meeting_sketch[".wav"].output).values().astype(float)
    aac = peaks_from_audio(meeting_sketch[".m4b"].output).values().astype(float)
    n = min(len(wav), len(aac))
    assert abs(len(wav) - len(aac)) <= 2
    loud = wav[:n, 1] > 128  # speech, not room tone
    assert loud.sum() > 0.3 * n
    assert np.median(np.abs(wav[:n, 1] - aac[:n, 1])[loud]) < 4  # within about 1 dB
    assert np.corrcoef(wav[:n, 1], aac[:n, 1])[0, 1] > 0.95


def test_peaks_of_33_minutes_stay_small():
    peaks = Peaks(MIX_RATE)
    block = np.zeros((2, 10 * MIX_RATE), dtype=np.float32)
    block[:, ::7] = 0.25
    for _ in range(33 * 6):
        peaks.add(block)
    assert len(peaks.values()) == 33 * 60 * 20
    assert len(peaks.encoded()) < 110_000  # base64 in the page: 105.6 kB for 33 minutes


def test_page_data_from_the_files_matches_the_render(meeting_page):
    """`dramatize page AUDIO` rebuilds the page from the sidecars: the same lines, speakers, times,
    chapters; loudness measured on the file."""
    _, built, result = meeting_page[".m4b"]
    read = page_data_from_files(result.output)
    assert [(x.speaker, x.text) for x in read.lines] == [(x.speaker, x.text) for x in built.lines]
    for a, b in zip(read.lines, built.lines):
        assert abs(a.start - b.start) <= 0.001 and abs(a.end - b.end) <= 0.001
    assert [(c.title, round(c.start, 3)) for c in read.chapters] == [(c.title, round(c.start, 3)) for c in built.chapters]
    assert read.tags["title"] == built.tags["title"] == "A Small Meeting"
    assert abs(read.duration - float(ffprobe(result.output)["format"]["duration"])) < 1e-6
    assert abs(read.loudness["rms"] - result.level) < 0.6  # the encoder moves it a little
    assert -30 < read.loudness["lufs"] < -10 and read.loudness["peak"] < -3.0
    assert set(read.files) == {"vtt", "chapters", "labels", "cues"}


def test_a_transcript_from_another_render_is_refused(meeting_page, tmp_path):
    """An old page rebuilt beside a transcript longer than its audio would be a page of lines
    that never play: refused, with one line, and no page written."""
    from conftest import run_cli

    _, _, result = meeting_page[".m4b"]
    short = tmp_path / "short.m4b"
    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "--lines", "3", "-o", short)
    assert done.returncode == 0, done.stderr
    shutil.copy(sidecar_paths(result.output)["vtt"], sidecar_paths(short)["vtt"])  # the whole meeting's lines
    short.with_suffix(".html").unlink()
    done = run_cli("page", short)
    assert done.returncode == 2 and "not from one render" in done.stderr and "Traceback" not in done.stderr
    assert not short.with_suffix(".html").exists()


def test_the_cast_travels_in_a_vtt_note(meeting_page):
    """The cast (speaker -> engine voice) is not in the audio; a NOTE block of the .vtt carries it."""
    _, built, result = meeting_page[".m4b"]
    assert built.cast == [("Alice", "test:fay"), ("Bob", "test:boris")]
    vtt = sidecar_paths(result.output)["vtt"].read_text(encoding="utf-8")
    assert webvtt.CAST_NOTE in vtt
    lines, cast = webvtt.read(vtt)
    assert cast == built.cast
    assert len(lines) == len(built.lines)


def test_joint_lines_go_to_each_speakers_lane():
    from dramatize.export.page import PageLine

    names = {"Zinoviev", "Kamenev", "Trotsky"}
    assert speakers_of(PageLine(0, 1, "Zinoviev and Kamenev", "Absolutely correct!"), names) == ["Zinoviev", "Kamenev"]
    assert speakers_of(PageLine(0, 1, "Bread and Roses", "x"), {"Bread and Roses"}) == ["Bread and Roses"]
    assert speakers_of(PageLine(0, 1, "Smith and Sons", "x"), {"Smith"}) == ["Smith and Sons"]
    assert speakers_of(PageLine(0, 1, None, "Laughter", "cue"), names) == []


def test_page_without_a_transcript_is_a_one_line_error(tmp_path, meeting_sketch):
    lonely = tmp_path / "lonely.m4b"
    shutil.copy(meeting_sketch[".m4b"].output, lonely)
    with pytest.raises(DramatizeError, match=r"no transcript beside it \(lonely.vtt\)"):
        page_data_from_files(lonely)


def test_page_is_self_contained_and_escapes_text(meeting_page, tmp_path):
    path, data, _ = meeting_page[".m4b"]
    text = path.read_text(encoding="utf-8")
    assert path.name == "meeting.html" and path.parent == data.audio.parent
    assert 'src="meeting.m4b"' in text and 'href="meeting.vtt"' in text
    assert "http://" not in text and "https://" not in text  # nothing fetched from anywhere
    assert "<script src" not in text and "<link rel=\"stylesheet\"" not in text
    from dramatize.export.page import PageLine

    data.lines.append(PageLine(1.0, 2.0, "Alice", "</script><script>alert(1)</script> & <b>"))
    try:
        hostile = page_html(data)
    finally:
        data.lines.pop()
    assert "<script>alert(1)" not in hostile and "&lt;/script&gt;&lt;script&gt;alert(1)" in hostile


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_speaker_colours_are_readable_on_the_page():
    """WCAG AA for text: every speaker colour at least 4.5:1 against the white page."""
    for colour in PALETTE:
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour


# ---------------------------------------------------------------- in the browser

@pytest.fixture
def opened(browser, meeting_page):
    """The small render's page, freshly opened from its file:// URL; no console error may follow."""
    def open_page(suffix=".m4b"):
        path, data, result = meeting_page[suffix]
        uri = path.resolve().as_uri()
        browser.get(uri)
        # The new document, not the one before it (which may still answer on a busy machine).
        wait_for(browser, f"document.URL === {json.dumps(uri)} && document.documentElement.dataset.audio",
                 what="the page and its audio to load or fail")
        assert browser.execute_script("return document.documentElement.dataset.audio") == "ok", \
            browser.execute_script("return [audio.error && audio.error.code, audio.error && audio.error.message]")
        wait_for(browser, "document.documentElement.dataset.ready === '1'", what="the page to be ready")
        return data, result
    errors_in(browser)  # what an earlier test left in the log is theirs
    yield open_page
    errors = errors_in(browser)
    browser.execute_script("localStorage.clear(); audio.pause();")
    assert not errors, errors


@pytest.mark.parametrize("suffix", [".m4b", ".wav"])
def test_audio_loads_from_the_file_system(opened, browser, suffix):
    """Debian's chromium plays the AAC of the .m4b (and the WAV) from a file:// page: its duration
    is the file's, and playing moves the clock."""
    data, result = opened(suffix)
    duration = browser.execute_script("return audio.duration")
    assert abs(duration - float(ffprobe(result.output)["format"]["duration"])) < 0.05
    browser.execute_script("audio.currentTime = 2; audio.play();")
    wait_for(browser, "audio.currentTime > 2.3 && !audio.paused", what="playback to advance")
    browser.execute_script("audio.pause()")
    assert browser.execute_script("return audio.error") is None


def test_a_file_name_with_spaces_and_signs_still_loads(meeting_page, browser, tmp_path):
    """The audio is named relatively and URL-quoted: a folder and a name as users write them."""
    _, data, result = meeting_page[".m4b"]
    folder = tmp_path / "Act one & two"
    folder.mkdir()
    audio = Path(shutil.copy(result.output, folder / "Scène #1? 50%.m4b"))
    files = {kind: Path(shutil.copy(path, folder / f"Scène #1? 50%{path.name[len('meeting'):]}"))
             for kind, path in result.sidecars.items()}
    with OutputSet() as outputs:
        page = write_page(outputs, audio, page_data(audio, result.timeline, data.tags, MIX_RATE, sidecars=files))
    assert page.name == "Scène #1? 50%.html"
    errors_in(browser)
    browser.get(page.as_uri())
    wait_for(browser, "document.documentElement.dataset.audio", what="the audio to load or fail")
    assert browser.execute_script("return document.documentElement.dataset.audio") == "ok"
    links = browser.execute_script("return [...document.querySelectorAll('.files a')].map(a => a.href)")
    assert [Path(unquote(link[len('file://'):])) for link in links] == [audio, *files.values()]
    assert not errors_in(browser)


def test_transcript_has_one_entry_per_line(opened, browser):
    data, result = opened()
    entries = browser.execute_script(
        "return [...document.querySelectorAll('li.line')].map(li => [li.querySelector('.who').innerText.trim(),"
        " li.querySelector('.text').innerText.trim(), +li.dataset.start, li.classList.contains('direction')])")
    transcript = result.timeline.transcript
    assert len(entries) == len(transcript) == 5
    for (who, text, start, direction), line in zip(entries, transcript):
        assert direction == (line.speaker is None)
        assert text == (f"[{line.text}]" if line.speaker is None else line.text)
        assert who == ("Stage direction" if line.speaker is None else line.speaker)  # said, if not shown
        assert abs(start - line.start / MIX_RATE) < 0.001


def _expected_line(transcript, t: float) -> int:
    return max(i for i, line in enumerate(transcript) if line.start / MIX_RATE <= t + 1e-3)


def test_seeking_the_audio_moves_the_highlight(opened, browser):
    data, result = opened()
    transcript = result.timeline.transcript
    moments = [(line.start + line.end) / 2 / MIX_RATE for line in transcript]
    moments += [line.start / MIX_RATE + 0.02 for line in reversed(transcript)]  # just begun
    moments += [line.start / MIX_RATE - 0.05 for line in transcript[1:]]  # not yet: the line before it
    for t in moments:
        browser.execute_script("audio.currentTime = arguments[0]", t)
        expected = _expected_line(transcript, t)
        wait_for(browser, f"(document.querySelector('li.line[aria-current]') || {{}}).id === 'l{expected}'",
                 what=f"line {expected} highlighted at {t:.2f} s")
        # only one line is current, and its blocks on the timeline are marked too
        assert browser.execute_script("return document.querySelectorAll('li.line[aria-current]').length") == 1
        marked = browser.execute_script("return [...document.querySelectorAll('.block.now, .cue.now')]"
                                        ".map(e => +e.dataset.i)")
        assert set(marked) == {expected}


def test_clicking_a_line_plays_from_its_start(opened, browser):
    data, result = opened()
    lines = browser.find_elements("css selector", "li.line .text")
    for index in (3, 0, 4, 1):
        start = result.timeline.transcript[index].start / MIX_RATE
        lines[index].click()
        now = browser.execute_script("return audio.currentTime")
        assert start - 0.01 <= now < start + 0.5, (index, start, now)
        wait_for(browser, "!audio.paused", what="playback after the click")
        browser.execute_script("audio.pause()")
        assert browser.execute_script("return document.querySelector('li.line[aria-current]').id") == f"l{index}"


def test_each_line_shows_its_id_to_copy(opened, browser):
    """Every line shows its stable id (issue 20), the one a take or `render --lines` is named by:
    clicking it selects the id, ready to paste, and does not move the audio."""
    data, result = opened()
    transcript = result.timeline.transcript
    shown = browser.execute_script("return [...document.querySelectorAll('li.line')].map(li => "
                                   "[li.dataset.id, li.querySelector('button.id').innerText.trim()])")
    assert shown == [[t.line_id, t.line_id] for t in transcript] and all(t.line_id for t in transcript)
    browser.execute_script("audio.currentTime = 1.5")
    wait_for(browser, "Math.abs(audio.currentTime - 1.5) < 0.01", what="the seek to 1.5 s")
    for index in (3, 0):
        browser.find_elements("css selector", "li.line button.id")[index].click()
        wanted = json.dumps(transcript[index].line_id)
        wait_for(browser, f"window.getSelection().toString() === {wanted}", what=f"line {index}'s id selected")
        assert abs(browser.execute_script("return audio.currentTime") - 1.5) < 0.01
        assert browser.execute_script("return audio.paused")


def test_timeline_lanes_match_the_speakers(opened, browser):
    data, result = opened()
    transcript = result.timeline.transcript
    speakers = list(dict.fromkeys(line.speaker for line in transcript if line.speaker))
    lanes = browser.execute_script(
        "return [...document.querySelectorAll('.lane')].map(l => [l.dataset.speaker, l.querySelectorAll('.block').length])")
    assert [name for name, _ in lanes] == speakers == ["Alice", "Bob"]
    for name, blocks in lanes:
        assert blocks == sum(1 for line in transcript if line.speaker == name)
    cues = browser.execute_script("return document.querySelectorAll('.cue-row .cue').length")
    assert cues == sum(1 for line in transcript if line.speaker is None) == 1
    bands = browser.execute_script("return [...document.querySelectorAll('.band')].map(b => b.innerText.trim())")
    assert bands == [f"{n}. {c.title}" for n, c in enumerate(result.timeline.chapters, start=1)]
    # the waveform is drawn: some pixels of the canvas are not blank
    painted = browser.execute_script(
        "const c = document.getElementById('wave'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n / (c.width * c.height);")
    assert 0.1 < painted < 0.9


def test_clicking_the_timeline_seeks_there(opened, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    data, result = opened()
    wave = browser.find_element("css selector", ".row.wave")
    width = wave.size["width"]
    for fraction in (0.25, 0.8):
        ActionChains(browser).move_to_element_with_offset(wave, int(width * (fraction - 0.5)), 0).click().perform()
        now = browser.execute_script("audio.pause(); return audio.currentTime")
        assert abs(now - fraction * data.duration) < 0.05 * data.duration, (fraction, now)
    playhead = browser.execute_script(
        "return document.getElementById('playhead').getBoundingClientRect().left - "
        "document.getElementById('tl-inner').getBoundingClientRect().left")
    assert abs(playhead / width - now / data.duration) < 0.01


def test_keys_play_seek_and_step(opened, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    data, result = opened()
    browser.find_element("css selector", "h1").click()  # focus on the page, not on a control
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    wait_for(browser, "!audio.paused", what="Space to start playing")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    wait_for(browser, "audio.paused", what="Space to pause")
    browser.execute_script("audio.currentTime = 3")
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
    assert abs(browser.execute_script("return audio.currentTime") - 13) < 0.01
    ActionChains(browser).send_keys(Keys.ARROW_LEFT).perform()
    assert abs(browser.execute_script("return audio.currentTime") - 3) < 0.01
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ARROW_RIGHT).key_up(Keys.SHIFT).perform()
    following = next(line for line in result.timeline.transcript if line.start / MIX_RATE > 3)
    assert abs(browser.execute_script("return audio.currentTime") - following.start / MIX_RATE) < 0.01
    ActionChains(browser).send_keys("n").perform()  # next chapter
    assert abs(browser.execute_script("return audio.currentTime") - result.timeline.chapters[1].start / MIX_RATE) < 0.01
    ActionChains(browser).send_keys(">").perform()
    assert browser.execute_script("return audio.playbackRate") == 1.25


def test_search_marks_every_match(opened, browser):
    data, result = opened()
    box = browser.find_element("id", "q")
    box.send_keys("question")
    wait_for(browser, "document.querySelectorAll('#lines-box mark').length > 0", what="search results")
    expected = sum(line.text.lower().count("question") for line in result.timeline.transcript)
    assert browser.execute_script("return document.querySelectorAll('#lines-box mark').length") == expected == 2
    box.send_keys("\n")
    assert browser.execute_script("return document.getElementById('search-count').textContent") == f"1 of {expected}"
    box.clear()
    box.send_keys("no such words")
    wait_for(browser, "document.getElementById('search-count').textContent === 'not found'", what="no match")
    assert browser.execute_script("return document.querySelectorAll('#lines-box mark').length") == 0


def test_the_position_is_remembered_per_file(opened, browser):
    data, result = opened()
    browser.execute_script("audio.currentTime = 9.5")
    wait_for(browser, "Math.abs(audio.currentTime - 9.5) < 0.01")
    browser.refresh()  # pagehide saves the position
    wait_for(browser, "document.documentElement.dataset.ready === '1'", what="the page to be ready again")
    assert abs(browser.execute_script("return audio.currentTime") - 9.5) < 0.01
    assert "Resumed at 0:09" in browser.find_element("id", "status").text
    # the other file (the WAV's page) keeps its own position
    opened(".wav")
    assert browser.execute_script("return audio.currentTime") == 0


@pytest.mark.parametrize("width, scale", [(360, 1), (640, 2)])
def test_readable_on_a_phone_and_at_200_percent(opened, browser, width, scale):
    """No sideways scrolling of the page at a phone's width, nor at 200 % zoom of a 1280 px window
    (a 640 px viewport at twice the pixels): everything reflows."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 800, "deviceScaleFactor": scale, "mobile": width < 500})
    try:
        opened()
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        font = browser.execute_script("return parseFloat(getComputedStyle(document.querySelector('li.line .text')).fontSize)")
        assert font >= 16
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_screenshot_for_a_developer(opened, browser, capsys):
    data, result = opened()
    browser.execute_script("audio.currentTime = arguments[0]", (result.timeline.transcript[3].start + 2000) / MIX_RATE)
    wait_for(browser, "document.querySelector('li.line[aria-current]')")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, height + 120)
    try:
        SCREENSHOT.parent.mkdir(exist_ok=True)
        assert browser.save_screenshot(str(SCREENSHOT))
    finally:
        browser.set_window_size(1280, 900)
    assert SCREENSHOT.stat().st_size > 20_000
    with capsys.disabled():
        print(f"\n  page screenshot: {SCREENSHOT}")
