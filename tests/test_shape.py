"""The code's shape, where a test can hold it: what a module may load, what a registry must hold."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

AUDIO = ("numpy", "scipy", "pedalboard", "soxr", "pydub", "pyloudnorm", "onnxruntime", "pyttsx3", "piper")


@pytest.mark.parametrize("module", ["dramatize.readers", "dramatize.directions", "dramatize.model",
                                    "dramatize.production.config"])
def test_reading_a_script_or_a_cast_file_loads_no_audio_library(module):
    """A reader, the directions' classes and the cast file's schema know nothing of sound: reading
    never waits for an audio library to load (and could run where none is installed)."""
    probe = (f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & "
             f"set({AUDIO!r}))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} loads {done.stdout.strip()}"


def test_every_engine_in_the_registry_meets_the_protocol():
    from dramatize.engines import ENGINE_NAMES, Engine, create_engine

    for name in ENGINE_NAMES:
        engine = create_engine(name)
        assert isinstance(engine, Engine) and engine.name == name
        assert create_engine(name) is not engine  # owned by whoever made it: no process-wide singleton


def test_every_kind_of_sound_has_a_generator_or_is_words_only():
    from dramatize.cues.kinds import KINDS, Kind
    from dramatize.cues.procedural import GENERATORS

    for kind in KINDS:
        assert (kind.name in GENERATORS) != (kind.crowd_says == "one"), kind.name  # a lone voice is words only
    assert set(GENERATORS) <= set(Kind) - {Kind.FILE}
