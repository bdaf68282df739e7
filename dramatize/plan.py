"""The render plan: what to synthesise, then where every clip and cue goes on the timeline.

Two steps, because clip lengths are known only after synthesis:
  plan_script(script, cast)        -> [ChapterPlan] with every SynthRequest
  layout(plans, clip_lengths, ...) -> Timeline: placements in samples, chapters, transcript
Time is kept in samples at MIX_RATE throughout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from anyascii import anyascii

from dramatize.production.cast import Cast, Voice, not_latin
from dramatize.acoustics import space_of
from dramatize.cues import beds, sound as cues
from dramatize.directions import DELIVERY, NARRATE, SILENT, Heard
from dramatize.effects import TAIL_SECONDS, has_tail
from dramatize.lineids import event_ids
from dramatize.engines import SynthRequest
from dramatize.model import NARRATOR, Direction, Note, Script, Speech, printable
from dramatize.timing import MIX_RATE, seconds
from dramatize.speakable import foreign_script, pronounce, wordless

CHUNK_CHARS = 240  # longer text is split at sentence ends: short clips are cached, retried and timed separately

# Pauses, in seconds: what makes a transcript sound like a meeting rather than a list.
HEAD = 0.8  # room tone before the first word
TAIL = 2.5  # room tone after the last
SENTENCE_GAP = 0.10
PARAGRAPH_GAP = 0.45
SPEAKER_GAP = 0.30
CHAPTER_GAP = 1.6
TITLE_GAP = 1.0
CHORUS_OFFSET = 0.09  # several speakers at once: each starts a little after the other


_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][”\"’)\]]))\s+(?=[“\"‘(\[A-Z0-9])")
LONGEST_SENTENCE = 3 * CHUNK_CHARS


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split at sentence ends into pieces of at most about `limit` characters.

    A sentence longer than LONGEST_SENTENCE is cut at word boundaries, because the
    espeak driver's buffer grows quadratically with the length of one utterance."""
    sentences = []
    for sentence in _SENTENCE_END.split(text.strip()):
        while len(sentence) > LONGEST_SENTENCE:
            cut = sentence.rfind(" ", 0, LONGEST_SENTENCE)
            cut = cut if cut > 0 else LONGEST_SENTENCE
            sentences.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        sentences.append(sentence)
    chunks: list[str] = []
    for sentence in sentences:
        if chunks and len(chunks[-1]) + 1 + len(sentence) <= limit:
            chunks[-1] += " " + sentence
        elif sentence:
            chunks.append(sentence)
    return chunks


@dataclass(frozen=True)
class Say:
    """One clip to speak: a chunk of a speech, the title card or a note."""

    voice: Voice
    text: str
    request: SynthRequest
    line: int
    kind: str = "speech"  # "speech", "title", "note", "aside", "direction" (a narrated stage direction)
    perspective: str | None = None  # where the voice stands (perspective.py): applied to the spoken clip
    line_id: str = ""  # the event's stable id (lineids.py); "" for the title card
    place: object = None  # its perspective.Treatment, as the cast tunes it (Cast.place)


@dataclass(frozen=True)
class SayTogether:
    """Several speakers saying the same words at once."""

    says: tuple[Say, ...]


@dataclass(frozen=True)
class PlayCue:
    cue: Direction
    spec: cues.CueSpec
    line_id: str = ""


@dataclass(frozen=True)
class EndBeds:
    """A direction that ends held sounds (FADE OUT, F/X: TRAIN UP AND OUT): they fade from here."""

    ending: beds.Ending
    cue: Direction
    line_id: str = ""


@dataclass(frozen=True)
class Pause:
    """A beat: silence before the next words."""

    seconds: float


@dataclass
class ChapterPlan:
    title: str
    kind: str
    line: int
    items: list = field(default_factory=list)  # Say | SayTogether | PlayCue | Pause, "paragraph", "title-gap"
    space: str = "room"  # the space the scene is played in: acoustics.SPACES


