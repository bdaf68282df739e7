"""The command line: parse flags, call the pipeline, print results. User mistakes are one line."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dramatize import __version__
from dramatize.errors import ConfigErrors, DramatizeError
from dramatize.lifetime import Terminated, stops_as_interrupts
from dramatize.timing import clock

CAST_HELP = ("cast file; default: the script's own (NAME.cast.toml beside it, or voices/NAME.toml), else an "
             "automatic cast; 'none' for an automatic cast")


def _warn(message: str):
    print(f"warning: {message}", file=sys.stderr)


def _default_output(script: Path) -> Path:
    return Path("out") / f"{script.stem}.m4b"


def render_job(args):
    """The RenderJob that `render`, `audition` or `say` asks for: built once, here."""
    from dramatize.cache import default_cache_dir
    from dramatize.job import RenderJob

    common = dict(script=args.script, cast=args.cast, master=args.master, format=args.format, workers=args.workers,
                  cache=None if args.no_cache else default_cache_dir(), quality=args.quality)
    if args.command == "audition":
        if args.script is None and not args.cue:
            raise DramatizeError("audition: name the script whose cast to hear (--script FILE), or a stage "
                                 "direction to hear (--cue \"[The door creaks open.]\")")
        return RenderJob(output=args.output or Path("out/audition.wav"), audition=tuple(args.speakers),
                         audition_text=args.text, audition_cues=tuple(args.cue or ()), sidecars=False, **common)
    if args.command == "say":
        if not args.text.strip():
            raise DramatizeError('say: nothing to say; give the words, e.g. dramatize say "Kuomintang" --script '
                                 'FILE --voice SPEAKER')
        return RenderJob(output=args.output or Path("out/say.wav"), audition=(args.voice,), audition_text=args.text,
                         sidecars=False, **common)
    return RenderJob(output=args.output or _default_output(args.script), chapter=args.chapter, lines=args.lines,
                     speaker=args.speaker, mute=args.mute, stems=args.stems, takes=args.takes,
                     sidecars=not args.no_sidecars, **common)


def _is_catalogue(args) -> bool:
    if args.command != "render":
        return False
    if not args.script and not args.catalogue:
        raise DramatizeError("render: name a script (or several, or --catalogue FILE)")
    if args.shared and not args.cluster:
        raise DramatizeError("--shared goes with --cluster: it says the cluster's workers share this machine's files")
    many = len(args.script) > 1 or args.catalogue is not None or args.cluster is not None
    if many and (args.chapter or args.lines or args.speaker or args.mute):
        raise DramatizeError("--chapter, --scene, --lines, --speaker and --mute choose part of one script; render "
                             "that script alone")
    if not many:
        args.script = args.script[0]
    return many


def _summary(result) -> str:
    from dramatize.timing import MIX_RATE as rate

    timeline = result.timeline
    speakers = sorted({p.source.voice.name for p in timeline.placements if p.bus == "speech"})
    return (f"{result.output}: {clock(timeline.length / rate)}, {len(timeline.chapters)} chapters, "
            f"{len(speakers)} speakers, {result.level:.1f} {result.preset.unit}")


def cmd_catalogue(args, progress) -> int:
    from dramatize.cache import default_cache_dir
    from dramatize.catalogue import read_manifest, render_catalogue
    from dramatize.export.audio import CONTAINERS
    from dramatize.job import RenderJob

    folder = args.output or Path("out")
    if folder.suffix.lower() in CONTAINERS or folder.is_file():
        raise DramatizeError("with several scripts, -o names the folder of their outputs", str(folder))
    common = dict(cast=args.cast, master=args.master, format=args.format, workers=args.workers,
                  cache=None if args.no_cache else default_cache_dir(), sidecars=not args.no_sidecars,
                  quality=args.quality, takes=args.takes)
    jobs = read_manifest(args.catalogue, folder, **common) if args.catalogue else []
    jobs += [RenderJob(script=script, output=folder / f"{script.stem}.m4b", **common) for script in args.script]
    result = render_catalogue(jobs, args.cluster, args.shared, progress, (lambda m: None) if args.quiet else _warn)
    stats = result.stats
    print(f"rendered {len(jobs) - len(result.failed)} of {len(jobs)} scripts in {result.seconds:.1f} s: "
          f"{stats.synthesized} clips spoken, {stats.cached} from cache"
          + (f", {stats.shifted} re-pitched" if stats.shifted else "")
          + (f"; {result.shared} shared by several scripts, spoken once" if result.shared else ""))
    for entry in result.entries:
        if entry.result:
            print(f"  wrote {_summary(entry.result)}")
    for entry in result.failed:
        print(f"error: {entry.job.script}: {entry.error}", file=sys.stderr)
    return 0 if not result.failed else 2 if len(result.failed) == len(jobs) else 1


def cmd_render(args) -> int:
    from dramatize.progress import Progress
    from dramatize.render import render
    from dramatize.timing import MIX_RATE as rate

    progress = Progress(False if args.quiet else None)
    if _is_catalogue(args):
        return cmd_catalogue(args, progress)
    result = render(render_job(args), progress=progress, warn=(lambda m: None) if args.quiet else _warn)
    timeline = result.timeline
    speakers = sorted({p.source.voice.name for p in timeline.placements if p.bus == "speech"})
    stats = result.stats
    print(f"wrote {_summary(result)}; {result.seconds:.1f} s "
          f"({stats.cached} of {stats.unique} clips from cache"
          + (f"; {stats.shifted} re-pitched without speaking them again" if stats.shifted else "")
          + (f"; {stats.damaged} damaged cache entr{'y' if stats.damaged == 1 else 'ies'} re-made" if stats.damaged
             else "") + ")")
    if not args.quiet:
        for number, chapter in enumerate(timeline.chapters, start=1):
            print(f"  {number:>2}. {clock(chapter.start / rate):>8}  {chapter.title}")
        print(f"  speakers: {', '.join(speakers)}")
        if result.takes and result.takes.found:  # which lines an actor recorded, which are still synthetic
            from dramatize.takes import summary

            print(f"  takes: {summary(timeline.transcript, result.takes.used)}")
        for path in result.sidecars.values():
            print(f"  + {path}")
    return 0


def cmd_inspect(args) -> int:
    from dramatize.acoustics import space_of
    from dramatize.cues import beds
    from dramatize.directions import Action
    from dramatize.lineids import event_ids
    from dramatize.model import Direction, Note, Speech, to_json
    from dramatize.production.casting import lookalike_labels
    from dramatize.job import cast_file_for
    from dramatize.readers import read_script
    from dramatize.render import load

    # No cast file (none given, none found, or --cast none): the script as written, no voices chosen.
    cast_file = cast_file_for(args.script, args.cast)
    cast = None
    if cast_file is None:
        script = read_script(args.script, args.format)
        script = script.with_warnings(*lookalike_labels(script))
    else:
        script, cast = load(args.script, cast_file, args.format, args.quality)
    if args.json:
        json.dump(to_json(script), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"   format: {script.format} ({script.format_reason})")
    for key, value in script.metadata.items():
        print(f"{key:>9}: {value}")
    ids = iter(event_ids(script))
    from dramatize.takes import recorded, takes_folder

    takes = recorded(args.script, script, cast)  # lines an actor recorded: marked *
    for number, chapter in enumerate(script.chapters, start=1):
        print(f"\n{number}. {chapter.title}  (line {chapter.line}, {chapter.kind})")
        place, rule = beds.scene_atmosphere(chapter, script.format, cast.scene_rules if cast else ())
        space = space_of(chapter.title, script.format, cast.scene_rules if cast else ())
        if space != "room" and chapter.kind == "body":
            print(f"  {'':<18}         ~ played in: {space} (acoustics: how much of every voice rings on)")
        if place:
            print(f"  {'':<18}         ~ atmosphere: {place}, held under the scene "
                  f"({'a [[scenes]] rule' if rule else 'the heading names the place'})")
        for event in chapter.events:
            line_id = next(ids)
            print(f"  {line_id:<17}{'*' if line_id in takes else ' '}", end="")  # the line's stable id (lineids.py)
            if isinstance(event, Speech):
                who = " + ".join(event.speakers) + (" (aside)" if event.aside else "")
                notes = f"  [notes {', '.join(event.note_refs)}]" if event.note_refs else ""
                how = f" ({event.delivery})" if event.delivery else ""
                words = len(event.text.split())
                print(f"  {event.line:>5}  {who + how:<24} {words:>4} words  {event.text[:60]}"
                      f"{'…' * (len(event.text) > 60)}{notes}")
            elif isinstance(event, Direction):
                say = f' says "{event.say}"' if event.say else ""
                form = (", held" if beds.held(event.text, event.sound) else ", bridge" if event.sound == "music"
                        else "") if event.action == Action.SOUND else ""
                heard = {Action.SOUND: f"sound: {event.sound}{form}" + (" + narrated" if event.told else ""),
                         Action.DELIVERY: f"delivery: {event.delivery or 'note'}",
                         Action.NARRATE: "narrated"}.get(event.action, str(event.action))
                print(f"  {event.line:>5}  ~ {heard:<30} [{event.text[:70]}]{say}")
            elif isinstance(event, Note):
                print(f"  {event.line:>5}  note {event.number:<15}        {event.text[:60]}…")
    for item in script.skipped:
        print(f"  not read: {item}")
    _print_reading_changes(args, cast_file, script)
    if takes:
        spoken = sum(isinstance(e, Speech) for e in script.events())
        print(f"\n  * a recorded take ({takes_folder(args.script, cast)}): {len(takes)} lines; the other "
              f"{max(0, spoken - len(takes))} speeches synthetic")
    _print_estimate(args, script, cast)
    for warning in script.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _print_reading_changes(args, cast_file, script):
    """What the cast file's [reading] table changed: the script read without it, compared."""
    if cast_file is None:
        return
    from dramatize.production.config import load_reading
    from dramatize.readers import read_script
    from dramatize.readers.reading import changes

    reading = load_reading(cast_file)
    if not reading:
        return
    found = changes(read_script(args.script, args.format), script)
    print(f"\n  [reading] in {cast_file}: " + ("changed nothing" if not found else f"{len(found)} change(s)"))
    for line in found:
        print(f"    {line}")


