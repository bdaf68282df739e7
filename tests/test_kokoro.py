"""Kokoro, the natural voices: real speech from the real model (checked as audio), the same
samples in another process, blends, long texts under the token limit, and every broken part
(a missing or wrong voice file, a corrupt model part, a blend naming an unknown voice) as one
clear line: the automatic cast warns and uses other voices, a cast file naming it fails."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from conftest import median_pitch
from dramatize.engines import VoiceSettings, create_engine, installed_engines
from dramatize.engines.clip import read_wav
from dramatize.engines.errors import EngineError
from dramatize.engines.kokoro_engine import (MAX_PHONEMES, MODEL_PART_SIZES, STYLE_BYTES, KokoroEngine,
                                             _model_part_paths, phoneme_pieces, voices_dir)
from dramatize.errors import ConfigErrors
from dramatize.production.casting import cast_script, choose_voices
from dramatize.production.config import load_cast
from dramatize.readers.transcript import parse

TEXT = "Good morning, Lady Bracknell. The sandwiches?"
SPEAK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from dramatize.engines import VoiceSettings, create_engine
    create_engine("kokoro").synthesize(sys.argv[1], VoiceSettings("am_michael", 150, 50, 1.0, "kokoro"), Path(sys.argv[2]))
""")


@pytest.fixture(scope="module")
def kokoro():
    engine = create_engine("kokoro")
    assert engine.unavailable() is None, engine.unavailable()  # make setup installs it: not a skip
    return engine


def spectrum_share(samples: np.ndarray, rate: int, low: float, high: float) -> float:
    power = np.abs(np.fft.rfft(samples)) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    return float(power[(freqs >= low) & (freqs < high)].sum() / power.sum())


@pytest.mark.slow  # the neural model speaks, twice
def test_kokoro_speaks_real_speech_at_the_rate_asked_and_the_same_samples_in_another_process(kokoro, tmp_path):
    paths = {}
    for rate in (150, 300):
        paths[rate] = tmp_path / f"{rate}.wav"
        kokoro.synthesize(TEXT, VoiceSettings("am_michael", rate, 50, 1.0, "kokoro"), paths[rate])
    samples, rate = read_wav(paths[150])
    seconds = len(samples) / rate
    assert rate == 24000 and 1.6 < seconds < 3.6, seconds  # 6 words at 150 wpm: about 2.4 s
    assert 0.1 < np.abs(samples).max() <= 1.0 and np.sqrt(np.mean(samples ** 2)) > 0.02
    assert spectrum_share(samples, rate, 80, 4000) > 0.8  # a voice's energy, not noise or a tone
    assert 70 < median_pitch(samples, rate) < 180  # a man's voice
    fast, _ = read_wav(paths[300])
    assert 1.5 < len(samples) / len(fast) < 2.6  # rate is words per minute
    # Another process, another load of the model: the same bytes (one thread, no random draws).
    again = tmp_path / "again.wav"
    subprocess.run([sys.executable, "-c", SPEAK, TEXT, str(again)], check=True,
                   timeout=120)
    assert again.read_bytes() == paths[150].read_bytes()


@pytest.mark.slow  # the neural model speaks three voices
def test_a_woman_and_a_blend_are_other_voices(kokoro, tmp_path):
    woman = kokoro._style("af_bella")
    blend = kokoro._style("af_bella*0.6+bf_emma*0.4")
    assert np.allclose(blend, 0.6 * woman + 0.4 * kokoro._style("bf_emma"), atol=1e-6)
    assert kokoro.has_voice("af_bella*3+bf_emma*2")  # weights relative to their sum
    path = tmp_path / "w.wav"
    kokoro.synthesize("Indeed I do.", VoiceSettings("af_bella", 170, 50, 1.0, "kokoro"), path)
    samples, rate = read_wav(path)
    assert 160 < median_pitch(samples, rate) < 320  # a woman's voice


