"""Final Draft (.fdx): XML read with defusedxml (no entity expansion, no external entities: an XML
bomb is refused), each paragraph written as the Fountain element its `Type` names, the title page
as Fountain title-page keys. Fountain's forcing marks (`.`, `!`, `@`, `>`) are used throughout, so
the Fountain reader takes each paragraph as the type Final Draft gave it, not as its text looks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from dramatize.errors import DramatizeError
from dramatize.readers.files import Converted, TextBuilder

LINE = "{dramatize}line"  # the source line of an element, recorded while parsing


class _LineTarget(ET.TreeBuilder):
    parser: DefusedXMLParser | None = None

    def start(self, tag, attrs):
        attrs = dict(attrs)
        attrs[LINE] = str(self.parser.parser.CurrentLineNumber if self.parser else 0)
        return super().start(tag, attrs)


def parse_xml(data: bytes, source: str, what: str) -> ET.Element:
    """The XML's root with each element's line in attrib[LINE]; one error line for anything that is
    not well-formed XML or uses entity tricks."""
    target = _LineTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    target.parser = parser
    try:
        parser.feed(data)
        return parser.close()
    except DefusedXmlException as err:
        raise DramatizeError(f"{what} declares XML entities ({type(err).__name__}); refused, as an XML bomb "
                             f"could be hidden that way", source) from None
    except ET.ParseError as err:
        line = err.position[0] if err.position else 0
        raise DramatizeError(f"is not well-formed XML, so not a readable {what} ({err.msg})",
                             f"{source}:{line}" if line else source) from None


def text_of(paragraph: ET.Element) -> str:
    """A paragraph's words: its <Text> runs joined (styles such as Underline are not spoken anyway)."""
    return "".join(t.text or "" for t in paragraph.findall("Text")).replace("\r", "").replace("\t", " ")


def line_of(element: ET.Element) -> int:
    first = element.find("Text")
    return int((first if first is not None else element).get(LINE, "0"))


def title_page(root: ET.Element, out: TextBuilder) -> None:
    """Final Draft's title page (centered paragraphs) as Fountain title-page keys: the lines before
    "Written by" are the title, the line after it the author, the rest contact details."""
    page = root.find("TitlePage/Content")
    if page is None:
        return
    lines = [(text_of(p).strip(), line_of(p)) for p in page.iter("Paragraph")]
    lines = [(t, n) for t, n in lines if t]
    if not lines:
        return
    credit = next((i for i, (t, _) in enumerate(lines) if re.fullmatch(r"(written |screenplay |story )?by\b.*|"
                                                                        r"an? .* by", t, re.I)), None)
    title = lines[:credit] if credit is not None else lines[:1]
    rest = lines[credit + 1:] if credit is not None else lines[1:]
    out.key("Title", " ".join(" ".join(t.split()) for t, _ in title), title[0][1])
    if credit is not None:
        out.key("Credit", lines[credit][0], lines[credit][1])
        if rest:
            out.key("Author", rest[0][0], rest[0][1])
            rest = rest[1:]
    if rest:
        out.add("Contact:", rest[0][1])
        for t, n in rest:
            for part in t.split("\n"):
                out.add("    " + part.strip(), n)
    out.blank()


def element(out: TextBuilder, kind: str, text: str, line: int, dual: bool = False) -> None:
    """One paragraph as Fountain, forced to its Final Draft type."""
    text = text.strip("\n")
    if not text.strip():
        return
    if kind == "Scene Heading":
        out.blank()
        out.add("." + " ".join(text.split()), line)
        out.blank()
    elif kind == "Character":
        out.blank()
        out.add("@" + " ".join(text.split()) + (" ^" if dual else ""), line)
    elif kind == "Parenthetical":
        t = " ".join(text.split())
        out.add(t if t.startswith("(") else f"({t})", line)
    elif kind == "Dialogue" or kind == "Lyrics":
        mark = "~" if kind == "Lyrics" else ""
        out.add("\n".join(mark + (l if l.strip() else "  ") for l in text.split("\n")), line)
    elif kind == "Transition":
        out.blank()
        out.add("> " + " ".join(text.split()).rstrip("<").strip(), line)
        out.blank()
    else:  # Action, General, Shot, Cast List…: the narrator's
        out.blank()
        out.add("\n".join(("!" if i == 0 else "") + l for i, l in enumerate(text.split("\n"))), line)
        out.blank()


def convert(data: bytes, source: str) -> Converted:
    root = parse_xml(data, source, "Final Draft file")
    if root.tag != "FinalDraft":
        raise DramatizeError(f"is XML with a <{root.tag}> root, not a Final Draft document", source)
    out = TextBuilder()
    title_page(root, out)
    content = root.find("Content")
    if content is None:
        raise DramatizeError("is a Final Draft file with no <Content>: there is no script in it", source)
    duals = 0
    for paragraph in content.findall("Paragraph"):
        dual = paragraph.find("DualDialogue")
        if dual is not None:
            duals += 1
            cues = 0
            for inner in dual.findall("Paragraph"):
                kind = inner.get("Type", "Action")
                cues += kind == "Character"
                element(out, kind, text_of(inner), line_of(inner), dual=kind == "Character" and cues == 2)
            continue
        element(out, paragraph.get("Type", "Action"), text_of(paragraph), line_of(paragraph))
    said = f", {duals} dual dialogue{'s' if duals != 1 else ''}" if duals else ""
    return Converted(out.text(), "fountain", f"a Final Draft file (.fdx): its paragraphs read by their types{said}",
                     out.origins)
