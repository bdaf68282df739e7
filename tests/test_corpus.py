"""The readers against the hand-annotated real scripts of tests/corpus/ (issue 11).

One test per file and aspect; the rules and thresholds are in corpus_score.py. A failure lists
the first mistakes (line, expected, got), enough to fix a reader from the test output alone.
Parsing only, no audio. The last tests check the scorer itself on made-up parses.
"""

from __future__ import annotations

import copy
import functools
import sys

import pytest

import corpus_score as cs

sys.path.insert(0, str(cs.CORPUS))
import check_expected  # noqa: E402  (tests/corpus/check_expected.py, no package)

NAMES = cs.corpus_names()


KNOWN = cs.identities()


@functools.cache
def scored(name: str) -> cs.FileScore:
    seed_read_first()
    return cs.score_file(name, KNOWN)


@functools.cache
def seed_read_first() -> None:
    cs.read_seed_first()


def verdict(name: str, aspect: str, details: str = "") -> None:
    """Fail with the aspect's mistakes; when it passes, print `details` (shown by pytest -rP)."""
    message = cs.problems(scored(name)).get(aspect)
    if message:
        pytest.fail(message, pytrace=False)
    if details:
        print(details)


def test_the_corpus_is_all_there():
    assert len(NAMES) >= 13
    assert {cs.load_expected(n)["family"] for n in NAMES} == {"transcript", "play", "fountain", "hearing", "radio"}


def test_the_held_out_files_are_in_the_corpus():
    # issue 19: scored before and after tuning, never tuned on (bench/corpus.py --held-out)
    assert cs.HELD_OUT <= set(cs.annotated_names()) and len(cs.HELD_OUT) >= 4 and not cs.HELD_OUT & cs.TUNED_19


def test_the_seed_names_itself_as_the_scorer_says():
    text = cs.SEED.read_text(encoding="utf-8")
    assert all(name in text for name in cs.SEED_IDENTITY)
    assert {"TROTSKY", "MOLOTOV"} <= set(KNOWN["seed (war-danger-1927)"])


@pytest.mark.parametrize("name", NAMES)
def test_expectations_are_valid(name):
    # A broken annotation would make every score below meaningless.
    errors = check_expected.check(cs.CORPUS / f"{name}.expected.json")
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("name", NAMES)
def test_family_detected(name):
    verdict(name, "family")


# Known gaps, each a real shape the readers do not handle yet; strict, so a fix shows up as a pass.
KNOWN_GAPS = {
    ("beggars-opera-gutenberg-act1", "attribution"):
        "a song with no label at a scene's start is sung by the one character the scene's description names",
    ("nova-einstein-pycaption", "attribution"):
        "closed captions name a speaker only when the picture does not show who speaks: Davy lecturing on screen "
        "has no label, and the text alone gives his words to the narrator named before",
    ("dpe-programme-script-docx", "chapters"):
        "Word heading styles are not read as structure: this export puts section titles, voice-overs and notes "
        "alike in Heading 3, between speeches also set in a heading style",
}


def known_gap(name: str, aspect: str):
    reason = KNOWN_GAPS.get((name, aspect))
    return pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=True)) if reason else name


@pytest.mark.parametrize("name", [known_gap(n, "attribution") for n in NAMES])
def test_speeches_attributed(name):
    s = scored(name)
    verdict(name, "attribution", f"{name}: stray speeches (not asserted) {len(s.stray)}\n"
                                 + "\n".join(f"  {m}" for m in s.stray))


@pytest.mark.parametrize("name", [known_gap(n, "speakers") for n in NAMES])
def test_speakers_found(name):
    verdict(name, "speakers")


@pytest.mark.parametrize("name", NAMES)
def test_nothing_unspeakable_is_heard(name):
    verdict(name, "never_spoken")


@pytest.mark.parametrize("name", NAMES)
def test_no_names_from_another_script(name):
    verdict(name, "foreign")


