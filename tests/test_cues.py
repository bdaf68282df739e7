"""Stage directions as sound: each cue type is heard, lasts as long as it should, is the same
every time, differs from the others, and sits where the transcript says."""

from __future__ import annotations

import itertools
import wave
from pathlib import Path

import numpy as np
import pytest

from conftest import load_voiced, DATA, RATE, decode, rms_db
from dramatize.cues import sound as cues
from dramatize.cache import ClipCache
from dramatize.cues.kinds import BY_NAME, KINDS, NAMES, sound_of
from dramatize.directions import Form, apply_rules, classify
from dramatize.effects import clip_length
from dramatize.errors import ConfigErrors
from dramatize.model import Direction
from dramatize.synthesis import synthesize_all

# A direction as a script writes it, for every kind of sound there is.
WRITTEN = {
    "laughter": "Laughter", "applause": "Applause", "commotion": "Commotion in the hall", "murmur": "Murmurs",
    "shouts": "Shouts from the benches: “Correct!”", "voice": "A voice from the benches: “Hear! Hear!”",
    "bell": "The chairman rings his bell", "phone": "The telephone rings", "clock": "The clock strikes twelve",
    "knock": "A knock at the door", "door": "The door slams", "footsteps": "Footsteps in the corridor",
    "thunder": "Thunder", "drum": "A drum roll", "hit": "He slaps him", "whoosh": "Whoosh",
    "gunshot": "A shot is heard", "creak": "The door creaks open", "door_open": "The door opens",
    "door_close": "The door closes", "church_bell": "A church bell tolls", "ticking": "The clock ticks", "rain": "Rain",
    "wind": "The wind howls", "sea": "The sea", "birds": "Birds sing", "dog": "A dog barks",
    "traffic": "Traffic in the street", "car": "A car passes", "train": "A train passes", "glass": "A glass breaks",
    "fire": "The fire crackles", "typewriter": "Someone types on a typewriter", "walla": "Crowd walla",
    "music": "Music",
}


def classified(line: int, text: str) -> Direction:
    """The direction as a reader classifies it (directions.classify), not as the test says it is."""
    found = classify(text)
    return Direction(text, line, found.action, found.sound, found.delivery, found.say, found.known, found.told)


TYPES = {name: classified(10 + i, text) for i, (name, text) in enumerate(WRITTEN.items())}


def test_every_kind_of_sound_is_tested_and_written_words_find_it():
    assert set(WRITTEN) == set(NAMES)  # a new kind needs its line above: every test below then hears it
    for name, direction in TYPES.items():
        assert (direction.action, direction.sound) == ("sound", name), direction


# Ordinary English for the hall's and the door's sounds (word families, not one play's phrases),
# and what stays something else: one person's laugh or clap, a clap of thunder, a tap on a table.
OTHER_WORDS = {
    "Someone raps on the door.": "knock", "She taps at the window.": "knock", "He bangs on the door.": "knock",
    "The door bangs.": "door", "Everyone laughs.": "laughter", "They all chuckle.": "laughter",
    "The guests giggle.": "laughter", "The audience claps.": "applause", "Handclaps.": "applause",
    "A clap of thunder.": "thunder", "He laughs.": None, "He claps his hands.": None,
    "He taps his pen on the table.": None,
}


@pytest.mark.parametrize("text", sorted(OTHER_WORDS))
def test_other_words_for_a_sound_find_it(text):
    found = classify(text)
    assert (found.sound if found.action == "sound" else None) == OTHER_WORDS[text]


