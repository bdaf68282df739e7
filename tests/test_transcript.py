"""The transcript reader on the seed and on generated transcripts: every construct, nothing lost."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import load_voiced, SEED, SEED_CAST
from dramatize.production.casting import cast_script
from dramatize.errors import DramatizeError
from dramatize.model import Direction, Note, Speech, to_json
from dramatize.readers import read_script, read_text
from dramatize.readers.transcript import parse

WORD = re.compile(r"[^\s\[\]“”\"‘’'().,;:!?…–—-]+")


@pytest.fixture(scope="module")
def seed():
    return read_script(SEED)


def events_at(script, line):
    return [e for e in script.events() if e.line == line]


def test_front_matter_becomes_metadata(seed):
    assert seed.metadata == {
        "author": "Leon Trotsky",
        "book": "The Stalin School of Falsification",
        "title": "The War Danger – The Defense Policy and the Opposition",  # wrapped over two lines
        "occasion": "Speech at the Joint Plenary Session of the Central Committee and the Central Control Commission",
        "date": "August 1, 1927",
    }


def test_chapters_follow_section_breaks(seed):
    kinds = [c.kind for c in seed.chapters]
    assert kinds == ["front", "body", "body", "body", "notes"]
    assert [c.line for c in seed.chapters] == [1, 16, 37, 76, 119]
    preface = seed.chapters[0].events
    assert all(isinstance(e, Speech) and e.speakers == ("NARRATOR",) for e in preface)
    assert preface[0].text.startswith("THE PRAESIDIUM of the Central Control Commission")


def test_labels_change_speaker_and_unlabelled_paragraphs_continue(seed):
    assert events_at(seed, 20)[0].speakers == ("MOLOTOV",)
    assert events_at(seed, 20)[0].text == "There was no slogan at all."
    assert events_at(seed, 30)[0].speakers == ("SKRYPNIK",)
    assert events_at(seed, 18)[0].speakers == ("TROTSKY",)  # no label: Trotsky goes on
    assert events_at(seed, 26)[0].speakers == ("TROTSKY",)  # the quoted directive he reads out
    assert events_at(seed, 26)[0].text.startswith("“The Anglo-Russian Committee can")


def test_a_sentence_ending_in_a_colon_is_not_a_label(seed):
    (event,) = events_at(seed, 49)
    assert event.speakers == ("TROTSKY",)
    assert event.text.startswith("Moscow offers counsel to the Chinese liberals: “Issue a law")


def test_several_speakers_at_once_and_misspelled_labels(seed, engine):
    assert events_at(seed, 82)[0].speakers == ("ZINOVIEV", "KAMANEV")
    assert events_at(seed, 98)[0].speakers == ("TROTKY",)
    resolved, _ = cast_script(seed, load_voiced(SEED_CAST, engine), {"pyttsx3": engine})
    assert events_at(resolved, 82)[0].speakers == ("ZINOVIEV", "KAMENEV")
    assert events_at(resolved, 82)[0].labels == ("ZINOVIEV", "KAMANEV")
    assert events_at(resolved, 98)[0].speakers == ("TROTSKY",)
    assert any("TROTKY read as TROTSKY" in w and ":98:" in w for w in resolved.warnings)
    assert any("KAMANEV read as KAMENEV" in w for w in resolved.warnings)
    assert set(resolved.speakers()) == {"NARRATOR", "TROTSKY", "MOLOTOV", "SKRYPNIK", "ZINOVIEV", "KAMENEV"}


def test_stage_direction_inside_a_speech_splits_it_where_written(seed):
    before, cue, after = events_at(seed, 22)
    assert before.text.endswith("That’s just what I say.")
    assert isinstance(cue, Direction) and (cue.action, cue.sound, cue.say) == ("sound", "laughter", None)
    assert after.speakers == ("TROTSKY",) and after.text.startswith("Why then was it deemed necessary")


def test_directions_with_words_for_the_hall(seed):
    (shouts,) = events_at(seed, 65)
    assert (shouts.sound, shouts.say) == ("shouts", "Correct!")
    (voice,) = events_at(seed, 96)
    assert (voice.sound, voice.say) == ("voice", "Hear! Hear!")
    assert voice.text == "A voice from the Opposition benches: “Hear! Hear!”"
    commotion = [e for e in events_at(seed, 88) if isinstance(e, Direction)]
    assert commotion[0].sound == "commotion"


def test_insertion_inside_a_quotation_is_read_by_the_speaker(seed):
    (event,) = events_at(seed, 26)
    assert "It [the Anglo-Russian Committee!] will become" in event.text


def test_footnote_reference_is_not_spoken_and_its_note_closes_the_script(seed):
    (event,) = events_at(seed, 34)
    assert "[60]" not in event.text and "60" not in event.text.split()
    assert event.note_refs == ("60",)
    assert "the Minority Movement bound hand and foot" in event.text
    (note,) = seed.chapters[-1].events
    assert isinstance(note, Note) and note.number == "60"
    assert note.text.startswith("The Minority Movement was the Left wing")


def test_signed_author_note_is_the_narrators_aside(seed):
    speech, aside = events_at(seed, 82)
    assert speech.text == "Absolutely correct!"
    assert aside.speakers == ("NARRATOR",) and aside.aside
    assert aside.text == "Zinoviev and Kamenev, as is well known, dld not hold out for long. – L.T."  # typo kept


def test_json_document_shape(seed):
    doc = to_json(seed)
    assert set(doc) == {"source", "format", "format_reason", "metadata", "chapters", "speakers", "names",
                        "descriptions", "skipped", "warnings"}
    assert doc["format"] == "transcript"
    cue = next(e for c in doc["chapters"] for e in c["events"] if e["kind"] == "direction" and "say" in e)
    assert set(cue) == {"id", "kind", "as", "sound", "text", "say", "line"}  # id: the line's id (issue 19)
    assert doc["names"]["TROTSKY"] == "Trotsky"
    speech = doc["chapters"][1]["events"][0]
    assert speech["kind"] == "speech" and speech["speakers"] == ["TROTSKY"] and speech["text"]


def test_bom_and_crlf_read_the_same(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert to_json(read_script(odd))["chapters"] == to_json(read_script(SEED))["chapters"]


# ---------------------------------------------------------------- nothing lost

LABEL = re.compile(r"(?:^|\n\s*\n)\ufeff?([A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*)*(?: and [A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*)*)*):")


def input_words(text: str) -> Counter:
    """Every word of the input, less the speaker labels at paragraph starts (brackets are not words)."""
    words = Counter(WORD.findall(text))
    for label in LABEL.findall(text.replace("\r\n", "\n")):
        words -= Counter(WORD.findall(label))
    return words


def parsed_words(script) -> Counter:
    words = Counter()
    for value in script.metadata.values():
        words += Counter(WORD.findall(value))
    for event in script.events():
        if isinstance(event, Speech):
            words += Counter(WORD.findall(event.text))
            for ref in event.note_refs:
                words[ref] += 1
        elif isinstance(event, Direction):
            words += Counter(WORD.findall(event.text))
        elif isinstance(event, Note):
            words += Counter(WORD.findall(f"{event.number}. {event.text}"))
    for warning in script.warnings:  # reported, not dropped
        for refs in re.findall(r"footnote reference \[(.*?)\] outside any speech", warning):
            words += Counter(WORD.findall(refs))
    return words


def test_every_word_of_the_seed_is_in_exactly_one_place(seed):
    text = SEED.read_text(encoding="utf-8")
    assert parsed_words(seed) == input_words(text)


vocabulary = st.sampled_from(["the", "party", "war", "Comrades", "Opposition", "is", "not", "1927", "Stalin",
                              "we", "say", "correct", "Moscow", "workers", "of", "peasants"])
sentence = st.lists(vocabulary, min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")
bracket = st.one_of(
    st.just("[Laughter]"), st.just("[Applause]"), st.just("[Commotion in the hall]"),
    sentence.map(lambda s: f"[Shouts from the benches: “{s}”]"), st.just("[7]"),
    sentence.map(lambda s: f"[{s} – L.T.]"), sentence.map(lambda s: f"“Quoted [{s.lower()}] words.”"),
)
paragraph_body = st.lists(st.one_of(sentence, bracket), min_size=1, max_size=5).map(" ".join)
label = st.sampled_from(["TROTSKY: ", "MOLOTOV: ", "ZINOVIEV and KAMENEV: ", "A VOICE: ", ""])
paragraph = st.tuples(label, paragraph_body).map("".join)
transcript = st.tuples(
    st.lists(st.sampled_from(["Leon Trotsky", "The War Danger", "(August 1, 1927)"]), max_size=3, unique=True),
    st.lists(st.tuples(paragraph, st.sampled_from(["\n\n", "\n\n\n"])), min_size=1, max_size=12),
    st.booleans(),
).map(lambda t: "\n\n".join(t[0]) + ("\n\n" if t[0] else "") + "".join(p + sep for p, sep in t[1])
      + ("\n\n7. A note on the seventh point." if t[2] else ""))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcript)
def test_every_word_of_generated_transcripts_is_in_exactly_one_place(text):
    script = parse(text, "generated.txt")
    assert parsed_words(script) == input_words(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_is_called_empty(text):
    try:
        script = parse(text, "any.txt")
    except DramatizeError as err:
        assert "empty" in str(err)
        assert not text.strip()
        return
    assert script.chapters


# ---------------------------------------------------------------- bad and odd input

def test_empty_and_whitespace_scripts_are_refused(tmp_path):
    for content in ("", "  \n\n\t \n"):
        path = tmp_path / "empty.txt"
        path.write_text(content)
        with pytest.raises(DramatizeError, match="the script is empty"):
            read_script(path)


def test_script_without_speakers_is_all_narration_with_a_warning():
    script = parse("It was a long night.\n\nThe hall was empty and the delegates had gone home.\n", "plain.txt")
    assert {s for e in script.events() for s in e.speakers} == {"NARRATOR"}
    assert any("no speaker labels" in w for w in script.warnings)


def test_unbalanced_brackets_are_read_as_text_with_line_numbers():
    script = parse("TROTSKY: One [two three.\n\nMOLOTOV: Four ] five.\n", "odd.txt")
    texts = [e.text for e in script.events()]
    assert texts == ["One [two three.", "Four ] five."]
    assert any(w.startswith("odd.txt:1:") and "'[' without" in w for w in script.warnings)
    assert any(w.startswith("odd.txt:3:") and "']' without" in w for w in script.warnings)


def test_a_direction_that_fits_no_kind_is_narrated_with_a_warning():
    script = parse("TROTSKY: Well. [The chandelier swings] Go on.\n", "x.txt")
    direction = next(e for e in script.events() if isinstance(e, Direction))
    assert direction.action == "narrate" and not direction.known
    assert any("fit no known kind and are narrated" in w and "3: [The chandelier swings]" not in w
               and "1: [The chandelier swings]" in w for w in script.warnings)


def test_unusable_files_get_one_clear_error(tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    latin = tmp_path / "l.txt"
    latin.write_bytes("TROTSKY: Union sacrée\n".encode("latin-1"))
    cases = [(tmp_path / "missing.txt", "no such script"), (tmp_path, "is a folder"),
             (binary, "binary"), (latin, "is not UTF-8 text .* line 1")]
    for path, message in cases:
        with pytest.raises(DramatizeError, match=message):
            read_text(path)


def test_ten_megabyte_transcript_parses_completely(seed):
    body = SEED.read_text(encoding="utf-8").split("\n\n\n")[1]  # the second section: Trotsky on China
    copies = 10_000_000 // len(body.encode()) + 1
    big = parse("TROTSKY: Begin.\n\n" + "\n\n\n".join([body] * copies), "big.txt")
    one = parse("TROTSKY: Begin.\n\n" + body, "one.txt")
    assert len(big.chapters) == copies
    assert sum(len(c.events) for c in big.chapters) == 1 + copies * (sum(len(c.events) for c in one.chapters) - 1)


def test_a_transcription_services_page_numbers_and_credit_are_not_read(tmp_path):
    # Rev prints `Page 2 of 3` between speeches, Otter ends its export with its credit.
    path = tmp_path / "meeting.txt"
    path.write_text("Councilmember Ortiz (00:00:02):\nGood evening, everybody.\n\nSpeaker 2 (00:00:18):\n"
                       "Is there time for questions?\n\nPage 2 of 3\n\nCouncilmember Ortiz (00:00:20):\n"
                       "Yes, absolutely.\n\nTranscribed by https://otter.ai\n")
    script = read_script(path)
    said = [e.text for e in script.events() if isinstance(e, Speech)]
    assert said == ["Good evening, everybody.", "Is there time for questions?", "Yes, absolutely."]
    assert any("2 line(s) of a transcription service's page numbers and credit" in s for s in script.skipped)


def test_an_otter_exports_keywords_and_speaker_list_are_not_its_title(tmp_path):
    path = tmp_path / "sync.txt"
    path.write_text("Weekly Product Sync - Oct 7\nMon, Oct 7, 2024 10:02AM \u2022 24:13\n\nSUMMARY KEYWORDS\n"
                    "roadmap, launch, beta\n\nSPEAKERS\nPriya Shah, Ben Adeyemi\n\nPriya Shah  0:04\n"
                    "Okay, I think we have everyone.\n\nBen Adeyemi  0:08\nYep, loud and clear.\n\n"
                    "Priya Shah  0:13\nGood.\n", encoding="utf-8")
    script = read_script(path)
    assert script.metadata["title"] == "Weekly Product Sync - Oct 7" and script.metadata["date"].startswith("Mon, Oct 7")
    assert "book" not in script.metadata and "author" not in script.metadata
    assert any("summary keywords and speakers are not read" in s for s in script.skipped)
    assert [e.speakers for e in script.events() if isinstance(e, Speech)] == [("PRIYA SHAH",), ("BEN ADEYEMI",),
                                                                             ("PRIYA SHAH",)]


def test_a_label_in_capitals_said_once_among_title_case_labels_is_a_speaker(tmp_path):
    path = tmp_path / "show.txt"
    path.write_text("[00:00:04] Host: Welcome back.\n\n[00:00:12] Marcus Bell: Thanks.\n\n[00:00:15] Host: Right, Dan?\n\n"
                    "[00:00:18] DAN: Confirmed.\n\n[00:00:20] Marcus Bell: Okay.\n\n[00:00:22] Host: Okay.\n")
    said = [(e.speakers, e.text) for e in read_script(path).events() if isinstance(e, Speech)]
    assert said[3] == (("DAN",), "Confirmed.")


def test_a_markdown_transcripts_notes_in_italics_are_directions_and_emphasis_stays_words(tmp_path):
    path = tmp_path / "chat.md"
    path.write_text("**Jane:** Hello.\n\n**Tom:** Hi.\n\n**Jane:** *sighs* Fine.\n\n**Tom:** _laughs_ Okay. I *really* mean it.\n")
    events = list(read_script(path).events())
    said = [(e.speakers, e.text) for e in events if isinstance(e, Speech)]
    assert said == [(("JANE",), "Hello."), (("TOM",), "Hi."), (("JANE",), "Fine."), (("TOM",), "Okay. I really mean it.")]
    notes = [(e.text, e.delivery or e.sound) for e in events if isinstance(e, Direction)]
    assert notes == [("sighs", "sad"), ("laughs", "laughter")]
