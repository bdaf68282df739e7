"""Check the hand-written corpus expectations against their scripts.

Plain Python (dramatize is imported only to number a binary file's lines):
it validates the shape of every NAME.expected.json, that each annotated line exists and holds text, that each
speaker named in a speech is declared, and that every never_spoken string
really occurs in the script (so a test that asserts it is not read aloud can
fail). Run: python tests/corpus/check_expected.py  (exit 1 on any problem).
"""
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAMILIES = {"transcript", "play", "fountain", "hearing", "radio"}
KINDS = {"sound", "narrate", "delivery", "silent"}
REQUIRED = {"family", "speakers", "speeches", "not_speakers", "never_spoken", "chapters", "directions"}
OPTIONAL = {"title", "author", "aliases", "cast", "notes", "dual_dialogue", "scenes",
            "fetched"}  # where a file kept out of git comes from: file, repo, commit, path, part, sha256


def script_for(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.json")]
    folders = [HERE] + ([HERE / "fetched"] if (HERE / "fetched").is_dir() else [])  # fetched files: not in git
    found = [p for folder in folders for p in folder.iterdir()
             if p.stem == stem and p != expected and not p.name.endswith(".json")]
    if len(found) != 1:
        raise ValueError(f"expected exactly one script named {stem}.*, found {[p.name for p in found]}")
    return found[0]


def is_str_list(v):
    return isinstance(v, list) and all(isinstance(x, str) and x for x in v)


def absent(expected: Path) -> bool:
    """A fetched file (kept out of git) that is not in fetched/ on this machine: nothing to check."""
    fetched = json.loads(expected.read_text(encoding="utf-8")).get("fetched")
    return bool(fetched) and not (HERE / "fetched" / fetched["file"]).is_file()


def check(expected: Path) -> list[str]:
    errors = []
    err = errors.append
    try:
        d = json.loads(expected.read_text(encoding="utf-8"))
        script = script_for(expected)
    except (ValueError, OSError) as e:
        return [str(e)]
    if "fetched" in d and hashlib.sha256(script.read_bytes()).hexdigest() != d["fetched"].get("sha256"):
        err(f"{script.name} is not the fetched file its sha256 names")
    if script.suffix.lower() in {".pdf", ".docx", ".fadein", ".highland"}:
        # a binary file: its lines as dramatize numbers them (a PDF's page by page, a Word document's paragraphs)
        sys.path.insert(0, str(HERE.parent.parent))
        from dramatize.readers.files import source_lines

        lines = source_lines(script)
        text = "\n".join(lines)
    else:
        text = script.read_text(encoding="utf-8")
        lines = text.split("\n")

    def line_has_text(n, what):
        if not isinstance(n, int) or not 1 <= n <= len(lines):
            err(f"{what}: line {n!r} outside 1..{len(lines)}")
        elif not lines[n - 1].strip():
            err(f"{what}: line {n} is blank")

    missing, unknown = REQUIRED - d.keys(), d.keys() - REQUIRED - OPTIONAL
    if missing:
        err(f"missing keys {sorted(missing)}")
    if unknown:
        err(f"unknown keys {sorted(unknown)}")
    if d.get("family") not in FAMILIES:
        err(f"family {d.get('family')!r} not in {sorted(FAMILIES)}")
    for key in ("speakers", "not_speakers", "never_spoken", "chapters"):
        if key in d and not (isinstance(d[key], list) and is_str_list(d[key])):
            err(f"{key} must be a list of non-empty strings")
    for key in ("title", "author", "notes"):
        if key in d and not (isinstance(d[key], str) and d[key]):
            err(f"{key} must be a non-empty string")
    for key in ("title", "author"):
        # Only what the file itself says: every word of it must be in the script.
        for word in d.get(key, "").replace(",", " ").split():
            if word not in text:
                err(f"{key} word {word!r} does not occur in {script.name}")

    speakers = set(d.get("speakers", []))
    spoken_by = set()
    speech_lines = []
    for item in d.get("speeches", []):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
            err(f"speech {item!r} is not [LINE, SPEAKER]")
            continue
        n, who = item
        line_has_text(n, f"speech {item}")
        for name in who.split(" & "):
            if name not in speakers:
                err(f"speech {item}: {name!r} not in speakers")
            spoken_by.add(name)
        speech_lines.append(n)
    if speech_lines != sorted(set(speech_lines)):
        err("speeches must be in line order with one speech per line")
    for name in speakers - spoken_by:
        err(f"speaker {name!r} has no speech")

    for alias, target in d.get("aliases", {}).items():
        if alias not in speakers or not isinstance(target, str):
            err(f"alias {alias!r} -> {target!r}: key must be a declared speaker")
    if "cast" in d and not is_str_list(d["cast"]):
        err("cast must be a list of non-empty strings")
    if "scenes" in d and not is_str_list(d["scenes"]):
        err("scenes must be a list of non-empty strings")
    for pair in d.get("dual_dialogue", []):
        if not (isinstance(pair, list) and len(pair) == 2 and all(n in speech_lines for n in pair)):
            err(f"dual_dialogue {pair!r} must name two speech lines")

    for item in d.get("directions", []):
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[1], str) and item[1]):
            err(f"direction {item!r} is not [LINE, TEXT, KIND]")
            continue
        line_has_text(item[0], f"direction {item[:2]}")
        if item[2] not in KINDS:
            err(f"direction {item[:2]}: kind {item[2]!r} not in {sorted(KINDS)}")

    for s in d.get("never_spoken", []):
        if s not in text:
            err(f"never_spoken {s!r} does not occur in {script.name}")
    for s in d.get("chapters", []):
        if s not in text:
            err(f"chapter {s!r} does not occur in {script.name}")
    return errors


def main() -> int:
    files = sorted(HERE.glob("*.expected.json"))
    if not files:
        print("no *.expected.json found")
        return 1
    failed, speeches = 0, 0
    per_family = {}
    for f in files:
        if absent(f):
            print(f"skip {f.name:48} (a fetched file, not in fetched/)")
            continue
        errors = check(f)
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            d = {}
        n = len(d.get("speeches", []))
        speeches += n
        per_family[d.get("family")] = per_family.get(d.get("family"), 0) + 1
        status = "ok" if not errors else "FAIL"
        print(f"{status:4} {f.name:48} {d.get('family', '?'):10} {n:4} speeches")
        for e in errors:
            print(f"       - {e}")
        failed += bool(errors)
    files = [f for f in files if not absent(f)]
    scripts = {p.stem for p in HERE.iterdir()
               if p.is_file() and p.suffix not in {".json", ".py"} and p.name != "README.md"}
    annotated = {f.name[: -len(".expected.json")] for f in files}
    for stem in sorted(scripts - annotated):
        print(f"FAIL {stem}: script without an .expected.json")
        failed += 1
    print(f"{len(files)} files, {speeches} annotated speeches, families {per_family}")
    passed = len(files) - sum(1 for f in files if check(f))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
