"""Print a worksheet per notebook (PDF): nbconvert's HTML exporter, then the real Chromium prints it.

    python tools/build_handouts.py [DEST] [--only NN ...]     # default DEST: build/handouts (make handouts)

For each notebook of the course outline (``cevns_edu.core.course``) the worksheet notebook of
``cevns_edu.exercises.editions.worksheet`` — goals, key equations, the exercises with space to answer, no
solutions — is exported with nbconvert's ``basic`` HTML template into a page with print styles, and Debian's
Chromium (``/usr/bin/chromium``, or ``$CEVNS_EDU_CHROMIUM``) prints it to A4 through Playwright. Equations are
drawn by matplotlib's mathtext as inline SVG, so nothing is fetched: the page loads only ``file:`` and ``data:``
URLs, and the tool fails if Chromium asks for anything else. Writes ``NN_name.html`` and ``NN_name.pdf``.
"""

from __future__ import annotations

import base64
import html
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the project this tool belongs to, also when run from elsewhere
DEST = ROOT / "build" / "handouts"
sys.path.insert(0, str(ROOT / "tools"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser and its flags, one place)

_MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.DOTALL)

PRINT_CSS = """
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; }
body { margin: 0; line-height: 1.4; }
h1 { font-size: 17pt; margin: 0 0 0.2em; }
h2 { font-size: 13pt; margin: 1em 0 0.4em; border-bottom: 1.5px solid #000; }
a { color: #000; text-decoration: none; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #666; padding: 2px 8px; text-align: left; }
.cell { break-inside: avoid; page-break-inside: avoid; margin-bottom: 0.6em; }
.anchor-link { display: none; }
.answer-box { border: 1px solid #555 !important; min-height: 9em !important; margin: 0.3em 0 1em !important; }
img.math-display { display: block; margin: 0.5em auto; max-width: 100%; }
img.math-inline { vertical-align: middle; }
"""
FOOTER = ('<div style="font-size:8pt; width:100%; padding:0 16mm; display:flex; justify-content:space-between;">'
          '<span>cevns-edu · {title}</span><span>page <span class="pageNumber"></span> of '
          '<span class="totalPages"></span></span></div>')


def mathtext_latex(tex: str) -> str:
    """Rewrite the LaTeX the notebooks use into what matplotlib's mathtext parses.

    Parameters
    ----------
    tex : str
        An equation, without dollars.

    Returns
    -------
    str
    """
    tex = re.sub(r"\\[tdc]frac", r"\\frac", tex)
    tex = re.sub(r"\\frac\s*([0-9A-Za-z])\s*([0-9A-Za-z])", r"\\frac{\1}{\2}", tex)
    tex = re.sub(r"\\frac\s*([0-9A-Za-z])\s*\{", r"\\frac{\1}{", tex)
    tex = re.sub(r"\\[Bb]ig[glr]?(?=[()\[\]|.])", "", tex)
    return tex.replace(r"\text{", r"\mathrm{").replace(r"\qquad", r"\quad\quad")


def math_img(tex: str, *, display: bool) -> str:
    """Draw the equation with mathtext as an SVG ``<img>`` (the LaTeX as code when mathtext cannot parse it).

    Parameters
    ----------
    tex : str
        The equation, without dollars.
    display : bool
        A display equation (its own line, larger) rather than inline.

    Returns
    -------
    str
        HTML.
    """
    from matplotlib import mathtext  # deferred: only the handouts draw equations
    from matplotlib.font_manager import FontProperties  # deferred: as above

    buf = io.BytesIO()
    try:
        mathtext.math_to_image(f"${mathtext_latex(tex.strip())}$", buf, format="svg",
                               prop=FontProperties(size=13 if display else 10.5))
    except ValueError:
        return f"<code>{html.escape(tex.strip())}</code>"
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    kind = "display" if display else "inline"
    return f'<img class="math-{kind}" alt="{html.escape(tex.strip(), quote=True)}" src="data:image/svg+xml;base64,{data}">'


def render_math(markdown: str) -> str:
    """Replace ``$$ … $$`` and ``$ … $`` in Markdown by inline SVG images (no MathJax, nothing fetched).

    Parameters
    ----------
    markdown : str

    Returns
    -------
    str
    """
    return _MATH.sub(lambda m: math_img(m.group(1) or m.group(2), display=m.group(1) is not None), markdown)


