"""Label decisions from the whole document, the same in every layout (issue 19): manners in labels,
abbreviations resolved through the cast list, lists of who is on stage, verse lines with a colon,
labels inside an opening quotation mark, page furniture and timestamps never spoken.

Each script below is a few lines of a real public-domain text or of a real export's layout
(Congreve's The Way of the World, 1700; Murray's Oedipus, 1911; a diarised podcast export as
bitcointranscripts publishes them); the whole files are in tests/corpus."""

from __future__ import annotations

from dramatize.model import NARRATOR
from dramatize.readers import play, read_script, transcript


def speeches(script):
    return [(e.speakers, e.text) for c in script.chapters for e in c.events if e.kind == "speech"]


def heard(script) -> str:
    out = []
    for chapter in script.chapters:
        for event in chapter.events:
            out.append(getattr(event, "text", "") or "")
    return "\n".join(out)


WAY_OF_THE_WORLD = """THE WAY OF THE WORLD

A COMEDY

By William Congreve


DRAMATIS PERSONAE

FAINALL, in love with Mrs. Marwood.
MIRABELL, in love with Mrs. Millamant.
LADY WISHFORT, enemy to Mirabell.
MRS. MILLAMANT, a fine lady.
MRS. MARWOOD, friend to Mr. Fainall.
MRS. FAINALL, daughter to Lady Wishfort.
FOIBLE, woman to Lady Wishfort.


ACT I.--SCENE I.

A Chocolate-house.

MIRA. You are a fortunate man, Mr. Fainall.

FAIN. Have we done?

MIRA. What you please. I'll play on to entertain you.

FAIN. No, I'll give you your revenge another time.


ACT III.--SCENE I.

LADY WISHFORT, FOIBLE.

LADY. Merciful, no news of Foible yet?

FOIB. No, madam.

LADY. I have no more patience.

MRS. FAIN. Ay, ay, dear Marwood, if we will be happy, we must find the means in ourselves.

MRS. MAR. True, 'tis an unhappy circumstance of life that love should ever die before us.

MRS. FAIN. Then it seems you dissemble an aversion to mankind.

MRS. MAR. You see my friendship by my freedom.

MILLA. Sententious Mirabell! Prithee don't look with that violent and inflexible wise face.

FOIB. Yes, indeed, madam.

MILLA. Mincing, stand between me and his wisdom.
"""


def test_an_abbreviated_label_is_the_one_cast_name_it_abbreviates():
    script = play.parse(WAY_OF_THE_WORLD)
    said = {text[:12]: speakers for speakers, text in speeches(script)}
    assert said["Merciful, no"] == ("LADY WISHFORT",)
    assert said["True, 'tis a"] == ("MRS. MARWOOD",)
    assert said["Sententious "] == ("MRS. MILLAMANT",)
    assert said["Have we done"] == ("FAINALL",)  # FAIN. is Fainall, MRS. FAIN. his wife
    assert said["Ay, ay, dear"] == ("MRS. FAINALL",)
    assert said["You are a fo"] == ("MIRABELL",)
    assert said["No, madam."] == ("FOIBLE",)
    # one person, one voice: no speaker is left under an abbreviation
    assert {s for speakers, _ in speeches(script) for s in speakers} - {NARRATOR} == {
        "LADY WISHFORT", "MRS. MARWOOD", "MRS. MILLAMANT", "FAINALL", "MRS. FAINALL", "MIRABELL", "FOIBLE"}


def test_a_scene_head_listing_who_is_on_stage_is_not_a_speech():
    script = play.parse(WAY_OF_THE_WORLD)
    assert not any("LADY WISHFORT, FOIBLE" in text for _, text in speeches(script))
    assert ("LADY WISHFORT", "FOIBLE") not in [s for s, _ in speeches(script)]


