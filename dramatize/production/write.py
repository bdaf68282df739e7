"""A starter cast file for a script (`dramatize cast SCRIPT --write FILE`): every speaker found,
with the voice the automatic cast gave them, their share of the script and what the script's cast
list says of them, so a producer edits rather than types from scratch."""

from __future__ import annotations

import json

from dramatize.model import NARRATOR, Script
from dramatize.production.cast import Cast, Voice
from dramatize.production.config import VOICE_SETTINGS


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _key(text: str) -> str:
    return text if text.replace("_", "").replace("-", "").isalnum() and text.isascii() else _string(text)


def _voice_lines(voice: Voice) -> list[str]:
    """The voice's name, engine voice and every setting, each with its meaning and range."""
    lines = [f"name = {_string(voice.name)}", f"engine_voice = {_string(voice.label)}"]
    for key, (_, (low, high), meaning) in VOICE_SETTINGS.items():
        value = f"{key} = {getattr(voice, key):g}"
        lines.append(f"{value:<18}# {meaning} ({low:g} to {high:g})")
    return lines


def _why(voice: Voice, cast: Cast, counts: dict[str, list[int]]) -> list[str]:
    """Why the automatic cast chose this voice (engines/measured.py's figures), for a voice it chose."""
    from dramatize.production.casting import why

    return [f"# why: {why(voice, cast, counts)}"] if voice.auto or cast.path is None else []


def starter_cast(script: Script, cast: Cast, counts: dict[str, list[int]]) -> str:
    """The text of a cast file for `script`, voiced as `cast` voices it; `counts` is
    {speaker: [speeches, words]}."""
    meta = script.metadata
    out = [f"# The cast of {meta.get('title') or script.source} ({script.source}),",
           "# written by `dramatize cast --write`. Every key is explained in the README.",
           f"# Hear a voice after editing it: dramatize audition SPEAKER --script {script.source} --cast THIS_FILE",
           "", "[production]"]
    for key in ("title", "author", "date"):
        if meta.get(key):
            out.append(f"{key} = {_string(meta[key])}")
    out.append('directions = "narrate"   # or "sounds" (no narrated directions), or "silent"')
    titles = [chapter.title for chapter in script.chapters]
    out.append(f"# chapters = {json.dumps(titles, ensure_ascii=False)}")
    out += ["", "[narrator]"] + _why(cast.narrator, cast, counts) + _voice_lines(cast.narrator)
    for speaker, (speeches, words) in sorted(counts.items(), key=lambda item: -item[1][1]):
        if speaker == NARRATOR:
            continue
        voice = cast.voice_for(speaker)
        out += ["", f"[speakers.{_key(speaker)}]",
                f"# {speeches} speech{'es' * (speeches != 1)}, {words} words"
                + (f". Cast list: {voice.description or script.descriptions.get(speaker)}"
                   if voice.description or script.descriptions.get(speaker) else "")]
        out += _why(voice, cast, counts) + _voice_lines(voice)
    out += ["", "[crowd]", f"engine_voices = {json.dumps(list(cast.crowd.engine_voices), ensure_ascii=False)}",
            f"size = {cast.crowd.size}", "", "[hall]", f"reverb_size = {cast.hall.reverb_size:g}", ""]
    return "\n".join(out)
