"""A script's speakers given voices.

`cast_script(script, cast, engines)`:
  - every voice of the cast file gets the first of its candidates an installed engine has (a
    warning names the fallback when it is not the first; none installed is an error at its line);
  - labels become cast ids: the cast file's ids and aliases, matched without regard to case or
    accents (Molotov:, BUKHÁRIN:);
  - every speaker the cast file does not name (or every speaker, with no cast file) gets an
    automatic voice, as distinct from the others as the installed voices allow, matching the
    speaker's sex where the script tells it (Lady, Mr., a cast list's "an actress", a first name);
  - the producer's cue rules are applied to the directions, the cast file's chapter titles to the chapters.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from dramatize.directions import apply_rules
from dramatize.engines import DEFAULT_ENGINE, create_engine, split_label, voice_label
from dramatize.engines.measured import CLEAR, CROWD, NATURAL, SHIFTED, Measured, embedding, likeness, measured
from dramatize.errors import ConfigErrors
from dramatize.model import NARRATOR, Direction, Note, Script, Speech
from dramatize.production.cast import Cast, Crowd, Hall, Voice
from dramatize.readers.labels import fold

FEMALE = {"LADY", "MISS", "MRS", "MRS.", "MS", "MS.", "MADAME", "MME", "MME.", "MLLE", "QUEEN", "DUCHESS", "PRINCESS",
          "COUNTESS", "BARONESS", "DAME", "SISTER", "MOTHER", "AUNT", "GIRL", "WOMAN", "DAUGHTER", "WIFE", "MAID",
          "MAIDSERVANT", "NURSE", "ACTRESS", "GOVERNESS", "WAITRESS", "HOSTESS", "WIDOW", "BRIDE", "ASSEMBLYWOMAN",
          "CHAIRWOMAN", "CONGRESSWOMAN", "SEÑORA", "SENORA", "FRAU", "FRÄULEIN", "SHE", "HER", "HERSELF", "GRANDMOTHER"}
MALE = {"MR", "MR.", "SIR", "LORD", "KING", "PRINCE", "DUKE", "EARL", "COUNT", "BARON", "FATHER", "BROTHER", "UNCLE",
        "BOY", "MAN", "SON", "HUSBAND", "ASSEMBLYMAN", "CHAIRMAN", "CONGRESSMAN", "ACTOR", "WAITER", "BUTLER",
        "MANSERVANT", "MONSIEUR", "HERR", "SEÑOR", "SENOR", "DON", "HE", "HIS", "HIMSELF", "GRANDFATHER", "FELLOW"}
# Seats and pitches in the order speakers are cast (most words first): the first two, who
# usually talk to each other, far apart; later ones in between.
PANS = (0.0, 0.5, -0.5, 0.25, -0.25, 0.75, -0.75, 0.38, -0.38, 0.62, -0.62)
PITCHES = (50, 72, 30, 62, 40, 80, 22, 56, 44, 66, 34)
PACES = (0.96, 0.92, 1.0, 0.94, 0.98, 0.9, 1.02)  # of the voice's own pace: a little slower is clearer
AUTO_ROOM = 0.05  # close to the microphone: the hall's reverb on a voice costs naturalness (bench/)


@lru_cache(maxsize=1)
def _first_names():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def sex_of(speaker: str, name: str, description: str = "") -> str | None:
    """"female", "male" or None, from the words of the name and the cast list's description."""
    words = re.findall(r"[\w.]+", f"{name} {description}".upper())
    for word in words[:12]:
        if word in FEMALE:
            return "female"
        if word in MALE:
            return "male"
    first = next((w for w in name.split() if w.upper().rstrip(".") not in FEMALE | MALE | {"THE", "A", "DR", "PROF"}), "")
    guess = _first_names().get_gender(first.capitalize()) if first.isalpha() else "unknown"
    return {"female": "female", "mostly_female": "female", "male": "male", "mostly_male": "male"}.get(guess)