def _print_estimate(args, script, cast):
    """The running time a render would have, per speaker and in total, from the words and each voice's
    rate (estimate.py); with no cast file, the automatic cast's voices."""
    from dramatize.estimate import estimate
    from dramatize.render import load

    try:
        if cast is None:
            script, cast = load(args.script, None, args.format, args.quality)
    except DramatizeError as err:  # no engine to cast with: the script is still shown
        print(f"\nno running time estimated: {err}")
        return
    guess = estimate(script, cast)
    print(f"\nestimated running time: {clock(guess.total)} (the words at each voice's rate, with the render's "
          f"pauses and cues; nothing spoken)")
    for name, seconds in guess.speakers.items():
        print(f"  {name[:24]:<24} {clock(seconds):>8}  {guess.words[name]:>6} words")


def cmd_sides(args) -> int:
    from dataclasses import replace

    from dramatize.job import cast_file_for
    from dramatize.production.config import load_cast
    from dramatize.readers import read_script
    from dramatize.sides import speaker_of, write_sides
    from dramatize.takes import recorded

    script = read_script(args.script, args.format)
    cast_file = cast_file_for(args.script, args.cast)
    cast = load_cast(cast_file) if cast_file is not None else None  # its aliases and folder of takes; no voices
    speaker = speaker_of(script, args.speaker, cast.aliases if cast else None)
    if cast is not None and cast.production.get("title"):  # the production's title heads the sides
        script = replace(script, metadata={**script.metadata, "title": cast.production["title"]})
    text, page, count = write_sides(args.script, script, speaker, args.output or Path("out"),
                                    recorded(args.script, script, cast))
    print(f"wrote {text} and {page}: {script.name_of(speaker)}'s {count} line{'s' * (count != 1)}, each with its "
          f"id and cue")
    return 0


