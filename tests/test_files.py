"""The files producers send (issue 19): Final Draft, PDF, Fade In, Highland, Word and SRT, each made
here with a real writer (reportlab, python-docx, zipfile) or written as the format's XML, then read
through `read_script` as a user's file would be. Bad files are made for real too: an encrypted PDF,
an image-only PDF, an XML bomb, a truncated file, a zip of the wrong kind; each is one error line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from dramatize.errors import DramatizeError
from dramatize.model import Direction, Speech
from dramatize.readers import read_script
from dramatize.readers.files import sniff
from test_faults import one_error_line


def speeches(script) -> list[tuple[tuple[str, ...], str, int]]:
    return [(e.speakers, e.text, e.line) for e in script.events() if isinstance(e, Speech)]


def heard(script) -> str:
    """Everything a listener hears, one string."""
    parts = [e.text for e in script.events() if isinstance(e, Speech) or
             (isinstance(e, Direction) and str(e.action.value) != "silent")]
    return " ".join(parts)


def error_of(path: Path) -> str:
    with pytest.raises(DramatizeError) as caught:
        read_script(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


# ---------------------------------------------------------------- Final Draft

FDX = """<?xml version="1.0" encoding="UTF-8" standalone="no" ?>
<FinalDraft DocumentType="Script" Template="No" Version="4">
  <Content>
    <Paragraph Type="Scene Heading">
      <Text>INT. LIGHTHOUSE - NIGHT</Text>
    </Paragraph>
    <Paragraph Type="Action">
      <Text>WIND howls. MARA climbs the last steps.</Text>
    </Paragraph>
    <Paragraph Type="Character">
      <Text>MARA</Text>
    </Paragraph>
    <Paragraph Type="Parenthetical">
      <Text>(breathless)</Text>
    </Paragraph>
    <Paragraph Type="Dialogue">
      <Text>The lamp is </Text>
      <Text Style="Italic">out</Text>
      <Text>.</Text>
    </Paragraph>
    <Paragraph Type="Action">
      <Text>ALL CAPS ACTION, NOT A CUE</Text>
    </Paragraph>
    <Paragraph>
      <DualDialogue>
        <Paragraph Type="Character"><Text>TOMAS</Text></Paragraph>
        <Paragraph Type="Dialogue"><Text>Light it!</Text></Paragraph>
        <Paragraph Type="Character"><Text>MARA</Text></Paragraph>
        <Paragraph Type="Dialogue"><Text>I am trying!</Text></Paragraph>
      </DualDialogue>
    </Paragraph>
    <Paragraph Type="Transition">
      <Text>CUT TO:</Text>
    </Paragraph>
  </Content>
  <TitlePage>
    <Content>
      <Paragraph Alignment="Center"><Text>THE LAST LAMP</Text></Paragraph>
      <Paragraph Alignment="Center"><Text>Written by</Text></Paragraph>
      <Paragraph Alignment="Center"><Text>Ines Okafor</Text></Paragraph>
    </Content>
  </TitlePage>
