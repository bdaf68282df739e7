"""The pyttsx3 engine with its pitfalls handled: settings heard as asked, bad voices refused,
clips verified, nothing printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from dramatize.engines import EngineError, VoiceSettings
from dramatize.engines.clip import plausible_seconds, read_wav

TEXT = "There was no slogan at all, comrades, none whatsoever."


def seconds(engine, settings: VoiceSettings, path: Path) -> float:
    engine.synthesize(TEXT, settings, path)
    samples, rate = read_wav(path)
    return len(samples) / rate


def test_rate_is_applied_right_after_a_voice_change(engine, tmp_path):
    """espeak-ng was seen to drop a rate set right after a voice change; the engine waits for it."""
    slow, fast = [], []
    for i in range(3):
        seconds(engine, VoiceSettings("gmw/en+m3", 158, 52, 1.0), tmp_path / "other.wav")
        slow.append(seconds(engine, VoiceSettings("gmw/en-gb-scotland+m2", 100, 30, 1.0), tmp_path / f"s{i}.wav"))
        seconds(engine, VoiceSettings("gmw/en+m3", 158, 52, 1.0), tmp_path / "other.wav")
        fast.append(seconds(engine, VoiceSettings("gmw/en-gb-scotland+m2", 300, 30, 1.0), tmp_path / f"f{i}.wav"))
    assert min(slow) > 2 * max(fast), (slow, fast)


def test_unknown_voice_is_an_error_not_a_silent_fallback(engine, tmp_path):
    with pytest.raises(EngineError, match="refused voice gmw/nowhere"):
        engine.synthesize(TEXT, VoiceSettings("gmw/nowhere", 160, 50, 1.0), tmp_path / "x.wav")


def test_clip_length_is_plausible_for_its_text(engine, tmp_path):
    length = seconds(engine, VoiceSettings("gmw/en", 160, 50, 1.0), tmp_path / "x.wav")
    low, high = plausible_seconds(TEXT, 160)
    assert low <= length <= high
    assert plausible_seconds("one two three four five six seven eight nine ten", 120) == (1.25, 22.0)


def test_nothing_reaches_stdout(engine, tmp_path, capfd):
    engine.synthesize(TEXT, VoiceSettings("gmw/en", 160, 50, 1.0), tmp_path / "x.wav")
    assert capfd.readouterr().out == ""


def test_voice_listing_and_variants(engine):
    assert "gmw/en-gb-x-rp" in [v[0] for v in engine.voices()]
    assert engine.has_voice("gmw/en+m3") and not engine.has_voice("gmw/en+nothing")
    assert engine.version.startswith("pyttsx3-2.") and "espeak-ng-1." in engine.version
