"""SRT subtitles, read with the `srt` library: cue numbers and timings are never spoken. The speaker
a cue names is written as a `Name: words` label for the transcript reader, whatever shape it has:
`Name: words`, `- Name: words` (one line per speaker in a two-speaker cue), `[Name] words`, or
`<v Name>words`. A cue without a name continues the last speaker. (WebVTT files and subtitles pasted
into a text file are read by the transcript reader itself.)"""

from __future__ import annotations

import re
from collections import Counter

from dramatize.errors import DramatizeError
from dramatize.readers.files import Converted, TextBuilder

_DASH = re.compile(r"^\s*[-–—]\s*(?=\S)")
_VOICE = re.compile(r"^\s*<v(?:\.[\w.-]+)?\s+([^>]+)>\s*(.*?)(?:</v>)?\s*$")
_BRACKET = re.compile(r"^\s*\[([^\]\n]{1,40})\]\s*[:\-–]?\s*(\S.*)$")
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*| [a-z]{1,3}(?= [A-Z])){0,3}$")
_ASS_TAG = re.compile(r"\{\\[^}]*\}")  # {\an8} positioning, never spoken
# Bracketed words that describe a sound, not who speaks.
_SOUNDS = {"music", "laughter", "laughs", "laughing", "applause", "silence", "inaudible", "crosstalk", "noise",
           "sighs", "coughs", "background", "singing", "cheering", "crowd", "intro", "outro", "theme", "pause",
           "unintelligible", "foreign", "speaking", "narrator"}


_TIMING = re.compile(r"^\s*\d+:\d{1,2}:\d{1,2}(?:[,.]\d+)?\s*-->")


def _timing_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n"), 1) if _TIMING.match(line)]


def convert(data: bytes, source: str) -> Converted:
    import srt

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")  # old subtitle files are often Windows-1252
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        cues = list(srt.parse(text))
    except srt.SRTParseError as err:
        line = text[: err.expected_start].count("\n") + 1 if hasattr(err, "expected_start") else 0
        raise DramatizeError("is not a well-formed SRT subtitle file (a cue number, a `00:00:01,000 --> "
                             "00:00:02,000` timing, then its text); it stops making sense here",
                             f"{source}:{line}" if line else source) from None
    timings = _timing_lines(text)
    if len(timings) != len(cues):  # cannot happen with srt's own grammar; then lines are counted by cue
        timings = []
    out = TextBuilder()
    shapes: Counter = Counter()
    for n, cue in enumerate(cues):
        first = (timings[n] + 1) if timings else 0
        for k, line in enumerate(cue.content.split("\n")):
            line = _ASS_TAG.sub("", line).rstrip()
            if not line.strip():
                continue
            label, words, shape = _label(line)
            shapes[shape] += 1
            # A cue cut mid-sentence goes on in the same paragraph; a named speaker, or a cue after a
            # finished sentence, starts a paragraph of its own.
            ended = re.search(r"[.!?…:;\"”’)\]]$|^\W*$", out.lines[-1] if out.lines else "")
            if shape != "unlabelled" or (k == 0 and ended):
                out.blank()
            out.add(f"{label}: {words}" if label else words, first + k if first else n + 1)
    said = ", ".join(f"{count} {shape}" for shape, count in shapes.most_common() if shape != "unlabelled")
    skipped = [f"{source}: {len(cues)} cue numbers and timings are not read"] if cues else []
    return Converted(out.text(), "transcript", f"an SRT subtitle file ({len(cues)} cues"
                     f"{'; speakers as ' + said if said else ''})", out.origins, skipped=skipped)


def _label(line: str) -> tuple[str, str, str]:
    """(speaker, words, the shape that named the speaker) of one line of a cue."""
    if m := _VOICE.match(line):
        return m.group(1).strip(), m.group(2), "<v Name>"
    dashed = _DASH.sub("", line)
    if m := _BRACKET.match(dashed):
        name = m.group(1).strip()
        if _NAME.match(name) and name.lower() not in _SOUNDS:
            return name, m.group(2), "[Name]"
    if dashed is not line:
        if re.match(r"^[A-Z][\w'’. -]{0,40}:\s", dashed):
            return "", dashed, "- Name:"
        return "", dashed, "unlabelled"
    if re.match(r"^[A-Z][\w'’. -]{0,40}:\s", line):
        return "", line, "Name:"
    return "", line, "unlabelled"
