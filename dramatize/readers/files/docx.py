"""Word (.docx), read with python-docx. A document whose paragraph styles are named like screenplay
elements (Scene Heading, Character, Dialogue, Parenthetical, Action, Transition: the styles of
Word screenplay templates and of screenplay exports) is written as Fountain, element by element;
any other document is its paragraphs as plain text, for the usual family detection. Line numbers
count the document's paragraphs."""

from __future__ import annotations

import io
import re

from dramatize.errors import DramatizeError
from dramatize.readers.files import Converted, TextBuilder
from dramatize.readers.files.fdx import element

# Style name (lower case, any words around it) -> the screenplay element it is.
_STYLES = [(re.compile(r"scene ?heading|slug ?line|\bslug\b"), "Scene Heading"),
           (re.compile(r"parenthetical|\bwrylies?\b"), "Parenthetical"),
           (re.compile(r"character|\bcue\b"), "Character"),
           (re.compile(r"dialog"), "Dialogue"),
           (re.compile(r"transition"), "Transition"),
           (re.compile(r"\bshot\b"), "Shot"),
           (re.compile(r"action|description|general"), "Action")]


def element_of(style: str) -> str | None:
    name = style.lower()
    return next((kind for pattern, kind in _STYLES if pattern.search(name)), None)


def paragraphs_of(data: bytes, source: str) -> list[tuple[str, str]]:
    """(text, style name) of every paragraph of the body, in order; tables' paragraphs after the
    paragraph they follow."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        out = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                out.append((block.text, block.style.name if block.style is not None else ""))
            elif isinstance(block, Table):
                for row in block.rows:
                    cells = list(dict.fromkeys(c._tc for c in row.cells))  # merged cells appear once
                    texts = [" ".join(p.text for p in _cell(row, tc).paragraphs).strip() for tc in cells]
                    out.append((": ".join(t for t in texts if t) if len(texts) == 2 else "  ".join(texts), "Table"))
        return out
    except DramatizeError:
        raise
    except Exception as err:  # python-docx and lxml raise many kinds for a damaged document
        raise DramatizeError(f"is a Word document that cannot be read ({type(err).__name__}: {err}); save it again",
                             source) from None


def _cell(row, tc):
    return next(c for c in row.cells if c._tc is tc)


def convert(data: bytes, source: str) -> Converted:
    paragraphs = paragraphs_of(data, source)
    kinds = [element_of(style) for _, style in paragraphs]
    out = TextBuilder()
    metadata = {}
    if kinds.count("Character") >= 2 and kinds.count("Dialogue") >= 2:
        for number, ((text, style), kind) in enumerate(zip(paragraphs, kinds), 1):
            if style == "Title" and text.strip() and not out.lines:
                out.key("Title", text, number)
                out.blank()
                continue
            element(out, kind or "Action", text, number)
        return Converted(out.text(), "fountain", "a Word document (.docx) with screenplay paragraph styles "
                         "(Character, Dialogue…)", out.origins)
    for number, (text, style) in enumerate(paragraphs, 1):
        if not text.strip():
            continue
        if style == "Title" and "title" not in metadata:
            metadata["title"] = " ".join(text.split())
        out.add(text.replace("\t", " "), number)
        out.blank()
    return Converted(out.text(), None, "a Word document (.docx) read as text", out.origins, metadata=metadata)