WORDLESS_SECONDS = 0.8  # a line without words ("…", "?!") is a beat of silence


def _say(voice: Voice, text: str, line: int, source: str, cast: Cast, kind: str = "speech", line_id: str = "") -> Say:
    """A clip: the engine hears the text made sayable (speakable.py), the transcript shows it as written."""
    return Say(voice, text, cast.request(voice, text, f"{source}:{line}"), line, kind, line_id=line_id)


def title_card(metadata: dict[str, str]) -> str:
    """What the narrator says first: author, book, title… or, for a screenplay's title page,
    the title, then its credit line (Written by …) and source."""
    if metadata.get("credit"):
        credit = " ".join(filter(None, (metadata.get("credit"), metadata.get("author"))))
        parts = [metadata.get("title"), credit, metadata.get("source"), metadata.get("date")]
    else:
        parts = [metadata.get(k) for k in ("author", "book", "title", "subtitle", "occasion", "date")]
    return ". ".join(p.rstrip(".") for p in parts if p) + "." if any(parts) else ""


def delivered(voice: Voice, delivery: str | None, cast: Cast) -> Voice:
    """The voice as a delivery note asks: faster, higher, quieter… (the cast file can tune each)."""
    change = cast.deliveries.get(delivery) if delivery else None
    if change is None:
        return voice
    return replace(voice, rate=max(80, min(400, round(voice.rate * (1 + change.rate / 100)))),
                   pitch=max(0, min(100, round(voice.pitch + change.pitch))), gain_db=voice.gain_db + change.gain_db)


