"""Beds (issue 17, part 2): a sound the script holds under a scene is heard under it, ducked
under the speech, until the script or the scene ends it, and it fades rather than stops. Music
without the producer's file is a short built-in bridge, and the render says so. Every figure is
measured on the rendered audio, in the gaps between lines the transcript gives."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import RATE, decode, errors_in, open_page, rms_db, run_cli, wait_for

from dramatize.cues import beds
from dramatize.timing import from_stamp

pytestmark = [pytest.mark.slow,  # renders measured between their lines
              pytest.mark.test_engine]  # the beds are judged, not the voices

SCRIPT = """THE LAST TRAIN

SCENE 1. A RAILWAY CARRIAGE. NIGHT.

F/X: TRAIN ON TRACKS. ESTABLISH AND HOLD UNDER.

1. MARGARET: Is that you, Tom?

2. TOM: It is me. I have brought the post.

3. MARGARET: Put it on the seat, then.

SCENE 2. THE KITCHEN.

ATMOS: RAIN ON THE WINDOWS.

4. TOM: Listen to that rain.

5. MARGARET: It never stops.

F/X: RAIN FADES OUT.

6. TOM: It has stopped now.

7. MARGARET: So it has, Tom.

8. TOM: Then we can go out.

FADE UNDER.

GRAMS: SOLO PIANO.

9. MARGARET: Goodnight.
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("beds")
    script = folder / "train.txt"
    script.write_text(SCRIPT)
    out = folder / "train.wav"
    done = run_cli("render", script, "--format", "radio", "-o", out)
    assert done.returncode == 0, done.stderr
    labels = []
    for row in (folder / "train.labels.txt").read_text(encoding="utf-8").splitlines():
        start, end, text = row.split("\t")
        labels.append((float(start), float(end), text))
    return decode(out), labels, done.stderr, folder / "train.cues.csv"


def _line(labels, words: str) -> tuple[float, float]:
    return next((start, end) for start, end, text in labels if words in text)


def _level(audio, start: float, end: float) -> float:
    return rms_db(audio[:, int(start * RATE):int(end * RATE)])


def test_a_held_bed_is_heard_alone_then_under_every_gap_of_its_scene(rendered):
    audio, labels, *_ = rendered
    cue, first = _line(labels, "TRAIN ON TRACKS"), _line(labels, "Is that you")
    assert first[0] - cue[0] >= beds.ESTABLISH_SECONDS - 0.05  # ESTABLISH: heard alone before anyone speaks
    scene_two = _line(labels, "Chapter: Scene 2")[0]
    gaps = [(_line(labels, a)[1] + 0.35, _line(labels, b)[0] - 0.02)
            for a, b in (("Is that you", "brought the post"), ("brought the post", "Put it on"))]
    room = _level(audio, _line(labels, "So it has, Tom")[1] + 0.35, _line(labels, "go out")[0] - 0.02)
    for start, end in gaps:  # between the lines of its scene the train is there, well above the room
        assert _level(audio, start, end) > room + 10, (start, end)
    # At the scene's end it fades: no 50 ms step falls by more than 6 dB, and it is gone as scene 2 begins.
    last = _line(labels, "Put it on")[1]
    assert _level(audio, last + 0.1, last + beds.AFTER_SECONDS) > room + 10  # still there after the last line
    fade = last + beds.AFTER_SECONDS
    assert abs(scene_two - (fade + beds.FADE_OUT_SECONDS)) < 0.01  # the next scene begins as it fades away
    # A fade, not a cut: each half second of it quieter than the one before (the train's own
    # rhythm swings a few dB inside a half second), from the bed's level down to the room's.
    halves = [_level(audio, t, t + 0.5) for t in np.arange(fade, scene_two - 0.49, 0.5)]
    assert len(halves) == 5 and all(a > b + 1 for a, b in zip(halves, halves[1:])), halves
    assert halves[0] - halves[-1] > 15 and halves[2] < halves[0] - 4 and halves[2] > halves[-1] + 4
    assert _level(audio, scene_two, scene_two + 0.3) < room + 6