# ---------------------------------------------------------------- engine voices

def _choose(voice: Voice, engines, problems: list[str], warnings: list[str], missing: dict[str, str]) -> Voice:
    """The first of the voice's candidates that an installed engine has; `missing` collects the
    engines asked for that cannot speak here, with what to install."""
    for number, candidate in enumerate(voice.candidates):
        engine_name, engine_voice = split_label(candidate)
        engine = engines.get(engine_name or voice.engine)
        if engine is None:
            missing.setdefault(engine_name or voice.engine, _why_not(engine_name or voice.engine))
        elif engine.has_voice(engine_voice):
            if number:
                warnings.append(f"{voice.where}: {voice.id.title()}: {voice.candidates[0]} is not available here; "
                                f"speaking with {candidate}")
            return replace(voice, engine=engine.name, engine_voice=engine_voice)
    if all(engines.get(split_label(c)[0] or voice.engine) is None for c in voice.candidates):
        return voice  # only engines this machine lacks: what to install is the one problem (`missing`)
    for candidate in voice.candidates[:1]:  # a broken voice file or model: what is wrong with it, in one line
        engine_name, engine_voice = split_label(candidate)
        engine = engines.get(engine_name or voice.engine)
        fault = getattr(engine, "voice_fault", lambda _: None)(engine_voice) if engine else None
        if fault:
            problems.append(f"{voice.where}: engine_voice: {fault}")
            return voice
    installed = [v[0] for e in engines.values() for v in e.voices()]
    first = split_label(voice.candidates[0])[1] if voice.candidates else ""
    close = difflib.get_close_matches(first.split("+")[0], installed, n=3, cutoff=0.4)
    hint = f"; closest installed: {', '.join(close)}" if close else "; run `dramatize voices` to list them"
    problems.append(f"{voice.where}: engine_voice: none of {list(voice.candidates)} is installed{hint}")
    return voice


def _why_not(engine: str) -> str:
    return create_engine(engine).unavailable() or f"the {engine} engine is not available here"


def choose_voices(cast: Cast, engines) -> tuple[Cast, list[str]]:
    """Each voice of a cast file with the first of its candidates that can speak here."""
    problems: list[str] = []
    warnings: list[str] = []
    missing: dict[str, str] = {}
    narrator = (_choose(cast.narrator, engines, problems, warnings, missing) if cast.narrator.candidates
                else cast.narrator)
    voices = {k: _choose(v, engines, problems, warnings, missing) for k, v in cast.voices.items()}
    crowd = []
    unspeakable = [v for v in (narrator, *voices.values()) if v.candidates and not v.engine_voice]
    for candidate in cast.crowd.engine_voices:
        engine_name, engine_voice = split_label(candidate)
        engine = engines.get(engine_name or DEFAULT_ENGINE)
        if engine is not None and engine.has_voice(engine_voice):
            crowd.append(f"{engine.name}:{engine_voice}")
        elif engine is None:  # what to install is the one problem
            missing.setdefault(engine_name or DEFAULT_ENGINE, _why_not(engine_name or DEFAULT_ENGINE))
            unspeakable.append(candidate)
        else:
            problems.append(f"{cast.path}: crowd.engine_voices: {candidate} is not installed")
    if problems or unspeakable:
        # Voices wanted from an engine this machine lacks: what to install first, once; then the rest.
        raise ConfigErrors([f"{reason} ({cast.path} has voices for it)" for reason in missing.values()] + problems)
    cast = replace(cast, narrator=narrator, voices=voices, crowd=replace(cast.crowd, engine_voices=tuple(crowd)))
    return with_versions(cast, engines), warnings


