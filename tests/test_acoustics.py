"""A scene's space (dramatize/acoustics.py): the same line, said by the same voice, rings on in a
church and not in a kitchen or the open air, measured in the audio just after the line ends; a
cast file's [[scenes]] rule sets the space instead."""

from __future__ import annotations

import pytest

from conftest import RATE, decode, rms_db, run_cli

from dramatize.acoustics import space_of

pytestmark = [pytest.mark.slow,  # a screenplay rendered and measured
              pytest.mark.test_engine]  # the spaces are judged, not the voices

LINE = "Hello? Is anybody there at all?"
SCRIPT = "".join(f"{heading}\n\nANNA\n{LINE}\n\nBEN\nNo.\n\n" for heading in
                 ("EXT. NOWHERE IN PARTICULAR - DAY", "INT. KITCHEN - DAY", "INT. CHURCH - DAY"))


def _tails(tmp_path, name: str, cast: str | None = None, script_text: str = SCRIPT,
           windows=((0.03, 0.28),)) -> list:
    """For each of ANNA's lines: the level of what follows it (the space ringing on, in the 0.4 s
    before BEN answers) against the level of the line itself, in dB; with several `windows`
    (seconds after the line's end), a list of levels a line."""
    script = tmp_path / f"{name}.fountain"
    script.write_text(script_text)
    out = tmp_path / f"{name}.wav"
    args = ["render", script, "-o", out]
    if cast is not None:
        (tmp_path / f"{name}.cast.toml").write_text(cast)
        args += ["--cast", tmp_path / f"{name}.cast.toml"]
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    audio = decode(out)
    labels = [row.split("\t") for row in (tmp_path / f"{name}.labels.txt").read_text().splitlines()]
    said = [(float(a), float(b)) for a, b, text in labels if LINE in text]
    assert len(said) == 3
    tails = []
    for start, end in said:
        line = rms_db(audio[:, int(start * RATE):int(end * RATE)])
        after = [rms_db(audio[:, int((end + a) * RATE):int((end + b) * RATE)]) - line for a, b in windows]
        tails.append(after if len(windows) > 1 else after[0])
    return tails


def test_the_open_air_is_dry_a_church_rings_and_a_rule_decides_instead(tmp_path):
    outside, kitchen, church = _tails(tmp_path, "guess")
    # The automatic cast's voices stand close to the microphone (little reverb) indoors too: the
    # open air can only be as dry or drier; a church rings on.
    assert outside < kitchen + 0.5 and church > kitchen + 8, (outside, kitchen, church)
    ruled = _tails(tmp_path, "ruled", '[[scenes]]\nmatch = "CHURCH"\nacoustic = "open air"\n')
    assert ruled[2] < kitchen + 0.5 and ruled[2] < church - 8  # the producer's church is out of doors


def test_a_car_is_a_dead_box_and_a_church_rings_long_each_with_its_own_reverb(tmp_path):
    script = SCRIPT.replace("EXT. NOWHERE IN PARTICULAR - DAY", "INT. CAR - NIGHT")
    car, kitchen, church = _tails(tmp_path, "spaces", script_text=script, windows=((0.02, 0.12), (0.25, 0.35)))
    fall = {name: early - late for name, (early, late) in (("car", car), ("kitchen", kitchen), ("church", church))}
    # a car is a dead box: less rings on after the line than in the kitchen; the church rings
    # louder and its long tail falls far less in the next quarter of a second
    assert car[0] < kitchen[0] - 3, (car, kitchen)
    assert church[1] > kitchen[1] + 10 and fall["church"] < fall["kitchen"] - 3, (church, kitchen, fall)


@pytest.mark.parametrize("heading, family, space", [
    ("EXT. BRICK'S PATIO - DAY", "fountain", "open air"), ("INT. TRAILER HOME - DAY", "fountain", "room"),
    ("INT. CAR - NIGHT", "fountain", "small room"), ("INT. ST. PAUL'S CATHEDRAL", "fountain", "large hall"),
    ("Scene 2: A garden, morning", "radio", "open air"), ("Scene 1: A railway carriage, night", "radio", "room"),
    ("Trotsky: You have allotted me 45 minutes… in the street", "transcript", "room"),
])
def test_a_heading_names_its_space(heading, family, space):
    assert space_of(heading, family) == space


@pytest.mark.parametrize("key, value, suggested", [("acoustic", "open-air", "open air"), ("atmosphere", "rian", "rain")])
def test_an_unknown_scene_setting_is_one_line_with_the_file_line_and_a_suggestion(tmp_path, key, value, suggested):
    script = tmp_path / "s.fountain"
    script.write_text(SCRIPT)
    cast = tmp_path / "s.cast.toml"
    cast.write_text(f'[[scenes]]\nmatch = "CHURCH"\n{key} = "{value}"\n')
    done = run_cli("render", script, "--cast", cast, "-o", tmp_path / "s.wav")
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    assert done.returncode == 2 and not (tmp_path / "s.wav").exists()
    assert len(errors) == 1 and "s.cast.toml:3" in errors[0] and f"did you mean '{suggested}'?" in errors[0], \
        done.stderr