def test_the_script_ends_a_bed_where_it_says_and_it_fades(rendered):
    audio, labels, *_ = rendered
    room = _level(audio, _line(labels, "So it has, Tom")[1] + 0.35, _line(labels, "go out")[0] - 0.02)
    raining = _level(audio, _line(labels, "Listen to that rain")[1] + 0.35, _line(labels, "never stops")[0] - 0.02)
    assert raining > room + 10
    ended, after = _line(labels, "RAIN FADES OUT"), _line(labels, "It has stopped")
    assert ended[0] >= _line(labels, "never stops")[1]  # it ends where the script says, shown as a cue
    assert after[0] - ended[0] >= beds.ENDING_SECONDS - 0.01  # heard fading before the next line
    fading = _level(audio, ended[0] + 0.1, ended[0] + beds.ENDING_SECONDS - 0.1)
    assert raining - 12 < fading < raining  # fading, not gone at once
    assert ended[0] + beds.FADE_OUT_SECONDS < after[1]  # and gone under the next line:
    assert _level(audio, after[1] + 0.35, _line(labels, "So it has")[0] - 0.02) < room + 6


def test_the_cue_sheet_lists_a_held_bed_once_with_its_whole_length(rendered):
    import csv

    _, labels, *_ = rendered
    rows = list(csv.DictReader(open(rendered[3], encoding="utf-8")))
    assert [(r["kind"], r["form"]) for r in rows] == [("train", "held"), ("rain", "held"), ("music", "once")]
    scene_two = _line(labels, "Chapter: Scene 2")[0]
    train = rows[0]
    start = from_stamp(train["start"])
    assert abs(start + float(train["length"]) - scene_two) < 0.01  # from its cue to its fade's end


def test_music_without_a_file_is_a_bridge_and_the_render_says_so(rendered):
    audio, labels, stderr, _ = rendered
    start, end = _line(labels, "SOLO PIANO")
    room = _level(audio, _line(labels, "So it has, Tom")[1] + 0.35, _line(labels, "go out")[0] - 0.02)
    assert end - start > 2 and _level(audio, start, start + 1.5) > room + 15
    warnings = [line for line in stderr.splitlines() if "built-in bridge" in line]
    assert len(warnings) == 1 and "1 music cue" in warnings[0] and "[[cues]]" in warnings[0]


def test_fade_under_with_nothing_playing_is_one_warning(rendered):
    _, _, stderr, _ = rendered
    said = [line for line in stderr.splitlines() if "nothing goes under" in line]
    assert len(said) == 1 and "train.txt:29" in said[0]


STREET = """EXT. BUSY STREET - DAY

ANNA
Is this the way to the station?

BEN
Straight on, past the bank.

INT. KITCHEN - NIGHT

ANNA
Home at last.

BEN
Put the kettle on.
"""


def _scene_gaps(tmp_path, name: str, cast_text: str | None = None) -> tuple[float, float, float]:
    """(level between the street scene's lines, between the kitchen's, the quietest moment) of a render."""
    script = tmp_path / f"{name}.fountain"
    script.write_text(STREET)
    out = tmp_path / f"{name}.wav"
    args = ["render", script, "-o", out]
    if cast_text is not None:
        cast = tmp_path / f"{name}.cast.toml"
        cast.write_text(cast_text)
        args += ["--cast", cast]
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    labels = [row.split("\t") for row in (tmp_path / f"{name}.labels.txt").read_text().splitlines()]
    ends = {text: (float(a), float(b)) for a, b, text in labels}

    def gap(first: str, second: str) -> float:
        start = next(v[1] for k, v in ends.items() if first in k) + 0.35
        end = next(v[0] for k, v in ends.items() if second in k) - 0.02
        return _level(decode(out), start, end)

    audio = decode(out)
    floor = min(_level(audio, t, t + 0.2) for t in np.arange(0.0, audio.shape[1] / RATE - 0.2, 0.2))
    return gap("the way to the station", "Straight on"), gap("Home at last", "kettle"), floor


