"""An actor's sides (sides.py): each of a speaker's lines with its id and the cue before it, as text
and as a page read in Debian's real chromium, headless, from the file system."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import DATA, RATE, errors_in, run_cli, wait_for
from dramatize.engines.clip import write_wav
from dramatize.lineids import event_ids
from dramatize.readers import read_script

SCRIPT = """ALICE: Good evening, comrades. We begin with the first question of the evening.

[A door slams.]

BOB: I object to the agenda, and I object to the hour.

ALICE: Then we move to the second question.

BOB and ALICE: Agreed.
"""


def _script(tmp_path):
    path = tmp_path / "meeting.txt"
    path.write_text(SCRIPT, encoding="utf-8")
    script = read_script(path)
    return path, list(zip(event_ids(script), script.events()))


def test_sides_list_each_line_with_its_id_and_cue(tmp_path):
    path, events = _script(tmp_path)
    (tmp_path / "takes").mkdir()
    alice = [(i, e) for i, e in events if getattr(e, "speakers", ()) and "ALICE" in e.speakers]
    write_wav(tmp_path / "takes" / f"{alice[1][0]}.wav", np.full(RATE // 4, 0.1, dtype=np.float32), RATE)
    done = run_cli("sides", "alice", path, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "out" / "meeting.ALICE.sides.txt").read_text(encoding="utf-8")
    assert "3 lines, 1 recorded" in text
    for line_id, event in alice:
        assert f"ALICE{' (with Bob)' if len(event.speakers) > 1 else ''}: {event.text}" in text
        assert text.count(line_id) == 1 or line_id == alice[0][0]  # (the first is the naming example too)
    blocks = text.split("\n\n")
    cue_of = {b.split()[0]: b for b in blocks if b.split() and b.split()[0] in dict(alice)}
    assert "cue:" not in cue_of[alice[0][0]]  # the first line of the play has no cue
    assert "cue:  [A door slams.]" not in cue_of[alice[1][0]]
    assert "cue:  Bob: I object to the agenda, and I object to the hour." in cue_of[alice[1][0]]
    assert "(recorded)" in cue_of[alice[1][0]].splitlines()[0]
    assert "cue:  Alice: Then we move to the second question." in cue_of[alice[2][0]]


def test_an_unknown_speaker_is_one_line_listing_the_speakers(tmp_path):
    path, _ = _script(tmp_path)
    done = run_cli("sides", "CAROL", path, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"error: no speaker CAROL in {path}; its speakers: ALICE, BOB"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # a real browser
def test_the_sides_page_reads_large_in_the_browser(tmp_path, browser):
    path, events = _script(tmp_path)
    done = run_cli("sides", "BOB", path, "--cast", DATA / "cast.toml", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    page = tmp_path / "out" / "meeting.BOB.sides.html"
    source = page.read_text(encoding="utf-8")
    assert "src=" not in source and "http" not in source and "<link" not in source  # self-contained
    uri = page.resolve().as_uri()
    errors_in(browser)
    browser.get(uri)
    wait_for(browser, f"document.URL === {json.dumps(uri)} && document.readyState === 'complete'", what="the page")
    found = browser.execute_script(
        "return [...document.querySelectorAll('li.side')].map(li => [li.dataset.id,"
        " parseFloat(getComputedStyle(li.querySelector('.text')).fontSize),"
        " (li.querySelector('.cue') || {}).textContent || ''])")
    bob = [i for i, e in events if getattr(e, "speakers", ()) and "BOB" in e.speakers]
    assert [row[0] for row in found] == bob
    assert all(size >= 24 for _, size, _ in found)  # large type, to read at a microphone
    assert found[0][2] == "[A door slams.]"
    assert found[1][2].startswith("Alice: Then we move")
    fits = browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    assert fits  # no sideways scrolling
    resources = browser.execute_script("return performance.getEntriesByType('resource').length")
    assert resources == 0  # nothing fetched: it reads the same offline
    assert not errors_in(browser)
