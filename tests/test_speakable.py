"""What the engines are given: the script's text made sayable, alike for every engine."""

from __future__ import annotations

import pytest

from dramatize.speakable import foreign_script, pronounce, speakable


def test_brackets_and_quotes_are_pauses_not_words():
    assert speakable("It [the Anglo-Russian Committee!] will – “we say” – win.") == \
        "It, the Anglo-Russian Committee!, will, we say, win."


@pytest.mark.parametrize("text, said", [
    ("You have allotted me 45 minutes.", "You have allotted me forty-five minutes."),
    ("In 1927 the party", "In nineteen twenty-seven the party"),
    ("the 3rd and the 21st", "the third and the twenty-first"),
    ("45% of them", "forty-five percent of them"),
    ("It cost $12.50", "It cost twelve dollars, fifty cents"),
    ("£5 a week", "five pounds sterling a week"),
    ("10,000 men", "ten thousand men"),
    ("at 10:12 a.m.", "at ten twelve A M"),
    ("at 3:00", "at three o'clock"),
    ("version 1.5", "version one point five"),
    ("Draft 1/27/2012", "Draft January twenty-seventh, twenty twelve"),  # month first…
    ("on 27/1/2012.", "on January twenty-seventh, twenty twelve."),  # …unless the first cannot be a month
    ("by 3/4/45", "by March fourth, forty-five"),
    ("13/13/2012", "thirteen thirteen twenty twelve"),  # no date: its numbers, without the slashes
    ("123456789012345678901234567890", " ".join(["one", "two", "three", "four", "five", "six", "seven", "eight",
                                                  "nine", "zero"] * 3)),
])
def test_numbers_are_words(text, said):
    assert speakable(text) == said


def test_a_scene_heading_is_read_as_words():
    assert speakable("INT. BRICK'S PATIO - DAY") == "Interior. Brick's patio. Day."
    assert speakable("EXT. WOODEN SHACK - NIGHT") == "Exterior. Wooden shack. Night."
    assert speakable("Interior decoration is hard.") == "Interior decoration is hard."


def test_pronunciations_replace_whole_words_with_their_case():
    table = (("Kuomintang", "Kwo-min-tang"), ("ECCI", "E C C I"), ("kulak", "koo-lahk"))
    assert pronounce("The Kuomintang and the ECCI", table) == "The Kwo-min-tang and the E C C I"
    assert pronounce("Kuomintangs, kuomintang", table) == "Kuomintangs, kuomintang"  # whole words, case as written
    assert pronounce("the kulak and the Kulaks and the KULAK", table) == "the koo-lahk and the Kulaks and the koo-lahk"
    assert pronounce("Ecci", table) == "Ecci"


def test_scripts_the_voices_cannot_read_are_named():
    assert foreign_script("中华人民共和国万岁") == "Chinese"
    assert foreign_script("Ура! Товарищи") is None and foreign_script("Union sacrée") is None
    assert foreign_script("He said 万岁 twice, loudly, to the whole hall") is None


def test_a_currency_num2words_cannot_say_and_grouped_billions_are_said_as_numbers():
    assert speakable("It cost ¥500.") == "It cost five hundred yen."
    assert speakable("1,000,000,000 people") == "one billion people"
    assert speakable("serial 12345678901") == "serial one two three four five six seven eight nine zero one"


@pytest.mark.parametrize("text, said", [
    ("$" + "9" * 26, "nine " * 25 + "nine dollars"),
    ("1" * 400 + "th", " ".join(["one"] * 400)),
    ("¥" + "5" * 30, "five " * 29 + "five yen"),
    ("12,345,678,901,234,567,890,123,456", "one two three four five six seven eight nine zero one two three four "
                                           "five six seven eight nine zero one two three four five six"),
])
def test_numbers_too_long_to_say_as_numbers_are_read_digit_by_digit(text, said):
    assert speakable(text) == said


def test_a_pronunciation_in_lower_case_matches_letters_whose_case_changes_their_length():
    """"İstanbul" lowers to six letters and a dot: the entry that matched is known by its group."""
    assert pronounce("İstanbul and ISTANBUL", (("istanbul", "Is-tan-bul"),)) == "Is-tan-bul and Is-tan-bul"
    assert pronounce("the ſ", (("ſ", "long s"),)) == "the long s"


@pytest.mark.parametrize("text, said", [
    (". Yes, it is!", "Yes, it is!"),  # a line whose opening direction was taken out
    ("Woah. WOAH!", "Whoa. WHOA!"),  # the spelling the voices say as "whoa"
])
def test_a_stray_opening_stop_is_not_said_and_a_sound_word_is_spelled_as_voices_read_it(text, said):
    assert speakable(text) == said
