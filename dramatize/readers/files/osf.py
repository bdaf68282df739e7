"""Fade In (.fadein): a zip holding `document.xml` in the Open Screenplay Format, read with
defusedxml. Each `<para>` names its element in `<style basestylename=…>` (OSF 3, Fade In) or
`basestyle=…` (OSF 2); written as Fountain like a Final Draft paragraph (fdx.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dramatize.errors import DramatizeError
from dramatize.readers.files import Converted, TextBuilder
from dramatize.readers.files.fdx import LINE, element, parse_xml
from dramatize.readers.files.zipped import member

# OSF style names that differ from Final Draft's paragraph types.
_TYPES = {"Scene Heading": "Scene Heading", "Action": "Action", "Character": "Character", "Dialogue": "Dialogue",
          "Parenthetical": "Parenthetical", "Transition": "Transition", "Shot": "Shot", "Lyrics": "Lyrics"}


def document_of(data: bytes, source: str) -> bytes:
    return member(data, source, lambda name: name == "document.xml", "the Open Screenplay Format document.xml",
                  "Fade In file")


def _text(para: ET.Element) -> str:
    return "".join("".join(t.itertext()) for t in para.findall("text"))


def _line(para: ET.Element) -> int:
    first = para.find("text")
    return int((first if first is not None else para).get(LINE, "0"))


def _style(para: ET.Element) -> str:
    style = para.find("style")
    if style is None:
        return "Action"
    name = style.get("basestylename") or style.get("basestyle") or "Action"
    return _TYPES.get(name, "Action")


def convert(data: bytes, source: str) -> Converted:
    root = parse_xml(document_of(data, source), f"{source} (document.xml)", "Fade In document")
    paragraphs = root.find("paragraphs")
    if paragraphs is None:
        raise DramatizeError("is a Fade In file whose document.xml has no <paragraphs>: there is no script in it",
                             source)
    out = TextBuilder()
    title = [(_text(p).strip(), _line(p)) for p in root.findall("titlepage/para")]
    title = [(t, n) for t, n in title if t]
    if title:
        out.key("Title", title[0][0], title[0][1])
        for i, (t, n) in enumerate(title[1:]):
            if t.lower() in ("written by", "by") and i + 2 < len(title):
                out.key("Credit", t, n)
            elif title[i][0].lower() in ("written by", "by"):
                out.key("Author", t, n)
            else:
                out.key("Notes", t, n)
        out.blank()
    for para in paragraphs.findall("para"):
        kind = _style(para)
        text = _text(para)
        if kind == "Parenthetical" and text.strip() and not text.strip().startswith("("):
            text = f"({text.strip()})"  # Fade In stores a parenthetical without its brackets
        element(out, kind, text, _line(para))
    return Converted(out.text(), "fountain", "a Fade In file (.fadein): its Open Screenplay Format paragraphs read "
                     "by their styles", out.origins)