def with_versions(cast: Cast, engines) -> Cast:
    """The cast with the clip version of every engine voice it speaks with (Cast.settings puts it
    in each clip's key): asked of the engines once, here, not for every clip."""
    pairs = {(v.engine, v.engine_voice) for v in (cast.narrator, *cast.voices.values()) if v.engine_voice}
    for candidate in cast.crowd.engine_voices:
        engine, engine_voice = split_label(candidate)
        pairs.add((engine or DEFAULT_ENGINE, engine_voice))
    return replace(cast, versions={voice_label(e, v): engines[e].clip_version(v) for e, v in sorted(pairs)},
                   latin_only=frozenset(voice_label(e, v) for e, v in pairs if engines[e].latin_only),
                   shifted=frozenset(voice_label(e, v) for e, v in pairs if engines[e].shifts_pitch(v)))


# ---------------------------------------------------------------- automatic voices

QUALITIES = ("draft", "final")  # draft: the quick voices only (no Kokoro); final: the most natural
REAL_SHARE, REAL_WORDS = 0.05, 100  # a real part: 5 % of the script's words, or 100 words
FEW_WORDS = 12  # a part of at most this many words may go to espeak-ng, with the crowd
_RANK = {NATURAL: 0, CLEAR: 1, SHIFTED: 2, CROWD: 3}
LEADS = 2  # the two largest parts: never one actor, not even as a shifted copy, while any other voice is left
# Among voices of equal standing, the one least like every voice already speaking (the narrator's
# too): a voice's naturalness (P.808 less word errors, Measured.score) is traded against its
# likeness to the nearest of them (cosine similarity of the stored speaker embeddings) at this
# rate: 0.05 of likeness for 0.1 of P.808. Kokoro's natural voices differ by a few hundredths of
# P.808 but by tenths of likeness, so likeness decides among them; a tier or an unused actor still
# comes first. At 1.0 a third woman got af_bella, 0.83 like the narrator's af_heart; at 2.0 Festival's
# slt (0.73, P.808 0.14 lower); at 3.0 the breathy af_nicole before either (bench, December 2026).
LIKENESS_WEIGHT = 2.0
UNMEASURED_LIKENESS = 0.75  # a voice with no stored embedding: taken for as alike as "one person" to the model


def default_quality() -> str:
    """The quality of an automatic cast: $DRAMATIZE_QUALITY ("draft" or "final"), else final."""
    quality = os.environ.get("DRAMATIZE_QUALITY", "final").strip().lower() or "final"
    if quality not in QUALITIES:
        raise ConfigErrors([f"DRAMATIZE_QUALITY={quality}: expected one of {', '.join(QUALITIES)}"])
    return quality


@dataclass(frozen=True)
class Option:
    """A voice the automatic cast may give: the engine's PaletteVoice and what the bench measured."""

    engine: str
    voice: object  # PaletteVoice
    tier: str
    base: str  # the actor behind it: two options of one base are one actor to a listener
    naturalness: float
    accent: str = ""
    measured: Measured | None = None

    @property
    def pitch(self) -> int | None:
        return self.voice.pitch


def _option(engine: str, voice) -> Option:
    m = measured(engine, voice.engine_voice, voice.pitch)
    if m is not None:
        return Option(engine, voice, m.tier, m.base, m.score, m.accent, m)
    if engine == DEFAULT_ENGINE:
        return Option(engine, voice, CROWD, f"{engine}:{voice.engine_voice}", voice.naturalness)
    shifted = voice.pitch not in (None, 50)
    return Option(engine, voice, SHIFTED if shifted else CLEAR, f"{engine}:{voice.engine_voice}", voice.naturalness)


def palette(engines, quality: str = "final") -> list[Option]:
    """What the automatic cast chooses from, best first (natural, clear, shifted, crowd; within
    each the most natural first); an error when no engine offers a voice."""
    options = [_option(engine.name, voice) for engine in engines.values() for voice in engine.palette()]
    if quality == "draft":
        options = [o for o in options if o.measured is None or o.measured.draft] or options
    if not options:
        raise ConfigErrors(["no speech engine has a voice installed; run `dramatize voices`"])
    return sorted(options, key=lambda o: (_RANK[o.tier], bool(o.measured and o.measured.provisional),
                                          -o.naturalness))  # stable: each engine's order within