def test_directions_classified():
    """What a listener gets of each direction (sound, narration, delivery, silence) is a judgement
    its annotator made file by file; the classifier is held to the whole corpus's agreement, and
    every disagreement is printed (pytest -rP)."""
    agree = total = 0
    for name in NAMES:
        s = scored(name)
        agree, total = agree + s.directions_agree, total + s.directions
        print(f"{name}: directions {s.directions_agree}/{s.directions}")
        print("\n".join(f"  {m}" for m in s.direction_mistakes))
    assert agree >= cs.MIN_DIRECTIONS * total, f"{agree}/{total} directions classified as annotated"


@pytest.mark.parametrize("name", [known_gap(n, "chapters") for n in NAMES])
def test_chapters_found(name):
    s = scored(name)
    verdict(name, "chapters", f"{name}: chapters {s.chapters_found}/{s.chapters_expected} "
                              f"(scenes {s.scenes_found}/{s.scenes_expected}); parsed {s.chapter_titles}")


# ---------------------------------------------------------------- the scorer itself


def perfect_parse(name: str) -> dict:
    """The JSON a flawless reader would give, built from the annotations."""
    d = cs.load_expected(name)
    events = []
    for line, who in d["speeches"]:
        speakers = [cs.name_key(w) for w in who.split(" & ")]
        events.append({"kind": "speech", "speakers": speakers, "labels": who.split(" & "), "text": "words", "line": line})
    for line, text, cls in d["directions"]:
        if cls == "delivery":
            events.append({"kind": "direction", "as": "delivery", "text": text, "line": line})
        elif cls != "silent":
            events.append({"kind": "direction", "as": cls, "text": text, "line": line})
    events.sort(key=lambda e: e["line"])
    chapters = [{"title": t, "kind": "body", "line": 1, "events": []} for t in d["chapters"]]
    chapters = chapters or [{"title": "Part 1", "kind": "body", "line": 1, "events": []}]
    chapters[0]["events"] = events
    speakers = list(dict.fromkeys(s for e in events if e["kind"] == "speech" for s in e["speakers"]))
    return {"format": d["family"], "metadata": {}, "chapters": chapters, "speakers": speakers,
            "names": {s: s.title() for s in speakers}}


@pytest.mark.parametrize("name", ["pygmalion-gutenberg-act1", "last-birthday-card", "nysenate-higher-ed-2020-cover"])
def test_scorer_gives_a_perfect_parse_full_marks(name):
    expected, lines = cs.load_expected(name), cs.source_lines(cs.script_path(name))
    parsed = perfect_parse(name)
    assert cs.score_attribution(parsed, expected, lines)[2] == []
    precision, recall, extra, missing = cs.score_speakers(parsed, expected)
    assert (precision, recall, extra, missing) == (1.0, 1.0, [], [])
    assert cs.score_never_spoken(parsed, expected) == []
    assert cs.score_directions(parsed, expected, lines)[2] == []
    found, wanted, *_ = cs.score_chapters(parsed, expected)
    assert found == wanted


def test_scorer_catches_a_wrong_speaker_a_label_read_aloud_and_a_lost_direction():
    name = "earnest-gutenberg-act1"
    expected, lines = cs.load_expected(name), cs.source_lines(cs.script_path(name))
    parsed = perfect_parse(name)
    speeches = [e for e in parsed["chapters"][0]["events"] if e["kind"] == "speech"]
    speeches[3]["speakers"], speeches[3]["labels"] = ["NARRATOR"], []
    speeches[5]["text"] = "ALGERNON. Did you hear what I was playing, Lane?"
    events = parsed["chapters"][0]["events"]
    events.remove(next(e for e in events if e.get("as") == "narrate"))
    correct, total, mistakes = cs.score_attribution(parsed, expected, lines)
    assert (correct, total) == (total - 1, len(expected["speeches"]))
    assert mistakes[0].line == speeches[3]["line"] and "NARRATOR" in str(mistakes[0])
    (leak,) = cs.score_never_spoken(parsed, expected)
    assert leak.line == speeches[5]["line"] and "'ALGERNON.'" in str(leak)
    agree, total, wrong = cs.score_directions(parsed, expected, lines)
    assert agree == total - 1 and "dropped" in str(wrong[0])