def test_a_scene_heading_that_names_a_place_brings_its_sound_and_a_cast_file_overrides_it(tmp_path):
    street, kitchen, floor = _scene_gaps(tmp_path, "guess")
    assert street > kitchen + 10 and street > floor + 15  # EXT. BUSY STREET: traffic under the scene
    street, kitchen, _ = _scene_gaps(tmp_path, "ruled", '[[scenes]]\nmatch = "STREET"\natmosphere = "none"\n\n'
                                                         '[[scenes]]\nmatch = "KITCHEN"\natmosphere = "rain"\n')
    assert kitchen > street + 10  # the producer's rules: a quiet street, rain on the kitchen window


def test_the_listening_page_shows_held_sounds_in_their_own_lane(rendered, browser):
    """In Debian's chromium: a "Held sounds" lane with the train and the rain, each spanning its
    time on the timeline as the cue sheet gives it, and a click on one seeks to its start."""
    import csv
    import json

    audio, labels, _, sheet = rendered
    open_page(browser, sheet.with_name("train.html"))
    beds = browser.execute_script(
        "return [...document.querySelectorAll('.bed-row .bed')].map(b => [b.dataset.start, b.style.left, "
        "b.style.width, b.textContent])")
    label = browser.execute_script("return [...document.querySelectorAll('.tl-label')].map(l => l.textContent)")
    duration = audio.shape[1] / RATE
    held = [r for r in csv.DictReader(open(sheet, encoding="utf-8")) if r["form"] == "held"]
    assert "Held sounds" in label and [b[3] for b in beds] == ["train", "rain"]
    for (start, left, width, _), row in zip(beds, held):
        begins = from_stamp(row["start"])
        assert abs(float(start) - begins) < 0.01
        assert abs(float(left.rstrip("%")) - 100 * begins / duration) < 0.1
        assert abs(float(width.rstrip("%")) - 100 * float(row["length"]) / duration) < 0.1
    browser.execute_script("document.querySelectorAll('.bed-row .bed')[1].click()")
    wait_for(browser, f"Math.abs(audio.currentTime - {json.dumps(float(beds[1][0]))}) < 0.3",
             what="the click on the rain to seek to it")
    assert not errors_in(browser)