# Issue 17: the words writers use for each sound, in general English (verbs and their forms,
# synonyms, the noun forms), as plays, radio effects lines and screenplays write them.
WORD_FAMILIES = {
    "The old door groans on its hinges.": "creak", "A floorboard squeaks.": "creak",
    "The gate whines on its hinges.": "creak", "The door crashes shut.": "door",
    "Rat-a-tat at the street door.": "knock", "He raps his knuckles on the door.": "knock",
    "Heavy boots tramp up the stairs.": "footsteps", "Footfalls in the passage.": "footsteps",
    "Steps.": "footsteps", "STEPS ON GRAVEL": "footsteps", "Running steps, coming nearer.": "footsteps",
    "The tread of the sentry.": "footsteps", "Her heels click and clatter on the stone.": "footsteps",
    "The telephone shrills in the hall.": "phone", "The phone jangles.": "phone", "The telephone bell.": "phone",
"Only the tick of the grandfather clock.": "ticking",
    "The bells of St Mary's ring out.": "church_bell", "A knell.": "church_bell",
    "The front-door bell jangles.": "bell",
    "SOUND: TWO REVOLVER SHOTS": "gunshot", "Three shots ring out.": "gunshot", "Gunfire.": "gunshot",
    "The revolver barks twice.": "gunshot", "A rifle cracks.": "gunshot",
    "F/X: THE BUZZ OF CONVERSATION": "walla", "A murmur of voices from the bar.": "walla",
    "The hum of a crowded ballroom.": "walla", "The crowd buzzes.": "walla",
    "SOUND: LOGS SPITTING IN THE GRATE": "fire", "The coals hiss and pop.": "fire",
    "F/X: FOGHORN": "sea", "A tempest.": "wind", "A hound bays in the distance.": "dog",
    "The terrier yaps.": "dog", "Rooks cawing in the elms.": "birds", "An owl hoots.": "birds",
    "A cock crows.": "birds", "Wheels clatter over the rails.": "train", "Clickety-clack.": "train",
    "Brakes screech.": "car", "A van draws up outside.": "car", "The engine splutters.": "car",
    "The vase smashes.": "glass", "A decanter falls and smashes.": "glass",
    "Keys clatter in the outer office.": "typewriter", "The clatter of typewriter keys.": "typewriter",
    "A storm of handclapping.": "applause", "He thumps the table.": "hit",
}
# False friends: words of a sound's family in a sense that makes no sound, or not that one.
NOT_THAT_SOUND = {
    "He steps forward.": None, "Mary steps in.": None, "She steps.": None, "He draws steps.": None,
    "The steps of the church.": None, "He rises to his feet.": None, "A shot of whisky.": None,
    "Two shots of brandy.": None, "A shot glass on the bar.": None, "The ring of truth.": None,
    "A clean sweep.": None, "She looks in the mirror and breaks down.": None, "He hounds her.": None,
    "He wolfs his food.": None, "A stool pigeon.": None, "Robin enters.": None, "Raven-haired, she waits.": None,
    "The typist looks up.": None, "He opens the door and groans.": "door_open", "A storm of applause.": "applause",
    "The bottle breaks off the conversation.": None, "I am Thane of Cawdor.": None, "The owl-eyed clerk.": None,
    "A cuckoo clock.": None, "He takes a shot at goal.": None, "TWO SHOT - MARY AND JOHN": None,
    "The fire hisses.": "fire", "A log hisses.": "fire", "Hisses.": "shouts",
    "SOUND: DIAL TONE": None,  # no ring: a dial tone wants a sound of its own
}


@pytest.mark.parametrize("text", sorted({**WORD_FAMILIES, **NOT_THAT_SOUND}))
def test_a_sound_is_found_by_its_word_family_and_not_by_false_friends(text):
    found = classify(text)
    assert (found.sound if found.action == "sound" else None) == {**WORD_FAMILIES, **NOT_THAT_SOUND}[text]


@pytest.mark.parametrize("text", sorted({**WORD_FAMILIES, **NOT_THAT_SOUND, **OTHER_WORDS}))
def test_the_quick_pass_over_directions_misses_no_kind(text):
    # sound_of skips a direction no trigger word starts; a kind's new word must be a trigger too
    assert sound_of(text) is next((kind for kind in KINDS if kind.words.search(text)), None)


# A character's own laugh is how the line is said, not the hall; and a delivery's words are whole
# words ("gravel" is not grave, "a sweep" no weeping, "in sight" no sigh).
DELIVERED = {"CHUCKLES WARMLY": "cheerful", "giggling": "cheerful", "sobbing": "sad", "gravely": "sad",
             "on the gravel": None, "sweeping": None, "in sight": None, "absorbed": None}


@pytest.mark.parametrize("text", sorted(DELIVERED))
def test_a_delivery_is_named_by_whole_words(text):
    found = classify(text, Form.PARENTHETICAL)
    assert (found.action, found.delivery) == ("delivery", DELIVERED[text])


@pytest.fixture(scope="module")
def cast(engine):
    return load_voiced(DATA / "cast.toml", engine)