OEDIPUS = """OEDIPUS.

  For them that aid me not, I pray no root
  Nor seed in earth may bear them corn nor fruit.
  More: if he ever tread my hearth and I
  Know it, be every curse upon my head.

LEADER.

  O King, even while thy curse yet hovers o'er
  My head, I answer thee. I slew him not.

OEDIPUS.

  Aye, that were just, if of his grace he would
  Reveal it.

[Sidenote: vv. 274-289]

LEADER.

  To our High Seer on earth vision is given
  Most like to that High Phoebus hath in heaven.
  Ask of Tiresias: he could tell thee true.

OEDIPUS.

  That also have I thought for.
"""


def test_a_verse_line_with_a_colon_said_once_is_verse_not_a_speaker():
    script = play.parse(OEDIPUS)
    assert set(script.names) == {"OEDIPUS", "LEADER"}
    text = heard(script)
    assert "More: if he ever tread" in text and "Ask of Tiresias: he could tell thee true." in text


def test_a_sidenote_in_the_margin_is_not_read_and_is_reported():
    script = play.parse(OEDIPUS)
    assert "Sidenote" not in heard(script) and "274-289" not in heard(script)
    assert any("sidenotes" in s for s in script.skipped)
    # the speech it stood beside is still one speech, and the next label still starts another
    assert [s for s, _ in speeches(script)] == [("OEDIPUS",), ("LEADER",), ("OEDIPUS",), ("LEADER",), ("OEDIPUS",)]


PODCAST = """---
title: Tracepoints
---
Speaker 0: 00:00:00

Hey, Merch.
What up?

Speaker 1: 00:00:09

OK, fine.

Speaker 0: 00:00:12

It doesn't quite roll off the tongue.

Speaker 2: 00:01:13

Tell us last time.

Speaker 1: 00:01:17

OK.
"""


def test_a_podcast_exports_timestamps_are_never_spoken_and_ok_is_never_a_speaker():
    script = transcript.parse(PODCAST)
    assert [s for s, _ in speeches(script)] == [("SPEAKER 0",), ("SPEAKER 1",), ("SPEAKER 0",), ("SPEAKER 2",),
                                                ("SPEAKER 1",)]
    assert "00:0" not in heard(script)
    assert "OK" not in script.names


COURT = """Q. Where were you on the night of the fourth?

A. At home.

Court (interrupting). Answer the question as it is put.

Counsel (amiably). Take your time.

Witness (no answer).

Q. Were you at home?

A. I was.

Court. Proceed.

Counsel. I will, your Honour. You were at home all evening?

Witness. Yes.

Court (to the jury). You will disregard the last question.

Counsel. Then I have nothing further.

Witness (leaving the box). Thank you, sir.
"""


