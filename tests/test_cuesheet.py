"""The cue sheet (NAME.cues.csv): every sound cue where the audio has it, with its source and the
credit its licence asks for."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from conftest import RATE, decode, rms_db, run_cli
from dramatize.timing import from_stamp

pytestmark = pytest.mark.test_engine  # the cues are judged, not the voices

SCRIPT = """ALICE: Good evening. I have something to show you. [A knock at the door.]

BOB: Come in, whoever you are.

[A glass shatters on the floor.]

ALICE: That was my grandmother's glass. [Laughter]

BOB: Then we shall drink from the bottle.
"""


def test_the_cue_sheet_lists_every_cue_where_it_is_heard_with_its_credit(tmp_path):
    from dramatize.cues import library
    from dramatize.cues.kinds import Kind

    script = tmp_path / "party.txt"
    script.write_text(SCRIPT)
    out = tmp_path / "party.wav"
    done = run_cli("render", script, "--format", "transcript", "-o", out)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader((tmp_path / "party.cues.csv").open(encoding="utf-8")))
    labels = [line.split("\t") for line in (tmp_path / "party.labels.txt").read_text().splitlines()]
    cue_labels = [(float(start), text) for start, _, text in labels if text.startswith("[")]

    assert [row["kind"] for row in rows] == ["knock", "glass", "laughter"]
    assert [row["direction"] for row in rows] == ["A knock at the door.", "A glass shatters on the floor.", "Laughter"]
    assert [round(from_stamp(row["start"]), 3) for row in rows] == [round(start, 3) for start, _ in cue_labels]
    assert all(row["id"].startswith("cue-") for row in rows) and len({row["id"] for row in rows}) == 3

    # The sheet's times are the audio's: each cue is louder than the beat of room tone before it.
    audio = decode(out)
    for row in rows:
        start, length = int(from_stamp(row["start"]) * RATE), float(row["length"])
        assert length > 0.2
        during = rms_db(audio[:, start:start + int(min(length, 0.5) * RATE)])
        before = rms_db(audio[:, max(0, start - int(0.12 * RATE)):start])
        assert during > before + 6, (row, during, before)

    # The glass is a CC BY recording from the Debian archive (installed by make): credited by name.
    glass = rows[1]
    assert library.recordings(Kind.GLASS), "minetest-data is not installed: run make setup"
    assert glass["source"].startswith("recording: default_break_glass") and glass["licence"] == "CC BY 3.0"
    assert "creativecommons.org/licenses/by/3.0" in glass["credit"] and "freesound.org" in glass["credit"]
    assert rows[0]["source"].startswith("built-in") and rows[0]["licence"] == rows[0]["credit"] == ""


def test_a_render_without_cues_has_a_sheet_with_only_its_header(tmp_path):
    script = tmp_path / "quiet.txt"
    script.write_text("ALICE: Good evening.\n\nBOB: Good evening to you.\n")
    out = tmp_path / "quiet.wav"
    assert run_cli("render", script, "--format", "transcript", "-o", out).returncode == 0
    text = (tmp_path / "quiet.cues.csv").read_text(encoding="utf-8")
    assert text == "id,start,length,kind,form,source,direction,line,licence,credit\n"
    assert np.isfinite(rms_db(decode(out)))
