"""The seed itself, rendered as `make demo` renders it (to WAV, to skip the slow AAC encoder):
what the listener gets, checked from the file and its sidecars alone."""

from __future__ import annotations

import re

import numpy as np
import pytest

from conftest import RATE, SEED, SEED_CAST, decode, rms_db, run_cli
from dramatize.export.wav import read_markers

pytestmark = pytest.mark.slow  # the whole seed, rendered as make demo renders it


def vtt_cues(text: str):
    """(start, end, speaker or None, text) of every WebVTT cue."""
    stamp = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"
    for match in re.finditer(stamp + " --> " + stamp + r"\n(.*)\n", text):
        g = [int(x) for x in match.groups()[:8]]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        line = match.group(9)
        voice = re.match(r"<v ([^>]+)>(.*)", line)
        yield (start, end, voice.group(1), voice.group(2)) if voice else (start, end, None, line.strip("[]"))


@pytest.fixture(scope="module")
def seed_render(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "war-danger-1927.wav"
    done = run_cli("render", SEED, "--cast", SEED_CAST, "-o", out, "-q")
    assert done.returncode == 0, done.stderr
    return out, decode(out), list(vtt_cues(out.with_suffix(".vtt").read_text()))


def test_seed_is_a_half_hour_drama_in_five_chapters(seed_render):
    out, audio, _ = seed_render
    minutes = audio.shape[1] / RATE / 60
    assert 25 <= minutes <= 45
    titles = [title for _, title in read_markers(out)]
    assert titles == ["Title and Preface", "The Anglo-Russian Committee", "China: A Lost Battle",
                      "Thermidor, Centrism and the Defense of the USSR", "Notes"]


def test_seed_has_no_silence_longer_than_three_seconds(seed_render):
    _, audio, _ = seed_render
    mono = audio.mean(axis=0)
    frame = RATE // 10
    usable = len(mono) // frame * frame
    levels = 10 * np.log10(np.mean(mono[:usable].reshape(-1, frame) ** 2, axis=1) + 1e-20)
    quiet = longest = 0
    for level in levels:
        quiet = quiet + 1 if level < -50 else 0
        longest = max(longest, quiet)
    assert longest <= 30, f"{longest / 10:.1f} s below -50 dB"


def test_every_speaker_is_heard(seed_render):
    _, _, cues = seed_render
    speakers = {speaker for _, _, speaker, _ in cues if speaker}
    assert speakers == {"Narrator", "Trotsky", "Molotov", "Skrypnik", "Zinoviev", "Zinoviev and Kamenev"}


def test_each_stage_direction_is_audible_where_the_transcript_says(seed_render):
    _, audio, cues = seed_render
    directions = [c for c in cues if c[2] is None]
    assert [d[3] for d in directions] == [
        "Laughter", "Shouts from the Opposition benches: “Correct!”", "Commotion in the hall",
        "A voice from the Opposition benches: “Hear! Hear!”"]
    room_tone = min(rms_db(audio[:, int(s * RATE):int(s * RATE) + RATE // 4]) for s in (0.1, 0.3))
    for start, end, _, text in directions:
        # the stretch of the cue before anyone speaks again is the hall alone
        resume = min(s for s, _, speaker, _ in cues if speaker and s > start)
        hall = audio[:, int(start * RATE):int(min(end, resume) * RATE)]
        assert hall.shape[1] > RATE // 4, text
        assert rms_db(hall) > room_tone + 25, (text, rms_db(hall), room_tone)
