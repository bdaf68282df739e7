"""Re-renders redo only what changed; parallel equals serial; an interrupted run corrupts nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from conftest import DATA, ROOT, decode, job
from dramatize import synthesis
from dramatize.cache import DIGEST, ClipCache, sealed
from dramatize.engines import VoiceSettings, request
from dramatize.render import render


@pytest.fixture
def fresh_cache(tmp_path):
    return tmp_path / "cache"


def entries(cache: Path, kind: str) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in (cache / kind).glob("*/*.npy") if ".partial" not in p.name}


def test_second_render_hits_the_cache_for_every_clip_and_sound_bed(tmp_path, fresh_cache):
    first = render(job(DATA / "meeting.txt", tmp_path / "a.wav", DATA / "cast.toml", cache=fresh_cache), warn=lambda m: None)
    beds, gains = entries(fresh_cache, "beds"), entries(fresh_cache, "gains")
    second = render(job(DATA / "meeting.txt", tmp_path / "b.wav", DATA / "cast.toml", cache=fresh_cache), warn=lambda m: None)
    assert first.stats.synthesized > 0 and first.stats.cached == 0
    assert second.stats.synthesized == 0 and second.stats.cached == first.stats.synthesized
    # Every cue's sound bed and the master's gain were made once, then read back: none was
    # written again (same inodes).
    assert len(beds) == sum(p.bus == "cue" for p in first.timeline.placements) > 0
    assert entries(fresh_cache, "beds") == beds
    assert len(gains) == 1 and entries(fresh_cache, "gains") == gains
    assert np.array_equal(decode(tmp_path / "a.wav"), decode(tmp_path / "b.wav"))
    # What the cache gives back is what a render without it makes.
    render(job(DATA / "meeting.txt", tmp_path / "c.wav", DATA / "cast.toml", cache=None), warn=lambda m: None)
    assert np.array_equal(decode(tmp_path / "a.wav"), decode(tmp_path / "c.wav"))
    removed, _ = ClipCache(fresh_cache / "beds", ".npy").prune()
    assert removed == len(beds) and not entries(fresh_cache, "beds")


def test_changing_one_speaker_resynthesises_only_that_speaker(tmp_path, fresh_cache):
    render(job(DATA / "meeting.txt", tmp_path / "a.wav", DATA / "cast.toml", cache=fresh_cache), warn=lambda m: None)
    cast = tmp_path / "cast.toml"
    cast.write_text((DATA / "cast.toml").read_text().replace("pitch = 15", "pitch = 22"))
    again = render(job(DATA / "meeting.txt", tmp_path / "b.wav", cast, cache=fresh_cache), warn=lambda m: None)
    bob_lines = sum(1 for t in again.timeline.transcript if t.speaker == "Bob")
    assert bob_lines == 1
    assert again.stats.synthesized == bob_lines
    assert len(entries(fresh_cache, "gains")) == 2  # another mix: its gain is planned afresh


@pytest.mark.slow  # Piper and Festival speak
def test_a_pitch_change_on_a_voice_without_pitch_re_renders_without_speaking(tmp_path, fresh_cache):
    """Piper and Festival's HMM voice are shifted after they speak: a new pitch is a new shift of
    the clips already spoken, never a new synthesis (counted)."""
    cast = tmp_path / "cast.toml"
    cast.write_text('[speakers.ALICE]\nengine_voice = "piper:en_US-joe-medium"\npitch = 50\n'
                    '[speakers.BOB]\nengine_voice = "festival:cmu_us_slt_arctic_hts"\npitch = 40\n')
    first = render(job(DATA / "meeting.txt", tmp_path / "a.wav", cast, cache=fresh_cache), warn=lambda m: None)
    cast.write_text(cast.read_text().replace("pitch = 50", "pitch = 70").replace("pitch = 40", "pitch = 20"))
    again = render(job(DATA / "meeting.txt", tmp_path / "b.wav", cast, cache=fresh_cache), warn=lambda m: None)
    assert first.stats.synthesized >= 4
    assert again.stats.synthesized == 0 and again.stats.shifted == again.stats.unique - again.stats.cached > 0
    assert not np.array_equal(decode(tmp_path / "a.wav"), decode(tmp_path / "b.wav"))


def test_parallel_and_serial_renders_give_identical_samples(tmp_path):
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}.wav"
        result = render(job(DATA / "meeting.txt", out, DATA / "cast.toml", workers=workers,
                            cache=tmp_path / f"cache{workers}"), warn=lambda m: None)
        assert result.stats.synthesized >= 4
        outputs.append(decode(out))
    assert np.array_equal(outputs[0], outputs[1])


def valid_entry(path: Path) -> bool:
    """A whole clip: its samples all there, sealed by the digest of everything before it."""
    with wave.open(str(path)) as f:
        frames = f.getnframes()
        data = f.readframes(frames)
    return frames > 0 and len(data) == frames * 2 and sealed(path.read_bytes()) and \
        path.stat().st_size == 44 + frames * 2 + DIGEST


@pytest.mark.slow
def test_interrupted_synthesis_leaves_no_corrupt_entry_and_resumes(tmp_path):
    cache = tmp_path / "cache"
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from dramatize import synthesis
        from dramatize.cache import ClipCache
        from dramatize.engines import VoiceSettings, request
        requests = [request(f"Line number {{i}} of a long speech about the war danger.",
                            VoiceSettings("gmw/en", 160, 50, 1.0), "t") for i in range(400)]
        synthesis.synthesize_all(requests, ClipCache(Path({str(cache)!r})), workers=2)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(cache.glob("*/*.wav"))) < 20:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-write
    process.wait()
    entries = [p for p in cache.glob("*/*.wav") if ".partial" not in p.name]
    assert 0 < len(entries) < 400
    store = ClipCache(cache)
    for entry in entries:
        assert valid_entry(entry), entry
    for partial in cache.glob("*/*.partial.wav"):
        assert store.get(partial.name.split(".")[0]) is None or valid_entry(store.path(partial.name.split(".")[0]))
    # The next run resumes: it makes only what is missing.
    requests = [request(f"Line number {i} of a long speech about the war danger.",
                        VoiceSettings("gmw/en", 160, 50, 1.0), "t") for i in range(400)]
    _, stats = synthesis.synthesize_all(requests, store, workers=2)
    assert stats.cached == len(entries) and stats.synthesized == 400 - len(entries)
    removed, _ = store.prune()
    assert removed >= 400 and not list(cache.glob("*/*.wav"))


@pytest.mark.slow  # two renders with the real engines
def test_clips_do_not_depend_on_what_the_main_process_has_loaded(tmp_path):
    """The same render from the command line and from this test process (which has pedalboard,
    scipy and a used espeak loaded) gives the same samples: clips are made in clean workers."""
    from conftest import run_cli

    from_cli = tmp_path / "cli.wav"
    env = dict(os.environ, DRAMATIZE_CACHE=str(tmp_path / "cache-cli"))
    done = run_cli("render", DATA / "meeting.txt", "--cast", DATA / "cast.toml", "-o", from_cli, "-q", env=env)
    assert done.returncode == 0, done.stderr
    render(job(DATA / "meeting.txt", tmp_path / "here.wav", DATA / "cast.toml", cache=tmp_path / "cache-here"),
           warn=lambda m: None)
    assert np.array_equal(decode(from_cli), decode(tmp_path / "here.wav"))


def test_one_key_function_ignores_where_a_value_was_written_but_not_what_it_is():
    """A comment added to the cast file moves every voice's source line: no cache entry may change
    for it; a changed setting must change the key."""
    from dramatize.cache import cache_key
    from dramatize.engines import VoiceSettings, request
    from dramatize.production.cast import Voice

    voice = Voice("BOB", "Bob", "gmw/en", rate=170, where="cast.toml:12", given=frozenset({"rate"}))
    moved = Voice("BOB", "Bob", "gmw/en", rate=170, where="cast.toml:13")
    faster = Voice("BOB", "Bob", "gmw/en", rate=171, where="cast.toml:12")
    assert cache_key(voice, 1) == cache_key(moved, 1) != cache_key(faster, 1)
    settings = VoiceSettings("gmw/en", 170, 50, 1.0, "pyttsx3", "v1")
    assert request("Hello.", settings, "a.txt:1").key == request("Hello.", settings, "b.txt:9").key
    assert request("Hello.", settings, "a.txt:1").key != request("Hello!", settings, "a.txt:1").key
    assert cache_key(Path("x")) == cache_key("x") and cache_key(1.0) != cache_key(1.5)
    with pytest.raises(TypeError):
        cache_key(object())


def test_a_render_deals_its_clips_one_at_a_time_every_engine_first_the_longest_first():
    """Every engine gets a worker before any gets a second (an engine with a few lines, slow to
    load, is not left alone at the end); a second worker only for an engine with the words for it;
    a spoken clip and its pitch shifts dealt together, spoken once, the longest clips first."""
    piper = VoiceSettings("en_US-joe-medium", 170, 50, 1.0, "piper")
    kokoro = VoiceSettings("am_michael", 170, 50, 1.0, "kokoro")
    lines = [request(" ".join(["word"] * n), piper, f"s.txt:{n}") for n in (90, 400, 10, 200, 5)]
    shifted = request(lines[1].text, piper, "s.txt:1", shift_to=70)  # the same spoken clip, shifted
    few = [request(text, kokoro, "s.txt:9") for text in ("Yes.", "No, sir.", "What a tone!")]
    dealer = synthesis.Dealer(lines + [shifted] + few, {r.raw_key for r in lines + few})
    # Piper has 710 words (a word more for each clip): four workers with 150 or more each, not five
    assert [dealer.next_engine() for _ in range(5)] == ["piper", "kokoro", "piper", "piper", "piper"]
    assert dealer.next_engine() is None  # and Kokoro's 3 lines are never worth a second
    dealt = [dealer.next_group("piper") for _ in range(5)]
    assert dealer.next_group("piper") is None
    assert [len(group[0][2].split()) for group in dealt] == [400, 200, 90, 10, 5]
    assert sorted(clip[0] for clip in dealt[0]) == sorted([lines[1].key, shifted.key])
    assert [clip[5] for clip in dealt[0]] == [True, False]  # spoken for the first only, then shifted


def test_the_clips_are_dealt_so_the_workers_finish_together():
    """Every clip once, a spoken clip with its pitch shifts; an engine with a few short lines in one
    worker (a second would load its model for nothing); the long lines spread so each share holds
    about as many words; the largest shares first."""
    piper = VoiceSettings("en_US-joe-medium", 170, 50, 1.0, "piper")
    kokoro = VoiceSettings("am_michael", 170, 50, 1.0, "kokoro")
    lines = [request(" ".join(["word"] * n), piper, f"s.txt:{n}") for n in (400, 300, 200, 100, 90, 80, 10, 5)]
    shifted = [request(lines[0].text, piper, "s.txt:1", shift_to=70)]  # the same spoken clip, shifted
    few = [request(text, kokoro, "s.txt:9") for text in ("Yes.", "No, sir.", "What a tone!")]
    dealt = synthesis.shares(lines + shifted + few, 2)
    assert sorted(r.key for _, clips in dealt for r in clips) == sorted(r.key for r in lines + shifted + few)
    assert [engine for engine, _ in dealt] == ["piper", "piper", "kokoro"]  # one Kokoro worker, last
    words = [sum(len(r.text.split()) for r in clips if r.key == r.raw_key) for _, clips in dealt[:2]]
    assert abs(words[0] - words[1]) <= 100 and sum(words) == 1185
    assert any({r.key for r in shifted} | {lines[0].key} <= {r.key for r in clips} for _, clips in dealt)