</FinalDraft>
"""


def test_final_draft_paragraphs_are_read_by_their_type(tmp_path):
    path = tmp_path / "lamp.fdx"
    path.write_text(FDX, encoding="utf-8")
    script = read_script(path)
    assert script.format == "fountain" and "Final Draft" in script.format_reason
    assert script.metadata.get("title") == "THE LAST LAMP" and script.metadata.get("author") == "Ines Okafor"
    lines = FDX.split("\n")
    got = speeches(script)
    assert [(s, t) for s, t, _ in got if s != ("NARRATOR",)] == [
        (("MARA",), "The lamp is out."), (("TOMAS",), "Light it!"), (("MARA",), "I am trying!")]
    # Line numbers are the .fdx file's own: each speech at its <Text> line.
    for _, text, line in got:
        assert text.split()[0] in lines[line - 1]
    assert "ALL CAPS ACTION" in heard(script) and "CUT TO" not in heard(script)
    # what the Fountain reader says it left out is said at the .fdx's lines too
    title_lines = [n for n, line in enumerate(lines, 1) if "THE LAST LAMP" in line or "Ines Okafor" in line]
    assert f"lines {title_lines[0]}-{title_lines[-1]}: the title page" in " ".join(script.skipped)


def test_a_final_draft_file_is_known_by_its_content_whatever_its_name(tmp_path):
    path = tmp_path / "lamp.txt"
    path.write_text(FDX, encoding="utf-8")
    assert sniff(path.read_bytes()) == "fdx"
    assert read_script(path).format == "fountain"


def test_a_fdx_that_is_not_xml_is_one_line(tmp_path):
    path = tmp_path / "broken.fdx"
    path.write_text("INT. HOUSE - DAY\n\nBOB\nHello.\n", encoding="utf-8")
    assert "plain text" in error_of(path)
    cut = tmp_path / "cut.fdx"
    cut.write_text(FDX[: len(FDX) // 2], encoding="utf-8")  # a truncated download
    assert "not well-formed XML" in error_of(cut)
    other = tmp_path / "other.fdx"
    other.write_text('<?xml version="1.0"?><html><body>hi</body></html>', encoding="utf-8")
    assert "not a Final Draft document" in error_of(other)


def test_an_xml_bomb_is_refused_not_expanded(tmp_path):
    laughs = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                         for i in range(1, 10)]
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE FinalDraft [\n' + "\n".join(laughs) + "\n]>\n"
            '<FinalDraft><Content><Paragraph Type="Action"><Text>&lol9;</Text></Paragraph></Content></FinalDraft>\n')
    path = tmp_path / "bomb.fdx"
    path.write_text(bomb, encoding="utf-8")
    assert "XML bomb" in error_of(path)


# ---------------------------------------------------------------- PDF


def screenplay_pdf(path: Path, pages: list[list[tuple[float, str]]], title: bool = True, **canvas_args) -> Path:
    """A screenplay PDF laid out as Final Draft does: Courier 12, 6 lines an inch, each line
    (inches from the left edge, text); None for a blank line; page numbers top right from page 2."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter, **canvas_args)
    if title:
        c.setFont("Courier", 12)
        c.drawCentredString(306, 450, "THE LAST LAMP")
        c.drawCentredString(306, 420, "Written by")
        c.drawCentredString(306, 405, "Ines Okafor")
        c.showPage()
    for n, lines in enumerate(pages, 2 if title else 1):
        c.setFont("Courier", 12)
        if n > 1:
            c.drawString(7.2 * 72, 792 - 0.5 * 72, f"{n}.")
        y = 792 - 72
        for item in lines:
            if item is not None:
                c.drawString(item[0] * 72, y, item[1])
            y -= 12
        c.showPage()
    c.save()
    return path


ACT, CUE, PAREN, DIAL, TRANS = 1.5, 3.7, 3.1, 2.5, 6.0


def test_a_pdf_screenplay_is_read_from_where_its_lines_stand(tmp_path):
    pages = [
        [(ACT, "INT. LIGHTHOUSE - NIGHT"), None, (ACT, "Wind howls. MARA climbs the last"), (ACT, "steps."), None,
         (CUE, "MARA"), (PAREN, "(breathless)"), (DIAL, "The lamp is out. Somebody has"), (DIAL, "to climb up and re-"),
         (DIAL, "light it."), (CUE, "(MORE)")],
        [(CUE, "MARA (CONT'D)"), (DIAL, "Tonight."), None, (CUE, "TOMAS"), (DIAL, "Then go."), None,
         (TRANS, "CUT TO:"), None, (ACT, "EXT. ROCKS - CONTINUOUS"), None, (ACT, "THE SEA crashes below.")],
    ]
    path = screenplay_pdf(tmp_path / "lamp.pdf", pages)
    script = read_script(path)
    assert script.format == "fountain" and "PDF screenplay" in script.format_reason
    assert script.metadata.get("title") == "THE LAST LAMP"
    said = [(s, t) for s, t, _ in speeches(script) if s != ("NARRATOR",)]
    assert said == [(("MARA",), "The lamp is out. Somebody has to climb up and re-light it. Tonight."),
                    (("TOMAS",), "Then go.")]
    everything = heard(script)
    for never in ("MORE", "CONT'D", "2.", "CUT TO", "(breathless)"):
        assert never not in everything
    assert "THE SEA crashes below." in everything
    assert any("page numbers are not read" in s for s in script.skipped)
    assert any("(MORE)" in s for s in script.skipped)


