"""What every reader does once it knows who says what: split speech at its directions, classify
each direction (directions.py), keep footnote references and authors' notes apart, strip markup,
and gather events into chapters. Readers decide the structure; the builder makes the Script.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dramatize.directions import DELIVERY, NARRATE, SENTENCE_GAP, SILENT, Form, classify, opening_sound
from dramatize.model import NARRATOR, Chapter, Direction, Note, Script, Speech
from dramatize.perspective import only_perspective, perspective_of
from dramatize.readers.cuelines import CUE, as_written, cue_direction, one_cue_a_sound
from dramatize.readers.source import strip_markup

_FOOTNOTE_REF = re.compile(r"^\d{1,4}$")
_SIGNED_NOTE = re.compile(r"[–—-]\s*(?:[A-Z][a-z]?\.\s*){1,3}$")
# Editorial marks that are not directions at all: read as they stand.
_EDITORIAL = re.compile(r"^\W*(sic|ph|sp|\?|\.\.\.|…)\W*$", re.I)
_EDITORIAL_WORD = re.compile(r"sic|ph|sp", re.I)
_NON_WORDS = re.compile(r"\W*")
_TRAILING_DOTS = re.compile(r"[.\s]*")
_SPACES = re.compile(r"\s{2,}")
_SPACE_BEFORE_STOP = re.compile(r"\s+([,.;:!?])")
_FOOTNOTE_MARK = re.compile(r"\s*\[\d{1,4}\]")
_LETTER_THEN_SPACE = re.compile(r"[^\W\d_,]\s*$")
_SPACE_THEN_LOWER = re.compile(r"\s*[a-z]")
WARNINGS_OF_A_KIND = 20  # then one line says how many more there were
_PENDING_MAX = 200  # characters of lone punctuation kept for the next words (a real script has a few)
_VARYING = re.compile(r"'[^']*'|\[[^\]]*\]|\d+")  # what differs between two warnings of one kind


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
        self.warning_kinds: dict[str, list] = {}  # kind -> [how many, the first], the first WARNINGS_OF_A_KIND kept
        self.unknown: list[tuple[int, str]] = []  # the first directions nothing recognised: narrated, reported once
        self.unknown_count = 0
        self.unheard: list[tuple[int, str]] = []  # the first cue lines no sound kind knows: silent, reported once
        self.unheard_count = 0
        self.clocks = 0  # times of the recording cut from the edges of speeches (reported, not read)
        self.last_speech: int | None = None  # index in self.events of the last Speech
        # Where the next words stand, from a perspective note just read ((OFF), [_coming in_]):
        # taken by the next speech, dropped once any speech is added.
        self.pending_perspective: str | None = None
        # Set by a play's reader while it reads the play's own prose: a sentence the narrator reads that
        # opens on a sound (`A bell rings in the hall;`) is that sound as well, where it stands.
        self.prose_sounds = False

    # ---------------------------------------------------------------- structure

    def chapter(self, title: str, line: int, kind: str = "body"):
        """Close the chapter being built (if it has anything in it) and start another."""
        if self.events or (self.kind == "front" and self.keep_front):
            self.chapters.append(Chapter(self.title, tuple(self.events), self.line, self.kind))
        self.events, self.title, self.line, self.kind = [], title, line, kind
        self.last_speech = None

    def warn(self, line: int, message: str, kind: str | None = None, times: int = 1):
        """A warning (`times` over); of each kind (the message without its quotations and numbers,
        unless `kind` says) the first WARNINGS_OF_A_KIND are kept and the rest counted, to be said
        in one line."""
        kind = kind or _VARYING.sub("…", message)
        counted = self.warning_kinds.setdefault(kind, [0, message])
        seen = counted[0]
        counted[0] += times
        for _ in range(min(times, WARNINGS_OF_A_KIND - seen)):
            self.warnings.append(f"{self.source}:{line}: {message}")

    def _add(self, event):
        if isinstance(event, Speech):
            self.last_speech = len(self.events)
            self.pending_perspective = None
        self.events.append(event)

    # ---------------------------------------------------------------- events

    def direction(self, text: str, line: int, form: Form = Form.BRACKET) -> Direction | None:
        text = strip_markup(text)
        text = _FOOTNOTE_MARK.sub("", text).strip() if "[" in text else text  # a footnote mark is not read
        if not text:
            return None
        if form in (Form.BRACKET, Form.PARENTHETICAL, Form.ALONE) and (place := perspective_of(text)):
            self.pending_perspective = place  # (OFF), (DISTORT - ON PHONE), [_coming in_], (off, angrily)
            if only_perspective(text):
                event = Direction(text, line, DELIVERY)
                self._add(event)
                return event
        found = classify(text, form)
        if not found.known:
            self.unknown_count += 1
            if len(self.unknown) < 5:
                self.unknown.append((line, text))
        event = Direction(text, line, found.action, found.sound, found.delivery, found.say, found.known, found.told)
        self._add(event)
        return event

    def cue(self, word: str, written_as: str, rest: str, line: int):
        """A cue line (`F/X: TRAIN ON TRACKS`: its word, the word and tag as written, what it cues):
        a cue for each sound it names, in turn (cuelines.one_cue_a_sound)."""
        parts = one_cue_a_sound(rest)
        for part in parts:
            tagged = CUE.match(part) if len(parts) > 1 else None  # ATMOS: WIND. B/G: A DOG: the dog has its own word
            if tagged and tagged.group("separator") == ":":
                word, written_as, part = tagged.group("word"), as_written(tagged), tagged.group("rest")
            event = cue_direction(word, written_as, part, line)
            if not event.known:
                self.unheard_count += 1
                if len(self.unheard) < 5:
                    self.unheard.append((line, event.text))
            self._add(event)

    def narrate(self, text: str, line: int):
        """The narrator's own words (a preface, a scene description): directions inside are split off."""
        self.speech((NARRATOR,), text, line)

    def note(self, number: str, text: str, line: int):
        self._add(Note(number, strip_markup(text), line))

    def speech(self, speakers: tuple[str, ...], text: str, line: int, labels: tuple[str, ...] = (),
               delivery: str | None = None, perspective: str | None = None):
        """Words of `speakers`, split where directions, authors' notes and footnote references stand.
        `perspective` (a name in perspective.PERSPECTIVES: a screenplay's (V.O.) cue extension) places
        the voice; without it, a perspective note read just before ((OFF), [_coming in_]) does."""
        if ":" in text and (text[-1:].isdigit() or text[-1:] == "}" or text.lstrip()[:1] in "{0123456789"):
            text, cut = _EDGE_CLOCK.subn("", text)  # a transcriber's 00:01:22 before or after the words: never said
            self.clocks += cut
            if not text.strip():
                return
        if "*" in text or "_" in text:
            text = _italic_notes(text)
        whole = whole_bracket(text)
        if whole is not None and not _FOOTNOTE_REF.match(whole):
            self.direction(whole, line, Form.ALONE)  # a turn that is only (laughs) or (Affirmative)
            return
        perspective = perspective or (self.pending_perspective if speakers != (NARRATOR,) else None)
        self.pending_perspective = None
        if "[" not in text and "]" not in text and not (self.parentheses and "(" in text):
            if self.prose_sounds and speakers == (NARRATOR,) and self._narrated_sounds(text, line):
                return
            self._plain_speech(speakers, text, line, labels, delivery, perspective)  # no bracket: the loop below
            return
        parts: list[str] = []
        refs: list[str] = []
        state = {"delivery": delivery, "perspective": perspective}

        def flush(final: bool = False):
            spoken = strip_markup(_SPACES.sub(" ", "".join(parts)))
            spoken = _SPACE_BEFORE_STOP.sub(r"\1", spoken) if refs else spoken
            parts.clear()
            if spoken.strip(" .,;:–—-"):
                if refs or not (self.prose_sounds and speakers == (NARRATOR,) and self._narrated_sounds(spoken, line)):
                    self._add(Speech(speakers, spoken, line, labels, tuple(refs), delivery=state["delivery"],
                                     perspective=state["perspective"]))
                refs.clear()
            elif spoken:
                parts.append(spoken[:_PENDING_MAX])  # a lone full stop: keep it with the next words
            if final and refs:
                self._attach_refs(refs, line)
                refs.clear()
            if final and parts:
                tail = "".join(parts).strip()
                parts.clear()
                if tail and not self._append_to_last(tail):
                    self.warn(line, f"'{tail}' stands alone between directions: read as text")
                    self._add(Speech(speakers, tail, line, labels, perspective=state["perspective"]))

        position, quote_depth, straight_quotes = 0, 0, 0
        after = _Next(text)  # where the next bracket of each kind is: each looked for once, not from every bracket
        while position < len(text):
            open_at = after.first(("[", "(") if self.parentheses else ("[",), position)
            stray = after.find("]", position)
            if stray != -1 and (open_at == -1 or stray < open_at):
                self.warn(line, "']' without '[': read as text")
            if open_at == -1:
                parts.append(text[position:])
                break
            close_char = "]" if text[open_at] == "[" else ")"
            skip = self._unmatched_run(text, after, open_at, close_char)
            if skip != -1:  # openers that each fail as the loop would find, passed over at once
                before = text[position:skip]
                quote_depth += before.count("“") - before.count("”")
                straight_quotes += before.count('"')
                if close_char == "]":
                    self.warn(line, "'[' without a matching ']': read as text", times=text.count("[", open_at, skip))
                parts.append(text[position:skip])
                position = skip
                continue
            before = text[position:open_at]
            quote_depth += before.count("“") - before.count("”")
            straight_quotes += before.count('"')
            close_at = after.find(close_char, open_at + 1)
            nested = after.find(text[open_at], open_at + 1)
            if nested != -1 and nested < close_at:
                close_at = -1  # another of its kind opens first
            if close_at == -1 and close_char == "]" and self.brackets == "stage" and nested == -1:
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
                self._add(Speech((NARRATOR,), inner, line, (), (), aside=True))
            elif inside_quote or not self._is_direction(inner, close_char, before, text, close_at + 1):
                parts.append(text[open_at:close_at + 1])  # an insertion or a remark: read with the text
            else:
                flush()
                event = self.direction(inner, line, Form.BRACKET)
                if text[close_at + 1:close_at + 2] == ":":  # (showing him Roxane by a look): the words follow
                    close_at += 1
                if event is not None and event.action == DELIVERY and speakers != (NARRATOR,):
                    state["delivery"] = event.delivery or state["delivery"]
                if self.pending_perspective and speakers != (NARRATOR,):
                    state["perspective"] = self.pending_perspective  # Yes, sir. [_closer_] General Washington…
                    self.pending_perspective = None
            position = close_at + 1
        flush(final=True)

    def _unmatched_run(self, text: str, after: "_Next", open_at: int, close_char: str) -> int:
        """Where a run of brackets like the one at `open_at` that cannot close ends (after the last
        one that fails), or -1. Up to the next bracket of another kind or a closing one, each
        bracket of this kind but the last has another of its kind before anything closes it, or
        nothing closes it at all: the loop in speech() would read each as text, one at a time."""
        open_char = text[open_at]
        end = after.find(close_char, open_at + 1)
        end = len(text) if end == -1 else end
        if self.parentheses:
            other = after.find("(" if open_char == "[" else "[", open_at + 1)
            end = end if other == -1 else min(end, other)
        if open_char == "(":
            stray = after.find("]", open_at + 1)
            end = end if stray == -1 else min(end, stray)
        last = text.rfind(open_char, open_at, end)
        if last <= open_at:
            return -1
        return text.rfind(open_char, open_at, last) + 1

    def _narrated_sounds(self, text: str, line: int) -> bool:
        """The narrator's prose with each sentence that opens on a sound (`The church clock strikes the
        first quarter.`, `Titterings.`) made a direction where it stands: told, and heard. False (and
        nothing added) when no sentence does; a sound named further in (`after the music has ceased`)
        is only told."""
        sentences = SENTENCE_GAP.split(text)
        cues = [i for i, sentence in enumerate(sentences) if opening_sound(strip_markup(sentence))]
        if not cues:
            return False
        start = 0
        for i in cues + [len(sentences)]:
            if i > start:
                self._plain_speech((NARRATOR,), " ".join(sentences[start:i]), line, (), None)
            if i < len(sentences):
                self.direction(sentences[i], line, Form.ACTION)
            start = i + 1
        return True

    def _plain_speech(self, speakers, text: str, line: int, labels, delivery, perspective=None):
        """speech() of a text without brackets: one flush of the whole text."""
        spoken = strip_markup(_SPACES.sub(" ", text))
        if spoken.strip(" .,;:–—-"):
            self._add(Speech(speakers, spoken, line, labels, (), delivery=delivery, perspective=perspective))
            return
        tail = spoken[:_PENDING_MAX].strip()
        if tail and not self._append_to_last(tail):
            self.warn(line, f"'{tail}' stands alone between directions: read as text")
            self._add(Speech(speakers, tail, line, labels, perspective=perspective))

    def _is_direction(self, inner: str, close_char: str, before: str = "", text: str = "", after: int = 0) -> bool:
        """Whether the bracket `inner` is a direction; `before` is the text before it, and the text
        after it starts at text[after:] (not copied: a long speech has many brackets)."""
        if not inner or _editorial(inner):
            return False
        if only_perspective(inner):
            return True  # (OFF), (V.O.), (DISTORT - ON PHONE): where the voice is, never read
        found = classify(inner, Form.BRACKET)
        if found.action == NARRATE and _LETTER_THEN_SPACE.search(before) and _SPACE_THEN_LOWER.match(text, after):
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
        if re.fullmatch(r"_[^_]+_[.]?", inner) or (self.brackets == "stage" or text.startswith(":", after)) and not (
                re.fullmatch(r"[\d\W]+", inner)):
            return True
        first = inner.lstrip("_* ")[:1]
        return found.action != NARRATE and (found.delivery is not None or found.sound is not None or found.action == SILENT
                                            or first.isupper()) or first.isupper() and found.known and inner.rstrip(
            "_* ").endswith(".")

    def _attach_refs(self, refs: list[str], line: int):
        """A footnote reference with no words of its own here belongs to the last speech."""
        index = self.last_speech
        if index is None:
            self.warn(line, f"footnote reference [{', '.join(refs)}] outside any speech")
        else:
            event = self.events[index]
            self.events[index] = replace(event, note_refs=event.note_refs + tuple(refs))

    def _append_to_last(self, tail: str) -> bool:
        index = self.last_speech
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
        for count, first in self.warning_kinds.values():
            if count > WARNINGS_OF_A_KIND:
                report.append(f"{self.source}: … and {count - WARNINGS_OF_A_KIND} more warnings like “{first}”")
        if self.unknown:
            shown = "; ".join(f"{line}: [{text[:40]}]" for line, text in self.unknown[:5])
            more = f" and {self.unknown_count - 5} more" if self.unknown_count > 5 else ""
            report.append(f"{self.source}: {self.unknown_count} stage direction(s) fit no known kind and are narrated "
                          f"(lines {shown}{more})")
        if self.unheard:
            shown = "; ".join(f"line {n}: '{t[:50]}'" for n, t in self.unheard)
            more = f" and {self.unheard_count - len(self.unheard)} more" if self.unheard_count > len(self.unheard) else ""
            report.append(f"{self.source}:{self.unheard[0][0]}: {self.unheard_count} effect line(s) name no sound the "
                          f"built-in cues know and are kept silent ({shown}{more}); a cast file's [[cues]] rule can "
                          f"give each a recording")
        return Script(source=self.source, metadata=metadata, chapters=tuple(chapters), warnings=tuple(report),
                      format=fmt, format_reason=reason, names=names, descriptions=dict(descriptions or {}),
                      skipped=tuple(skipped) + ((f"{self.clocks} times of the recording at the start or end of a "
                                                 f"speech are not read",) if self.clocks else ()))