def cmd_voices(args) -> int:
    from dramatize.engines.measured import HEADINGS, copies, figures
    from dramatize.render import require_engines

    engines = require_engines()
    print(f"{'engine':<9} {'id':<32} {'language':<16} {'gender':<7} {HEADINGS}")
    for engine in engines.values():
        rows = [v for v in engine.voices() if not args.filter or any(args.filter.lower() in str(f).lower() for f in v)]
        # a palette's shifted copy is another character: a row of its own, at its pitch
        pitched = [(v, 50, language, gender) for v, language, gender in rows]
        pitched += [(v, pitch, language, gender) for v, language, gender in rows for pitch in copies(engine.name, v)]
        for engine_voice, pitch, language, gender in sorted(pitched, key=lambda r: (r[0], r[1] != 50, r[1])):
            shown = engine_voice if pitch == 50 else f"{engine_voice} @pitch {pitch}"
            measures = figures(engine.name, engine_voice, pitch)
            print(f"{engine.name:<9} {shown:<32} {language:<16} {gender:<7} {measures}".rstrip())
        if getattr(engine, "variants", None):
            print(f"\nvariants (append to a pyttsx3 id, e.g. gmw/en+m3): {' '.join(engine.variants)}")
        if engine.name == "kokoro" and rows:
            print("\nblends of Kokoro voices are voices too: kokoro:af_bella*0.6+bf_emma*0.4\n")
        for fault in getattr(engine, "faults", lambda: [])():
            print(f"warning: {engine.name}: {fault}", file=sys.stderr)
    return 0


