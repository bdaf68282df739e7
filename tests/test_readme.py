"""The README's commands run as written: every option it shows exists, every runnable example runs."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def usage_lines() -> list[str]:
    """The `dramatize …` lines of the README's shell blocks, continuation lines joined."""
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].rstrip()
            if line.startswith("dramatize "):
                lines.append(line)
            elif lines and line.startswith(" " * 10) and lines[-1].startswith("dramatize "):
                lines[-1] += " " + line.strip()
    return lines


def test_the_readme_shows_every_command():
    shown = {line.split()[1] for line in usage_lines()}
    assert shown == {"render", "audition", "say", "inspect", "cast", "voices", "check", "page", "prune-cache", "sides"}


@pytest.mark.parametrize("line", usage_lines())
def test_every_option_the_readme_shows_exists(line):
    command = line.split()[1]
    done = run_cli(command, "--help")
    assert done.returncode == 0, done.stderr
    for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", line[len("dramatize " + command):]):
        assert option in done.stdout, (command, option)


EXAMPLES = re.findall(r"`\.venv/bin/(dramatize [^`]+)`", README)


def test_the_readme_has_runnable_examples():
    assert len(EXAMPLES) >= 2


# (an example that speaks loads the seed's voices, Kokoro's among them: the full suite's)
@pytest.mark.parametrize("example", [pytest.param(e, marks=pytest.mark.slow) if re.search(r"\b(audition|say|render)\b", e)
                                     else e for e in EXAMPLES])
def test_every_runnable_example_runs_as_written(example):
    done = run_cli(*shlex.split(example)[1:])
    assert done.returncode == 0, done.stderr


@pytest.mark.test_engine
def test_the_master_target_the_readme_gives_parses(tmp_path):
    target = re.search(r"`--master (-\d+/-\d+)`", README).group(1)
    from conftest import DATA, TEST_CAST

    done = run_cli("render", DATA / "meeting.txt", "--cast", TEST_CAST, "-o", tmp_path / "x.m4a",
                   "--master", target, "-q", "--no-sidecars")
    assert done.returncode == 0, done.stderr