def make(cue: Direction, cast, engine, tmp_path: Path) -> tuple[np.ndarray, cues.CueSpec, cues.Arrangement]:
    spec = cues.cue_spec(cue, cast, f"test:{cue.line}")
    paths, _ = synthesize_all(list(spec.requests), ClipCache(tmp_path / "clips"), workers=1)
    lengths = {key: clip_length(p, RATE) for key, p in paths.items()}
    arrangement = cues.arrange(spec, lengths, RATE)
    return cues.render(spec, arrangement, paths, RATE), spec, arrangement


def envelope(stereo: np.ndarray) -> np.ndarray:
    mono = stereo.mean(axis=0)
    frame = RATE // 20
    return np.array([rms_db(mono[i:i + frame]) for i in range(0, len(mono) - frame, frame)])


def centroid(stereo: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(stereo.mean(axis=0)))
    return float((np.fft.rfftfreq(stereo.shape[1], 1 / RATE) * spectrum).sum() / spectrum.sum())


@pytest.fixture(scope="module")
def rendered(cast, engine, tmp_path_factory):
    folder = tmp_path_factory.mktemp("cues")
    return {name: make(cue, cast, engine, folder) for name, cue in TYPES.items()}


@pytest.mark.parametrize("name", sorted(TYPES))
def test_cue_is_heard_lasts_right_and_rises_and_falls(rendered, name):
    audio, spec, arrangement = rendered[name]
    seconds = audio.shape[1] / RATE
    bed = BY_NAME[name].seconds  # the kind's own length; the crowd's words may run on past it
    low, high = (0.5, 3.0) if name == "voice" else (0.9 * bed, bed + 3.5)
    assert low <= seconds <= high, seconds
    assert audio.shape[1] == arrangement.length and 0 < arrangement.hold <= arrangement.length
    env = envelope(audio)
    # audible (a clock's ticks are brief clicks, loud at their peak and quiet on average: louder,
    # the AudioSet ear hears them as a wood block)
    assert env.max() > (-46 if name == "ticking" else -30)
    assert 20 * np.log10(np.abs(audio).max()) > -20
    assert np.isfinite(audio).all() and np.abs(audio).max() < 1.0
    if BY_NAME[name].from_hall:  # the hall swells in: a natural attack, no click at full level
        assert env[0] < env.max() - 6
    else:  # a struck or rung thing starts at once, from silence
        assert np.abs(audio[:, :2]).max() < 0.02
    assert env[-1] < env.max() - 10  # and it dies away


@pytest.mark.parametrize("name", sorted(TYPES))
def test_cue_is_deterministic(rendered, cast, engine, tmp_path, name):
    again, _, _ = make(TYPES[name], cast, engine, tmp_path)
    assert np.array_equal(again, rendered[name][0])


def test_cue_types_differ_from_each_other(rendered):
    features = {name: (centroid(audio), envelope(audio)) for name, (audio, _, _) in rendered.items()}
    for (a, (ca, ea)), (b, (cb, eb)) in itertools.combinations(features.items(), 2):
        n = min(len(ea), len(eb))
        envelope_distance = float(np.mean(np.abs(ea[:n] - eb[:n])))
        assert max(ca, cb) / min(ca, cb) > 1.1 or envelope_distance > 3 or abs(len(ea) - len(eb)) > 10, (a, b)


def test_shouts_are_many_voices_not_unison(rendered):
    _, spec, arrangement = rendered["shouts"]
    said = [(offset, spec.voices[i]) for offset, _, _, i in arrangement.clips if spec.roles[i] == "say"]
    assert len(said) >= 3
    assert len({o for o, _ in said}) == len(said)  # each starts at its own moment
    assert len({(v.pitch, v.rate, v.engine_voice) for _, v in said}) == len(said)
    assert len({v.pan for _, v in said}) == len(said)


