"""What a listener gets from a direction, by rules that hold in every family (issues 17 and 19): a
caption that is only a sound, a manner likened to a sound, a call across the stage, a bracketed
radio line that is a sound, and a play's prose that opens on a sound.

The scripts are made up in the shapes of real files in tests/corpus (PBS's NOVA captions, the
Elephants Dream WebVTT, Wellman's Tilton v. Beecher, Congreve's The Way of the World, Pygmalion,
A Doll's House, Cyrano)."""

from __future__ import annotations

import pytest

from dramatize.directions import DELIVERY, NARRATE, SILENT, SOUND, Form, classify
from dramatize.model import NARRATOR, Direction
from dramatize.readers import play, radio, transcript


def events(script):
    return [e for chapter in script.chapters for e in chapter.events]


def direction(script, text: str) -> Direction:
    return next(e for e in events(script) if isinstance(e, Direction) and e.text == text)


# ---------------------------------------------------------------- a caption that is only a sound

CAPTIONS = """1
00:00:01,000 --> 00:00:03,000
GATES: It was nitrous oxide,
or laughing gas.

2
00:00:03,500 --> 00:00:05,000
( laughing )

3
00:00:05,500 --> 00:00:07,000
(laughing) Go on, then.
"""


def test_a_caption_that_is_only_laughing_is_laughter_and_laughing_before_words_colours_them():
    script = transcript.parse(CAPTIONS, "einstein.srt")
    alone = direction(script, "laughing")
    assert (alone.action, alone.sound) == (SOUND, "laughter")
    before_words = [e for e in events(script) if isinstance(e, Direction) and e.line > alone.line]
    assert [(e.action, e.delivery) for e in before_words] == [(DELIVERY, "cheerful")]


def test_laughing_alone_is_the_sound_only_where_nothing_follows_it():
    assert classify("laughing", Form.ALONE).sound == "laughter"
    assert classify("laughing", Form.BRACKET).action == DELIVERY
    assert classify("laughingly", Form.ALONE).action != SOUND  # a manner word, not the laugh
    assert classify("smiling", Form.ALONE).action == DELIVERY


# ---------------------------------------------------------------- a manner likened to a sound

@pytest.mark.parametrize("text, delivery", [
    ("in a voice like thunder", "shout"),
    ("in a thunderous voice", "shout"),
    ("Changing his tone, quickly and in a whisper", "whisper"),
    ("putting into his voice all that marvellous magnetic force, which so distinguished him", None),
])
def test_a_voice_likened_to_a_sound_is_how_the_words_are_said(text, delivery):
    found = classify(text, Form.PARENTHETICAL)
    assert (found.action, found.sound, found.delivery) == (DELIVERY, None, delivery)


@pytest.mark.parametrize("text, sound", [
    ("Thunder.", "thunder"),
    ("A sound like a door slamming.", "door"),  # the likeness of a sound is still heard
    ("Her voice is drowned by the thunder.", "thunder"),
    ("Thunder, like cannon, far off.", "thunder"),
])
def test_a_sound_named_for_itself_is_still_heard(text, sound):
    assert classify(text).sound == sound


@pytest.mark.parametrize("text, action, heard", [
    ("Gavel.", SOUND, "knock"), ("The chairman bangs the gavel.", SOUND, "knock"),
    ("Audience members shouting.", SOUND, "shouts"), ("Members yelling.", SOUND, "shouts"),
    ("shouting", DELIVERY, "shout"),  # one voice: how the next words are said
])
def test_a_hearings_gavel_and_its_audience_shouting_are_heard(text, action, heard):
    found = classify(text)
    assert (found.action, found.sound or found.delivery) == (action, heard)


@pytest.mark.parametrize("text", ["COMMERCIAL", "AD BREAK", "Begin Tape 1, Side A", "End of interview", "Tape 2"])
def test_a_recordings_log_is_silent(text):
    assert classify(text).action == SILENT


def test_a_simile_is_no_sound():
    assert classify("He starts, as if a shot had been fired.").action == NARRATE
    assert classify("He starts, as if a shot had been fired.").sound is None


# ---------------------------------------------------------------- a call, a silence

def test_calls_in_a_speech_is_how_the_next_words_are_said():
    script = play.parse(
        "THE WAY OF THE WORLD\n\nACT III\n\nLADY WISHFORT. Merciful, no news of Foible yet?\n\n"
        "PEG. No, madam.\n\nLADY WISHFORT. Mr. Mirabell can't abide her. [_Calls_.] John, remove my things.\n\n"
        "PEG. Madam?\n\nLADY WISHFORT. Go, go.\n")
    call = direction(script, "Calls.")
    assert (call.action, call.delivery) == (DELIVERY, "shout")
    words = [e for e in events(script) if e.kind == "speech" and e.text.startswith("John")]
    assert [e.delivery for e in words] == ["shout"]
    assert "Calls" not in " ".join(e.text for e in events(script) if e.kind == "speech")