# *sighs* / _laughs_ within a speech: a Markdown transcript's note in italics instead of brackets.
_BRACKETED = re.compile(r"(\[[^\]]*\]|\([^)]*\))")
_ITALIC_NOTE = re.compile(r"(?<![\w*_\[(])([*_])(?![*_\s])([A-Za-z][A-Za-z ,'-]{0,40}?)\1(?![\w*_])")


def _italic_notes(text: str) -> str:
    """`text` with each short italic span that names a sound or a way of speaking (`*sighs*`,
    `_laughs_`, `*whispering*`) in brackets, as a direction; emphasis (`*really*`, `_Polly_`) stays words."""
    def note(match: re.Match) -> str:
        inner = match.group(2)
        if len(inner.split()) > 4:
            return match.group(0)
        found = classify(inner, Form.BRACKET)  # (a bracket of any words is a delivery note: not enough)
        return f"[{inner}]" if found.sound is not None or found.delivery is not None else match.group(0)

    # (inside a bracket, italics are the direction's own markup: [_Enter_ TOBY, _breathless_.])
    return "".join(part if part[:1] in "[(" else _ITALIC_NOTE.sub(note, part) for part in _BRACKETED.split(text))


def _editorial(inner: str) -> bool:
    """_EDITORIAL.match(inner) without its backtracking (quadratic on a bracket of `?` and a word):
    the words between the marks around them are sic, ph or sp; or it is all marks, with a `?` or
    an ellipsis among them."""
    lead = _NON_WORDS.match(inner).end()
    if lead == len(inner):
        return "?" in inner or "..." in inner or "…" in inner
    trail = _NON_WORDS.match(inner[::-1]).end()
    return bool(_EDITORIAL_WORD.fullmatch(inner, lead, len(inner) - trail))