def worksheet_html(nb: dict) -> str:
    """Export a worksheet notebook to a printable HTML page with nbconvert's HTML exporter (``basic`` template).

    Parameters
    ----------
    nb : dict
        The worksheet notebook (Markdown cells only).

    Returns
    -------
    str
        A complete HTML document with print styles.
    """
    import nbformat  # deferred: nbconvert and nbformat are only needed to build handouts
    from nbconvert import HTMLExporter  # deferred: as above

    nb = {**nb, "cells": [{**c, "source": render_math(c["source"])} for c in nb["cells"]]}
    body, _ = HTMLExporter(template_name="basic").from_notebook_node(nbformat.from_dict(nb))
    title = html.escape(nb["metadata"].get("title", "worksheet"))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{PRINT_CSS}</style></head><body>\n{body}\n</body></html>\n")


def launch_chromium(playwright):
    """Launch the real Chromium headless through a running Playwright (``sync_playwright()``).

    Raises
    ------
    SystemExit
        If Chromium is not at :data:`CHROMIUM` (saying how to install it).
    """
    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: install it (apt-get install -y chromium) "
                         "or set CEVNS_EDU_CHROMIUM to its path")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def print_pdf(browser, html_path: Path, pdf_path: Path, title: str) -> list[str]:
    """Print ``html_path`` to ``pdf_path`` (A4) in ``browser``; return the URLs it asked for besides files.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        The Chromium of :func:`launch_chromium`.
    html_path, pdf_path : pathlib.Path
    title : str
        For the page footer.

    Returns
    -------
    list of str
        Requests to anything but ``file:`` and ``data:`` URLs (empty: the handout needs no network).
    """
    outside: list[str] = []
    page = browser.new_page()
    try:
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
        page.goto(html_path.resolve().as_uri(), wait_until="load")
        page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True,
                 display_header_footer=True, header_template="<span></span>",
                 footer_template=FOOTER.format(title=html.escape(title)))
    finally:
        page.close()
    return outside


def write_handout(browser, item, dest: Path) -> Path:
    """Write the worksheet of lesson ``item`` as ``dest/NN_name.html`` and ``.pdf``; return the PDF.

    Raises
    ------
    SystemExit
        If the page asked for anything over the network.
    """
    from cevns_edu.exercises.editions import worksheet  # deferred: needs the project on sys.path

    stem = dest / item.file.removesuffix(".ipynb")
    html_path, pdf_path = stem.with_suffix(".html"), stem.with_suffix(".pdf")
    html_path.write_text(worksheet_html(worksheet(item)), encoding="utf-8")
    outside = print_pdf(browser, html_path, pdf_path, f"{item.number} · {item.title} — worksheet")
    if outside:
        raise SystemExit(f"{html_path.name} asked for network resources: {outside}")
    return pdf_path


def build(dest: Path, only: Sequence[str] = ()) -> list[Path]:
    """Write the worksheet HTML and PDF of each notebook (or of those in ``only``) into ``dest``.

    Parameters
    ----------
    dest : pathlib.Path
    only : sequence of str
        Notebook numbers (``"02"``) or names; default all.

    Returns
    -------
    list of pathlib.Path
        The PDFs written.
    """
    from cevns_edu.core.course import COURSE, lesson  # deferred: needs the project on sys.path

    try:
        from playwright.sync_api import sync_playwright  # deferred: only printing needs a browser
    except ImportError:
        raise SystemExit("Playwright is not installed: make install (or pip install -c constraints.txt playwright)") \
            from None
    items = [lesson(key) for key in only] if only else list(COURSE)
    dest.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            return [write_handout(browser, item, dest) for item in items]
        finally:
            browser.close()


def main(argv: list[str]) -> int:
    """Build the handouts; ``[DEST] [--only NN ...]``."""
    args = list(argv)
    only: list[str] = []
    if "--only" in args:
        i = args.index("--only")
        only, args = args[i + 1:], args[:i]
        if not only:
            print("--only needs notebook numbers, e.g. --only 02 05")
            return 2
    if len(args) > 1:
        print(f"usage: python tools/build_handouts.py [DEST] [--only NN ...]; got {' '.join(argv)}")
        return 2
    dest = Path(args[0]).expanduser() if args else DEST
    try:
        pdfs = build(dest, only)
    except ValueError as exc:  # an unknown notebook
        print(exc)
        return 2
    for pdf in pdfs:
        print(f"wrote {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
