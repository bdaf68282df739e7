"""Radio scripts (issue 17, part 1) and where a voice stands (part 3).

Reading: the radio family is detected and chosen with --format radio; cue lines are never
speakers and never spoken, speech numbers are never spoken, scene headings are titled chapters,
and perspective notes are recorded on the speech in every family. Hearing: one short radio script
rendered with espeak-ng through pyttsx3, every measurement made on the rendered audio.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import RATE, decode, job, rms_db

from dramatize.directions import SILENT
from dramatize.model import NARRATOR, Direction, Speech
from dramatize.readers import read_script
from dramatize.readers.radio import parse

CORPUS = Path(__file__).parent / "corpus"

UK = """SCENE ONE

A KITCHEN. MORNING.

F/X: KETTLE BOILS.

1. MARGARET: (CLOSE) Is that you, Tom?

2. TOM: (OFF, APPROACHING) It's me. I've brought
   the post.

GRAMS: SOLO PIANO. FADE UNDER.

3. MARGARET: Put it on the table.

Scene 2: The hall

SFX - FRONT DOOR SLAMS.

4. TOM: (DISTORT - ON PHONE) Maggie? Can you hear me?

CROSSFADE TO:
"""


def events(script):
    return list(script.events())


def speeches(script):
    return [e for e in events(script) if isinstance(e, Speech)]


def test_a_uk_script_is_detected_and_read_as_radio(tmp_path):
    path = tmp_path / "kitchen.txt"
    path.write_text(UK)
    script = read_script(path)
    assert script.format == "radio"
    said = speeches(script)
    assert [(s.speakers, s.line) for s in said] == [(("MARGARET",), 7), (("TOM",), 9), (("MARGARET",), 14),
                                                   (("TOM",), 20)]
    assert said[1].text == "It's me. I've brought the post."  # the wrapped line joins its speech
    assert [c.title for c in script.chapters] == ["Scene One: A kitchen, morning", "Scene 2: The hall"]
    heard = " ".join(s.text for s in said)
    for never in ("1.", "2.", "F/X", "GRAMS", "SFX", "FADE UNDER", "CROSSFADE", "(CLOSE)", "DISTORT"):
        assert never not in heard
    assert set(script.speakers()) == {"MARGARET", "TOM"}
    cues = {e.line: e for e in events(script) if isinstance(e, Direction)}
    assert (cues[3].text, cues[3].action) == ("A kitchen, morning.", "narrate")  # the setting is told, as written
    assert cues[18].action == "sound" and cues[18].sound is not None and not cues[18].told  # SFX - FRONT DOOR SLAMS.
    assert (cues[12].action, cues[12].sound) == ("sound", "music")  # the producer's file, else a built-in bridge
    assert cues[22].action == "silent"  # CROSSFADE TO:


def test_perspective_is_recorded_on_the_speech():
    script = parse(UK, "kitchen.txt")
    assert [s.perspective for s in speeches(script) if s.speakers != (NARRATOR,)] == [
        "close", "approaching", None, "telephone"]


@pytest.mark.parametrize("note, place", [
    ("OFF", "off"), ("OFF MIKE", "off"), ("ON MIKE", "close"), ("FADING", "going"), ("FADING IN", "approaching"),
    ("BACK", "off"), ("GOING", "going"), ("RECEDING", "going"), ("DISTANT", "distant"), ("DISTORT", "telephone"),
    ("FILTERED", "telephone"), ("ON RADIO", "telephone"), ("INTERCOM", "telephone"), ("V/O", "voiceover"),
    ("V.O.", "voiceover"), ("O.S.", "off"), ("THOUGHTS", "voiceover"), ("ECHO", "echo"), ("_off_", "off"),
    ("_coming in_", "approaching"), ("from the next room", "off"), ("Within", "off"), ("Off.", "off"),
])
def test_every_perspective_note_names_its_place(note, place):
    script = parse(f"1. ANN: ({note}) Hello there.\n\n2. BEN: Hello.\n", "notes.txt")
    ann = speeches(script)[0]
    assert (ann.speakers, ann.perspective, ann.text) == (("ANN",), place, "Hello there.")


def test_a_play_and_a_transcript_record_perspective_too(tmp_path):
    play = tmp_path / "play.txt"
    play.write_text("ACT I\n\nWASHINGTON [_off_]\n\nYes, come in.\n\nHULL\n\nSir. [_closer_] He waits.\n\n"
                    "HULL\n\nCome in.\n\nWASHINGTON\n\nGood.\n")
    said = [s for s in speeches(read_script(play, "play")) if s.speakers != (NARRATOR,)]
    assert [(s.speakers[0], s.perspective) for s in said] == [
        ("WASHINGTON", "off"), ("HULL", None), ("HULL", "close"), ("HULL", None), ("WASHINGTON", None)]
    talk = tmp_path / "talk.txt"
    talk.write_text("ANNA: (V.O.) I never told him.\n\nBEN: Told him what?\n\nANNA: [from the next room] Nothing!\n")
    said = speeches(read_script(talk, "transcript"))
    assert [(s.speakers[0], s.perspective, s.text) for s in said] == [
        ("ANNA", "voiceover", "I never told him."), ("BEN", None, "Told him what?"), ("ANNA", "off", "Nothing!")]


def test_a_real_radio_play_places_its_voices():
    # Carlton's The Story of Nathan Hale (1928, Project Gutenberg #28527), printed like a play:
    # "(off) indicates that he is farther away … (off, coming in) … gradually comes closer".
    script = read_script(CORPUS / "nathan-hale-gutenberg-orchard.txt")
    placed = [(s.line, s.speakers[0], s.perspective) for s in speeches(script) if s.perspective]
    assert placed == [(49, "HALE", "going"), (87, "CUNNINGHAM", "approaching"), (107, "MONTRESSOR", "off"),
                      (112, "HALE", "off")]
    heard = " ".join(s.text for s in speeches(script))
    assert "_off_" not in heard and "going" not in heard.split("where are you going?")[1]


def test_us_network_layout_numbered_cues_and_hanging_indents():
    script = read_script(CORPUS / "radio-us-network-sample.txt")
    assert script.format == "radio"
    said = [s for s in speeches(script) if s.speakers != (NARRATOR,)]
    assert said[0].speakers == ("ANNOUNCER",) and said[0].text.endswith("while the city sleeps.")
    assert "MUSIC" not in script.speakers() and "SOUND" not in script.speakers()
    first = next(e for e in events(script) if isinstance(e, Direction))
    assert (first.line, first.action, first.sound) == (7, "sound", "music")  # a built-in bridge until given a file
    assert first.text.startswith("MUSIC: DANGER THEME")
    assert script.chapters[0].title == '"The Night Shift"'  # the script's title, never "Music: …"


def test_format_radio_is_chosen_on_the_command_line_and_older_families_leave_cues_alone(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("TOM: Hello.\n\nF/X: DOOR OPENS.\n\nMARGARET: Hello, Tom.\n")
    assert read_script(path, "radio").format == "radio"
    for family in ("play", "transcript"):
        names = read_script(path, family).speakers()
        assert "F/X" not in names and "GRAMS" not in names


def test_a_cue_line_in_a_transcript_or_a_play_is_a_cue_never_the_last_speakers_words(tmp_path):
    # A producer's FX: line between two speeches is heard, or kept silent and reported; BACKGROUND:
    # heads a hearing's paragraphs too, so it is no cue line outside radio scripts.
    path = tmp_path / "debate.txt"
    path.write_text("MAYOR: The budget for the new bridge.\n\nFX: LOUD LAUGHTER FROM\nTHE PUBLIC GALLERY\n\n"
                    "COUNCILLOR: Very droll.\n\nSFX: THE GREAT DEBATE BEGINS\n\nMAYOR: Shall we vote?\n\n"
                    "MUSIC: A BRASS BAND STRIKES UP\n\nCOUNCILLOR: On what?\n\n"
                    "BACKGROUND: The bridge was first proposed in 1990.\n")
    for family in ("transcript", "play"):
        script = read_script(path, family)
        said = [(s.speakers, s.text) for s in speeches(script)]
        assert [text for _, text in said] == ["The budget for the new bridge.", "Very droll.", "Shall we vote?",
                                              "On what?", "BACKGROUND: The bridge was first proposed in 1990."], family
        cues = {d.text: d for d in events(script) if isinstance(d, Direction)}
        assert cues["FX: LOUD LAUGHTER FROM THE PUBLIC GALLERY"].sound == "laughter"
        assert cues["MUSIC: A BRASS BAND STRIKES UP"].sound == "music"
        assert cues["SFX: THE GREAT DEBATE BEGINS"].action == SILENT
        (report,) = [w for w in script.warnings if "effect line" in w]
        assert ":8: 1 effect line(s) name no sound" in report and "THE GREAT DEBATE BEGINS" in report


def test_a_screenplays_sfx_line_is_a_cue_never_narrated(tmp_path):
    path = tmp_path / "kitchen.fountain"
    path.write_text("INT. KITCHEN - DAY\n\nSFX: THE FURNACE\nCLICKS OFF.\nBev glares at it.\n\nBEV\nOh, come on.\n\n"
                    "SFX: DOORBELL.\n\nHAROLD\n(calling)\nComing!\n")
    script = read_script(path)
    said = " ".join(s.text for s in speeches(script))
    assert "SFX" not in said and "DOORBELL" not in said and "FURNACE" not in said
    cues = {d.text: d for d in events(script) if isinstance(d, Direction)}
    assert cues["SFX: DOORBELL."].sound is not None
    assert cues["SFX: THE FURNACE CLICKS OFF."].action == SILENT and "Bev glares at it." in cues
    assert any("1 effect line(s) name no sound" in w and "FURNACE" in w for w in script.warnings)


def test_names_alone_above_their_speeches_among_fx_lines_are_the_speakers(tmp_path):
    # A modern audio-drama layout: each speaker's name alone on the line above the words, cue lines between.
    path = tmp_path / "tide.txt"
    path.write_text("SCENE 1 — EXT. BEACH — NIGHT\n\nATMOS: Waves breaking on the shore.\n\n"
                    "FX: Footsteps on shingle.\n\nMAYA\n(breathless)\nIt's here somewhere.\n\n"
                    "OWEN (OFF)\nMaya, slow down!\n\nMAYA\nThen use your phone.\n\nFX: A DOOR SLAMS.\n\n"
                    "OWEN\nThere. Happy?\n\nMAYA AND OWEN\nShh!\n\nFOOTSTEPS APPROACH\n\nGUARD\nWho goes there?\n\n"
                    "MAYA\nListen.\n")
    script = read_script(path)
    assert script.format == "radio"
    said = [(s.speakers, s.text) for s in speeches(script)]
    assert said == [(("MAYA",), "It's here somewhere."), (("OWEN",), "Maya, slow down!"),
                    (("MAYA",), "Then use your phone."), (("OWEN",), "There. Happy?"), (("MAYA", "OWEN"), "Shh!"),
                    (("GUARD",), "Who goes there?"), (("MAYA",), "Listen.")]
    heard = [getattr(d.sound, "value", d.sound) for d in events(script) if isinstance(d, Direction) and d.sound]
    assert heard == ["sea", "footsteps", "door", "footsteps"]  # (a capitals direction alone is no name)
    assert [c.title for c in script.chapters if c.kind == "body"][0].startswith("Scene 1")


def test_a_cue_line_naming_several_sounds_plays_each_in_turn(tmp_path):
    path = tmp_path / "hall.txt"
    path.write_text("SCENE 1.\n\nF/X: FOOTSTEPS. A DOOR CREAKS OPEN.\n\n1. TOM: Hello?\n\nF/X: TRAIN ON TRACKS. HOLD UNDER.\n\n"
                    "2. ANN: Tom.\n\nATMOS: WIND. B/G: A DOG BARKING, FAR OFF.\n\n3. TOM: Ann?\n")
    cues = [(d.line, d.text, getattr(d.sound, "value", d.sound)) for d in events(read_script(path))
            if isinstance(d, Direction) and d.sound]
    assert cues == [(3, "F/X: FOOTSTEPS.", "footsteps"), (3, "F/X: A DOOR CREAKS OPEN.", "creak"),
                    (7, "F/X: TRAIN ON TRACKS. HOLD UNDER.", "train"),  # (the working words go with their sound)
                    (11, "ATMOS: WIND.", "wind"), (11, "B/G: A DOG BARKING, FAR OFF.", "dog")]


def test_what_is_not_understood_is_narrated_with_a_warning():
    script = parse("1. TOM: Hello.\n\nthe lights go down slowly, and nobody moves\n\nF/X: A FLURRY OF ZORBLES.\n",
                   "odd.txt")
    told = [s for s in speeches(script) if s.speakers == (NARRATOR,)]
    assert [s.text for s in told] == ["the lights go down slowly, and nobody moves"]
    assert any("odd.txt:3" in w and "no speaker or cue" in w for w in script.warnings)
    assert any("ZORBLES" in w and "kept silent" in w for w in script.warnings)
    zorbles = [e for e in events(script) if isinstance(e, Direction) and "ZORBLES" in e.text]
    assert zorbles[0].action == "silent"  # a cue line is never spoken


# ---------------------------------------------------------------- heard

CAST = """
[narrator]
engine_voice = "gmw/en-gb-x-rp+m7"

