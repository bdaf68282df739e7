"""Delivery: every container read back by ffprobe, the master's loudness on the encoded file,
and the WebVTT transcript against the audio."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from conftest import RATE, decode, ffprobe, rms_db
from dramatize.check import check
from dramatize.engines import VoiceSettings
from dramatize.effects import load_clip
from dramatize.export import aac
from dramatize.export.audio import CONTAINERS, write_audio
from dramatize.export.wav import read_markers
from dramatize.master import PRESETS, mastered_blocks, plan_gain, preset_for
from dramatize.plan import ChapterMark

TAGS = {"title": "Chapters; = # \\ test", "artist": "Tester", "album": "Album", "date": "1927", "genre": "Audio drama"}
CHAPTERS = [ChapterMark("One = first", 0, int(1.5 * RATE)), ChapterMark("Two; second", int(1.5 * RATE), int(3.25 * RATE)),
            ChapterMark("Three #3", int(3.25 * RATE), int(5.0 * RATE))]


def tone_blocks(seconds: float = 5.0, level: float = 0.3):
    t = np.arange(int(seconds * RATE)) / RATE
    signal = (level * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
    stereo = np.stack([signal, signal * 0.5])
    return [stereo[:, i:i + RATE] for i in range(0, stereo.shape[1], RATE)]


@pytest.mark.parametrize("suffix", sorted(CONTAINERS))
def test_container_chapters_tags_and_format(tmp_path, suffix):
    out = tmp_path / f"x{suffix}"
    write_audio(out, out, tone_blocks(), RATE, TAGS, CHAPTERS)
    info = ffprobe(out)
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert audio["channels"] == 2
    assert int(audio["sample_rate"]) == CONTAINERS[suffix].rate
    assert abs(float(info["format"]["duration"]) - 5.0) < 0.1
    if suffix == ".wav":
        assert read_markers(out) == [(c.start, c.title) for c in CHAPTERS]
        return
    chapters = info["chapters"]
    assert [c["tags"]["title"] for c in chapters] == [c.title for c in CHAPTERS]
    for probed, planned in zip(chapters, CHAPTERS):
        assert abs(float(probed["start_time"]) - planned.start / RATE) <= 0.001, (suffix, probed)
    tags = {k.lower(): v for k, v in info["format"].get("tags", {}).items()}
    tags.update({k.lower(): v for k, v in audio.get("tags", {}).items()})
    assert tags["title"] == TAGS["title"] and tags["artist"] == "Tester" and tags["album"] == "Album"
    assert tags.get("date", tags.get("year")) == "1927" and tags["genre"] == "Audio drama"


def test_m4b_is_branded_and_carries_both_chapter_kinds(tmp_path):
    out = tmp_path / "x.m4b"
    write_audio(out, out, tone_blocks(), RATE, TAGS, CHAPTERS)
    data = out.read_bytes()
    assert data[8:12] == b"M4B "
    assert b"chpl" in data  # Nero chapters, read by VLC and mutagen
    assert any(s.get("codec_tag_string") == "text" for s in ffprobe(out)["streams"])  # QuickTime chapter track


def test_mp3_has_a_table_of_contents(tmp_path):
    out = tmp_path / "x.mp3"
    write_audio(out, out, tone_blocks(), RATE, TAGS, CHAPTERS)
    head = out.read_bytes()[:4096]
    assert b"CTOC" in head and head.count(b"CHAP") == 3


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    """Speech-like sound (the test engine's), repeated to half a minute: what the master will meet."""
    from dramatize.engines.testing_engine import TestEngine

    path = tmp_path_factory.mktemp("speech") / "line.wav"
    TestEngine().synthesize("Comrades, the tone is suited to the seriousness of the question. You consolidated "
                      "Amsterdam, and you weakened yourselves.", VoiceSettings("alan", 160, 50, 1.0, engine="test"), path)
    mono = np.concatenate([load_clip(path, RATE), np.zeros(RATE // 3, dtype=np.float32)] * 4)
    return np.stack([mono, mono * 0.8])


@pytest.mark.parametrize("preset_name,suffix", [("audiobook", ".m4b"), ("podcast", ".mp3")])
@pytest.mark.parametrize("input_gain_db", [-30.0, 12.0])
def test_master_reaches_target_measured_on_the_encoded_file(tmp_path, speech, preset_name, suffix, input_gain_db):
    preset = PRESETS[preset_name]
    mix = speech * np.float32(10 ** (input_gain_db / 20))
    windows = [mix[:, i:i + RATE * 5] for i in range(0, mix.shape[1], RATE * 5)]
    gain = plan_gain(windows[::2], RATE, preset)  # planned on a sample, as the renderer does
    out = tmp_path / f"m{suffix}"
    blocks = mastered_blocks(windows, mix.shape[1], RATE, gain, preset, None)
    write_audio(out, out, blocks, RATE, TAGS, CHAPTERS[:1])
    report = check(out)
    measured = report.loudness if preset.measure == "lufs" else report.rms
    assert abs(measured - preset.target) <= 1.0, report
    assert report.true_peak <= preset.peak_limit_db, report
    assert not report.problems(preset), report.problems(preset)


def test_custom_master_target_is_parsed_and_checked():
    preset = preset_for("-20/-2", ".m4b")
    assert (preset.target, preset.measure, preset.peak_limit_db) == (-20.0, "lufs", -2.0)
    with pytest.raises(Exception, match="use audiobook, podcast"):
        preset_for("loud", ".m4b")


def test_rendered_file_meets_its_preset(meeting_sketch):
    report = check(meeting_sketch[".m4b"].output)
    assert not report.problems(PRESETS["audiobook"]), report


def test_webvtt_timings_match_the_audio(meeting_sketch):
    """The speech of each line is found inside its cue: loud inside, and the pauses between
    lines (outside every cue) are much quieter."""
    result = meeting_sketch[".wav"]
    mono = decode(result.output).mean(axis=0)
    speech_lines = [t for t in result.timeline.transcript if t.speaker]
    covered = np.zeros(len(mono), dtype=bool)
    for line in result.timeline.transcript:
        covered[line.start:line.end] = True
    for line in speech_lines:
        inside = mono[line.start:line.end]
        assert rms_db(inside) > -35, line
        first_words = mono[line.start:line.start + RATE // 2]
        assert rms_db(first_words) > -40, line  # speech starts where the cue starts
    outside = mono[~covered]
    assert rms_db(outside) < rms_db(mono[covered]) - 15
    vtt = result.sidecars["vtt"].read_text()
    assert vtt.count(" --> ") == len(result.timeline.transcript)


def tiny_png(path):
    """A 16 x 16 red square, written by hand: no imaging library needed."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc0\x20\x20" * 16 for _ in range(16))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("suffix", [".m4b", ".mp3"])
def test_cover_art_is_embedded(tmp_path, suffix):
    out = tmp_path / f"x{suffix}"
    write_audio(out, out, tone_blocks(), RATE, TAGS, CHAPTERS, cover=tiny_png(tmp_path / "cover.png"))
    streams = ffprobe(out)["streams"]
    pictures = [s for s in streams if s["codec_type"] == "video"]
    assert len(pictures) == 1 and pictures[0]["disposition"]["attached_pic"] == 1
    assert (pictures[0]["width"], pictures[0]["height"]) == (16, 16)
    assert len(ffprobe(out)["chapters"]) == 3


def test_many_chapters_and_long_titles_survive_the_pipe(tmp_path):
    """130 chapters, titles past 127 bytes and beyond ASCII: sizes of every width in the stream."""
    titles = [f"Kapitel {i}: " + "Überlänge " * (i % 40) for i in range(130)]
    step = RATE // 26
    chapters = [ChapterMark(title, i * step, (i + 1) * step) for i, title in enumerate(titles)]
    out = tmp_path / "many.m4a"
    write_audio(out, out, tone_blocks(), RATE, TAGS, chapters)
    probed = ffprobe(out)["chapters"]
    assert [c["tags"]["title"] for c in probed] == titles
    assert max(abs(float(c["start_time"]) - m.start / RATE) for c, m in zip(probed, chapters)) <= 0.001


# ---------------------------------------------------------------- AAC in pieces (export/aac.py)

def adts_encode(samples: np.ndarray, path) -> np.ndarray:
    """One ffmpeg encoding the whole (2, n) signal as the pieces are encoded; its decoded samples."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(RATE), "-ac", "2", "-i", "pipe:0",
                    *CONTAINERS[".m4b"].codec, "-f", "adts", str(path)], input=samples.T.tobytes(), check=True)
    return decode_adts(path)


def decode_adts(path) -> np.ndarray:
    """(n, 2) samples of an ADTS file, the priming frame dropped (ADTS cannot say to drop it)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-f", "aac", "-i", str(path), "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.float32).reshape(-1, 2)[aac.FRAME:]


def test_aac_pieces_decode_as_one_encoders_stream(tmp_path, speech):
    """Cut every 64 frames (1.5 s) and encoded two at a time: as many frames as one encoder makes, the
    first piece's byte for byte, and at every join the error against the source is the codec's
    own (a piece encoded alone from its first sample doubles it; measured on the seed: 0.99 of
    one encoder's error on average, at most 1.09)."""
    signal = speech + np.random.default_rng(1).normal(0, 0.002, speech.shape).astype(np.float32)  # a room's air
    n, segment = signal.shape[1], 64 * aac.FRAME
    blocks = [signal[:, i:i + 30_000] for i in range(0, n, 30_000)]  # blocks that straddle the cuts
    stream = aac.encode(iter(blocks), RATE, (*CONTAINERS[".m4b"].codec, "-ar", str(RATE)), 2, tmp_path, "test",
                        segment)
    one = tmp_path / "one.aac"
    reference = adts_encode(signal, one)
    assert stream.frames == -(-n // aac.FRAME) + 1 and stream.samples == n
    first = segment // aac.FRAME + 1
    assert aac.adts_frames(stream.path.read_bytes(), "")[:first] == aac.adts_frames(one.read_bytes(), "")[:first]
    source = signal.T
    pieces_error, one_error = decode_adts(stream.path)[:n] - source, reference[:n] - source
    ratios = [rms(pieces_error[join - 2048:join + 2048]) / rms(one_error[join - 2048:join + 2048])
              for join in range(segment, n - 2048, segment)]
    assert len(ratios) >= 5
    assert np.mean(ratios) < 1.15 and max(ratios) < 1.5, ratios


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def test_an_m4b_in_pieces_is_its_audios_length_and_starts_on_time(tmp_path, speech, monkeypatch):
    """The joined frames put into the MP4 by stream copy: its edit list trims the priming and
    the last frame's padding as one encoder's does, so the file lasts as long as the audio and a
    player's first sample is the audio's first."""
    monkeypatch.setattr(aac, "SEGMENT", 128 * aac.FRAME)
    out = tmp_path / "pieces.m4b"
    n = speech.shape[1]
    write_audio(out, out, [speech[:, i:i + RATE] for i in range(0, n, RATE)], RATE, TAGS, CHAPTERS[:1], workers=2)
    audio = next(s for s in ffprobe(out)["streams"] if s["codec_type"] == "audio")
    # (to the millisecond: the MP4's edit list counts in the movie's 1/1000 s)
    assert abs(int(audio["duration_ts"]) - n) <= RATE // 1000 and float(audio["start_time"]) == 0.0
    heard = decode(out)[:, :n]
    errors = {lag: rms(heard[:, max(lag, 0):n + min(lag, 0)] - speech[:, max(-lag, 0):n - max(lag, 0)])
              for lag in (-aac.FRAME, 0, aac.FRAME)}
    assert errors[0] < 0.2 * min(errors[-aac.FRAME], errors[aac.FRAME]), errors
    assert not list(tmp_path.glob("*.pieces"))  # the pieces are gone