def read(tmp_path, text: str, name: str = "script.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_script(path)


def test_a_label_may_carry_a_manner_in_any_layout(tmp_path):
    script = read(tmp_path, COURT)
    said = speeches(script)
    assert ("COURT",) in [s for s, _ in said] and ("COUNSEL",) in [s for s, _ in said]
    assert all("(interrupting)" not in text and "Court" not in text.split()[:1] for _, text in said)
    assert ("COURT", "Answer the question as it is put.") in [(s[0], t) for s, t in said]
    assert ("A",) not in [s for s, t in said if t.startswith(("Take your", "Proceed", "Thank you"))]


QUOTED = """The clerk read the minutes of the examination, which ran:

“MR. BROWN: Did you see him leave the house?

“MRS. GREY: I did not. I was upstairs.

“MR. BROWN: Not at any time?

“MRS. GREY: Not at any time.”
"""


def test_labels_inside_an_opening_quotation_mark_are_found():
    script = transcript.parse(QUOTED)
    assert [s for s, _ in speeches(script) if s != (NARRATOR,)] == [("MR. BROWN",), ("MRS. GREY",), ("MR. BROWN",),
                                                                     ("MRS. GREY",)]
    assert not any(t.startswith("MR") for _, t in speeches(script))


def test_a_manner_in_a_colon_label_of_a_transcript():
    script = transcript.parse("THE COURT: Be seated.\n\nMR. HALL: Thank you.\n\nTHE COURT (interrupting): One moment."
                              "\n\nMR. HALL (amiably): Of course.\n\nTHE COURT: Go on.\n")
    assert [s for s, _ in speeches(script)] == [("THE COURT",), ("MR. HALL",), ("THE COURT",), ("MR. HALL",),
                                                ("THE COURT",)]
    assert [t for _, t in speeches(script)][2:4] == ["One moment.", "Of course."]


def test_symbols_are_said_as_words():
    from dramatize.speakable import speakable

    assert speakable("Cashu & Fedimint") == "Cashu and Fedimint"
    assert speakable("An old Woman clothed in Gray, &c.") == "An old Woman clothed in Gray, et cetera"
    assert speakable("§ 12 of the Act") == "section twelve of the Act"


# The layout of the Congressional Record's daily edition as its text is published (paragraphs
# that open with two spaces and no blank line, `[[Page H…]]` where the printed page turns); the
# words are a made-up sitting, the layout is the Record's.
RECORD = """                         House of Representatives

                          Tuesday, June 4, 2019

  The House met at noon and was called to order by the Speaker pro 
tempore (Mr. Cuellar).

                          ____________________


                    DESIGNATION OF SPEAKER PRO TEMPORE

  The SPEAKER pro tempore laid before the House the following 
communication from the Speaker:

                                                  Washington, DC,

                                                     June 4, 2019.
  I hereby appoint the Honorable Henry Cuellar to act as Speaker pro 
tempore on this day.
                                                Nancy Pelosi,
                          Speaker of the House of Representatives.

                          ____________________


                          MORNING-HOUR DEBATE

  The SPEAKER pro tempore. Pursuant to the order of the House of 
January 3, 2019, the Chair will now recognize Members from lists 
submitted by the majority and minority leaders for morning-hour debate.
  Mr. SMITH of Texas. Mr. Speaker, I ask unanimous consent that I may 
be permitted to address the House for 1 minute and to revise and 
extend my remarks.
  The SPEAKER pro tempore. Is there objection to the request of the 
gentleman from Texas?
  There was no objection.
  Mr. SMITH of Texas. Mr. Speaker, the bill before us today is the 
product of

[[Page H4301]]

many months of work by the committee, and I urge my colleagues to 
support it.
  The SPEAKER pro tempore. The gentleman's time has expired.
  Ms. JACKSON LEE. Mr. Speaker, I rise in support of the bill.
  The SPEAKER pro tempore. The question is on the motion.
  The question was taken; and the Speaker pro tempore announced that 
the ayes appeared to have it.
  Ms. JACKSON LEE. Mr. Speaker, on that I demand the yeas and nays.
"""


def test_the_record_page_marker_never_splits_a_speech_and_the_record_speaks_for_itself(tmp_path):
    script = read(tmp_path, RECORD, "record.txt")
    said = speeches(script)
    smith = [t for s, t in said if s == ("MR. SMITH OF TEXAS",)]
    assert any("the product of many months of work by the committee" in t for t in smith)
    assert "Page H4301" not in heard(script) and any("page markers" in s for s in script.skipped)
    narrated = [t for s, t in said if s == (NARRATOR,)]
    assert "There was no objection." in narrated  # the record's, not the chair's
    assert any(t.startswith("The question was taken") for t in narrated)
    assert not any("There was no objection" in t for s, t in said if s != (NARRATOR,))
    # the opening is read, not dropped as a cover page
    assert any(t.startswith("The House met at noon") for t in narrated)


def test_a_name_and_a_time_on_the_line_above_the_words():
    script = transcript.parse("Aaron 00:00:20\n\nLive from Utrecht.\n\nSjors 00:00:23\n\nYo.\n\n"
                              "Aaron 00:00:25\n\nHey, Ruben.\n\nRuben 00:00:26\n\nHey.\n\nSjors 00:00:31\n\nOK.\n")
    assert [s for s, _ in speeches(script)] == [("AARON",), ("SJORS",), ("AARON",), ("RUBEN",), ("SJORS",)]
    assert "00:00" not in heard(script)


# ---------------------------------------------------------------- [reading] in the cast file

HEARING = """THE COURT: Be seated. The clerk will read the charge.

MR. HALL: Thank you, your Honour.

The jury filed in and took their seats.

THE COURT: How does the prisoner plead?

Prisoner: Not guilty.

THE COURT: Very well.

[Note: the prisoner was then removed.]
"""


def test_each_reading_line_changes_one_decision_and_inspect_says_which(tmp_path):
    from conftest import run_cli

    script = tmp_path / "trial.txt"
    script.write_text(HEARING, encoding="utf-8")
    before = run_cli("inspect", script, "--cast", "none")
    assert before.returncode == 0, before.stderr
    assert any("MR. HALL" in line and "The jury filed in" in line for line in before.stdout.splitlines())
    cast = tmp_path / "trial.cast.toml"
    cast.write_text("[reading]\nnot_labels = [\"Prisoner\"]\nnarrator = ['^The jury filed']\n"
                    "silent = ['^\\[Note:']\nformat = \"transcript\"\n", encoding="utf-8")
    after = run_cli("inspect", script, "--cast", cast)
    assert after.returncode == 0, after.stderr
    out = after.stdout
    assert "format: transcript" in out
    assert any("NARRATOR" in line and "The jury filed in" in line for line in out.splitlines())
    assert not any("PRISONER" in line and "Not guilty" in line for line in out.splitlines())
    assert "[Note: the prisoner" not in out.split("not read:")[0]
    assert "[reading] in" in out and "now NARRATOR's (were MR. HALL's): line 5" in out
    assert "now not read (were a direction): line 13" in out


def test_labels_make_a_name_said_once_a_speaker(tmp_path):
    from dramatize.production.config import load_reading

    cast = tmp_path / "c.cast.toml"
    cast.write_text('[reading]\nlabels = ["More"]\n', encoding="utf-8")
    script = play.parse(OEDIPUS, reading=load_reading(cast))
    assert "MORE" in script.names  # the producer's word wins over the document's


def test_a_mistake_in_reading_is_one_line_naming_file_and_key(tmp_path):
    from conftest import run_cli

    script = tmp_path / "trial.txt"
    script.write_text(HEARING, encoding="utf-8")
    cast = tmp_path / "bad.cast.toml"
    cast.write_text("[reading]\nsilent = ['(unclosed']\nlabel = [\"x\"]\n", encoding="utf-8")
    done = run_cli("inspect", script, "--cast", cast)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert any(f"{cast}:2: reading.silent: '(unclosed': not a regular expression" in line for line in lines)
    assert any(f"{cast}:3: reading.label: unknown key; did you mean 'labels'?" in line for line in lines)


HEARING_OPENING = """            OVERSIGHT OF THE WATER RESOURCES PROGRAM

                              HEARING

                            BEFORE THE

                   COMMITTEE ON PUBLIC WORKS

                          MARCH 4, 2019

  The committee met, pursuant to notice, at 10:00 a.m., in room 2167, Rayburn House Office
Building, Hon. John Smith (chairman of the committee) presiding.

  Chairman SMITH. The committee will come to order. Please rise for the Pledge of Allegiance.

  Mr. JONES. Thank you, Mr. Chairman.

  Chairman SMITH. We will now hear from the first panel.

  Mr. JONES. I yield back.
"""


def test_a_hearings_opening_prose_is_read_not_dropped_with_the_cover():
    from dramatize.readers import hearing

    script = hearing.parse(HEARING_OPENING)
    text = heard(script)
    assert "The committee met, pursuant to notice" in text
    assert "Pledge of Allegiance" in text
    assert "OVERSIGHT OF THE WATER" not in [t for _, t in speeches(script)]


def test_times_of_the_recording_in_every_position_are_not_said():
    script = transcript.parse("ALICE: Hello there. [00:01:17] How are you?\n\nBOB: Fine (00:01:20) thanks. 00:01:22\n\n"
                              "ALICE: 00:02:00 Good. 12:30 is lunch.\n\nBOB: Right. {00:02:10}\n\n"
                              "ALICE: It landed at 20:17:40\n")
    said = [t for _, t in speeches(script)]
    assert not any(stamp in " ".join(said) for stamp in ("00:01:17", "00:01:20", "00:01:22", "00:02:00", "00:02:10"))
    assert "Good. 12:30 is lunch." in said and "It landed at 20:17:40" in said  # times that are words stay
    assert any("times of the recording" in s for s in script.skipped)


def test_the_cast_list_the_scene_list_and_the_first_nights_cast_are_metadata_not_narration():
    from pathlib import Path

    script = read_script(Path(__file__).parent / "data" / "earnest-opening.txt")
    front = " ".join(e.text for e in script.chapters[0].events)
    assert "Algernon Moncrieff" not in front and "Mr. George Alexander." not in front.replace("Manager: ", "")
    assert "SCENES OF THE PLAY" not in front
    assert any("the cast list" in s and "first night's cast" in s for s in script.skipped)
    assert script.metadata["title"] == "The Importance of Being Earnest"
    assert script.descriptions  # the cast list still casts: its descriptions go to the voices


# ---------------------------------------------------------------- the Congressional Record (real pages)

CORPUS = __import__("pathlib").Path(__file__).parent / "corpus"


def _record(name: str, first: int, last: int) -> str:
    """Lines first..last of a Congressional Record file of the corpus (GPO's text, July 20, 2005)."""
    return "\n".join((CORPUS / name).read_text(encoding="utf-8").split("\n")[first - 1:last]) + "\n"


def test_the_records_section_headers_are_furniture_and_its_titles_are_chapters():
    from dramatize.readers import hearing

    script = hearing.parse(_record("crec-house-2005-07-20-opening.txt", 73, 153))  # THE JOURNAL, the Pledge
    text = heard(script)
    assert "Congressional Record Volume" not in text and "gpo.gov" not in text and "[House]" not in text
    assert script.metadata["title"] == "Congressional Record, Volume 151, Number 99"
    assert script.metadata["date"] == "Wednesday, July 20, 2005"
    titles = [c.title for c in script.chapters]
    assert "THE JOURNAL" in titles and "PLEDGE OF ALLEGIANCE" in titles
    assert any("section headers" in s for s in script.skipped)


def test_the_pledge_and_the_prayer_are_the_words_of_the_one_the_record_names():
    from dramatize.readers import hearing

    script = hearing.parse(_record("crec-house-2005-07-20-opening.txt", 1, 110))
    said = speeches(script)
    prayer = [s for s, t in said if t.startswith("Gracious and most loving God")]
    pledge = [s for s, t in said if t.startswith("I pledge allegiance")]
    assert prayer == [("THE REVEREND DR. KENNETH L. SAMUEL",)] and pledge == [("MS. MCKINNEY",)]
    narrated = [t for s, t in said if s == (NARRATOR,)] + [e.text for c in script.chapters for e in c.events
                                                            if e.kind == "direction"]
    assert any(t.startswith("Ms. McKINNEY led the Pledge") for t in narrated)
    assert any("the following communication" in t for t in narrated)
    # the letter read into the record is the narrator's, not the Speaker's who laid it before the House
    assert not any("I hereby appoint" in t for s, t in said if s != (NARRATOR,))


def test_a_record_label_said_once_with_the_member_in_the_chair_and_lines_indented_as_paragraphs():
    from dramatize.readers import hearing

    script = hearing.parse(_record("crec-house-2005-07-20-passports.txt", 1, 150))
    said = speeches(script)
    # `The SPEAKER pro tempore (Mr. Mica).` once, cut in two by [[Page H6118]]: one speech of the chair
    assert said[0][0] == ("THE SPEAKER PRO TEMPORE",) and "Pursuant to House Resolution 365 and rule" in said[0][1]
    assert ("MR. ISSA",) in [s for s, _ in said]
    # `Amendment No. 20 Offered by Mr. Issa` is a title, not a speaker called AMENDMENT NO
    assert "Amendment No. 20 Offered by Mr. Issa" in [c.title for c in script.chapters]
    assert not any("AMENDMENT" in " ".join(s) for s, _ in said)
    # `The text of the amendment is as follows:` goes to the narrator, not to the chair who spoke before
    assert not any("as follows" in t for s, t in said if s != (NARRATOR,))
    assert "{time}" not in heard(script)


def test_a_surname_in_capitals_keeps_its_prefix():
    from dramatize.readers.labels import parse_label

    assert parse_label("Mr. McCONNELL. Mr. President, I rise.").caps
    assert parse_label("Ms. DeLAURO. I thank the gentleman.").caps
    assert not parse_label("Mr. McConnell. Mr. President, I rise.").caps


# ---------------------------------------------------------------- an edition's front matter

def test_a_translators_preface_and_the_argument_are_front_matter_not_the_play():
    script = read_script(CORPUS / "oedipus-murray-gutenberg-opening.txt")
    text = heard(script)
    assert "If I have turned aside from Euripides" not in text  # the preface
    assert "While Thebes was under the rule" not in text  # the argument
    assert "George Allen & Unwin" not in text and "First published" not in text  # the imprint
    assert "G. M." not in text  # the preface's signature
    assert "Before the Palace of OEDIPUS at Thebes" in text  # the play's own setting is read
    assert script.metadata["title"] == "Oedipus" and script.metadata["author"] == "SOPHOCLES"
    assert any("front matter" in s and "39-217" in s for s in script.skipped)
    # the cast list casts, past the blank lines under its heading and with its wrapped entries whole
    assert {"OEDIPUS", "CREON", "PRIEST"} <= set(script.descriptions)
    assert "now elected King of Thebes" in script.descriptions["OEDIPUS"]


# ---------------------------------------------------------------- [reading] in a Fountain script

def _fountain_reading(tmp_path, table: str):
    from dramatize.production.config import load_reading

    cast = tmp_path / "c.cast.toml"
    cast.write_text("[reading]\n" + table, encoding="utf-8")
    return load_reading(cast)


def test_fountain_honours_not_labels_narrator_and_silent(tmp_path):
    from dramatize.readers import fountain
    from dramatize.readers.reading import changes

    text = (CORPUS / "brick-and-steel.fountain").read_text(encoding="utf-8")
    before = fountain.parse(text)
    reading = _fountain_reading(tmp_path, "not_labels = [\"Steel\"]\nnarrator = ['^Yeah, well']\n"
                                          "silent = ['^SMASH CUT TO:']\n")
    after = fountain.parse(text, reading=reading)
    assert "STEEL" in before.names and "STEEL" not in after.names
    steel = [t for s, t in speeches(before) if s == ("STEEL",)]
    assert steel and all(t in [t2 for s2, t2 in speeches(after) if s2 == (NARRATOR,)] for t in steel)
    assert "SMASH CUT TO" in " ".join(e.text for c in before.chapters for e in c.events)
    assert "SMASH CUT TO" not in " ".join(e.text for c in after.chapters for e in c.events)
    assert any("[reading] silent" in s for s in after.skipped)
    said = changes(before, after)
    assert any("now NARRATOR's (were STEEL's)" in line for line in said)


def test_fountain_labels_make_a_name_alone_above_words_a_character(tmp_path):
    from dramatize.readers import fountain

    text = "INT. DINER - NIGHT\n\nThe place is empty.\n\nMcCabe\nYou're late.\n\nDan (V.O.)\nI know.\n"
    assert fountain.parse(text).names == {}  # mixed case: action, as Fountain reads it
    script = fountain.parse(text, reading=_fountain_reading(tmp_path, 'labels = ["McCabe", "Dan"]\n'))
    assert [s for s, _ in speeches(script) if s != (NARRATOR,)] == [("MCCABE",), ("DAN",)]
    assert "The place is empty." in heard(script)


def test_a_scene_head_naming_one_person_resolves_an_abbreviation_and_act_with_scene_is_one_heading():
    script = read_script(CORPUS / "congreve-way-of-the-world-act3.txt")
    # `[_To them_] MRS. MARWOOD.` and `MRS. MARWOOD _alone_.` name her: `MRS. MAR.` is she, one voice
    assert "MRS. MARWOOD" in script.names and "MRS. MAR" not in script.names
    titles = [c.title for c in script.chapters]
    assert titles[:2] == ["Act III. — Scene I", "Act III, Scene II"]  # ACT III.—SCENE I., then SCENE II.
    assert not any(t.startswith("[_To them_]") for _, t in speeches(script))


def test_a_title_page_epigraph_and_a_dedication_are_not_the_play():
    script = read_script(CORPUS / "congreve-way-of-the-world-opening.txt")
    text = heard(script)
    assert "Whether the world will arraign me" not in text and "Audire est" not in text
    assert "OF those few fools" in text  # the prologue is a piece of the evening: read
    assert script.metadata["subtitle"] == "A comedy"
    assert "David Price" not in text  # Gutenberg's note of who made the e-text


# Wellman, The Art of Cross-Examination (1903), as Project Gutenberg #40781 prints a quoted trial:
# the manner after the italic name, the author's prose between the exchanges, a label with no words.
CROSS_EXAMINATION = '''Counsel for the railroad concluded to spar for an opening:--

_Counsel._ "What medical name, doctor, would you give to the plaintiff's
present ailment?"

_Doctor._ "He has what is known as 'traumatic microsis.'"

_Counsel_ (smiling). "I hope you haven't got this disease, doctor, have
you?"

_Doctor_ (pleased). "Not that I am aware of, sir."

The opening had been found; witness was already flattered into agreeing
with all suggestions.

_Counsel._ "Didn't you charge your patient the full worth of your
services?"

_Doctor_ (no answer).

_Counsel_ (quickly). "How much have you been _paid_ on your bill?"

"Are you in the habit of sending bills?" continued counsel. The doctor
said that he was.
'''


def test_a_quoted_trial_keeps_its_manners_out_of_the_words_and_its_prose_with_the_narrator(tmp_path):
    said = speeches(read(tmp_path, CROSS_EXAMINATION))
    assert [s[0] for s, _ in said] == [NARRATOR, "COUNSEL", "DOCTOR", "COUNSEL", "DOCTOR", NARRATOR, "COUNSEL",
                                       NARRATOR, "COUNSEL", NARRATOR]
    assert said[3][1].startswith('"I hope') and said[4][1].startswith('"Not that')  # no "(smiling)" in the words
    assert said[7][1] == "Doctor: no answer."  # the silence is told, not read as Counsel's words
    assert said[9][1].startswith('"Are you in the habit')  # a quotation the narrator goes on from


def test_a_subtitle_cue_with_two_voices_is_two_speeches(tmp_path):
    # Elephants Dream's captions (fluid-player's test file; the whole file is in tests/corpus)
    cues = ("WEBVTT\n\n43\n00:05:44.208 --> 00:05:46.125\n<v Emo>Why?</v> - <v Proog>Now!</v>\n\n"
            "44\n00:05:51.208 --> 00:05:52.208\n<v Emo>Ok.</v>\n\n45\n00:05:53.167 --> 00:05:54.792\n<v Proog>Good.</v>\n")
    said = speeches(read(tmp_path, cues, "captions.vtt"))
    assert said == [(("EMO",), "Why?"), (("PROOG",), "Now!"), (("EMO",), "Ok."), (("PROOG",), "Good.")]


BARE = """ACT I

DOE (enters the living room) Hey, Jane, what are you watching?

SMITH (without looking away from the TV) Oh, just some show.

DOE & SMITH Huh.

DOE (stands up) Well, I'm going to bed. Good night, Jane.

SMITH Good night, John.

DOE I slept like a log.

SMITH (yawning) Yeah, I did.
"""


def test_capitals_with_no_stop_are_labels_where_the_document_writes_all_its_labels_so():
    # the text a PDF of LBBO/latex-playbook's example gives (tests/corpus/latex-playbook-example-play.pdf)
    said = speeches(play.parse(BARE))
    assert [s for s, _ in said if s != (NARRATOR,)] == [("DOE",), ("SMITH",), ("DOE", "SMITH"), ("DOE",), ("SMITH",),
                                                         ("DOE",), ("SMITH",)]
    assert (("SMITH",), "Oh, just some show.") in said
    # …and nowhere else: a play that writes `HELMER.` does not make `NORA Goes out.` a speech of NORA's
    dotted = "ACT I\n\nHELMER. Is that my little lark?\n\nNORA. Yes, it is.\n\nHELMER. Come here.\n\n" \
             "NORA Goes out by the door.\n\nHELMER. Nora!\n"
    assert all(text != "Goes out by the door." for s, text in speeches(play.parse(dotted)) if s == ("NORA",))


PROLOGUE = """THE WAY OF THE WORLD

By William Congreve


PROLOGUE.


                         Spoken by MR. BETTERTON.

   OF those few fools, who with ill stars are curst,
   Sure scribbling fools, called poets, fare the worst:


DRAMATIS PERSONÆ

FAINALL, in love with Mrs. Marwood,              _Mr. Betterton_.
MIRABELL, in love with Mrs. Millamant,           _Mr. Verbruggen_.


ACT I.--SCENE I.

MIRA. You are a fortunate man, Mr. Fainall.

FAIN. Have we done?

MIRA. What you please.

FAIN. No, I'll give you your revenge another time.
"""


def test_a_prologue_spoken_by_an_actor_is_said_by_the_part_the_cast_list_gives_him():
    said = speeches(play.parse(PROLOGUE))
    verse = [s for s, text in said if text.startswith("OF those few fools")]
    assert verse == [("FAINALL",)]  # Mr. Betterton played Fainall: his voice, not the narrator's
    assert ("FAINALL",) in [s for s, text in said if text.startswith("Have we done")]
    elsewhere = PROLOGUE.replace("_Mr. Betterton_", "_Mr. Bowman_")
    assert [s for s, text in speeches(play.parse(elsewhere)) if text.startswith("OF those")] == [("MR. BETTERTON",)]


def test_an_epilogue_after_the_play_spoken_by_an_actor_is_said_by_the_part_the_cast_list_gives_her():
    cast = PROLOGUE.replace("MIRABELL, in love with Mrs. Millamant,           _Mr. Verbruggen_.",
                            "MIRABELL, in love with Mrs. Millamant,           _Mr. Verbruggen_.\n"
                            "MRS. MILLAMANT, a fine lady,                     _Mrs. Bracegirdle_.")
    epilogue = cast + ("\n\nEPILOGUE.\n\n                         Spoken by MRS. BRACEGIRDLE.\n\n"
                       "   AFTER our Epilogue this crowd dismisses,\n"
                       "   I'm thinking how this play'll be pulled to pieces.\n")
    said = speeches(play.parse(epilogue))
    assert [s for s, text in said if text.startswith("AFTER our Epilogue")] == [("MRS. MILLAMANT",)]
    assert [s for s, text in said if text.startswith("No, I'll give")] == [("FAINALL",)]  # the play's last speech
    unplayed = epilogue.replace("_Mrs. Bracegirdle_", "_Mrs. Bowman_")
    assert [s for s, text in speeches(play.parse(unplayed)) if text.startswith("AFTER")] == [("MRS. BRACEGIRDLE",)]