[speakers.ANN]
engine_voice = "gmw/en-us+f2"

[hall]
tone_db = -90
"""

HEARD = """1. ANN: The parcel came this morning, and it was far heavier than I thought it would be.

2. ANN: (ON PHONE) The parcel came this morning, and it was far heavier than I thought it would be.

3. ANN: (OFF) The parcel came this morning, and it was far heavier than I thought it would be.

4. ANN: (APPROACHING) The parcel came this morning, and it was far heavier than I thought it would be.

5. ANN: I put it on the kitchen table and went to find a knife to open it with.
"""


@pytest.fixture(scope="module")
def heard(tmp_path_factory):
    from dramatize.render import render

    folder = tmp_path_factory.mktemp("radio")
    (folder / "cast.toml").write_text(CAST)
    (folder / "parcel.txt").write_text(HEARD)
    result = render(job(folder / "parcel.txt", folder / "parcel.wav", folder / "cast.toml", sidecars=False),
                    warn=lambda m: None)
    audio = decode(result.output).mean(axis=0)
    lines = {}
    for entry in result.timeline.transcript:
        if entry.speaker and entry.kind == "speech":
            lines[entry.line] = audio[_at(entry.start, result):_at(entry.end, result)]
    return lines


def _at(sample: int, result=None) -> int:
    from dramatize.timing import MIX_RATE

    return int(sample * RATE / MIX_RATE)


def _band_share(x: np.ndarray, low: float, high: float) -> float:
    """The share of the line's energy below `low` Hz and above `high` Hz."""
    spectrum = np.abs(np.fft.rfft(x.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / RATE)
    return float(spectrum[(freqs < low) | (freqs > high)].sum() / spectrum.sum())


def _active_db(x: np.ndarray) -> float:
    frame = RATE // 50
    power = np.mean(x[: len(x) // frame * frame].reshape(-1, frame).astype(np.float64) ** 2, axis=1)
    return float(10 * np.log10(power[power > power.max() * 1e-3].mean()))


@pytest.mark.slow
def test_a_telephone_line_keeps_only_the_telephone_band(heard):
    close, phone = _band_share(heard[1], 300, 3400), _band_share(heard[3], 300, 3400)
    assert phone < 0.25 * close, (close, phone)


@pytest.mark.slow
def test_an_off_line_is_at_least_4_db_quieter_than_the_same_voice_close(heard):
    assert _active_db(heard[1]) - _active_db(heard[5]) >= 4.0, (_active_db(heard[1]), _active_db(heard[5]))


@pytest.mark.slow
def test_an_approaching_line_grows_at_least_3_db_from_its_first_to_its_last_third(heard):
    line = heard[7]
    third = len(line) // 3
    assert rms_db(line[-third:]) - rms_db(line[:third]) >= 3.0


@pytest.mark.slow
def test_a_close_line_is_left_as_it_was(heard):
    assert abs(_active_db(heard[1]) - _active_db(heard[9])) < 2.5


RADIO_SHAPES = {
    "cue lines": "F/X: TRAIN ON TRACKS. HOLD UNDER.\n",
    "numbered speeches": "12. MARGARET: (OFF, APPROACHING) Is that you?\n",
    "wrapped speech": "   and the line goes on under its label\n",
    "spaces in a label's column": "A" + " " * 300 + "B\n",
    "notes before the words": "1. TOM: " + "(OFF)" * 200 + " Hello.\n",
    "working words": "FADE IN " * 40 + "x\n",
    "scene headings": "SCENE 1.\nINT. A ROOM.\n",
}


@pytest.mark.parametrize("shape", RADIO_SHAPES)
def test_radio_reads_in_linear_time(shape):
    from test_hostile_text import SHAPES, assert_linear, repeat

    assert_linear(repeat(RADIO_SHAPES[shape], "1. ANN: Hello.\n"), "radio", 20_000)
    if shape == "cue lines":  # and the shapes every reader is held to
        for make, suffix in SHAPES.values():
            if suffix == ".txt":
                assert_linear(make, "radio", 20_000)


def test_a_screenplay_cue_extension_places_the_voice(tmp_path):
    path = tmp_path / "call.fountain"
    path.write_text("INT. KITCHEN - NIGHT\n\nANNA (V.O.)\nI never told him.\n\nBEN (O.S.)\nTold him what?\n\n"
                    "ANNA (ON PHONE)\nNothing!\n\nBEN (CONT'D)\nFine.\n\nANNA (O.C.) ^\nGood.\n\nBEN\nNight.\n")
    said = [(s.speakers[0], s.perspective) for s in speeches(read_script(path)) if s.speakers != (NARRATOR,)]
    assert said == [("ANNA", "voiceover"), ("BEN", "off"), ("ANNA", "telephone"), ("BEN", None), ("ANNA", "off"),
                    ("BEN", None)]
    boss = [s for s in speeches(read_script(CORPUS / "last-birthday-card.fountain")) if s.speakers == ("THE BOSS",)]
    assert boss[0].perspective == "off"  # THE BOSS (O.S.), a real screenplay's cue
    assert len(boss) > 5 and {s.perspective for s in boss[1:]} == {None}  # then in the room: THE BOSS


@pytest.mark.parametrize("text, ends", [
    ("FADE OUT.", "all"), ("CUT.", "all"), ("SLOW FADE OUT.", "all"), ("CROSSFADE TO:", "all"), ("F/X: OUT.", "all"),
    ("UP AND OUT.", "all"), ("F/X: RAIN FADES OUT.", "rain"), ("The rain stops.", "rain"),
    ("F/X: TRAIN UP AND OUT.", "train"), ("MUSIC: UP AND OUT", "music"),
    ("They go out.", None), ("He stops by the window.", None), ("Exit, pursued by a bear.", None),
    ("She cuts the bread.", None),
])
def test_what_ends_a_held_sound_and_what_does_not(text, ends):
    from dramatize.cues.beds import ending

    found = ending(text, 1)
    assert (None if found is None else found.kind or "all") == ends


@pytest.mark.parametrize("text, kind, held", [
    ("ATMOS: RAIN AGAINST THE WINDOW.", "rain", True), ("F/X: TRAIN ON TRACKS. HOLD UNDER.", "train", True),
    ("The rain continues.", "rain", True), ("Rain.", "rain", False), ("A train passes.", "train", False),
    ("A knock at the door. HOLD UNDER.", "knock", False), ("GRAMS: THEME. FADE UNDER.", "music", False),
    ("MUSIC: THEME UP AND UNDER.", "file", True),
])
def test_what_holds_a_sound_under_the_scene(text, kind, held):
    from dramatize.cues.beds import held as holds

    assert holds(text, kind) is held


@pytest.mark.slow
def test_the_cast_file_retunes_a_perspective(heard, tmp_path):
    """[perspective.off] gain_db = -20: the same off line is that much quieter than as perspective.py
    has it (-9), measured against the same close line."""
    from dramatize.render import render

    (tmp_path / "cast.toml").write_text(CAST + "\n[perspective.off]\ngain_db = -20\n")
    (tmp_path / "parcel.txt").write_text(HEARD)
    result = render(job(tmp_path / "parcel.txt", tmp_path / "parcel.wav", tmp_path / "cast.toml", sidecars=False),
                    warn=lambda m: None)
    audio = decode(result.output).mean(axis=0)
    lines = {e.line: audio[_at(e.start):_at(e.end)] for e in result.timeline.transcript
             if e.speaker and e.kind == "speech"}
    before = _active_db(heard[1]) - _active_db(heard[5])
    after = _active_db(lines[1]) - _active_db(lines[5])
    assert after - before > 7, (before, after)  # -20 instead of -9: about 11 dB further off
    assert abs(_active_db(lines[1]) - _active_db(lines[9])) < 2.5  # close lines as they were


def test_a_wrong_perspective_setting_is_one_line_with_file_and_key(tmp_path):
    from dramatize.errors import ConfigErrors
    from dramatize.production.config import load_cast

    path = tmp_path / "cast.toml"
    path.write_text('[perspective.offf]\ngain_db = -20\n\n[perspective.telephone]\nband_hz = [3400, 300]\n')
    with pytest.raises(ConfigErrors) as caught:
        load_cast(path)
    problems = caught.value.problems
    assert len(problems) == 2
    assert "cast.toml:1" in problems[0] and "did you mean 'off'?" in problems[0]
    assert "cast.toml:5" in problems[1] and "perspective.telephone.band_hz" in problems[1] and "low below high" in problems[1]


def test_a_radio_scripts_cast_list_guides_the_casting_and_is_not_read_aloud():
    script = read_script(CORPUS / "radio-uk-layout-sample.txt")
    heard = " ".join(e.text for e in events(script) if isinstance(e, Speech))
    assert "schoolteacher" not in heard and "Cast." not in heard
    assert script.descriptions["MARGARET"] == "a schoolteacher, forties"
    assert any("the cast list is not read aloud" in item for item in script.skipped)


def test_the_first_cue_after_a_cast_list_and_a_scene_heading_is_heard():
    # The cast list ends at the scene heading: the cue under the setting line was once swallowed as a cast entry.
    script = parse("CAST\n\nMARGARET, a teacher\nTOM, her brother\n\nSCENE 1.\n\nINT. A KITCHEN. NIGHT.\n\n"
                   "F/X: A KNOCK AT THE DOOR.\n\n1. MARGARET: Who is it?\n\n2. TOM: (OFF) Only me.\n")
    cues = [e for e in events(script) if isinstance(e, Direction) and e.text.startswith("F/X")]
    assert [(c.line, c.action.value) for c in cues] == [(10, "sound")]
    assert [e.speakers for e in events(script) if isinstance(e, Speech)] == [("MARGARET",), ("TOM",)]


# A network script as the old-time-radio transcribers type it (the shape of the Sherlock Holmes files in the corpus).
TRANSCRIBED = """Series: The Detective Hour
Show: The Locked Room
Date: Jan 5 1940
Script courtesy of a transcriber

Cast of Characters (in order of appearance)
Knox Manning
Dr. Watson
Alfred (butler)

Sound Effects
Footsteps
Door opens/closes
MUSIC: CHORD

MANNING: The makers of Bromo Tablets bring you another adventure.

(Pause)

And now, here we are in the doctor's study.

WATSON: A place for everything, I always say.

SOUND FX: DOOR OPENS AND SLAMS

WATSON: Look at the place - papers on the

floor - papers on all the chairs.

VIOLIN STOPS

MANNING; Patience, doctor, patience.

SOUND EFX: FOOTSTEPS FADING
"""


def test_a_transcribed_network_script_is_read_as_radio(tmp_path):
    (tmp_path / "locked.txt").write_text(TRANSCRIBED)
    script = read_script(tmp_path / "locked.txt")
    assert script.format == "radio"
    assert (script.metadata["title"], script.metadata["subtitle"]) == ("The Locked Room", "The Detective Hour")
    said = [(e.line, e.speakers[0]) for e in speeches(script) if e.speakers != (NARRATOR,)]
    # after (Pause) and after a broken line the same voice goes on; MANNING; is MANNING:
    assert said == [(16, "MANNING"), (20, "MANNING"), (22, "WATSON"), (26, "WATSON"), (28, "WATSON"),
                    (32, "MANNING")]
    heard = " ".join(e.text for e in speeches(script))
    for never in ("Knox Manning", "Footsteps", "Door opens/closes", "VIOLIN STOPS", "courtesy", "Series"):
        assert never not in heard
    cues = {e.line: e for e in events(script) if isinstance(e, Direction)}
    assert cues[24].text == "SOUND FX: DOOR OPENS AND SLAMS" and cues[24].action.value == "sound"
    assert cues[34].text.startswith("SOUND EFX:") and cues[30].action.value == "silent"
    assert script.descriptions["ALFRED"] == "butler"  # the title-case cast list guides the casting


def test_cue_lines_among_name_labels_are_not_a_transcript(tmp_path):
    # Labels alone read as a transcript; three MUSIC:/SOUND: lines among them make it a broadcast script.
    talk = "".join(f"{'ANN' if i % 2 else 'BOB'}: Line {i} of the talk.\n\n" for i in range(20))
    (tmp_path / "talk.txt").write_text(talk)
    assert read_script(tmp_path / "talk.txt").format == "transcript"
    (tmp_path / "show.txt").write_text(talk + "MUSIC: THEME\n\nSOUND FX: APPLAUSE\n\nMUSIC: UP AND OUT\n")
    assert read_script(tmp_path / "show.txt").format == "radio"


def test_the_productions_credits_on_the_front_page_are_not_read(tmp_path):
    path = tmp_path / "last-train.txt"
    path.write_text('SATURDAY NIGHT THEATRE\n"THE LAST TRAIN"\n\nProducer: Alan Pryce\nStudio: B9, Broadcasting House\n\n'
                    "SCENE ONE\n\nF/X:\tTRAIN ON TRACKS. HOLD UNDER.\n\nGUARD:\tTickets, please.\n\nHARRY:\tWhat?\n")
    script = read_script(path)
    assert script.format == "radio"
    assert (script.metadata["title"], script.metadata["subtitle"]) == ("Saturday Night Theatre", "The last train")
    assert [s.speakers for s in speeches(script)] == [("GUARD",), ("HARRY",)]
    assert any("the production's credits are not read" in s for s in script.skipped)


def test_a_numbered_walla_is_the_crowd_and_over_music_is_not_a_new_bridge():
    """`16. WALLA: CROWD OUTSIDE ... ANGRY` is the crowd (a description in capitals: nobody shouts
    it); `(OVER MUSIC)` before a speech says it is spoken over the music already playing."""
    script = parse("1.  MUSIC:      THEME ... FADE UNDER\n\n2.  RUTH:       Sheriff.\n\n"
                   "3.  WALLA:      CROWD OUTSIDE ... ANGRY\n\n4.  BRODY:      (OVER MUSIC) They want a hanging.\n\n"
                   "5.  CROWD:      HANG HIM!\n", "west.txt")
    cues = [e for e in script.events() if isinstance(e, Direction)]
    walla = next(e for e in cues if "CROWD OUTSIDE" in e.text)
    assert walla.sound == "walla" and walla.say is None and not walla.text.startswith("3.")
    over = next(e for e in cues if e.text == "OVER MUSIC")
    assert over.action.value == "delivery" and over.sound is None
    assert [e.sound for e in cues if e.sound == "music"] == ["music"]  # the theme only