def test_a_shooting_script_s_scene_numbers_continued_marks_and_fake_bold(tmp_path):
    pages = [[(1.0, "12"), None, None, (CUE, "ANNA"), (DIAL, "Open the door."), None, (ACT, "She waits."), None, None,
              (6.2, "(CONTINUED)")],
             [(ACT, "CONTINUED:"), None, (CUE, "BEN"), (DIAL, "It is open.")]]
    path = screenplay_pdf(tmp_path / "shoot.pdf", pages, title=False)
    # the scene heading with its number on both sides, drawn on the first line of page 1
    from reportlab.pdfgen import canvas  # (redrawn: screenplay_pdf draws one string a line)
    from reportlab.lib.pagesizes import letter

    c = canvas.Canvas(str(path), pagesize=letter)
    for n, page in enumerate(pages, 1):
        c.setFont("Courier", 12)
        y = 720
        for item in page:
            if item is not None and item[1] == "12":
                c.drawString(1.0 * 72, y, "12")
                c.drawString(ACT * 72, y, "INT. HALL - NIGHT")
                c.drawString(ACT * 72 + 0.3, y, "INT. HALL - NIGHT")  # bold faked by printing it twice
                c.drawString(7.3 * 72, y, "12")
            elif item is not None:
                c.drawString(item[0] * 72, y if item[1] != "(CONTINUED)" else 60, item[1])
            y -= 12
        c.showPage()
    c.save()
    script = read_script(path)
    assert [c.title for c in script.chapters if c.title] == ["INT. HALL - NIGHT"]
    everything = heard(script)
    assert "CONTINUED" not in everything and "12" not in everything
    assert [(s, t) for s, t, _ in speeches(script) if s != ("NARRATOR",)] == [
        (("ANNA",), "Open the door."), (("BEN",), "It is open.")]
    assert any("CONTINUED marks" in s for s in script.skipped)


# A screenplay pasted as text with its page layout: (where, text), where "m"argin, "d"ialogue,
# "p"arenthetical, "c"ue, "t"itle (centred) or "r"ight; None a blank line.
LAID_OUT = [("t", "THE LAST LAMP"), None, ("t", "Written by"), None, ("t", "Ada Quill"), None, None,
            ("m", "FADE IN:"), None, ("n", "INT. LIGHTHOUSE - NIGHT"), None,
            ("m", "Wind howls. MARA climbs the last"), ("m", "steps."), None,
            ("c", "MARA"), ("p", "(breathless)"), ("d", "The lamp is out. Somebody has"), ("d", "to climb up and"),
            ("d", "light it."), ("c", "(MORE)"), ("r", "2."), ("c", "MARA (CONT'D)"), ("d", "Tonight."), None,
            ("c", "TOMAS"), ("d", "(quietly) Then go. The keeper"), ("d", "went at dusk."), None, ("r", "CUT TO:"),
            None, ("n", "EXT. ROCKS - CONTINUOUS"), None, ("m", "THE SEA crashes below."), None,
            ("c", "MARA"), ("d", "I know.")]