def cmd_cast(args) -> int:
    from dramatize.model import Speech
    from dramatize.estimate import estimate
    from dramatize.production.config import VOICE_SETTINGS
    from dramatize.job import cast_file_for
    from dramatize.production.write import starter_cast
    from dramatize.render import load

    cast_file = cast_file_for(args.script, args.cast)
    script, cast = load(args.script, cast_file, args.format, args.quality)
    counts: dict[str, list[int]] = {}
    for event in script.events():
        if isinstance(event, Speech):
            for speaker in event.speakers:
                entry = counts.setdefault(speaker, [0, 0])
                entry[0] += 1
                entry[1] += len(event.text.split())
    if args.write:
        from dramatize.export.outputs import OutputSet, refuse_overwriting
        from dramatize.export.sidecars import write_text

        if args.write.exists() and not args.force:
            raise DramatizeError("already exists; choose another name or add --force", str(args.write))
        refuse_overwriting([args.write], [("script", args.script), ("cast file", cast_file)])
        with OutputSet() as outputs:
            write_text(outputs.temp(args.write), starter_cast(script, cast, counts), args.write)
        print(f"wrote {args.write}: {len(counts)} speakers; edit it, then render with --cast {args.write}")
        return 0
    print(f"cast: {cast.source}")
    guess = estimate(script, cast)
    width = {key: max(len(key), 5) for key in VOICE_SETTINGS}  # one column per voice setting
    print(f"{'speaker':<16} {'voice':<30} " + " ".join(f"{key:>{width[key]}}" for key in VOICE_SETTINGS)
          + f" {'paras':>5} {'words':>6} {'~time':>6}  aliases")
    for speaker, (paragraphs, words) in counts.items():
        voice = cast.voice_for(speaker)
        aliases = ", ".join(a for a, target in cast.aliases.items() if target == speaker)
        shown = voice.label + (" (auto)" if voice.auto else "")
        settings = " ".join(f"{getattr(voice, key):>{width[key]}g}" for key in VOICE_SETTINGS)
        print(f"{speaker[:16]:<16} {shown:<30} {settings} "
              f"{paragraphs:>5} {words:>6} {clock(guess.speakers.get(voice.name, words / voice.rate * 60)):>6}  "
              f"{aliases}")
    print(f"estimated running time: {clock(guess.total)} (the words at each voice's rate, with the render's pauses "
          f"and cues; nothing spoken)")
    for warning in script.warnings:
        _warn(warning)
    return 0


def cmd_check(args) -> int:
    from dramatize.check import check
    from dramatize.master import preset_for

    preset = preset_for(args.master, args.file.suffix.lower())  # a bad preset is refused before measuring
    if args.listen:  # a missing extra or transcript is said before the file is measured
        from dramatize.listen import require_extra, spoken_lines

        require_extra()
        lines = spoken_lines(args.file)
    report = check(args.file)
    print(f"{report.path}: {clock(report.duration)} ({report.duration:.3f} s; {report.decoded:.3f} s decode), "
          f"{report.codec}, {report.channels} channels, {report.sample_rate} Hz")
    print(f"  loudness {report.loudness:.1f} LUFS, true peak {report.true_peak:.1f} dBTP, RMS {report.rms:.1f} dB")
    for key in ("title", "artist", "album", "date", "genre"):
        if key in report.tags:
            print(f"  {key}: {report.tags[key]}")
    print(f"  {len(report.chapters)} chapters")
    for number, (start, _end, title) in enumerate(report.chapters, start=1):
        print(f"    {number:>2}. {clock(start):>8}  {title}")
    damage, problems = report.damage(), report.problems(preset)
    for problem in damage:
        print(f"  FAIL: {problem}")
    for problem in problems:
        print(f"  FAIL ({preset.name}): {problem}")
    if not problems and not damage:
        print(f"  meets the {preset.name} preset")
    if args.listen:
        from dramatize.listen import listen, write
        from dramatize.progress import Progress

        listening = listen(args.file, lines, progress=Progress(), say=lambda m: print(m, file=sys.stderr))
        print("\n".join(listening.report()))
        print(f"  wrote {write(listening)}")
        from dramatize.export.page import make_page, page_path

        if page_path(args.file).is_file():  # the listening page marks the lines heard otherwise
            print(f"  updated {make_page(args.file)}")
    return 1 if problems or damage else 0