def plan_script(script: Script, cast: Cast, warn=lambda message: None) -> list[ChapterPlan]:
    plans = []
    source = script.source
    unspeakable: dict[str, list[int]] = {}
    transliterated: dict[str, tuple[list[str], list[int]]] = {}  # voice label -> (words, lines)

    def say(voice: Voice, text: str, line: int, kind: str = "speech", line_id: str = "") -> Say | None:
        if wordless(text):  # "…", "?!": a beat, not a clip (plan_script adds it)
            return None
        pronounced = pronounce(text, cast.pronunciations)
        writing = foreign_script(pronounced)
        if writing:  # the voices read Latin, Greek and Cyrillic letters: reported, not spoken
            unspeakable.setdefault(writing, []).append(line)
            return None
        if voice.label in cast.latin_only and (foreign := not_latin(pronounced)):
            words, lines = transliterated.setdefault(voice.label, ([], []))
            words += [w for w in foreign if w not in words]
            lines.append(line)
        return _say(voice, text, line, source, cast, kind, line_id)

    narrated = cast.directions == Heard.NARRATE
    sounds = cast.directions in (Heard.NARRATE, Heard.SOUNDS)
    direction_voice = replace(cast.narrator, gain_db=cast.narrator.gain_db + cast.direction_gain_db)
    ids = iter(event_ids(script))
    playing, never_ended, nothing_under, bridges = beds.Playing(), [], [], []
    for chapter in script.chapters:
        never_ended += playing.close()  # a held sound fades out with its scene
        plan = ChapterPlan(chapter.title, chapter.kind, chapter.line,
                           space=space_of(chapter.title, script.format, cast.scene_rules))
        place, rule = beds.scene_atmosphere(chapter, script.format, cast.scene_rules) if sounds else (None, None)
        if place:  # the place the scene's heading names has a sound of its own, held under it
            plan.items.append(PlayCue(*cues.atmosphere_spec(chapter.title, chapter.line, place, rule, cast)))
            playing.start(place, chapter.line, written=False)  # a FADE OUT in the scene ends it too
        if chapter.kind == "front":
            card = title_card(script.metadata)
            if card and (item := say(cast.narrator, card, chapter.line, "title")):
                plan.items.append(item)
                plan.items.append("title-gap")
        previous_line = None
        for event in chapter.events:
            if previous_line is not None and event.line != previous_line:
                plan.items.append("paragraph")
            previous_line = event.line
            line_id = next(ids)
            if isinstance(event, Direction):
                stop = beds.ending(event.text, event.line) if sounds else None
                if stop is not None and playing.end(stop):
                    plan.items.append(EndBeds(stop, event, line_id))
                elif event.sound and sounds:
                    spec = cues.cue_spec(event, cast, f"{source}:{event.line}", beds.held(event.text, event.sound))
                    plan.items.append(PlayCue(event, spec, line_id))
                    if spec.held:
                        playing.start(spec.type, event.line)
                    elif spec.type == "music":
                        bridges.append(event.line)
                elif event.action == SILENT and sounds and beds.asks_under(event.text) and not playing.held:
                    nothing_under.append(event.line)
                if (event.action == NARRATE or event.told) and narrated:
                    plan.items.extend(filter(None, (say(direction_voice, chunk, event.line, "direction", line_id)
                                                    for chunk in chunk_text(event.text))))
                elif event.action == DELIVERY and event.delivery in cast.deliveries:
                    pause = cast.deliveries[event.delivery].pause
                    if pause:
                        plan.items.append(Pause(pause))
            elif isinstance(event, Note):
                plan.items.extend(filter(None, (say(cast.narrator, chunk, event.line, "note", line_id)
                                                for chunk in chunk_text(f"Note {event.number}. {event.text}"))))
            elif isinstance(event, Speech):
                kind = "aside" if event.aside else "speech"
                voices = [delivered(cast.voice_for(s), event.delivery, cast) for s in event.speakers]
                for chunk in chunk_text(event.text):
                    if wordless(chunk):
                        plan.items.append(Pause(WORDLESS_SECONDS))  # a speaker's "…" is heard as a silence
                        continue
                    says = tuple(filter(None, (say(v, chunk, event.line, kind, line_id) for v in voices)))
                    if event.perspective:
                        says = tuple(replace(s, perspective=event.perspective, place=cast.place(event.perspective))
                                     for s in says)
                    if says:
                        plan.items.append(says[0] if len(says) == 1 else SayTogether(says))
        plans.append(plan)
    never_ended += playing.close()
    if bridges:
        warn(f"{source}:{bridges[0]}: {len(bridges)} music cue{'s' * (len(bridges) > 1)} play a short built-in bridge "
             f"(lines {', '.join(map(str, bridges[:8]))}{' …' * (len(bridges) > 8)}); give each its recording with a "
             f"[[cues]] rule in the cast file (match = \"...\", file = \"theme.ogg\")")
    if nothing_under:
        warn(f"{source}:{nothing_under[0]}: FADE UNDER or HOLD UNDER with no held sound playing: nothing goes under "
             f"(lines {', '.join(map(str, nothing_under[:8]))})")
    if never_ended:
        warn(f"{source}:{never_ended[0][1]}: held sounds that the script never ends fade out with their scene: "
             + ", ".join(f"{kind.replace('_', ' ')} (line {line})" for kind, line in never_ended[:8]))
    for writing, lines in unspeakable.items():
        shown = ", ".join(str(n) for n in sorted(set(lines))[:8])
        warn(f"{source}:{lines[0]}: text in {writing} script, which the voices cannot read, is left out of the "
             f"audio and its transcript (lines {shown}{' …' * (len(set(lines)) > 8)}); a cast file's "
             f"[pronunciations] can give it words to say")
    for label, (words, lines) in transliterated.items():
        shown = ", ".join(f"{w} as {anyascii(w)}" for w in words[:4]) + (" …" if len(words) > 4 else "")
        warn(f"{source}:{lines[0]}: the voice {label} reads Latin letters only, and says {shown} (lines "
             f"{', '.join(str(n) for n in sorted(set(lines))[:8])}); give those lines a voice that reads them, or "
             f"[pronunciations]")
    return plans