@pytest.mark.parametrize("text", ["calls on her aunt", "Recalls the day"])
def test_a_visit_or_a_memory_is_no_call(text):
    assert classify(text).delivery != "shout"


@pytest.mark.parametrize("text, pause", [("Total silence.", True), ("Another beat.", True), ("A long pause.", True),
                                         ("without a pause", False), ("No pause", False)])
def test_a_silence_in_a_few_words_is_a_pause(text, pause):
    assert (classify(text).delivery == "pause") is pause


# ---------------------------------------------------------------- a radio line in brackets

RADIO = """SCENE 1. A KITCHEN.

1. MARGARET: Is that you, John?

[A door slams.]

2. JOHN: It's me.

[He sits down heavily.]

3. MARGARET: You're late.

Somebody forgot the label here.

4. JOHN: I know.
"""


def test_a_bracketed_radio_line_is_a_direction_and_only_unlabelled_text_is_said_to_be_narrated():
    script = radio.parse(RADIO, "kitchen.txt")
    slam = direction(script, "A door slams.")
    assert (slam.action, slam.sound) == (SOUND, "door")
    assert direction(script, "He sits down heavily.").action == NARRATE
    told = [w for w in script.warnings if "read by the narrator" in w]
    assert len(told) == 1 and "Somebody forgot the label" in told[0]


# ---------------------------------------------------------------- a play's prose that opens on a sound

PROSE = """THE BELL

A Play in One Act

PREFACE

The music for the first performance was written by a friend. A bell rings in every act of it.

CHARACTERS

NORA, a wife.
HELMER, her husband.

ACT I

A room. Nora sits by the stove. A bell rings in the hall; shortly afterwards the door is heard to open. She looks up.

NORA. Who is it?

The church clock strikes the first quarter.

HELMER. Only me. The music has stopped, and the guests are gone.

HELMER goes to the window (a dog barks outside) and looks out. After the music has ceased, NORA sits.
"""


def test_a_sentence_of_a_plays_prose_that_opens_on_a_sound_is_heard_where_it_stands():
    script = play.parse(PROSE, "bell.txt")
    order = [(e.kind, e.text) for e in events(script) if e.line in (16, 20)]
    assert order == [("speech", "A room. Nora sits by the stove."), ("direction", "A bell rings in the hall;"),
                     ("speech", "shortly afterwards the door is heard to open. She looks up."),
                     ("direction", "The church clock strikes the first quarter.")]
    bell, clock = direction(script, "A bell rings in the hall;"), direction(script, order[-1][1])
    assert (bell.sound, bell.told, clock.sound, clock.told) == ("bell", True, "clock", True)
    dog = direction(script, "a dog barks outside")
    assert (dog.action, dog.sound) == (SOUND, "dog")


def test_a_sound_named_in_passing_or_in_front_matter_or_in_a_speech_is_only_words():
    script = play.parse(PROSE, "bell.txt")
    sounds = [e.text for e in events(script) if isinstance(e, Direction) and e.action == SOUND]
    assert sounds == ["A bell rings in the hall;", "The church clock strikes the first quarter.",
                      "a dog barks outside"]
    narrated = " ".join(e.text for e in events(script) if e.kind == "speech" and e.speakers == (NARRATOR,))
    assert "After the music has ceased, NORA sits." in narrated


@pytest.mark.parametrize("text, sound", [
    ("Lane is arranging afternoon tea on the table, and after the music has ceased, Algernon enters.", None),
    ("She waits without a sound.", None),
    ("No answer. A knock.", "knock"),
    ("The cellar door swings open with a long squeal of rusty hinges.", "creak"),
    ("Far off, the village church bell begins to ring.", "church_bell"),
])
def test_a_sound_named_only_to_say_when_or_that_it_is_not_is_not_heard(text, sound):
    assert classify(text).sound == sound


@pytest.mark.parametrize("text, delivery", [("calls out from his room", "shout"), ("whispering to Jack", "whisper"),
                                            ("shouts from the window and runs out into the street", None)])
def test_a_delivery_said_from_or_to_somewhere_is_still_a_delivery(text, delivery):
    found = classify(text)
    assert (found.action == DELIVERY, found.delivery) == (delivery is not None, delivery)