def cmd_page(args) -> int:
    from dramatize.export.page import make_page

    print(f"wrote {make_page(args.audio)}")
    return 0


def cmd_cache(args) -> int:
    from dramatize.cache import default_cache_dir, in_use, stores

    names = {"clips": "clips", "beds": "hall sound beds", "gains": "planned gains"}
    root = default_cache_dir()
    if not root.is_dir():
        print(f"no cache at {root}: nothing to remove")
        return 0
    with in_use(root, alone=True):
        for folder, cache in stores(root).items():
            removed, freed = cache.prune(args.older_than)
            print(f"removed {removed} {names[folder]} ({freed / 1e6:.1f} MB) from {cache.root}")
    return 0


def parser() -> argparse.ArgumentParser:
    from dramatize.readers import READERS

    top = argparse.ArgumentParser(prog="dramatize", description="Turn a play-like script into a chaptered audio drama.")
    top.add_argument("--version", action="version", version=f"dramatize {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    def format_flag(p):
        p.add_argument("--format", choices=tuple(READERS),
                       help="the script's family (default: detected from its extension and text)")

    def quality_flag(p):
        p.add_argument("--quality", choices=("draft", "final"),
                       help="voices of an automatic cast: draft (quick ones, to iterate) or final (Kokoro's "
                            "natural ones); default: $DRAMATIZE_QUALITY, else final")

    def render_flags(p, out_help):
        p.add_argument("--cast", help=CAST_HELP)
        p.add_argument("-o", "--output", type=Path, help=out_help)
        p.add_argument("--master", help="loudness preset: audiobook, podcast, or LUFS[/dBTP] such as -18/-2")
        p.add_argument("--no-cache", action="store_true", help="synthesise every clip again, keep nothing")
        p.add_argument("--workers", type=int, help="synthesis processes (default: one per core)")
        quality_flag(p)
        p.add_argument("-q", "--quiet", action="store_true", help="no progress, no warnings; just the summary")

    p = sub.add_parser("render", help="render a script to one chaptered audio file (or several scripts, a catalogue)")
    p.add_argument("script", type=Path, nargs="*", help="the script; several: a catalogue, one file each")
    format_flag(p)
    render_flags(p, "output file; its extension picks the format (.m4b .m4a .mp3 .opus .flac .mka .wav); "
                    "for a catalogue, the folder of the outputs (default: out)")
    p.add_argument("--chapter", "--scene", dest="chapter", metavar="N|TITLE",
                   help="render only this chapter, which is the script's scene (its number or part of its title)")
    p.add_argument("--lines", help="render only these script lines or line ids (as `inspect` shows them), "
                                   "e.g. 16-34, or trotsky-4c659a,molotov-8bff58, or ID..ID")
    p.add_argument("--speaker", metavar="ROLE", help="render only this role's lines and the cues within them")
    p.add_argument("--mute", metavar="ROLE",
                   help="a rehearsal track: everything but this role, whose lines are silences of their length")
    p.add_argument("--stems", action="store_true",
                   help="also write NAME.stems/: one file per speaker, the narration, the cues and the hall, "
                        "aligned to the mix and adding up to it before mastering (FLAC; WAV beside a .wav)")
    p.add_argument("--takes", choices=("strict", "lenient", "off"), default="strict",
                   help="recorded takes (takes/ beside the script, named by line ids): a bad take stops the render "
                        "(strict, the default), is warned of and its synthetic line used (lenient), or the takes "
                        "are ignored (off)")
    p.add_argument("--no-sidecars", action="store_true",
                   help="skip the .vtt, .chapters.json, .labels.txt, .cues.csv and .html files")
    p.add_argument("--catalogue", type=Path, metavar="FILE",
                   help="render every script a catalogue file lists ([[render]] tables: script, output, cast, ...)")
    p.add_argument("--cluster", metavar="ADDRESS",
                   help="speak the clips on a Dask cluster, e.g. tcp://host:8786 (its workers need dramatize)")
    p.add_argument("--shared", action="store_true",
                   help="with --cluster: the workers see this machine's files at the same paths, so they "
                        "also mix and encode (the cache must be on that shared folder too)")
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("audition", help="hear cast members side by side: each one's first line")
    p.add_argument("speakers", nargs="*", help="cast ids (default: every speaker of the script)")
    p.add_argument("--script", type=Path, help="the script whose cast to hear")
    format_flag(p)
    p.add_argument("--text", help="say this instead of each speaker's first line")
    p.add_argument("--cue", action="append", metavar="DIRECTION",
                   help='hear a stage direction as a render plays it, e.g. "[The door creaks open.]" '
                        "(repeatable; with --script, in that script's hall and [[cues]] rules)"),
    render_flags(p, "output file (default: out/audition.wav)")
    p.set_defaults(func=cmd_render, no_sidecars=True)

    p = sub.add_parser("say", help="hear a word or line at once in one speaker's voice (pronunciations applied)")
    p.add_argument("text", help="what to say, e.g. Kuomintang")
    p.add_argument("--voice", default="NARRATOR", help="the speaker whose voice says it (default: the narrator)")
    p.add_argument("--script", type=Path, required=True, help="the script whose cast has the voice")
    format_flag(p)
    render_flags(p, "output file (default: out/say.wav)")
    p.set_defaults(func=cmd_render, no_sidecars=True)

    p = sub.add_parser("inspect", help="show what the parser understood")
    p.add_argument("script", type=Path)
    format_flag(p)
    p.add_argument("--cast", help=CAST_HELP.replace("an automatic cast; 'none'", "an automatic cast; 'none' for "
                                                    "the labels as written, without casting"))
    p.add_argument("--json", action="store_true", help="the machine-readable document (see README)")
    quality_flag(p)
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("cast", help="who speaks with which voice, and how much; --write a starter cast file")
    p.add_argument("script", type=Path)
    format_flag(p)
    p.add_argument("--cast", help=CAST_HELP)
    p.add_argument("--write", type=Path, metavar="FILE", help="write a starter cast file for this script")
    p.add_argument("--force", action="store_true", help="with --write: replace FILE if it exists")
    quality_flag(p)
    p.set_defaults(func=cmd_cast)

    p = sub.add_parser("sides", help="an actor's sides: a speaker's lines with their ids and cues, as text and a "
                                     "page to record from")
    p.add_argument("speaker", help="the speaker (an id or name as the script writes it)")
    p.add_argument("script", type=Path)
    format_flag(p)
    p.add_argument("--cast", help=CAST_HELP)
    p.add_argument("-o", "--output", type=Path, metavar="FOLDER",
                   help="where to write NAME.SPEAKER.sides.txt and .html (default: out)")
    p.set_defaults(func=cmd_sides)

    p = sub.add_parser("voices", help="list the installed voices of every speech engine")
    p.add_argument("filter", nargs="?", help="show only voices whose id, language or gender contains this")
    p.set_defaults(func=cmd_voices)

    p = sub.add_parser("check", help="read a rendered file back: duration, chapters, loudness, peaks")
    p.add_argument("file", type=Path)
    p.add_argument("--master", help="preset to check against (default: by extension)")
    p.add_argument("--listen", action="store_true",
                   help="also hear every spoken line with a speech recogniser, list the lines and words hardest "
                        "to understand, suggest [pronunciations], write NAME.listen.json (pip install "
                        "'dramatize[listen]')")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("page", help="write the listening page (NAME.html) of an existing render")
    p.add_argument("audio", type=Path, help="a rendered file with its sidecars (NAME.vtt, NAME.chapters.json) beside it")
    p.set_defaults(func=cmd_page)

    p = sub.add_parser("prune-cache", help="remove synthesised clips, sound beds and planned gains from the cache")
    p.add_argument("--older-than", type=float, default=0.0, metavar="DAYS", help="only entries unused this long")
    p.set_defaults(func=cmd_cache)
    return top


def _join_negative_values(argv: list[str]) -> list[str]:
    """`--master -20/-2`: argparse takes a value that starts with '-' for an option; join it."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] == "--master" and re.fullmatch(r"-\d+(\.\d+)?(/-?\d+(\.\d+)?)?", arg):
            out[-1] = f"--master={arg}"
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(_join_negative_values(list(sys.argv[1:] if argv is None else argv)))
    try:
        with stops_as_interrupts():
            return args.func(args)
    except ConfigErrors as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except DramatizeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as stop:
        print(f"{'terminated' if isinstance(stop, Terminated) else 'interrupted'}; nothing was written", file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 130
    except BrokenPipeError:
        return 1