def engine_faults(engines) -> list[str]:
    """Installed voices that are broken (a missing or wrong voice file, a corrupt model part):
    the automatic cast leaves them out, and says so."""
    return [f"{name}: {fault}; the automatic cast uses other voices" for name, engine in engines.items()
            for fault in getattr(engine, "faults", lambda: [])()]


def _base_of(engine: str, engine_voice: str, pitch: int | None) -> str:
    m = measured(engine, engine_voice, pitch) or measured(engine, engine_voice, None)
    return m.base if m else f"{engine}:{engine_voice}"


def _same_voice(option: Option, used: list[tuple[str, str, int]]) -> bool:
    """Whether this very voice already speaks: the same voice, or, for a voice at a fixed pitch,
    the same voice within two semitones of it."""
    return any(e == option.engine and v == option.voice.engine_voice
               and (option.pitch is None or abs(p - option.pitch) < 25) for e, v, p in used)


def accent_of(name: str, description: str) -> str | None:
    """"GB", "US" or "Scottish" when the name or the cast list's description says so."""
    text = f"{name} {description}".lower()
    for accent, words in (("Scottish", ("scot", "highland")), ("GB", ("english", "british", "london", "cockney")),
                          ("US", ("american", "yankee", "texan", "new york"))):
        if any(re.search(rf"\b{w}", text) for w in words):
            return accent
    return None


# The age a cast list or a title gives a part: how an actor would play it, on the voice chosen
# for its sex and accent. (pitch steps, share of pace): older a little lower and slower, a child
# higher and quicker.
AGES = {"old": (-8, 0.9), "young": (6, 1.04), "child": (16, 1.06)}
_AGE_WORDS = (("child", r"\b(?:child|boy|girl|little (?:son|daughter)|infant|schoolboy|schoolgirl|urchin|page ?boy)\b"),
              ("old", r"\b(?:old (?:man|men|woman|women|lady|gentleman|servant|nurse|fellow|sailor|soldier|peasant|"
                      r"shepherd|butler|maid|retainer|friend|one)|elderly|aged|ancient|grand(?:father|mother|pa|ma|papa|"
                      r"mama)|in (?:his|her) (?:sixties|seventies|eighties|nineties)|greybeard|dowager)\b"),
              ("young", r"\b(?:young|youth(?:ful)?|lad|lass|maiden|teen(?:age|ager)?|student|in (?:his|her) "
                        r"(?:teens|twenties))\b"))


def age_of(name: str, description: str) -> str | None:
    """"old", "young" or "child" when the name or the cast list's description says so
    ("an old man", "Lady Bracknell's young nephew", "the Boy"); None for a grown-up of any age."""
    text = f"{name} {description}".lower()
    return next((age for age, words in _AGE_WORDS if re.search(words, text)), None)


def _nearer(nearest: dict, voiced: dict, new) -> dict:
    """Each option's likeness to the nearest voice speaking, once a voice of embedding `new` (None:
    not measured, so no likeness to it) speaks too; an option never measured is UNMEASURED_LIKENESS
    from the first measured voice on."""
    if new is None:
        return nearest
    return {o: UNMEASURED_LIKENESS if voiced[o] is None else max(n, likeness(voiced[o], new))
            for o, n in nearest.items()}


