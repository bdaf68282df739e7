"""How long a long PDF screenplay takes to read (issue 19: 200 pages in under 20 s).

Writes a screenplay PDF of N pages with reportlab (Courier 12, Final Draft's indents, page
numbers, a (MORE)/(CONT'D) at every page break) in a temporary folder, then times `read_script`
on it in this process and prints pages, seconds, speeches.

    python bench/pdf.py              # 200 pages
    python bench/pdf.py --pages 50
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def write(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, pages + 1):
        c.setFont("Courier", 12)
        if n > 1:
            c.drawString(7.2 * 72, 756, f"{n}.")
        y = 720
        if n > 1:
            c.drawString(3.7 * 72, y, "MARA (CONT'D)")
            y -= 12
        c.drawString(1.5 * 72, y, f"INT. LIGHTHOUSE, FLOOR {n} - NIGHT")
        y -= 24
        while y > 120:
            for who in ("MARA", "TOMAS"):
                c.drawString(3.7 * 72, y, who)
                c.drawString(2.5 * 72, y - 12, "The lamp is out and somebody has to climb")
                c.drawString(2.5 * 72, y - 24, "the stairs before the ships come in.")
                y -= 48
            c.drawString(1.5 * 72, y, "Wind howls against the glass. They listen.")
            y -= 24
        c.drawString(3.7 * 72, y, "MARA")
        c.drawString(2.5 * 72, y - 12, "Go on.")
        c.drawString(3.7 * 72, y - 24, "(MORE)")
        c.showPage()
    c.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    from dramatize.readers import read_script

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.pdf"
        write(path, args.pages)
        started = time.perf_counter()
        script = read_script(path)
        seconds = time.perf_counter() - started
    speeches = sum(1 for e in script.events() if e.kind == "speech")
    print(f"{args.pages} pages ({path.name}): read in {seconds:.1f} s, {speeches} speeches, format {script.format}")


if __name__ == "__main__":
    main()