def test_producer_sample_replaces_the_built_in_cue(tmp_path, engine):
    sample = tmp_path / "laugh.wav"
    t = np.arange(5 * RATE) / RATE  # longer than the built-in laughter: it must play whole
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    with wave.open(str(sample), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes((tone * 32767).astype("<i2").tobytes())
    config = (DATA / "cast.toml").read_text() + f'\n[[cues]]\nmatch = "laugh"\nfile = "{sample}"\n'
    (tmp_path / "cast.toml").write_text(config)
    cast = load_voiced(tmp_path / "cast.toml", engine)
    laughter = apply_rules(TYPES["laughter"], cast.cue_rules)  # as casting a script matches it, once
    assert laughter.rule == 0
    audio, spec, _ = make(laughter, cast, engine, tmp_path)
    assert spec.type == "file" and audio.shape[1] == 5 * RATE
    body = audio[0, : RATE // 2]
    assert abs(np.corrcoef(body, tone[: RATE // 2])[0, 1]) > 0.99


def test_missing_or_unreadable_sample_is_a_config_error(tmp_path, engine):
    (tmp_path / "notes.txt").write_text("not audio")
    config = (DATA / "cast.toml").read_text() + '\n[[cues]]\nmatch = "laugh"\nfile = "gone.wav"\n' \
        '\n[[cues]]\nmatch = "applause"\nfile = "notes.txt"\n'
    (tmp_path / "cast.toml").write_text(config)
    with pytest.raises(ConfigErrors) as caught:
        load_voiced(tmp_path / "cast.toml", engine)
    joined = "\n".join(caught.value.problems)
    assert "cues.file: gone.wav: no such audio file" in joined
    assert "cues.file: notes.txt: not an audio file" in joined


def test_cue_is_audible_where_the_transcript_places_it(meeting_render):
    result = meeting_render[".wav"]
    audio = decode(result.output)
    (laughter,) = [t for t in result.timeline.transcript if t.speaker is None]
    assert laughter.text == "Laughter"
    spoken_before = next(t for t in result.timeline.transcript if t.end <= laughter.start)
    assert spoken_before.text.endswith("first question of the evening.")  # after the words it follows
    # Where the cue is, and the speaker has not yet resumed, the hall alone is loud.
    resume = min(t.start for t in result.timeline.transcript if t.start > laughter.start)
    hall_only = audio[:, laughter.start:resume]
    assert resume > laughter.start + RATE // 2
    assert rms_db(hall_only) > -30


def test_recorded_sounds_are_credited_varied_and_fall_back_to_synthesis(monkeypatch):
    from dramatize.cues import library, procedural
    from dramatize.cues.kinds import Kind

    for kind, recordings in library.RECORDINGS.items():
        for recording in recordings:  # only licences that let a render carry them, each with its author
            assert recording.licence[0] in ("CC0 1.0", "CC BY 3.0", "public domain"), recording
            line = library.credit(recording)
            assert recording.author in line and recording.licence[0] in line and recording.package in line
    n = int(1.8 * RATE)
    if library.recordings(Kind.GLASS):  # minetest-data installed (scripts/system-deps.sh)
        chosen = {library.choose(Kind.GLASS, seed).name for seed in range(6)}
        assert len(chosen) == 3  # every recording of the kind is used
        recording = library.choose(Kind.GLASS, 0)
        one = library.bed(recording, np.random.default_rng(1), n, RATE)
        other = library.bed(recording, np.random.default_rng(2), n, RATE)
        assert one.shape == (2, n) and rms_db(one) > -40 and not np.allclose(one, other)  # pitch, level vary
        assert np.abs(one[:, -10:]).max() < 0.01  # faded, not cut
    # Without the package the kind is synthesised: the same cue, made from numbers.
    monkeypatch.setattr(library, "MINETEST_GAME", ("/nonexistent",))
    monkeypatch.setattr(library, "RECORDINGS", {Kind.GLASS: (
        library._minetest("default/sounds/default_break_glass.1.ogg", "glass", "someone", "somewhere"),)})
    assert library.choose(Kind.GLASS, 0) is None
    synthesised = procedural.GENERATORS[Kind.GLASS](np.random.default_rng(1), n, RATE, 0.0)
    assert synthesised.shape == (2, n) and rms_db(synthesised) > -40


def test_laughter_has_the_pulse_of_a_laugh():
    """People laughing 'ha-ha-ha', not a rumble: the room's loudness rises and falls with each
    call, four to six times a second, more than at any other pace."""
    from dramatize.cues import procedural

    mono = procedural.laughter(np.random.default_rng(3), int(3.2 * RATE), RATE).mean(axis=0)
    hop = RATE // 200
    loudness = np.sqrt(np.convolve(mono ** 2, np.ones(2 * hop) / (2 * hop), "same"))[::hop]
    loudness = loudness[len(loudness) // 5:-len(loudness) // 5]  # the middle, past the first joiners' swell
    spectrum = np.abs(np.fft.rfft((loudness - loudness.mean()) * np.hanning(len(loudness))))
    pace = np.fft.rfftfreq(len(loudness), 1 / 200)
    searched = (pace >= 1.5) & (pace <= 20)
    assert 3.5 <= pace[searched][np.argmax(spectrum[searched])] <= 6.5