def laid_out(columns: dict[str, str]) -> str:
    lines = []
    for item in LAID_OUT:
        if item is None:
            lines.append("")
        elif item[0] == "n":  # a scene heading numbered on both sides
            lines.append("12" + (columns["m"] if "\t" in columns["m"] else columns["m"][2:]) + item[1] + columns["r"] + "12")
        else:
            lines.append(columns[item[0]] + item[1])
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("columns", [
    {"m": " " * 10, "d": " " * 20, "p": " " * 25, "c": " " * 30, "t": " " * 28, "r": " " * 60},  # a site's spaces
    {"m": " " * 5, "d": " " * 10, "p": " " * 15, "c": " " * 25, "t": " " * 25, "r": " " * 50},  # narrower
    {"m": "\t", "d": "\t" * 3, "p": "\t" * 4, "c": "\t" * 5, "t": "\t" * 4, "r": "\t" * 9},  # tabs
], ids=["spaces", "narrow", "tabs"])
def test_a_screenplay_pasted_with_its_layout_is_read_from_its_columns(tmp_path, columns):
    """Each wrapped line of a speech is not a speech of its own; (MORE), the page number and NAME
    (CONT'D) at the page break are not spoken; scene numbers are not read; the title page is the title."""
    path = tmp_path / "lamp.txt"
    path.write_text(laid_out(columns))
    script = read_script(path)
    assert script.format == "fountain" and "laid out as text" in script.format_reason
    assert script.metadata.get("title") == "THE LAST LAMP" and script.metadata.get("author") == "Ada Quill"
    assert [c.title for c in script.chapters if c.kind == "body"] == ["INT. LIGHTHOUSE - NIGHT",
                                                                     "EXT. ROCKS - CONTINUOUS"]
    said = [(s, t) for s, t, _ in speeches(script) if s != ("NARRATOR",)]
    assert said == [(("MARA",), "The lamp is out. Somebody has to climb up and light it. Tonight."),
                    (("TOMAS",), "Then go. The keeper went at dusk."), (("MARA",), "I know.")]
    notes = [e.text for e in script.events() if isinstance(e, Direction)]
    assert "breathless" in notes and "quietly" in notes
    everything = heard(script)
    for never in ("MORE", "CONT'D", "2.", "12", "CUT TO", "Written by"):
        assert never not in everything
    assert "Wind howls. MARA climbs the last steps." in everything and "THE SEA crashes below." in everything
    assert any("page numbers are not read" in s for s in script.skipped)
    assert any("(MORE)" in s for s in script.skipped)
    assert [e.line for e in script.events() if isinstance(e, Speech) and e.speakers == ("TOMAS",)] == [26]


def test_a_play_or_transcript_without_a_screenplay_s_columns_is_not_taken_for_one(tmp_path):
    """Names alone above their speeches, not indented less than the name: the family readers'."""
    path = tmp_path / "play.txt"
    path.write_text("                    ANNA\nOpen the door.\n\n                    BEN\nIt is open.\n\n"
                    "                    ANNA\nThen shut it.\n\n                    BEN\nNo.\n")
    script = read_script(path)
    assert "laid out" not in script.format_reason
    assert read_script(path, "play").format == "play"
    fountain = tmp_path / "lamp.fountain"  # Fountain as its writer indented it: its own markup rules
    fountain.write_text(laid_out({"m": " " * 10, "d": " " * 20, "p": " " * 25, "c": " " * 30, "t": " " * 28,
                                  "r": " " * 60}))
    assert "laid out" not in read_script(fountain).format_reason


def test_pdf_warnings_say_page_and_line(tmp_path):
    pages = [[(ACT, "INT. ROOM - DAY"), None, (CUE, "ANNA"), (DIAL, "Wait ]"), None, (CUE, "BEN"),
              (DIAL, "No. [[a note"), None, (CUE, "ANNA"), (DIAL, "Yes.")]]
    script = read_script(screenplay_pdf(tmp_path / "room.pdf", pages, title=False))
    assert [s for s, _, _ in speeches(script) if s != ("NARRATOR",)] == [("ANNA",), ("BEN",), ("ANNA",)]
    assert sorted(script.warnings) == sorted([
        f"{tmp_path / 'room.pdf'}: page 1, line 3: ']' without '[': read as text",
        f"{tmp_path / 'room.pdf'}: page 1, line 5: '[[' is never closed: it is ignored, and what follows is read "
        "as script"])