class _Next:
    """text.find(char, start) for starts that only grow: each char's next place is looked for
    again only once it is passed, so a text is read once per char however many brackets it has."""

    def __init__(self, text: str):
        self.text = text
        self.found: dict[str, int] = {}

    def find(self, char: str, start: int) -> int:
        at = self.found.get(char)
        if at is None or at != -1 and at < start:
            at = self.found[char] = self.text.find(char, start)
        return at

    def first(self, chars, start: int) -> int:
        return min((i for i in (self.find(c, start) for c in chars) if i != -1), default=-1)


def whole_bracket(text: str) -> str | None:
    r"""What a turn that is only a bracket says: group 1 of
    re.fullmatch(r"\s*[(\[]\s*_?([^()\[\]]+?)_?\s*[)\]][.\s]*", text), worked out without the
    pattern's backtracking (cubic on a bracket full of spaces)."""
    body = text.lstrip()
    if body[:1] not in ("(", "["):
        return None
    found = _BRACKET.search(body, 1)
    close = found.start() if found else -1
    if close == -1 or body[close] not in ")]" or not _TRAILING_DOTS.fullmatch(body, close + 1):
        return None
    inside = body[1:close]
    if not inside:
        return None
    spaces = len(inside) - len(inside.lstrip())
    if spaces == len(inside):
        return inside[-1]  # all spaces: the pattern keeps one as the words
    start = spaces + 1 if inside[spaces] == "_" and spaces + 1 < len(inside) else spaces
    words = inside[start:].rstrip()
    if not words:
        return inside[start]
    return words[:-1] if words.endswith("_") and len(words) > 1 else words


