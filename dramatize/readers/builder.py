"""What every reader does once it knows who says what: split speech at its directions, classify
each direction (directions.py), keep footnote references and authors' notes apart, strip markup,
and gather events into chapters. Readers decide the structure; the builder makes the Script.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dramatize.directions import DELIVERY, NARRATE, SILENT, Form, classify
from dramatize.model import NARRATOR, Chapter, Direction, Note, Script, Speech
from dramatize.readers.source import strip_markup

_FOOTNOTE_REF = re.compile(r"^\d{1,4}$")
_SIGNED_NOTE = re.compile(r"[–—-]\s*(?:[A-Z][a-z]?\.\s*){1,3}$")
# Editorial marks that are not directions at all: read as they stand.
_EDITORIAL = re.compile(r"^\W*(sic|ph|sp|\?|\.\.\.|…)\W*$", re.I)


class ScriptBuilder:
    def __init__(self, source: str, note_numbers=frozenset(), parentheses: bool = True, brackets: str = "editorial"):
        self.source = source
        self.note_numbers = set(note_numbers)
        self.parentheses = parentheses  # (Laughter.) and (Aside.) may be directions in this family
        # "stage": every bracket outside a quotation is a direction (plays: [he rushes off]);
        # "editorial": a bracket that reads as part of the sentence is an editor's insertion.
        self.brackets = brackets
        self.chapters: list[Chapter] = []
        self.events: list = []
        self.title = ""
        self.line = 1
        self.kind = "body"
        self.keep_front = False  # a front chapter with no events still holds the title card
        self.warnings: list[str] = []
        self.unknown: list[tuple[int, str]] = []  # directions nothing recognised: narrated, reported once

    # ---------------------------------------------------------------- structure

    def chapter(self, title: str, line: int, kind: str = "body"):
        """Close the chapter being built (if it has anything in it) and start another."""
        if self.events or (self.kind == "front" and self.keep_front):
            self.chapters.append(Chapter(self.title, tuple(self.events), self.line, self.kind))
        self.events, self.title, self.line, self.kind = [], title, line, kind

    def warn(self, line: int, message: str):
        self.warnings.append(f"{self.source}:{line}: {message}")

    # ---------------------------------------------------------------- events

    def direction(self, text: str, line: int, form: Form = Form.BRACKET) -> Direction | None:
        text = re.sub(r"\s*\[\d{1,4}\]", "", strip_markup(text)).strip()  # a footnote mark is not read
        if not text:
            return None
        found = classify(text, form)
        if not found.known:
            self.unknown.append((line, text))
        event = Direction(text, line, found.action, found.sound, found.delivery, found.say, found.known, found.told)
        self.events.append(event)
        return event

    def narrate(self, text: str, line: int):
        """The narrator's own words (a preface, a scene description): directions inside are split off."""
        self.speech((NARRATOR,), text, line)

    def note(self, number: str, text: str, line: int):
        self.events.append(Note(number, strip_markup(text), line))

    def speech(self, speakers: tuple[str, ...], text: str, line: int, labels: tuple[str, ...] = (),
               delivery: str | None = None):
        """Words of `speakers`, split where directions, authors' notes and footnote references stand."""
        whole = re.fullmatch(r"\s*[(\[]\s*_?([^()\[\]]+?)_?\s*[)\]][.\s]*", text)
        if whole and not _FOOTNOTE_REF.match(whole.group(1)):
            self.direction(whole.group(1), line, Form.BRACKET)  # a turn that is only (laughs) or (Affirmative)
            return
        parts: list[str] = []
        refs: list[str] = []
        state = {"delivery": delivery}

        def flush(final: bool = False):
            spoken = strip_markup(re.sub(r"\s{2,}", " ", "".join(parts)))
            spoken = re.sub(r"\s+([,.;:!?])", r"\1", spoken) if refs else spoken
            parts.clear()
            if spoken.strip(" .,;:–—-"):
                self.events.append(Speech(speakers, spoken, line, labels, tuple(refs), delivery=state["delivery"]))
                refs.clear()
            elif spoken:
                parts.append(spoken)  # a lone full stop: keep it with the next words
            if final and refs:
                self._attach_refs(refs, line)
                refs.clear()
            if final and parts:
                tail = "".join(parts).strip()
                parts.clear()
                if tail and not self._append_to_last(tail):
                    self.warn(line, f"'{tail}' stands alone between directions: read as text")
                    self.events.append(Speech(speakers, tail, line, labels))

        position, quote_depth, straight_quotes = 0, 0, 0
        opening = "[(" if self.parentheses else "["
        while position < len(text):
            open_at = min((i for i in (text.find(c, position) for c in opening) if i != -1), default=-1)
            stray = text.find("]", position)
            if stray != -1 and (open_at == -1 or stray < open_at):
                self.warn(line, "']' without '[': read as text")
            if open_at == -1:
                parts.append(text[position:])
                break
            close_char = "]" if text[open_at] == "[" else ")"
            before = text[position:open_at]
            quote_depth += before.count("“") - before.count("”")
            straight_quotes += before.count('"')
            close_at = _matching(text, open_at, close_char)
            if close_at == -1 and close_char == "]" and self.brackets == "stage" and "[" not in text[open_at + 1:]:
                # Printed plays often leave a direction's bracket open to the end: [Exit Filch.
                parts.append(before)
                flush()
                self.direction(text[open_at + 1:], line, Form.BRACKET)
                position = len(text)
                continue
            if close_at == -1:
                if close_char == "]":
                    self.warn(line, "'[' without a matching ']': read as text")
                parts.append(text[position:open_at + 1])
                position = open_at + 1
                continue
            inner = text[open_at + 1:close_at].strip()
            inside_quote = quote_depth > 0 or straight_quotes % 2 == 1
            parts.append(before)
            if close_char == "]" and _FOOTNOTE_REF.match(inner):
                refs.append(inner)
                if inner not in self.note_numbers:
                    self.warn(line, f"footnote [{inner}] has no note text at the end of the script")
            elif close_char == "]" and _SIGNED_NOTE.search(inner):
                flush()
                self.events.append(Speech((NARRATOR,), inner, line, (), (), aside=True))
            elif inside_quote or not self._is_direction(inner, close_char, before, text[close_at + 1:]):
                parts.append(text[open_at:close_at + 1])  # an insertion or a remark: read with the text
            else:
                flush()
                event = self.direction(inner, line, Form.BRACKET)
                if text[close_at + 1:close_at + 2] == ":":  # (showing him Roxane by a look): the words follow
                    close_at += 1
                if event is not None and event.action == DELIVERY and speakers != (NARRATOR,):
                    state["delivery"] = event.delivery or state["delivery"]
            position = close_at + 1
        flush(final=True)

    def _is_direction(self, inner: str, close_char: str, before: str = "", after: str = "") -> bool:
        if not inner or _EDITORIAL.match(inner):
            return False
        found = classify(inner, Form.BRACKET)
        if found.action == NARRATE and re.search(r"[^\W\d_,]\s*$", before) and re.match(r"\s*[a-z]", after):
            return False  # approved [Governor Newsom's] request: an editor's word inside the sentence
        if close_char == "]" and self.brackets == "stage":
            return True
        if close_char == "]":
            # A bracket is a direction unless it reads as part of the sentence (lower case, unrecognised).
            return inner.lstrip("“\"'‘_* ")[:1].isupper() or found.action != NARRATE or found.known and len(
                inner.split()) <= 3
        # Parentheses are ordinary punctuation too: only a recognisable direction counts, or one
        # the editor set in italics, or (in a play) any note, or one that introduces the words
        # after it: (showing him Roxane by a look): Stay where you are.
        if re.fullmatch(r"_[^_]+_[.]?", inner) or (self.brackets == "stage" or after.startswith(":")) and not (
                re.fullmatch(r"[\d\W]+", inner)):
            return True
        first = inner.lstrip("_* ")[:1]
        return found.action != NARRATE and (found.delivery is not None or found.sound is not None or found.action == SILENT
                                            or first.isupper()) or first.isupper() and found.known and inner.rstrip(
            "_* ").endswith(".")

    def _attach_refs(self, refs: list[str], line: int):
        """A footnote reference with no words of its own here belongs to the last speech."""
        index = next((i for i in range(len(self.events) - 1, -1, -1) if isinstance(self.events[i], Speech)), None)
        if index is None:
            self.warn(line, f"footnote reference [{', '.join(refs)}] outside any speech")
        else:
            event = self.events[index]
            self.events[index] = replace(event, note_refs=event.note_refs + tuple(refs))

    def _append_to_last(self, tail: str) -> bool:
        index = next((i for i in range(len(self.events) - 1, -1, -1) if isinstance(self.events[i], Speech)), None)
        if index is None or self.events[index].line != self.events[-1].line:
            return False
        event = self.events[index]
        self.events[index] = replace(event, text=event.text + tail)
        return True

    # ---------------------------------------------------------------- the result

    def script(self, metadata: dict[str, str], fmt: str, reason: str, names=None, descriptions=None,
               warnings=(), skipped=()) -> Script:
        self.chapter("", 0)
        names = dict(names or {})
        chapters = [_titled(c, i, metadata, names) for i, c in enumerate(self.chapters)]
        if not chapters:
            chapters = [Chapter(metadata.get("title", "Title"), (), 1, "front")]
        report = list(warnings) + self.warnings
        if self.unknown:
            shown = "; ".join(f"{line}: [{text[:40]}]" for line, text in self.unknown[:5])
            more = f" and {len(self.unknown) - 5} more" if len(self.unknown) > 5 else ""
            report.append(f"{self.source}: {len(self.unknown)} stage direction(s) fit no known kind and are narrated "
                          f"(lines {shown}{more})")
        return Script(source=self.source, metadata=metadata, chapters=tuple(chapters), warnings=tuple(report),
                      format=fmt, format_reason=reason, names=names, descriptions=dict(descriptions or {}),
                      skipped=tuple(skipped))