def test_the_producers_music_under_a_scene_is_held_looped_and_credited_as_theirs(tmp_path):
    """A [[cues]] rule's file for MUSIC: THEME UP AND UNDER: held under the scene for longer than
    the file lasts (looped), its tone heard between the lines, no built-in bridge and no warning."""
    import csv
    import subprocess

    theme = tmp_path / "theme.ogg"  # three seconds of a 440 Hz tone: easy to find in the mix
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ac", "2",
                    str(theme)], check=True)
    cast = tmp_path / "play.cast.toml"
    cast.write_text('[[cues]]\nmatch = "THEME"\nfile = "theme.ogg"\n')
    script = tmp_path / "play.txt"
    script.write_text("SCENE 1. THE STUDIO.\n\nMUSIC: THEME UP AND UNDER.\n\n1. ANNA: Good evening, and welcome.\n\n"
                      "2. BEN: Tonight we have a story for you, a long one, about the sea.\n\n"
                      "3. ANNA: It begins on a night like this one.\n")
    out = tmp_path / "play.wav"
    done = run_cli("render", script, "--cast", cast, "--format", "radio", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "built-in bridge" not in done.stderr
    rows = list(csv.DictReader(open(tmp_path / "play.cues.csv", encoding="utf-8")))
    assert [(r["kind"], r["form"]) for r in rows] == [("file", "held")] and "theme.ogg" in rows[0]["source"]
    assert float(rows[0]["length"]) > 3 * 2  # longer than the file: looped
    audio = decode(out).mean(axis=0)
    labels = [row.split("\t") for row in (tmp_path / "play.labels.txt").read_text().splitlines()]
    last_gap = [(float(a), float(b)) for a, b, text in labels if "a night like this" in text][0][0]
    gap = audio[int((last_gap - 0.3) * RATE):int((last_gap - 0.02) * RATE)]
    spectrum = np.abs(np.fft.rfft(gap * np.hanning(len(gap))))
    freqs = np.fft.rfftfreq(len(gap), 1 / RATE)
    tone = spectrum[(freqs > 430) & (freqs < 450)].max()
    around = np.median(spectrum[(freqs > 300) & (freqs < 600)])
    assert tone > 20 * around  # the theme still sounds under the scene, after the file's three seconds


CROSSING = """SCENE 1. A KITCHEN.

ATMOS: RAIN ON THE WINDOWS.

1. ANNA: It has rained all day.

2. BEN: Then we go out tomorrow.

{change}

SCENE 2. A GARDEN.

ATMOS: BIRDS SINGING.

3. ANNA: What a morning.

4. BEN: The best of the year.
"""


def _scene_change(tmp_path, name: str, change: str) -> tuple[float, float, float]:
    """(the quietest 100 ms between the last line of scene 1 and the first of scene 2, the level
    around it, the birds' start minus the rain's end) of the two-scene radio script."""
    import csv

    script = tmp_path / f"{name}.txt"
    script.write_text(CROSSING.format(change=change))
    out = tmp_path / f"{name}.wav"
    done = run_cli("render", script, "--format", "radio", "-o", out)
    assert done.returncode == 0, done.stderr
    labels = [row.split("\t") for row in (tmp_path / f"{name}.labels.txt").read_text().splitlines()]
    last = next(float(b) for a, b, text in labels if "go out tomorrow" in text)
    first = next(float(a) for a, b, text in labels if "What a morning" in text)
    audio = decode(out)
    steps = [_level(audio, t, t + 0.1) for t in np.arange(last + 0.1, first - 0.1, 0.05)]
    rows = {r["kind"]: r for r in csv.DictReader(open(tmp_path / f"{name}.cues.csv", encoding="utf-8"))}
    rain_end = from_stamp(rows["rain"]["start"]) + float(rows["rain"]["length"])
    birds = from_stamp(rows["birds"]["start"])
    return min(steps), float(np.median(steps)), birds - rain_end


def test_crossfade_to_the_next_scene_has_its_sound_rise_as_the_last_falls(tmp_path):
    """CROSSFADE TO: the garden's birds begin while the kitchen's rain is still fading, and there
    is no hole of near silence between the scenes; without it, the rain is gone before the birds."""
    hole, around, overlap = _scene_change(tmp_path, "crossed", "CROSSFADE TO:")
    assert overlap < -1.0  # the birds start more than a second before the rain has gone
    plain_hole, plain_around, gap = _scene_change(tmp_path, "cut", "")
    assert gap > 0  # one after the other
    assert hole > plain_hole + 10, (hole, plain_hole)  # the crossfade leaves no near-silence between


# --------------------------------------------------------------------------- a bed dips under a one-shot


def _placed(cast, text: str, kind: str, at: float, held: bool = False, whole: float = 0.0):
    """A cue placed as the layout places it (plan.layout): a one-shot whole; a held bed, `whole`
    seconds long, in its pieces of beds.SEGMENT_SECONDS."""
    from dataclasses import replace

    from dramatize.cues import sound as cues
    from dramatize.model import Direction
    from dramatize.plan import CueSource, Placement

    spec = cues.cue_spec(Direction(text, 1, "sound", kind), cast, "test:1", held)
    first = cues.arrange(spec, {}, RATE)
    start = int(at * RATE)
    if not held:
        return [Placement(start, first.length, CueSource(spec, first), "cue")]
    whole, piece = int(whole * RATE), int(beds.SEGMENT_SECONDS * RATE)
    return [Placement(start + offset, min(piece, whole - offset),
                      CueSource(spec, replace(first, length=min(piece, whole - offset), hold=0, offset=offset,
                                              whole=whole)), "cue")
            for offset in range(0, whole, piece)]


@pytest.fixture(scope="module")
def cast(engine):
    from conftest import DATA, load_voiced

    return load_voiced(DATA / "cast.toml", engine)


def test_a_sound_that_goes_on_dips_under_each_one_shot_that_comes_after_it(cast):
    knock = _placed(cast, "A knock.", "knock", 0.5)  # before the rain: it does not dip it
    rain = _placed(cast, "Rain, throughout.", "rain", 1.0, held=True, whole=40.0)  # in two pieces
    shot = _placed(cast, "A gunshot.", "gunshot", 10.0)
    thunder = _placed(cast, "Thunder.", "thunder", 30.5)  # heard across the join of the two pieces
    wind = _placed(cast, "The wind howls.", "wind", 45.0)  # goes on by nature: dips, though not held
    slam = _placed(cast, "The door slams.", "door", 46.0)
    placements = knock + rain + shot + thunder + wind + slam
    span = {id(p): (p.start, p.start + p.source.arrangement.hold) for p in placements}
    found = {placements[i].source.spec.text + f"@{placements[i].start / RATE:g}": spans
             for i, spans in beds.dips(placements).items()}
    assert found == {"Rain, throughout.@1": [span[id(shot[0])], span[id(thunder[0])]],
                     "Rain, throughout.@31": [span[id(thunder[0])]],  # a later piece: the bed began before the thunder
                     "The wind howls.@45": [span[id(slam[0])]]}
    assert all(span[id(p[0])][1] > p[0].start for p in (shot, thunder, slam))  # each dips until words resume


def test_the_dip_falls_before_the_one_shot_holds_and_rises_after_the_same_in_any_window():
    spans = [(RATE * 2, RATE * 3)]
    whole = beds.dip_gain(spans, 0, RATE * 5, RATE)
    pieces = np.concatenate([beds.dip_gain(spans, a, min(a + 12345, RATE * 5), RATE)
                             for a in range(0, RATE * 5, 12345)])
    assert np.array_equal(whole, pieces)  # the mixer's windows join without a step
    floor = np.float32(10 ** (beds.DIP_DB / 20))
    before = int((2 - beds.DIP_IN_SECONDS) * RATE)
    after = int((3 + beds.DIP_OUT_SECONDS) * RATE)
    assert np.all(whole[:before] == 1) and np.all(whole[after:] == 1)
    assert np.allclose(whole[RATE * 2:RATE * 3], floor)
    assert np.all(np.diff(whole[before:RATE * 2]) <= 0) and np.all(np.diff(whole[RATE * 3:after]) >= 0)


def test_the_mix_dips_a_bed_under_a_one_shot_and_nowhere_else(cast):
    """Mixed, a held rain's part of the sound (the mix with it less the mix without it: the mixer is
    linear in each source) is DIP_DB down while a gunshot is heard over it, and as loud as alone
    before the dip begins and after it has risen again."""
    from dramatize.mix import Mixer
    from dramatize.plan import Timeline

    rain = _placed(cast, "Rain, throughout.", "rain", 0.0, held=True, whole=8.0)
    shot = _placed(cast, "A gunshot.", "gunshot", 3.0)
    length = 8 * RATE

    def mixed(placements):
        return Mixer(Timeline(placements, [], [], length), cast, {}, RATE).window(0, length)

    bed = mixed(rain + shot) - mixed(shot)
    alone = mixed(rain)
    held = shot[0].source.arrangement.hold / RATE
    for start, end, drop in ((1.5, 2.8, 0.0), (3.2, 3.0 + held, beds.DIP_DB),
                             (3.0 + held + beds.DIP_OUT_SECONDS + 0.3, 7.0, 0.0)):
        a, b = int(start * RATE), int(end * RATE)
        assert abs(rms_db(bed[:, a:b]) - rms_db(alone[:, a:b]) - drop) < 1.0, (start, end)