def all_requests(plans: list[ChapterPlan]) -> list[SynthRequest]:
    out = []
    for plan in plans:
        for item in plan.items:
            if isinstance(item, Say):
                out.append(item.request)
            elif isinstance(item, SayTogether):
                out.extend(s.request for s in item.says)
            elif isinstance(item, PlayCue):
                out.extend(item.spec.requests)
    return out


def all_cue_specs(plans: list[ChapterPlan]) -> list[cues.CueSpec]:
    return [item.spec for plan in plans for item in plan.items if isinstance(item, PlayCue)]


# ---------------------------------------------------------------- layout

@dataclass(frozen=True)
class SpeechSource:
    key: str
    voice: Voice
    place: object = None  # a perspective.Treatment (or None): the finishing of the spoken clip
    silent: bool = False  # a muted role's line (render --mute): its length in silence, for an actor to speak into


@dataclass(frozen=True)
class CueSource:
    spec: cues.CueSpec
    arrangement: cues.Arrangement


@dataclass(frozen=True)
class Placement:
    start: int
    length: int  # samples of dry signal the source produces at MIX_RATE
    source: SpeechSource | CueSource
    bus: str  # "speech" or "cue"
    space: str = "room"  # the space of its scene (acoustics.py): how much reaches the hall's reverb

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class TranscriptLine:
    start: int
    end: int
    speaker: str | None  # the display name; None for stage directions
    text: str
    kind: str  # "speech", "title", "note", "aside" or "cue"
    line: int
    line_id: str = ""  # the event's stable id (lineids.py); "" for the title card


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start: int
    end: int


@dataclass
class Timeline:
    placements: list[Placement]
    chapters: list[ChapterMark]
    transcript: list[TranscriptLine]
    length: int