def test_a_pdf_play_is_read_as_text_and_detected_as_a_play(tmp_path):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "trifles.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Roman", 11)
    y = 720
    for line in ["ACT I", "", "SCENE: A kitchen in a farmhouse.", "", "HALE. I want to get warm first.", "",
                 "MRS PETERS. Yes, it is cold.", "", "HALE. We came in to see what was wrong.", "",
                 "MRS PETERS. [Going to the stove.] The fire's out.", "", "HALE. Exit."]:
        if line:
            c.drawString(72, y, line)
        y -= 14
    c.drawString(300, 40, "1")
    c.save()
    script = read_script(path)
    assert script.format == "play" and "PDF" in script.format_reason
    speakers = {s for s, _, _ in speeches(script)}
    assert {("HALE",), ("MRS PETERS",)} <= speakers


def test_a_typeset_play_pdf_names_its_speakers_in_bare_capitals_and_keeps_its_front_pages_quiet():
    # LBBO/latex-playbook's own example (MIT): a cover for the performance, a cast table whose heading
    # line says more, a table of contents in German, a landscape table of lines per scene, then
    # `DOE (stands up) Well, …` and `DOE & SMITH Huh.` with no stop after the name
    path = Path(__file__).parent / "corpus" / "fetched" / "latex-playbook-example-play.pdf"
    if not path.is_file():  # fetched, kept out of git: tests/corpus/README.md says where it comes from
        pytest.skip("the fetched latex-playbook PDF is not in tests/corpus/fetched/")
    script = read_script(path)
    said = [x for x in speeches(script) if x[0] != ("NARRATOR",)]
    assert script.format == "play" and script.metadata["title"] == "Example Theater Play"  # (the PDF's own title)
    assert ("DOE", "SMITH") in {s for s, _, _ in said} and {("DOE",), ("SMITH",), ("JACK",)} <= {s for s, _, _ in said}
    assert said[0][:2] == (("DOE",), "Hey, Jane, what are you watching?")
    assert [c.title for c in script.chapters][:3] == ["Example Theater Play", "An Ai-generated First Act",
                                                      "An Ai-generated First Act, First Scene – What A Loving Relationship"]
    text = heard(script)
    for quiet in ("Inhaltsverzeichnis", ". . . .", "Scene Pages", "x24", "Doe (4), Smith (4)", "This text belongs"):
        assert quiet not in text


def test_an_encrypted_pdf_is_one_line(tmp_path):
    pages = [[(ACT, "INT. ROOM - DAY"), None, (CUE, "ANNA"), (DIAL, "Secret.")]]
    path = screenplay_pdf(tmp_path / "locked.pdf", pages, title=False, encrypt="hunter2")
    assert "encrypted PDF" in error_of(path)


def test_a_pdf_without_a_text_layer_is_one_line(tmp_path):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    for _ in range(2):  # a "scan": shapes, no text
        c.rect(72, 72, 400, 600, fill=1)
        c.showPage()
    c.save()
    message = error_of(path)
    assert "no text layer" in message and "2 pages" in message


def test_a_truncated_pdf_is_one_line(tmp_path):
    whole = screenplay_pdf(tmp_path / "whole.pdf", [[(ACT, "INT. ROOM - DAY")]] * 3).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    message = error_of(path)
    assert "PDF" in message


# ---------------------------------------------------------------- Fade In, Highland

OSF = """<?xml version="1.0" encoding="UTF-8"?>
<document type="Open Screenplay Format document" version="30">
  <paragraphs>
    <para><style basestylename="Scene Heading"/><text>INT. LIGHTHOUSE - NIGHT</text></para>
    <para><style basestylename="Action"/><text>Mara climbs.</text></para>
    <para><style basestylename="Character"/><text>MARA</text></para>
    <para><style basestylename="Parenthetical"/><text>breathless</text></para>
    <para><style basestylename="Dialogue"/><text>The lamp is out.</text></para>
    <para><style basestylename="Character"/><text>TOMAS</text></para>
    <para><style basestylename="Dialogue"/><text>Then light it.</text></para>
  </paragraphs>
  <titlepage><para><text>THE LAST LAMP</text></para></titlepage>
</document>
"""


