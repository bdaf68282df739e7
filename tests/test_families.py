"""Scripts of every family, read and rendered end to end with the cast each one gets by itself.

The fixtures are excerpts of real scripts (tests/corpus/README.md gives their sources):
a Fountain screenplay's first two scenes and a Project Gutenberg play's opening."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from conftest import DATA, ROOT, SEED, decode, job, rms_db, run_cli, sound_distinct, voice_features
from dramatize.errors import DramatizeError
from dramatize.export.wav import read_markers
from dramatize.model import NARRATOR, Direction, Speech
from dramatize.readers import read_script
from dramatize.render import render

pytestmark = pytest.mark.slow  # a screenplay and a play rendered end to end

CORPUS = ROOT / "tests" / "corpus"
SEED_WORDS = ("The War Danger", "Trotsky", "Anglo-Russian")


def spoken_lines(result, speaker):
    return [line for line in result.timeline.transcript if line.speaker == speaker and line.kind == "speech"]


def distinct(result, a: str, b: str, audio: np.ndarray) -> bool:
    """Two speakers sound different where the mix has them speak (conftest.sound_distinct)."""
    def features(name):
        return voice_features(np.concatenate([audio[:, line.start:line.end] for line in spoken_lines(result, name)],
                                             axis=1))
    return sound_distinct(features(a), features(b))


@pytest.fixture(scope="module")
def screenplay(tmp_path_factory):
    out = tmp_path_factory.mktemp("fountain") / "brick.wav"
    return render(job(DATA / "brick-two-scenes.fountain", out), warn=lambda m: None)


@pytest.fixture(scope="module")
def play(tmp_path_factory):
    out = tmp_path_factory.mktemp("play") / "earnest.wav"
    return render(job(DATA / "earnest-opening.txt", out), warn=lambda m: None)


def test_a_screenplay_has_its_scenes_as_chapters_and_its_title_page_as_tags(screenplay):
    markers = [label for _, label in read_markers(screenplay.output)]
    assert markers == ["BRICK & STEEL FULL RETIRED", "EXT. BRICK'S PATIO - DAY", "INT. TRAILER HOME - DAY"]
    card = screenplay.timeline.transcript[0]
    assert card.kind == "title" and card.text.startswith("BRICK & STEEL FULL RETIRED. Written by Stu Maschwitz.")
    assert not any(word in line.text for line in screenplay.timeline.transcript for word in SEED_WORDS)


def test_a_screenplays_characters_are_distinct_voices_and_cues_are_never_spoken(screenplay):
    audio = decode(screenplay.output)
    speakers = {line.speaker for line in screenplay.timeline.transcript if line.kind == "speech"}
    assert speakers == {"Narrator", "Steel", "Brick", "Jack", "Dan"}
    voices = {p.source.voice.id: (p.source.voice.engine_voice, p.source.voice.pitch)
              for p in screenplay.timeline.placements if p.bus == "speech"}
    assert len(set(voices.values())) == len(voices)  # nobody shares a voice
    assert distinct(screenplay, "Steel", "Brick", audio)
    said = " ".join(line.text for line in screenplay.timeline.transcript)
    for never in ("CUT TO", "^", "(beer raised)", "beer raised", "STEEL\n", "_", "*"):
        assert never not in said


def test_a_screenplays_action_is_narrated_and_its_transitions_are_silent(screenplay):
    audio = decode(screenplay.output)
    action = next(line for line in screenplay.timeline.transcript if line.text.startswith("A gorgeous day."))
    assert action.kind == "direction" and action.speaker == "Narrator"
    assert rms_db(audio[:, action.start:action.end]) > -35  # heard, not only listed
    script = read_script(DATA / "brick-two-scenes.fountain")
    transitions = [e for e in script.events() if isinstance(e, Direction) and "CUT TO" in e.text]
    assert [e.action for e in transitions] == ["silent", "silent"]
    assert not any("CUT TO" in line.text for line in screenplay.timeline.transcript)


def test_a_play_has_its_act_as_a_chapter_its_own_title_and_distinct_voices(play):
    markers = [label for _, label in read_markers(play.output)]
    assert markers == ["The Importance of Being Earnest", "First Act"]
    audio = decode(play.output)
    assert distinct(play, "Algernon", "Lane", audio)
    said = " ".join(line.text for line in play.timeline.transcript)
    assert "ALGERNON." not in said and "LANE." not in said and "_" not in said
    assert not any(word in said for word in SEED_WORDS)
    entrance = next(line for line in play.timeline.transcript if line.text == "Enter Lane.")
    assert entrance.kind == "direction" and rms_db(audio[:, entrance.start:entrance.end]) > -35
    languidly = next(e for e in play.script.events() if isinstance(e, Direction) and e.text == "Languidly.")
    assert (languidly.action, languidly.delivery) == ("delivery", "slow")
    speech = next(e for e in play.script.events() if isinstance(e, Speech) and e.line == languidly.line)
    assert speech.delivery == "slow"


def test_the_seeds_cast_is_never_applied_to_another_script(tmp_path):
    script = tmp_path / "talk.txt"
    script.write_text("ALICE: Hello there, everyone.\n\nBOB: And hello to you.\n")
    (tmp_path / "voices").mkdir()
    shutil.copy(ROOT / "voices" / "war-danger-1927.toml", tmp_path / "voices" / "war-danger-1927.toml")
    result = run_cli("cast", script, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cast: the automatic cast" in result.stdout
    assert "TROTSKY" not in result.stdout and "War Danger" not in result.stdout


def test_a_cast_file_named_after_the_script_is_found_beside_it(tmp_path, engine):
    script = tmp_path / "talk.txt"
    script.write_text("ALICE: Hello there, everyone.\n\nBOB: And hello to you.\n")
    (tmp_path / "talk.cast.toml").write_text('[speakers.ALICE]\nengine_voice = "gmw/en-us+f3"\npitch = 77\n')
    result = run_cli("cast", script, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"cast: {tmp_path / 'talk.cast.toml'}" in result.stdout
    alice = next(row for row in result.stdout.splitlines() if row.startswith("ALICE"))
    assert "gmw/en-us+f3" in alice and " 77 " in alice
    bob = next(row for row in result.stdout.splitlines() if row.startswith("BOB"))
    assert "(auto)" in bob


def test_cast_write_gives_a_starter_file_that_renders_as_written(tmp_path):
    starter = tmp_path / "earnest.cast.toml"
    done = run_cli("cast", DATA / "earnest-opening.txt", "--write", starter)
    assert done.returncode == 0, done.stderr
    text = starter.read_text()
    assert "[speakers.ALGERNON]" in text and "[speakers.LANE]" in text
    assert "# 10 speeches" in text or "speeches" in text
    assert "Cast list: Lane, Manservant" in text
    again = run_cli("cast", DATA / "earnest-opening.txt", "--write", starter)
    assert again.returncode == 2 and "already exists" in again.stderr
    listed = run_cli("cast", DATA / "earnest-opening.txt", "--cast", starter)
    assert listed.returncode == 0, listed.stderr
    assert "(auto)" not in listed.stdout  # every speaker is in the file now


def test_inspect_says_which_family_it_took_and_why():
    for path, family in ((DATA / "brick-two-scenes.fountain", "fountain"), (DATA / "earnest-opening.txt", "play"),
                         (SEED, "transcript"), (CORPUS / "scotus-cherokee-2004-argument.txt", "hearing")):
        result = run_cli("inspect", path, "--json", "--cast", "none")
        document = json.loads(result.stdout)
        assert document["format"] == family, (path, document["format_reason"])
        assert document["format_reason"]
    forced = json.loads(run_cli("inspect", DATA / "earnest-opening.txt", "--json", "--format", "transcript",
                                "--cast", "none").stdout)
    assert (forced["format"], forced["format_reason"]) == ("transcript", "--format transcript")


def test_a_script_with_no_speaker_says_what_it_saw_and_what_to_write(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Note: we met at noon.\n\nSummary: the budget passed.\n\nThe hall was empty.\n")
    script = read_script(path)
    assert {s for e in script.events() if isinstance(e, Speech) for s in e.speakers} == {NARRATOR}
    (warning,) = [w for w in script.warnings if "no speaker labels" in w]
    assert "'Note:'" in warning and "TROTSKY: …" in warning


def test_a_label_only_file_warns_and_keeps_the_labels(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("ALICE:\n\nBOB:\n\nALICE:\n")
    script = read_script(path)
    assert sum("with no words after it" in w for w in script.warnings) == 3
    with pytest.raises(DramatizeError, match="nothing to say"):
        render(job(path, tmp_path / "labels.wav"), warn=lambda m: None)
    assert not (tmp_path / "labels.wav").exists()


def test_a_script_mixing_two_families_is_read_as_one_with_a_warning(tmp_path):
    screenplay = (DATA / "brick-two-scenes.fountain").read_text()
    transcript = "\n\n".join(SEED.read_text(encoding="utf-8").split("\n\n")[6:14])
    path = tmp_path / "mixed.txt"
    path.write_text(transcript + "\n\n\n" + screenplay.split("\n\n", 3)[-1], encoding="utf-8")
    script = read_script(path)
    assert any("looks like both" in w and "--format" in w for w in script.warnings), script.warnings


def test_an_unterminated_boneyard_is_reported_and_the_rest_still_read(tmp_path):
    path = tmp_path / "open.fountain"
    path.write_text("INT. ROOM - DAY\n\n/* a passage that never ends\n\nALICE\nStill here?\n\nBOB\nYes.\n")
    script = read_script(path)
    assert any(":3:" in w and "never closed" in w for w in script.warnings)
    said = {(e.speakers, e.text) for e in script.events() if isinstance(e, Speech)}
    assert (("ALICE",), "Still here?") in said and (("BOB",), "Yes.") in said


def test_a_ten_megabyte_play_parses_completely(tmp_path):
    text = (CORPUS / "earnest-gutenberg-act1.txt").read_text(encoding="utf-8")
    text = text[:text.rindex("\nALGERNON.")] + "\n\n"  # the excerpt ends in the middle of a speech
    head, body = text.split("FIRST ACT", 1)
    copies = 10_000_000 // len(body.encode()) + 1
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "big.txt").write_text(head + "FIRST ACT" + body * copies, encoding="utf-8")
    one = read_script(tmp_path / "one.txt")
    big = read_script(tmp_path / "big.txt")
    speeches = sum(isinstance(e, Speech) and e.speakers != (NARRATOR,) for e in big.events())
    assert speeches == copies * sum(isinstance(e, Speech) and e.speakers != (NARRATOR,) for e in one.events())


def test_a_screenplay_that_opens_on_its_title_in_capitals_has_it_as_its_title_not_a_speaker(tmp_path):
    path = tmp_path / "franklins.fountain"
    path.write_text('THE FRANKLINS\n"The Thermostat War"\n\nINT. KITCHEN - MORNING\n\nBEV\nOh, come on.\n\n'
                    'HAROLD (O.S.)\nI heard that!\n')
    script = read_script(path)
    assert (script.metadata["title"], script.metadata["subtitle"]) == ("The Franklins", "The Thermostat War")
    assert [(e.speakers, e.text) for e in script.events() if isinstance(e, Speech) and e.speakers != (NARRATOR,)] == [
        (("BEV",), "Oh, come on."), (("HAROLD",), "I heard that!")]
    # a character who opens the script and speaks again is a character
    path.write_text("MAYA\nWake up.\n\nINT. KITCHEN - MORNING\n\nMAYA\nWake up, I said.\n")
    assert [e.speakers for e in read_script(path).events() if isinstance(e, Speech)][0] == ("MAYA",)


def test_an_entrance_with_a_manner_is_told_and_its_italics_stay_inside_its_bracket(tmp_path):
    path = tmp_path / "guardian.txt"
    path.write_text("LUCY. Guardian!\n\nTOBY. Here, sir.\n\n[_Enter_ TOBY, _breathless_.]\n\nLUCY. At last.\n\n"
                    "TOBY. Bravo!\n\nLUCY. _sighs_ Enough.\n")
    events = list(read_script(path).events())
    told = [(e.text, e.action) for e in events if isinstance(e, Direction)]
    assert told[0] == ("Enter TOBY, breathless.", "narrate")
    assert not any("[" in e.text or "]" in e.text for e in events if isinstance(e, Speech))


def test_a_title_in_capitals_with_an_apostrophe_is_title_cased_as_written(tmp_path):
    path = tmp_path / "keeper.txt"
    path.write_text("THE LIGHTHOUSE KEEPER'S DAUGHTER\n\nA Comedy\n\nLUCY. Guardian!\n\nTOBY. Here, sir.\n\nLUCY. At last.\n\n"
                    "TOBY. Bravo!\n")
    assert read_script(path).metadata["title"] == "The Lighthouse Keeper's Daughter"


def test_q_is_the_lawyer_a_heading_names_under_direct_examination(tmp_path):
    path = tmp_path / "trial.txt"
    path.write_text("THE COURT: You may call your next witness.\n\nMR. HARLAN: The People call Sandra Ruiz.\n\n"
                    "SANDRA RUIZ, called as a witness by the People, having been first duly sworn, testified as follows:\n\n"
                    "DIRECT EXAMINATION\nBY MR. HARLAN:\n\nQ. Good afternoon, Detective.\n\nA. Good afternoon.\n\n"
                    "CROSS-EXAMINATION\nBY MS. OKAFOR:\n\nQ. Detective, you arrived late?\n\nA. No.\n", encoding="utf-8")
    said = [(e.speakers, e.text) for e in read_script(path, "hearing").events()
            if isinstance(e, Speech) and e.speakers != (NARRATOR,)]
    assert said[-4:] == [(("MR. HARLAN",), "Good afternoon, Detective."), (("SANDRA RUIZ",), "Good afternoon."),
                        (("MS. OKAFOR",), "Detective, you arrived late?"), (("SANDRA RUIZ",), "No.")]


def test_q_by_mr_x_in_the_question_names_the_lawyer_and_is_not_spoken(tmp_path):
    path = tmp_path / "deposition.txt"
    path.write_text("DIRECT EXAMINATION\n\nQ. (By Mr. Harlan) Please state your name.\n\nA. Dana Whitfield.\n\n"
                    "Q. Where do you work?\n\nA. At the mill.\n\nQ.  (BY MS. OKAFOR)  Did you see the fire?\n\n"
                    "A. I did.\n", encoding="utf-8")
    script = read_script(path, "hearing")
    said = [(e.speakers, e.text) for e in script.events() if isinstance(e, Speech)]
    assert said[0] == (("MR. HARLAN",), "Please state your name.") and said[2] == (("MR. HARLAN",), "Where do you work?")
    assert said[4] == (("MS. OKAFOR",), "Did you see the fire?")
    assert [e.text for e in script.events() if isinstance(e, Direction)] == ["(By Mr. Harlan)", "(By MS. OKAFOR)"]