def layout(plans: list[ChapterPlan], clip_samples: dict[str, int], head: float = HEAD, tail: float = TAIL) -> Timeline:
    """Place every clip and cue. `clip_samples` maps clip keys to their length at MIX_RATE."""
    placements: list[Placement] = []
    transcript: list[TranscriptLine] = []
    chapters: list[ChapterMark] = []
    cursor = seconds(head)
    last_speakers: tuple[str, ...] = ()

    def place_say(say: Say, start: int, space: str) -> int:
        key = say.request.key
        length = clip_samples[key] + (seconds(TAIL_SECONDS) if has_tail(say.voice.effects) else 0)
        inside = say.kind in ("speech", "aside") and say.voice.id != NARRATOR  # the narrator stands outside the scene
        placements.append(Placement(start, length, SpeechSource(key, say.voice, say.place), "speech",
                                    space if inside else "room"))
        return start + length

    held: list[tuple[int, PlayCue, cues.Arrangement, str]] = []  # beds playing: (start, cue, its first moment, space)

    def end_beds(kind: str | None, fade_from: int):
        """The held beds of `kind` (None: all) fade out from `fade_from`: placed now that their
        length is known, in pieces the mixer can hold (beds.SEGMENT_SECONDS)."""
        for entry in [h for h in held if kind is None or h[1].spec.type == kind]:
            held.remove(entry)
            start, item, first, space = entry
            whole = max(fade_from - start, first.hold) + seconds(beds.FADE_OUT_SECONDS)
            for offset in range(0, whole, seconds(beds.SEGMENT_SECONDS)):
                n = min(seconds(beds.SEGMENT_SECONDS), whole - offset)
                piece = replace(first, length=n, hold=0, offset=offset, whole=whole)
                placements.append(Placement(start + offset, n, CueSource(item.spec, piece), "cue", space))

    crossfade_from = None  # where a CROSSFADE began the last scene's fade: the next scene's held sound rises there
    for number, plan in enumerate(plans):
        if held:  # the scene's held sounds go on a moment after its last line, then fade out in the clear
            fade_from = cursor + seconds(beds.AFTER_SECONDS)
            end_beds(None, fade_from)
            cursor = max(cursor, fade_from + seconds(beds.FADE_OUT_SECONDS) - seconds(CHAPTER_GAP) // 2)
        chapter_start = cursor if number == 0 else cursor + seconds(CHAPTER_GAP) // 2  # (past the fade)
        if number:
            chapters[-1] = ChapterMark(chapters[-1].title, chapters[-1].start, chapter_start)
            cursor += seconds(CHAPTER_GAP)
        chapters.append(ChapterMark(printable(plan.title), 0 if number == 0 else chapter_start, 0))
        gap_pending = 0
        opened = False  # nothing placed in this scene yet
        for item in plan.items:
            if item == "paragraph":
                gap_pending = max(gap_pending, seconds(PARAGRAPH_GAP))
                continue
            if item == "title-gap":
                gap_pending = max(gap_pending, seconds(TITLE_GAP))
                continue
            if isinstance(item, Pause):
                gap_pending = max(gap_pending, seconds(item.seconds))
                continue
            if isinstance(item, EndBeds):  # heard fading before the next line
                end_beds(item.ending.kind, cursor)
                transcript.append(TranscriptLine(cursor, cursor + seconds(beds.FADE_OUT_SECONDS), None, item.cue.text,
                                                 "cue", item.cue.line, item.line_id))
                if item.ending.crossfade:
                    crossfade_from = cursor
                else:
                    gap_pending = max(gap_pending, seconds(beds.ENDING_SECONDS))
                continue
            if isinstance(item, PlayCue):
                start = cursor + gap_pending // 3
                if item.spec.held and crossfade_from is not None and number and not opened:
                    start = min(start, crossfade_from + seconds(beds.CROSSFADE_SECONDS))  # rising as the last falls
                arrangement = cues.arrange(item.spec, clip_samples, MIX_RATE)
                if item.spec.held:
                    held.append((start, item, arrangement, plan.space))
                else:
                    placements.append(Placement(start, arrangement.length, CueSource(item.spec, arrangement), "cue",
                                                plan.space))
                transcript.append(TranscriptLine(start, start + arrangement.length, None, item.cue.text, "cue", item.cue.line,
                                                 item.line_id))
                cursor = max(cursor, start + arrangement.hold)
                gap_pending, opened = 0, True
                continue
            says = item.says if isinstance(item, SayTogether) else (item,)
            speakers = tuple(s.voice.id for s in says)
            if speakers != last_speakers and gap_pending < seconds(SPEAKER_GAP):
                gap_pending = seconds(SPEAKER_GAP)
            start = cursor + max(gap_pending, seconds(SENTENCE_GAP))
            end = max(place_say(s, start + i * seconds(CHORUS_OFFSET), plan.space) for i, s in enumerate(says))
            opened, crossfade_from = True, None  # words after a CROSSFADE: it led nowhere
            name = " and ".join(s.voice.name for s in says)
            transcript.append(TranscriptLine(start, end, name, says[0].text, says[0].kind, says[0].line,
                                             says[0].line_id))
            cursor = end
            last_speakers = speakers
            gap_pending = 0
    end_beds(None, cursor + seconds(beds.AFTER_SECONDS))
    end_of_sound = max([cursor] + [p.end for p in placements])
    length = end_of_sound + seconds(tail)
    chapters[-1] = ChapterMark(chapters[-1].title, chapters[-1].start, length)
    return Timeline(placements, chapters, transcript, length)


def muted(timeline: Timeline, speaker: str) -> Timeline:
    """The timeline with `speaker`'s clips silent, each where and as long as it was: a rehearsal
    track. The transcript keeps their lines, for the actor to read."""
    placements = [replace(p, source=replace(p.source, silent=True))
                  if isinstance(p.source, SpeechSource) and p.source.voice.id == speaker else p
                  for p in timeline.placements]
    return replace(timeline, placements=placements)