def _rank(option: Option, used, bases: set[str], sex: str | None, accent: str | None, few: bool,
          nearest: float = 0.0, lead_bases: frozenset[str] = frozenset()):
    """How good `option` is for a speaker (lower is better): an unused actor first (a natural one,
    then a clear one, then, for a few words, the crowd's), then a shifted copy of an actor already
    speaking, espeak-ng for a real part only when nothing else is left, and for a lead the actor
    of another lead (`lead_bases`) after even that; within those, the speaker's sex and accent,
    then naturalness less LIKENESS_WEIGHT times the likeness to the nearest voice speaking."""
    if _same_voice(option, used):
        place = 9
    elif option.base in lead_bases:
        place = 8  # two leads one actor: what a listener hears first (issue 18)
    elif option.tier == CROWD:
        place = 2 if few else 7  # espeak-ng: the crowd and a few words; for more, after all else
    elif option.base in bases:
        place = 6  # another character from an actor already speaking: a last resort
    else:
        place = {NATURAL: 0, CLEAR: 1, SHIFTED: 4}[option.tier]
        place += 0.5 * bool(option.measured and option.measured.provisional)  # measured on few sentences: after
    return (option.voice.sex not in (sex or "male", None), place, accent is not None and option.accent != accent,
            LIKENESS_WEIGHT * nearest - option.naturalness)


def automatic_voices(speakers: list[tuple[str, str, str]], engines, taken: list[tuple[str, str, int]],
                     first_seat: int = 0, words: dict[str, int] | None = None,
                     quality: str | None = None) -> dict[str, Voice]:
    """Voices for (id, name, description) speakers, most words first: each the best voice of their
    sex whose actor is not yet speaking and least like those speaking (`_rank`); the narrator's
    and every voice in `taken` count as speaking. The LEADS speakers of most words in `words`
    never share an actor among those cast here."""
    options = palette(engines, quality or default_quality())
    voiced = {o: embedding(o.engine, o.voice.engine_voice, o.pitch) for o in options}
    words = words or {}
    leads = set(sorted((s for s in words if s != NARRATOR), key=lambda s: -words[s])[:LEADS])
    used = list(taken)
    nearest = dict.fromkeys(options, 0.0)
    for e, v, p in used:
        nearest = _nearer(nearest, voiced, embedding(e, v, p))
    bases = {_base_of(e, v, p) for e, v, p in used}
    lead_bases: set[str] = set()
    out = {}
    for order, (speaker, name, description) in enumerate(speakers):
        sex = sex_of(speaker, name, description)
        accent = accent_of(name, description)
        lower, pace = AGES.get(age_of(name, description), (0, 1.0))
        few = words.get(speaker, FEW_WORDS + 1) <= FEW_WORDS
        # Unknown sex: a male voice, as most speakers of plays and hearings of the past are; a
        # producer corrects it in the cast file (`dramatize cast --write`).
        held = frozenset(lead_bases) if speaker in leads else frozenset()
        option = min(options, key=lambda o: _rank(o, used, bases, sex, accent, few, nearest[o], held))
        voice = option.voice
        seat = first_seat + order
        pitch = PITCHES[seat % len(PITCHES)] if voice.pitch is None else voice.pitch
        pitch = max(0, min(100, pitch + lower))
        used.append((option.engine, voice.engine_voice, pitch))
        nearest = _nearer(nearest, voiced, voiced[option])
        bases.add(option.base)
        if speaker in leads:
            lead_bases.add(option.base)
        out[speaker] = Voice(id=speaker, name=name, engine=option.engine, engine_voice=voice.engine_voice,
                             rate=round(voice.wpm * PACES[seat % len(PACES)] * pace), pitch=pitch,
                             pan=PANS[seat % len(PANS)], room=AUTO_ROOM, auto=True, description=description)
    return out