def test_a_long_text_is_spoken_in_pieces_under_the_token_limit(kokoro):
    sentence = ("My dear fellow, the truth is rarely pure and never simple, and modern life would be very "
                "tedious if it were either, and a complete impossibility, " * 6).strip() + "."
    g2p = kokoro.prepare("am_michael")
    pieces = phoneme_pieces(g2p, sentence + " Quite so.")
    assert len(g2p(sentence)) > 2 * MAX_PHONEMES
    assert len(pieces) >= 3 and all(0 < len(p) <= MAX_PHONEMES for p in pieces)
    # Nothing dropped: the pieces are the whole text's phonemes, cut.
    assert "".join(pieces).replace(" ", "") == (g2p(sentence) + g2p("Quite so.")).replace(" ", "")


def broken_voices(tmp_path, name="af_bella", content=None):
    """A copy of the installed voice files with one of them replaced by `content` (None: removed)."""
    folder = tmp_path / "voices"
    shutil.copytree(voices_dir(), folder)
    (folder / f"{name}.bin").unlink()
    if content is not None:
        (folder / f"{name}.bin").write_bytes(content)
    return folder


def test_a_missing_or_misshapen_voice_file_is_one_clear_line(kokoro, tmp_path):
    missing = KokoroEngine(voice_dir=broken_voices(tmp_path / "a"))
    assert missing.voice_fault("af_bella").startswith("Kokoro voice file ") and "missing" in missing.voice_fault("af_bella")
    assert not missing.has_voice("af_bella") and missing.has_voice("am_michael")
    assert "af_bella" not in [p.engine_voice for p in missing.palette()]
    assert len(missing.faults()) == 1
    shape = KokoroEngine(voice_dir=broken_voices(tmp_path / "b", content=b"\0" * (STYLE_BYTES - 1024)))
    assert f"not {STYLE_BYTES}" in shape.voice_fault("af_bella") and "\n" not in shape.voice_fault("af_bella")
    other = KokoroEngine(voice_dir=broken_voices(tmp_path / "c", content=b"\1" * STYLE_BYTES))
    with pytest.raises(EngineError, match="sha256 differs"):
        other._style("af_bella")
    unknown = kokoro.voice_fault("af_bella*0.6+bf_zed*0.4")
    assert unknown.startswith("Kokoro voice 'af_bella*0.6+bf_zed*0.4': no English voice 'bf_zed'")


def test_a_corrupt_model_part_is_one_clear_line(tmp_path):
    parts = _model_part_paths()
    truncated = tmp_path / "part3.bin"
    truncated.write_bytes(parts[2].read_bytes()[:1000])
    engine = KokoroEngine(model_parts=[parts[0], parts[1], truncated, parts[3]])
    assert "model part 3" in engine.model_fault() and "corrupt" in engine.model_fault()
    assert engine.palette() == [] and engine.faults() == [engine.model_fault()]
    flipped = tmp_path / "part4.bin"
    data = bytearray(parts[3].read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    assert flipped.stat().st_size == MODEL_PART_SIZES[3]
    engine = KokoroEngine(model_parts=[parts[0], parts[1], parts[2], flipped])
    with pytest.raises(EngineError, match="a part is corrupt"):
        engine.prepare("am_michael")


def test_the_automatic_cast_warns_and_passes_a_broken_voice_by_and_a_cast_file_naming_it_fails(tmp_path):
    engines = installed_engines()
    engines["kokoro"] = KokoroEngine(voice_dir=broken_voices(tmp_path, "am_michael"))
    script = parse("MR. LONG: " + "Many words here, " * 30 + "\n\nMRS. WIFE: Indeed I do.\n", "s.txt")
    resolved, cast = cast_script(script, None, engines)
    assert cast.voices["MR. LONG"].engine_voice != "am_michael"
    assert any("am_michael.bin is missing" in w and "uses other voices" in w for w in resolved.warnings)
    toml = tmp_path / "cast.toml"
    toml.write_text('[speakers.LONG]\nname = "Long"\nengine_voice = "kokoro:am_michael"\n')
    with pytest.raises(ConfigErrors) as raised:
        choose_voices(load_cast(toml), engines)
    (line,) = raised.value.problems
    assert "cast.toml:3: engine_voice: Kokoro voice file" in line and "am_michael.bin is missing" in line
