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
from dramatize.cues.kinds import BY_NAME, KINDS, NAMES, Kind, sound_of
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
    "music": "Music", "cough": "He coughs", "camera": "A camera clicks", "whistle": "A whistle blows",
    "dial": "She dials a number", "lock": "The key turns in the lock",
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
    "F/X: HEAVY BOOTS CROSS THE FLOORBOARDS.": "footsteps", "Boots on the stairs.": "footsteps",
    "Her heels echo down the corridor.": "footsteps", "Feet running in the street.": "footsteps",
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
    "( clears throat )": "cough", "[coughs]": "cough", "Coughing.": "cough", "She clears her throat.": "cough",
    "(sound of camera flash)": "camera", "Flashbulbs pop.": "camera", "The shutter clicks.": "camera",
    "A WHISTLE, DISTANT": "whistle", "He blows a whistle.": "whistle", "The referee's whistle shrills.": "whistle",
    "SOUND: DIAL TONE": "dial", "He dials.": "dial", "She is dialling.": "dial", "The engaged tone.": "dial",
    "The key turns in the lock.": "lock", "He locks the door.": "lock", "She unlocks the front door.": "lock",
    "The bolt is drawn.": "lock", "The latch clicks.": "lock",
    "F/X: THE CLICK OF A CAMERA": "camera", "F/X: AN EXPRESS TRAIN THUNDERS THROUGH THE STATION": "train",
    "It thunders.": "thunder", "Thunder in the distance.": "thunder",
}
# False friends: words of a sound's family in a sense that makes no sound, or not that one.
NOT_THAT_SOUND = {
    "He steps forward.": None, "Mary steps in.": None, "She steps.": None, "He draws steps.": None,
    "The steps of the church.": None, "He rises to his feet.": None, "A shot of whisky.": None,
    "He puts his boots on the table.": None, "She crosses her feet.": None, "Six feet across.": None,
    "Two shots of brandy.": None, "A shot glass on the bar.": None, "The ring of truth.": None,
    "A clean sweep.": None, "She looks in the mirror and breaks down.": None, "He hounds her.": None,
    "He wolfs his food.": None, "A stool pigeon.": None, "Robin enters.": None, "Raven-haired, she waits.": None,
    "The typist looks up.": None, "He opens the door and groans.": "door_open", "A storm of applause.": "applause",
    "The bottle breaks off the conversation.": None, "I am Thane of Cawdor.": None, "The owl-eyed clerk.": None,
    "A cuckoo clock.": None, "He takes a shot at goal.": None, "TWO SHOT - MARY AND JOHN": None,
    "The fire hisses.": "fire", "A log hisses.": "fire", "Hisses.": "shouts",
    "He coughs up the money.": None, "A cough mixture.": None, "CAMERA PANS to the window.": None,
    "In a flash he is gone.": None, "He whistles a tune.": None, "Clean as a whistle.": None,
    "He wets his whistle.": None, "She blows the whistle on the firm.": None, "A whistle-stop tour.": None,
    "The dial of the clock.": None, "The key witness turns.": None, "Locks of hair.": None,
    "A bolt of lightning.": None, "A train whistle.": "train", "The wind whistles.": "wind",
    "The phone rings; he dials.": "phone",
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


def loudness_db(mono: np.ndarray, frame: float = 0.05) -> np.ndarray:
    step = int(frame * RATE)
    return np.array([rms_db(mono[i:i + step]) for i in range(0, len(mono) - step, step)])


def envelope(stereo: np.ndarray) -> np.ndarray:
    return loudness_db(stereo.mean(axis=0))


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
    # the AudioSet ear hears them as a wood block; footsteps are quiet, as steps heard in a room
    # are: louder, it hears knocks and doors, world.footsteps)
    assert env.max() > {"ticking": -46, "footsteps": -40}.get(name, -30)
    assert 20 * np.log10(np.abs(audio).max()) > (-26 if name == "footsteps" else -20)
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


def test_walla_is_many_voices_none_to_follow():
    """A crowd talking, not one talker: one voice's loudness rises and falls with its syllables
    and pauses, the room's two dozen fill each other's gaps; yet it is voiced (speech's pitch
    and formants), not shaped noise: most of its energy lies in the voice's band."""
    from dramatize.cues import procedural

    n = int(4 * RATE)
    one = procedural._talker(np.random.default_rng(5), n, RATE, 120.0, 1.0, 5.0, 0.1)
    crowd = procedural.babble(np.random.default_rng(5), n, RATE).mean(axis=0)
    middle = slice(int(0.8 * RATE), int(3.0 * RATE))  # past the crowd's swell and fade
    assert np.std(loudness_db(one[middle])) > 2.5 * np.std(loudness_db(crowd[middle]))
    spectrum = np.abs(np.fft.rfft(crowd[middle])) ** 2
    freqs = np.fft.rfftfreq(len(crowd[middle]), 1 / RATE)
    assert spectrum[(freqs > 80) & (freqs < 4000)].sum() > 0.9 * spectrum.sum()


def _peak_frequency(mono: np.ndarray, low: float, high: float) -> float:
    spectrum = np.abs(np.fft.rfft(mono))
    freqs = np.fft.rfftfreq(len(mono), 1 / RATE)
    band = (freqs >= low) & (freqs <= high)
    return float(freqs[band][np.argmax(spectrum[band])])


def test_a_whistle_is_a_high_edge_tone_warbled_by_its_pea():
    from dramatize.cues import world

    mono = world.whistle(np.random.default_rng(2), 2 * RATE, RATE).mean(axis=0)
    assert 2400 <= _peak_frequency(mono, 200, 10000) <= 3500
    loud = loudness_db(mono, 0.002)
    loud = loud[loud > loud.max() - 20]  # while it sounds
    pace = np.fft.rfftfreq(len(loud), 0.002)
    spectrum = np.abs(np.fft.rfft(loud - loud.mean()))
    searched = (pace >= 5) & (pace <= 100)
    assert 20 <= pace[searched][np.argmax(spectrum[searched])] <= 50  # the pea's spin, not a steady tone


def test_dialling_is_a_dial_tone_then_keypad_tones_on_the_line():
    from dramatize.cues import world

    mono = world.dial(np.random.default_rng(4), 3 * RATE, RATE).mean(axis=0)
    tone = _peak_frequency(mono[int(0.1 * RATE):int(0.6 * RATE)], 200, 4000)
    assert min(abs(tone - f) for f in (350, 440)) < 5
    keyed = mono[int(1.3 * RATE):]
    assert min(abs(_peak_frequency(keyed, 600, 1000) - f) for f in (697, 770, 852, 941)) < 5  # a key's row
    assert min(abs(_peak_frequency(keyed, 1100, 1600) - f) for f in (1209, 1336, 1477)) < 5  # ...and column
    spectrum = np.abs(np.fft.rfft(mono)) ** 2
    freqs = np.fft.rfftfreq(len(mono), 1 / RATE)
    assert spectrum[(freqs < 250) | (freqs > 4000)].sum() < 0.02 * spectrum.sum()  # the telephone's band


def test_a_cough_is_a_sharp_burst_of_breath_through_the_throat():
    """A cough or two, each bursting out at once (within 10 ms) and dying within a few tenths of
    a second, its sound in the voice's formants, not a thump below them."""
    from dramatize.cues import procedural

    for seed in range(4):
        mono = procedural.cough(np.random.default_rng(seed), int(1.4 * RATE), RATE).mean(axis=0)
        loud = loudness_db(mono, 0.01)
        onsets = np.flatnonzero((loud[1:] - loud[:-1] > 12) & (loud[1:] > loud.max() - 15))
        assert 1 <= len(np.unique(onsets // 10)) <= 2, onsets
        assert (loud > loud.max() - 20).sum() < 80  # under 0.8 s of it is loud
        spectrum = np.abs(np.fft.rfft(mono)) ** 2
        freqs = np.fft.rfftfreq(len(mono), 1 / RATE)
        assert spectrum[(freqs > 300) & (freqs < 4000)].sum() > 0.75 * spectrum.sum()


@pytest.mark.parametrize("name", ["cough", "camera", "whistle", "dial", "lock", "walla"])
def test_every_repeat_of_a_sound_differs(name):
    from dramatize.cues.procedural import GENERATORS

    make = GENERATORS[Kind(name)]
    first, second = (make(np.random.default_rng(seed), int(1.5 * RATE), RATE, 0.0) for seed in (1, 2))
    assert first.shape == second.shape == (2, int(1.5 * RATE)) and not np.allclose(first, second)


def test_a_creaking_hinge_is_played_dry_and_other_things_on_stage_nearly_so(cast):
    """The hall's reverb turns each jolt of a creak into a bang (bench/sounds.py): a creak and a
    door opening reach the mix with no reverb send; a phone keeps its little; the hall's laughter its own."""
    rooms = {text: cues.cue_spec(classified(1, text), cast, "test:1").room
             for text in ("The door creaks open.", "The door opens.", "The phone rings.", "Laughter.")}
    assert rooms["The door creaks open."] == rooms["The door opens."] == 0.0
    assert rooms["The phone rings."] == cues.ON_STAGE_ROOM
    assert rooms["Laughter."] == cast.crowd.room > cues.ON_STAGE_ROOM


@pytest.mark.slow
@pytest.mark.test_engine
def test_a_cough_peaks_under_the_speech_and_passes_the_limiter_whole(tmp_path):
    """A cough as loud as a shout rides the master's limiter, its bursts flattened (the AudioSet ear
    then hears beatboxing, bench/sounds.py): in a render its peak stays under the lines' (which
    reach the limiter's ceiling), yet within earshot of them."""
    from conftest import TEST_CAST, job
    from dramatize.export.vtt import read
    from dramatize.render import render

    script = tmp_path / "cough.txt"
    script.write_text("A COUGH\n\nANNA: Is anyone there?\n\n[He coughs.]\n\nTOM: Only me, and my cold.\n",
                      encoding="utf-8")
    out = tmp_path / "cough.wav"
    render(job(script, out, TEST_CAST), warn=lambda m: None)  # with its transcript: where each line is
    mono = np.abs(decode(out)).max(axis=0)
    spans, _ = read(out.with_suffix(".vtt").read_text(encoding="utf-8"))
    peak = {"cough": 0.0, "speech": 0.0}
    for c in spans:
        key = "cough" if c.speaker is None else "speech"
        peak[key] = max(peak[key], float(mono[int(c.start * RATE):int(c.end * RATE)].max()))
    cough, speech = (20 * np.log10(peak[k]) for k in ("cough", "speech"))
    assert speech - 12 < cough < speech - 0.5, (cough, speech)