def why(voice: Voice, cast: Cast, counts: dict[str, list[int]]) -> str:
    """Why the automatic cast gave `voice` its voice, in a line for the starter cast file."""
    total = sum(w for _, w in counts.values()) or 1
    m = measured(voice.engine, voice.engine_voice, voice.pitch) or measured(voice.engine, voice.engine_voice, None)
    figures = ""
    if m is not None:
        figures = ", ".join(f for f in (f"P.808 {m.p808:.2f}" if m.p808 else "",
                                        f"{m.wer:.1f} % word errors" if m.wer is not None else "") if f)
        figures = f"{m.tier} {m.sex} {m.accent} voice" + (f" ({figures})" if figures else "")
    else:
        figures = "espeak-ng voice" if voice.engine == DEFAULT_ENGINE else f"{voice.engine} voice"
    order = sorted((s for s in counts if s != NARRATOR), key=lambda s: -counts[s][1])
    if voice.id == NARRATOR:
        characters = [cast.voices[s] for s in order if s in cast.voices]
        nearest = _nearest_of(voice, characters, "the characters")
        return f"the narrator: a {figures}, of another actor than every character{nearest}"
    part = counts.get(voice.id, [0, 0])[1]
    place = order.index(voice.id) + 1 if voice.id in order else len(order)
    size = ("a real part" if part >= REAL_WORDS or part >= REAL_SHARE * total else
            "a few words" if part <= FEW_WORDS else "a small part")
    base = _base_of(voice.engine, voice.engine_voice, voice.pitch)
    sharing = [v.id.title() for v in (cast.narrator, *cast.voices.values()) if v.id != voice.id
               and _base_of(v.engine, v.engine_voice, v.pitch) == base]
    shared = f"; the same actor as {', '.join(sharing)} (no other voice was left)" if sharing else ""
    age = age_of(voice.name, voice.description)
    played = f"; played {'as ' if age == 'child' else ''}{'a child' if age == 'child' else age} (the cast list says so)" \
        if age else ""
    before = [cast.narrator] + [cast.voices[s] for s in order[:place - 1] if s in cast.voices]
    return (f"chosen automatically: {size}, the {_ordinal(place)} by words; a {figures}{shared}{played}"
            f"{_nearest_of(voice, before, 'the voices cast before it')}")


def _nearest_of(voice: Voice, others: list[Voice], among: str) -> str:
    """"; the most alike of the voices cast before it: Jack (0.62)": the voice among `others` most
    like `voice` by their stored speaker embeddings (cosine; above 0.75 a speaker-verification
    model hears one person), for the starter cast file; "" when not measured."""
    mine = embedding(voice.engine, voice.engine_voice, voice.pitch)
    alike = [(likeness(mine, embedding(v.engine, v.engine_voice, v.pitch)), v.id) for v in others if v.id != voice.id]
    alike = [(similarity, who) for similarity, who in alike if similarity is not None]
    if not alike:
        return ""
    similarity, who = max(alike)
    return f"; the most alike of {among}: {who.title()} ({similarity:.2f})"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _words_spoken(events) -> dict[str, int]:
    """Each speaker's words, asides left out: who speaks most gets the best voice."""
    words: dict[str, int] = {}
    for event in events:
        if isinstance(event, Speech) and not event.aside:
            for speaker in event.speakers:
                words[speaker] = words.get(speaker, 0) + len(event.text.split())
    return words


def _main_speaker_sex(script: Script) -> str | None:
    words = _words_spoken(script.events())
    if not words:
        return None
    main = max(words, key=words.get)
    return sex_of(main, script.name_of(main), script.descriptions.get(main, ""))


def automatic_cast(script: Script, engines, quality: str | None = None) -> Cast:
    """A cast for a script with no cast file: a narrator, a crowd, and the hall's defaults; the
    speakers are voiced by `cast_script`."""
    options = palette(engines, quality or default_quality())
    # The narrator: the most natural voice of the other sex than the main speaker's, who takes
    # the most natural of theirs: the two who speak most, both clear and unlike each other.
    other = "female" if (_main_speaker_sex(script) or "male") == "male" else "male"
    choice = next((o for o in options if o.voice.sex == other), options[min(1, len(options) - 1)])
    engine, voice = choice.engine, choice.voice
    narrator = Voice(NARRATOR, "Narrator", voice.engine_voice, engine=engine, rate=round(voice.wpm * 0.97),
                     pitch=50 if voice.pitch is None else voice.pitch, room=0.0)
    # The crowd: the default engine's voices, the quickest to make (each member says a few words), else any.
    quick = [o for o in options if o.engine == DEFAULT_ENGINE] or options
    crowd = tuple(dict.fromkeys(f"{o.engine}:{o.voice.engine_voice}" for o in quick[1:9])) or (
        f"{engine}:{voice.engine_voice}",)
    return Cast(path=None, production={}, chapter_titles=(), narrator=narrator, voices={}, aliases={},
                crowd=Crowd(engine_voices=crowd), hall=Hall())