def zipped(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def test_fade_in_is_read_from_its_open_screenplay_format_document(tmp_path):
    script = read_script(zipped(tmp_path / "lamp.fadein", {"document.xml": OSF}))
    assert script.format == "fountain" and "Fade In" in script.format_reason
    assert [(s, t) for s, t, _ in speeches(script) if s != ("NARRATOR",)] == [
        (("MARA",), "The lamp is out."), (("TOMAS",), "Then light it.")]
    assert script.metadata.get("title") == "THE LAST LAMP"
    # line numbers are document.xml's
    assert [line for who, _, line in speeches(script) if who != ("NARRATOR",)] == [8, 10]


FOUNTAIN = "Title: The Last Lamp\n\nINT. LIGHTHOUSE - NIGHT\n\nMARA\nThe lamp is out.\n\nTOMAS\nThen light it.\n"


def test_highland_is_read_from_its_textbundle(tmp_path):
    path = zipped(tmp_path / "lamp.highland", {"Lamp.textbundle/info.json": "{}",
                                               "Lamp.textbundle/text.fountain": FOUNTAIN})
    script = read_script(path)
    assert script.format == "fountain" and "Highland" in script.format_reason
    assert [(s, line) for s, _, line in speeches(script) if s != ("NARRATOR",)] == [(("MARA",), 6), (("TOMAS",), 9)]


def test_a_zip_that_is_not_what_its_extension_says_is_one_line(tmp_path):
    highland = zipped(tmp_path / "lamp.docx", {"Lamp.textbundle/text.fountain": FOUNTAIN})
    assert "named like a Word document" in error_of(highland) and "Highland" in error_of(highland)
    not_zip = tmp_path / "lamp.fadein"
    not_zip.write_text(FOUNTAIN, encoding="utf-8")
    assert "named like a Fade In file" in error_of(not_zip)
    other = zipped(tmp_path / "photos.fadein", {"a.jpg": "x"})
    assert "without the Open Screenplay Format document.xml" in error_of(other)


def test_a_zip_bomb_is_refused_not_unpacked(tmp_path):
    path = tmp_path / "bomb.fadein"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("document.xml", "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(65):  # 65 MB of spaces, 65 kB packed
                f.write(block)
    assert path.stat().st_size < 200_000
    assert "unpacked" in error_of(path)


def test_a_truncated_zip_is_one_line(tmp_path):
    whole = zipped(tmp_path / "whole.fadein", {"document.xml": OSF * 20}).read_bytes()
    cut = tmp_path / "cut.fadein"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "damaged or cut short" in error_of(cut) or "named like" in error_of(cut)


# ---------------------------------------------------------------- Word


def word(path: Path, paragraphs: list[tuple[str | None, str]]) -> Path:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for style in {s for s, _ in paragraphs if s and s not in ("Title", "Normal")}:
        document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


def test_a_word_screenplay_is_read_by_its_paragraph_styles(tmp_path):
    path = word(tmp_path / "lamp.docx", [
        ("Scene Heading", "INT. LIGHTHOUSE - NIGHT"), ("Action", "Mara climbs."), ("Character", "MARA"),
        ("Parenthetical", "(breathless)"), ("Dialogue", "The lamp is out."), ("Action", "A BEAT."),
        ("Character", "TOMAS"), ("Dialogue", "Then light it."), ("Transition", "CUT TO:")])
    script = read_script(path)
    assert script.format == "fountain" and "paragraph styles" in script.format_reason
    assert [(s, t, line) for s, t, line in speeches(script) if s != ("NARRATOR",)] == [
        (("MARA",), "The lamp is out.", 5), (("TOMAS",), "Then light it.", 8)]  # lines count paragraphs
    assert "A BEAT." in heard(script) and "CUT TO" not in heard(script)


def test_a_plain_word_document_goes_to_family_detection(tmp_path):
    path = word(tmp_path / "meeting.docx", [("Title", "Budget meeting"), (None, "CHAIR: We begin."),
                                            (None, "TREASURER: The figures are in."), (None, "CHAIR: Thank you."),
                                            (None, "TREASURER: Any questions?")])
    script = read_script(path)
    assert script.format == "transcript" and "Word document" in script.format_reason
    assert [s for s, _, _ in speeches(script) if s != ("NARRATOR",)] == [("CHAIR",), ("TREASURER",)] * 2


def test_a_word_transcript_in_a_two_column_table_reads_as_labels(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Budget meeting")
    table = document.add_table(rows=0, cols=2)
    for who, words in [("Chair", "We begin."), ("Treasurer", "The figures are in."), ("Chair", "Thank you."),
                       ("Treasurer", "Any questions?")]:
        row = table.add_row().cells
        row[0].text, row[1].text = who, words
    document.save(str(tmp_path / "minutes.docx"))
    script = read_script(tmp_path / "minutes.docx")
    assert [(s, t) for s, t, _ in speeches(script) if s != ("NARRATOR",)] == [
        (("CHAIR",), "We begin."), (("TREASURER",), "The figures are in."), (("CHAIR",), "Thank you."),
        (("TREASURER",), "Any questions?")]


def test_a_word_document_with_no_text_is_one_line(tmp_path):
    path = word(tmp_path / "empty.docx", [(None, ""), (None, "   ")])
    assert "no text" in error_of(path)


# ---------------------------------------------------------------- SRT

SRT = """1
00:00:01,000 --> 00:00:03,000
- Alice: Shall we start?
- Bob: Go ahead.

2
00:00:03,500 --> 00:00:06,000
[Alice] The numbers came in
this morning.

3
00:00:06,000 --> 00:00:08,000
[Bob] And?

4
00:00:08,000 --> 00:00:09,000
[Music]

5
00:00:09,000 --> 00:00:11,000
<v Alice>They are good.

6
00:00:11,000 --> 00:00:12,500
Bob: Then we are done.

7
00:00:12,500 --> 00:00:14,000
Alice: We are.
"""


def test_srt_speaker_names_in_every_shape(tmp_path):
    path = tmp_path / "call.srt"
    path.write_text(SRT, encoding="utf-8")
    script = read_script(path)
    assert script.format == "transcript" and "SRT" in script.format_reason
    got = [(s[0], t) for s, t, _ in speeches(script)]
    assert got == [("ALICE", "Shall we start?"), ("BOB", "Go ahead."),
                   ("ALICE", "The numbers came in this morning."), ("BOB", "And?"), ("ALICE", "They are good."),
                   ("BOB", "Then we are done."), ("ALICE", "We are.")]
    everything = heard(script)
    assert "-->" not in everything and "00:0" not in everything and "Music" not in heard(script).split("And?")[0]
    lines = SRT.split("\n")
    assert all(t.split()[0] in lines[line - 1] for _, t, line in speeches(script))  # the SRT's own lines


def test_subtitles_pasted_into_a_text_file_are_still_read_when_not_quite_srt(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(SRT + "\n8\n00:00:1", encoding="utf-8")  # cut short: not SRT to the `srt` library
    script = read_script(path)
    assert script.format == "transcript" and "SRT" not in script.format_reason
    assert "Then we are done." in heard(script)


def test_a_broken_srt_is_one_line(tmp_path):
    path = tmp_path / "broken.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nHello\n\n2\n00:00:0", encoding="utf-8")  # cut short
    message = error_of(path)
    assert "SRT" in message and "broken.srt:5" in message


# ---------------------------------------------------------------- the command line


def test_the_command_line_says_a_bad_file_in_one_line(tmp_path):
    path = tmp_path / "scan.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 72, 100, 100, fill=1)
    c.save()
    line = one_error_line(run_cli("inspect", path))
    assert "no text layer" in line and "scan.pdf" in line