_BRACKET = re.compile(r"[()\[\]]")


def _first_words(text: str, count: int = 6) -> str:
    words = re.sub(r"[\[\]“”\"]", "", text).split(None, count)  # the first `count`, and whether more follow
    head = " ".join(words[:count]).rstrip(",;:.–—-")
    return head + ("…" if len(words) > count else "")


# A time of the recording (h:mm:ss, or anything in braces) at the very start or end of a speech.
_EDGE_CLOCK = re.compile(r"^\s*\{?\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?\}?(?=\s|$)\s*|"
                         r"\s*\{\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\}\s*$|"
                         r"(?<=[.!?…\"”])\s+\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?\s*$")  # (after a finished sentence)


def title_of_file(source: str) -> str:
    """A script's title when it names none: its file name, cleaned (`the-way_of_the-world.v2.txt`
    -> `The way of the world v2`). Empty for text that came from no file (`<script>`)."""
    if not source or source.startswith("<"):
        return ""
    stem = re.sub(r"\.[A-Za-z0-9]{1,10}$", "", source.replace("\\", "/").rsplit("/", 1)[-1])
    words = " ".join(re.sub(r"[-_.]+", " ", stem).split())
    if not words:
        return ""
    return words[0].upper() + words[1:] if words.islower() else words


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