# ---------------------------------------------------------------- the script's speakers

def cast_script(script: Script, cast: Cast | None, engines, quality: str | None = None) -> tuple[Script, Cast]:
    """The script with cast ids for labels, and the cast with a voice for every speaker in it
    (those the cast file leaves out, or all, from the palette of `quality`: draft or final)."""
    warnings: list[str] = []
    if cast is None:
        cast = automatic_cast(script, engines, quality)
        warnings += lookalike_labels(script)  # with a cast file, its ids and aliases say who is who
    else:
        cast, warnings = choose_voices(cast, engines)
        # Only when the cast file leaves a part unvoiced: the automatic cast reads the whole script.
        automatic = automatic_cast(script, engines, quality) if not (cast.narrator.engine_voice
                                                            and cast.crowd.engine_voices) else None
        if not cast.narrator.engine_voice:  # no narrator's voice in the cast file: the automatic one, as set there
            cast = replace(cast, narrator=replace(automatic.narrator, **{
                k: getattr(cast.narrator, k) for k in cast.narrator.given}))
        if not cast.crowd.engine_voices:  # no crowd's voices in the cast file: the automatic ones
            cast = replace(cast, crowd=replace(cast.crowd, engine_voices=automatic.crowd.engine_voices))
    by_fold = {fold(k): k for k in cast.voices} | {fold(a): t for a, t in cast.aliases.items()}
    unknown: dict[str, list[int]] = {}
    alias_uses: dict[str, list[int]] = {}

    def resolve(label: str, line: int) -> str:
        if label == NARRATOR or label in cast.voices:
            return label
        target = by_fold.get(fold(label))
        if target is not None:
            if label != target:
                alias_uses.setdefault(label, []).append(line)
            return target
        unknown.setdefault(label, []).append(line)
        return label

    chapters = []
    for chapter in script.chapters:
        events = []
        for event in chapter.events:
            if isinstance(event, Speech) and not event.aside:
                event = replace(event, speakers=tuple(dict.fromkeys(resolve(s, event.line) for s in event.speakers)))
            elif isinstance(event, Direction) and cast.cue_rules:
                event = apply_rules(event, cast.cue_rules)
            events.append(event)
        chapters.append(replace(chapter, events=tuple(events)))

    for alias, lines in alias_uses.items():
        target = by_fold[fold(alias)]
        warnings.append(f"{script.source}:{lines[0]}: label {alias} read as {target} "
                        f"(alias in {cast.source}; {len(lines)} paragraph{'s' * (len(lines) > 1)})")
    words = _words_spoken(e for c in chapters for e in c.events)
    newcomers = sorted(unknown, key=lambda s: (-words.get(s, 0), unknown[s][0]))
    taken = [(v.engine, v.engine_voice, v.pitch) for v in (*cast.voices.values(), cast.narrator)]
    auto = automatic_voices([(s, script.name_of(s), script.descriptions.get(s, "")) for s in newcomers], engines,
                            taken, first_seat=len(cast.voices), words=words, quality=quality)
    if cast.path is None or newcomers:
        warnings += engine_faults(engines)
    if cast.path is not None:
        for speaker in newcomers:
            count = len(unknown[speaker])
            close = difflib.get_close_matches(speaker, list(cast.voices), n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]}? add it to that speaker's aliases" if close else ""
            warnings.append(f"{script.source}:{unknown[speaker][0]}: speaker {speaker} ({count} paragraph"
                            f"{'s' * (count > 1)}) is not in {cast.path}: auto-cast as {auto[speaker].engine_voice}"
                            f"{hint}")
    voices = dict(cast.voices) | auto
    titles = cast.chapter_titles
    if titles and len(titles) != len(chapters):
        warnings.append(f"{cast.path}: production.chapters names {len(titles)} chapters, the script has "
                        f"{len(chapters)}; the rest keep their own titles")
    chapters = [replace(c, title=titles[i]) if i < len(titles) else c for i, c in enumerate(chapters)]
    warnings += _unused_pronunciations(chapters, script.metadata, cast)
    names = dict(script.names) | {k: v.name for k, v in cast.voices.items()}
    resolved = replace(script, chapters=tuple(chapters), names=names).with_warnings(*warnings)
    return resolved, with_versions(replace(cast, voices=voices), engines)


