"""The producer's desk (issue 20): stable line ids shown everywhere, parts of a script (--scene,
--lines by id, --speaker, --mute), stems that add up to the mix, and the running time before a
render. Real renders of the small fixture by the test engine (the desk is judged, not the voices),
real audio measured."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pedalboard.io import AudioFile

from conftest import DATA, RATE, TEST_CAST, decode, job, rms_db, run_cli
from dramatize.errors import DramatizeError
from dramatize.export import vtt as webvtt
from dramatize.lineids import ID_PATTERN, event_ids
from dramatize.model import Direction
from dramatize.readers import read_script
from dramatize.render import render, role, select

pytestmark = pytest.mark.test_engine

SCRIPT = """ALICE: Good evening, comrades. We begin with the first question.

BOB: I object to the agenda.

ALICE: Noted.

BOB: I object to the agenda.

ALICE: Then we move on. [Laughter] Thank you, thank you.

BOB: The hour is late.
"""


def _ids(text: str, tmp_path: Path, name: str) -> list[tuple[str, str]]:
    path = tmp_path / name
    path.write_text(text)
    script = read_script(path, "transcript")
    return [(event.text, line_id) for event, line_id in zip(script.events(), event_ids(script))]


# ---------------------------------------------------------------- ids

def test_ids_survive_an_insertion_earlier_and_punctuation_elsewhere(tmp_path):
    before = _ids(SCRIPT, tmp_path, "a.txt")
    edited = SCRIPT.replace("ALICE: Noted.", "ALICE: Noted!").replace(
        "BOB: I object to the agenda.\n\nALICE: Noted", "BOB: A new line, inserted.\n\nBOB: I object to the agenda."
        "\n\nALICE: Noted", 1)
    after = [(text, line_id) for text, line_id in _ids(edited, tmp_path, "b.txt") if text != "A new line, inserted."]
    assert len(after) == len(before) and after[2][0] == "Noted!"  # the edits made
    assert [line_id for _, line_id in after] == [line_id for _, line_id in before]
    # the same words said again are told apart by their order: -2
    objections = [line_id for text, line_id in before if text == "I object to the agenda."]
    assert objections[1] == objections[0] + "-2"


def test_a_part_of_the_script_keeps_the_ids_of_the_whole(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SCRIPT)
    script = read_script(path, "transcript")
    whole = dict(zip(map(id, script.events()), event_ids(script)))
    second_objection = [i for e, i in zip(script.events(), event_ids(script)) if e.text == "I object to the agenda."][1]
    for part in (select(script, lines="7"), select(script, lines=second_objection),
                 select(script, speaker="BOB"), select(script, chapter="1")):
        assert event_ids(part) == [whole[id(e)] for e in part.events()]
    assert event_ids(select(script, lines="7")) == [second_objection]  # -2, though alone in its part


def test_lines_takes_ids_lists_and_ranges_of_ids(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SCRIPT)
    script = read_script(path, "transcript")
    ids = event_ids(script)
    assert event_ids(select(script, lines=f"{ids[0]},{ids[3]}")) == [ids[0], ids[3]]
    assert event_ids(select(script, lines=f"{ids[4]}..{ids[6]}")) == ids[4:7]
    assert event_ids(select(script, lines=f"{ids[1].upper()}#2, 11")) == [ids[1], ids[-1]]  # a VTT cue's part, a line
    with pytest.raises(DramatizeError, match=r"no line has the id bob-000000 \(`dramatize inspect` shows the ids\)"):
        select(script, lines="bob-000000")
    with pytest.raises(DramatizeError, match="write script lines"):
        select(script, lines="Bob's line")


def test_speaker_keeps_their_lines_and_the_cues_within_them(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(SCRIPT)
    script = read_script(path, "transcript")
    alice = list(select(script, speaker="ALICE").events())
    assert all(isinstance(e, Direction) or e.speakers == ("ALICE",) for e in alice)
    assert [e.text for e in alice if isinstance(e, Direction)] == ["Laughter"]  # inside her line
    bob = list(select(script, speaker="BOB").events())
    assert [e.text for e in bob] == ["I object to the agenda.", "I object to the agenda.", "The hour is late."]


def test_an_unknown_role_is_one_line_listing_the_roles(tmp_path):
    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", tmp_path / "x.wav",
                   "--speaker", "Carol")
    errors = [line for line in done.stderr.splitlines() if not line.startswith("warning:")]
    assert done.returncode == 2
    assert errors == ["error: --speaker Carol: no such role; the roles are: ALICE, BOB, NARRATOR"]
    assert not list(tmp_path.iterdir())


def test_inspect_shows_each_line_id_in_text_and_json():
    script = read_script(DATA / "meeting.txt")
    ids = event_ids(script)
    text = run_cli("inspect", DATA / "meeting.txt", "--cast", "none")
    assert text.returncode == 0, text.stderr
    shown = [line.split()[0] for line in text.stdout.splitlines() if line.split() and ID_PATTERN.match(line.split()[0])]
    assert shown == ids
    assert "estimated running time: 0:" in text.stdout
    document = json.loads(run_cli("inspect", DATA / "meeting.txt", "--json", "--cast", "none").stdout)
    assert [e["id"] for c in document["chapters"] for e in c["events"]] == ids


# ---------------------------------------------------------------- renders of the fixture

@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """The fixture rendered whole (WAV, with stems), with Bob muted, and Bob alone; and to M4B with stems."""
    folder = tmp_path_factory.mktemp("desk")
    quiet = lambda m: None  # noqa: E731
    cast = TEST_CAST
    return {
        "whole": render(job(DATA / "meeting.txt", folder / "whole.wav", cast, stems=True), warn=quiet),
        "muted": render(job(DATA / "meeting.txt", folder / "muted.wav", cast, mute="bob"), warn=quiet),
        "bob": render(job(DATA / "meeting.txt", folder / "bob.wav", cast, speaker="Bob"), warn=quiet),
        "m4b": render(job(DATA / "meeting.txt", folder / "drama.m4b", cast, stems=True), warn=quiet),
    }


def premaster_mix(result, output_job) -> np.ndarray:
    """The mix the master was given, made again from the cached clips (the render's own mixer)."""
    import tempfile

    from dramatize.cues.sound import make_beds
    from dramatize.mix import mix_windows
    from dramatize.plan import all_cue_specs, all_requests
    from dramatize.render import prepare
    from dramatize.synthesis import synthesize_all
    from dramatize.timing import MIX_RATE

    prepared = prepare(output_job, warn=lambda m: None)
    with tempfile.TemporaryDirectory() as temp, output_job.stores(Path(temp)) as cache:
        clips, _ = synthesize_all(all_requests(prepared.plans), cache["clips"], 1, None)
        beds = make_beds(all_cue_specs(prepared.plans), MIX_RATE, cache["beds"])
        return np.concatenate(list(mix_windows(result.timeline, prepared.cast, clips, MIX_RATE, None, beds)), axis=1)


@pytest.mark.slow  # the renders below: whole renders, measured
@pytest.mark.parametrize("which, suffix", [("whole", ".wav"), ("m4b", ".flac")])
def test_stems_are_aligned_and_add_up_to_the_mix_before_mastering(renders, which, suffix, tmp_path):
    """The stems, added, are the mix the master was given (at its gain): within -60 dB."""
    result = renders[which]
    folder = Path(f"{result.output.with_suffix('')}.stems")
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == sorted(f"{n}{suffix}" for n in ("alice", "bob", "cues", "hall"))
    stems = {}
    for path in files:
        with AudioFile(str(path)) as f:
            assert f.samplerate == RATE and f.num_channels == 2
            stems[path.stem] = f.read(f.frames)
    assert {s.shape[1] for s in stems.values()} == {result.timeline.length}  # as long as the mix
    mix = premaster_mix(result, job(DATA / "meeting.txt", tmp_path / "again.wav", TEST_CAST))
    total = sum(stems.values()).astype(np.float64)
    gain = float(np.sum(total * mix) / np.sum(mix.astype(np.float64) ** 2))  # the master's one gain, which they carry
    assert -20 < 20 * np.log10(gain) < 20
    assert max(float(np.abs(stem).max()) for stem in stems.values()) < 0.9  # headroom: nothing clipped
    assert rms_db(total - gain * mix) - rms_db(gain * mix) < -60
    # aligned: Bob's stem sounds where the transcript has Bob, and is silent where Alice speaks
    for line in result.timeline.transcript:
        piece = stems["bob"][:, line.start:line.end]
        assert (rms_db(piece) > -40) == (line.speaker == "Bob"), line
    assert rms_db(stems["hall"]) > -70 and rms_db(stems["cues"]) > -60


@pytest.mark.slow
def test_mute_leaves_silences_of_the_roles_length_and_the_rest_as_it_was(renders):
    whole, muted = renders["whole"], renders["muted"]
    assert [(t.start, t.end, t.text) for t in muted.timeline.transcript] == \
           [(t.start, t.end, t.text) for t in whole.timeline.transcript]  # the same times: the gaps are the lines'
    a, b = decode(whole.output), decode(muted.output)
    assert a.shape == b.shape
    bobs = [t for t in whole.timeline.transcript if t.speaker == "Bob"]
    assert bobs
    for line in bobs:
        frames = np.arange(line.start + RATE // 20, line.end - RATE // 20, RATE // 20)
        heard = [rms_db(a[:, f:f + RATE // 20]) for f in frames]
        silent = [rms_db(b[:, f:f + RATE // 20]) for f in frames]
        assert np.median(heard) > -35  # Bob spoke here ...
        assert max(silent) < -45 and max(silent) < min(heard) - 10  # ... and here is room for the actor, all of it
    first = bobs[0].start
    assert np.array_equal(a[:, :first], b[:, :first])  # before Bob's first line: sample for sample the same
    for line in muted.timeline.transcript:  # Alice after him: her words as loud, within the hall's tail
        if line.speaker == "Alice" and line.start > first:
            x, y = a[:, line.start:line.end], b[:, line.start:line.end]
            assert abs(rms_db(x) - rms_db(y)) < 1.0 and rms_db(x - y) - rms_db(x) < -20


@pytest.mark.slow
def test_speaker_renders_only_that_role(renders):
    bob = renders["bob"]
    assert {t.speaker for t in bob.timeline.transcript} == {"Bob"}
    assert {p.source.voice.name for p in bob.timeline.placements if p.bus == "speech"} == {"Bob"}
    assert bob.timeline.length < renders["whole"].timeline.length / 2
    vtt, _ = webvtt.read(Path(bob.output.with_suffix(".vtt")).read_text(), "")
    assert [c.speaker for c in vtt] == ["Bob"]


@pytest.mark.slow
def test_ids_in_the_vtt_labels_and_page(renders):
    result = renders["whole"]
    stem = result.output.with_suffix("")
    ids = event_ids(read_script(DATA / "meeting.txt"))
    cues, _ = webvtt.read(Path(f"{stem}.vtt").read_text(), "")
    assert [c.line_id for c in cues] == [t.line_id for t in result.timeline.transcript] == ids
    identifiers = [block.split("\n")[0] for block in Path(f"{stem}.vtt").read_text().split("\n\n") if "-->" in block]
    assert identifiers == ids and len(set(identifiers)) == len(identifiers)
    labels = [row.split("\t")[2] for row in Path(f"{stem}.labels.txt").read_text().splitlines()]
    assert [label.rsplit(" [", 1)[1].rstrip("]") for label in labels if not label.startswith("Chapter:")] == ids
    from dramatize.export.page import page_data_from_files

    assert [line.line_id for line in page_data_from_files(result.output).lines] == ids  # `dramatize page` too
    page = Path(f"{stem}.html").read_text()
    for line_id in ids:
        assert f'data-id="{line_id}"' in page and f">{line_id}</button>" in page


@pytest.mark.slow
def test_the_estimate_is_near_the_render(renders):
    from dramatize.estimate import estimate
    from dramatize.render import load

    script, cast = load(DATA / "meeting.txt", TEST_CAST)
    guess = estimate(script, cast)
    real = renders["whole"].timeline.length / RATE
    assert abs(guess.total - real) < 0.2 * real, (guess.total, real)
    assert set(guess.speakers) == {"Alice", "Bob"} and guess.words == {"Alice": 27, "Bob": 11}
    done = run_cli("cast", DATA / "meeting.txt", "--cast", TEST_CAST)
    assert done.returncode == 0 and "estimated running time: 0:" in done.stdout


def test_role_is_found_by_id_alias_or_name(tmp_path):
    from dramatize.render import load

    script, cast = load(DATA / "meeting.txt", TEST_CAST)
    assert role("bob", script, cast, "--mute") == role("Bob", script, cast, "--mute") == "BOB"
    assert role("narrator", script, cast, "--mute") == "NARRATOR"