def test_scorer_joins_consecutive_speeches_of_one_speaker_but_not_of_two():
    name = "webvtt-bingham-tyson"  # Roger Bingham's first four cues may be one speech
    expected, lines = cs.load_expected(name), cs.source_lines(cs.script_path(name))
    parsed = perfect_parse(name)
    events = parsed["chapters"][0]["events"]
    del events[1:4]
    assert cs.score_attribution(parsed, expected, lines)[2] == []
    tyson = next(e for e in events if e.get("speakers") == ["NEIL DEGRASSE TYSON"])
    events.remove(tyson)  # Tyson's answer now falls inside Bingham's speech
    (mistake,) = cs.score_attribution(parsed, expected, lines)[2]
    assert mistake.line == tyson["line"] and "ROGER BINGHAM at line 28" in mistake.got


def test_scorer_matches_names_through_aliases_accents_and_labels():
    expected = {"speakers": ["Emil Sjölander", "A BYSTANDER", "THE BYSTANDER"], "aliases": {"A BYSTANDER": "THE BYSTANDER"},
                "speeches": [[1, "Emil Sjölander"], [2, "A BYSTANDER"], [3, "THE BYSTANDER"]]}
    parsed = {"chapters": [{"title": "", "events": [
        {"kind": "speech", "speakers": ["EMIL SJOLANDER"], "text": "x", "line": 1},
        {"kind": "speech", "speakers": ["THE BYSTANDER"], "labels": ["A BYSTANDER."], "text": "x", "line": 2},
        {"kind": "speech", "speakers": ["SPEAKER 3"], "labels": ["THE BYSTANDER"], "text": "x", "line": 3}]}],
        "speakers": ["EMIL SJOLANDER", "THE BYSTANDER", "SPEAKER 3", "NARRATOR"], "names": {}}
    assert cs.score_attribution(parsed, expected, ["a", "b", "c"])[:2] == (3, 3)
    assert cs.score_speakers(parsed, expected)[:2] == (1.0, 1.0)
    parsed["chapters"][0]["events"][2]["labels"] = []
    assert cs.score_speakers(parsed, expected)[:3] == (2 / 3, 1.0, ["SPEAKER 3"])


def test_scorer_finds_another_scripts_title_in_metadata():
    parsed = copy.deepcopy(perfect_parse("seagull-gutenberg-act1"))
    parsed["metadata"] = {"author": "Leon Trotsky", "title": "The Sea-Gull"}
    text = cs.script_path("seagull-gutenberg-act1").read_text(encoding="utf-8")
    (found,) = cs.score_foreign("seagull-gutenberg-act1", parsed, text, KNOWN)
    assert "Leon Trotsky" in str(found) and "seed" in str(found)
    # The two hearing excerpts share their cast: a name in the file's own text is not foreign.
    parsed = perfect_parse("nysenate-higher-ed-2020-questions")
    parsed["metadata"] = {"title": "CHAIRWOMAN WEINSTEIN"}
    text = cs.script_path("nysenate-higher-ed-2020-questions").read_text(encoding="utf-8")
    assert cs.score_foreign("nysenate-higher-ed-2020-questions", parsed, text, KNOWN) == []


def test_a_reader_that_raises_is_a_scored_failure(monkeypatch):
    import dramatize.readers as readers

    def broken(path, fmt=None):
        raise ValueError("boom")

    monkeypatch.setattr(readers, "read_script", broken)
    score = cs.score_file("earnest-gutenberg-act1", KNOWN)
    assert "ValueError: boom" in score.error
    assert set(cs.problems(score)) == set(cs.ASPECTS)