def _unused_pronunciations(chapters, metadata: dict[str, str], cast: Cast) -> list[str]:
    """An entry of [pronunciations] that no spoken text contains: a typo, or another script's."""
    if not cast.pronunciations:
        return []
    from dramatize.speakable import pronounce

    texts = [e.text for c in chapters for e in c.events if isinstance(e, (Speech, Direction, Note))]
    texts += list(metadata.values())  # the title card says some of them
    unused = []
    for word, say in cast.pronunciations:
        if not any(pronounce(text, ((word, say),)) != text for text in texts):
            unused.append(word)
    return [f"{cast.path}: pronunciations.{word} never occurs in the script (spelled as the script spells "
            f"it? an entry in lower case matches any case)" for word in unused]


def lookalike_labels(script: Script) -> list[str]:
    """Warnings for labels that look like one another: a misspelling (TROTKY and TROTSKY), or the
    same letters from another alphabet (a Cyrillic А in АLICE). Numbered labels (SPEAKER_00,
    SPEAKER_01) are different speakers, never misspellings."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for event in script.events():
        if isinstance(event, Speech):
            for label in event.speakers:
                first.setdefault(label, event.line)
                counts[label] = counts.get(label, 0) + 1
    warnings = []
    labels = sorted((label for label in first if label != NARRATOR), key=lambda name: -counts[name])
    for i, common in enumerate(labels):
        for rare in labels[i + 1:]:
            if anyascii(rare) == anyascii(common):
                others = "".join(sorted({c for c in rare if not c.isascii()} | {c for c in common if not c.isascii()}))
                warnings.append(f"{script.source}:{first[rare]}: label {rare} looks like {common} but is written with "
                                f"other letters ({others}); a cast file's aliases can join them")
            elif _digits_only_apart(common, rare):
                continue
            elif difflib.SequenceMatcher(None, common, rare).ratio() >= 0.8:
                warnings.append(f"{script.source}:{first[rare]}: label {rare} looks like a misspelling of {common}; "
                                f"a cast file's aliases can join them")
    return warnings


def _digits_only_apart(a: str, b: str) -> bool:
    """SPEAKER_00 and SPEAKER_01, GUARD 1 and GUARD 2: the same but for their numbers."""
    return re.sub(r"\d+", "#", a) == re.sub(r"\d+", "#", b) and a != b


def find_cast_file(script_path: Path) -> Path | None:
    """The cast file that belongs to a script: `NAME.cast.toml` beside it, else `voices/NAME.toml`
    in the current folder or beside the script's folder. None: cast automatically."""
    stem = script_path.stem
    for candidate in (script_path.with_name(f"{stem}.cast.toml"), Path("voices") / f"{stem}.toml",
                      Path(os.path.abspath(script_path)).parent.parent / "voices" / f"{stem}.toml"):
        if candidate.is_file():
            return candidate
    return None