def _matching(text: str, open_at: int, close_char: str) -> int:
    """Where the bracket opened at `open_at` closes; -1 if another of its kind opens first."""
    open_char = text[open_at]
    close_at = text.find(close_char, open_at + 1)
    nested = text.find(open_char, open_at + 1)
    if close_at == -1 or (nested != -1 and nested < close_at):
        return -1
    return close_at


def _first_words(text: str, count: int = 6) -> str:
    words = re.sub(r"[\[\]“”\"]", "", text).split()
    head = " ".join(words[:count]).rstrip(",;:.–—-")
    return head + ("…" if len(words) > count else "")


def _titled(chapter: Chapter, index: int, metadata: dict[str, str], names: dict[str, str]) -> Chapter:
    """The reader's title, or a sensible default; the cast file may name chapters instead."""
    if chapter.title:
        return chapter
    if chapter.kind == "front":
        title = metadata.get("title") or "Introduction"
    elif chapter.kind == "notes":
        title = "Notes"
    else:
        first = next((e for e in chapter.events if isinstance(e, Speech) and not e.aside), None)
        if first is None:
            title = f"Part {index + 1}"
        else:
            who = " and ".join(names.get(s) or s.title() for s in first.speakers)
            title = f"{who}: {_first_words(first.text)}"
    return replace(chapter, title=title)
