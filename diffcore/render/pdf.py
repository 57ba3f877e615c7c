"""PDF: the HTML report printed by a real engine, so the PDF is what a browser would print.

Headless Chromium is preferred where it is installed (the browser tests need
it anyway, and it needs no Python package); WeasyPrint, the ``pdf`` extra, is
the fallback and the choice where no browser can be installed. Either way
the text stays selectable and the print style sheet of the report applies:
landscape pages, both symbols and "Page n of N" in the margins.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ResdiffError
from ..model import Comparison, PdfEngine
from .html import render_html
from .views import ReportOptions

if TYPE_CHECKING:
    import subprocess

__all__ = ["find_chromium", "render_pdf"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install Chromium (e.g. apt-get install chromium) or WeasyPrint (pip install 'resdiff[pdf]')"
# Chromium stamps its PDFs with the time; these are blanked so the same inputs give the same bytes.
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9+\-Z']*\)")


def find_chromium() -> str | None:
    """The Chromium executable: $RESDIFF_CHROMIUM, else the first browser on PATH, else None.

    >>> find_chromium() is None or Path(find_chromium()).name != ""
    True
    """
    import shutil  # here, not at import: most runs write no PDF

    chosen = os.environ.get("RESDIFF_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _has_weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the package is there but Pango is not
        return False
    return True


def render_pdf(c: Comparison, options: ReportOptions = ReportOptions()) -> bytes:
    """The report as a PDF, printed by ``options.pdf_engine`` (auto: Chromium, else WeasyPrint).

    A missing engine is a :class:`~diffcore.ResdiffError` that says how to install one.
    """
    engine = options.pdf_engine
    html = render_html(c, options)
    chromium = find_chromium() if engine in (PdfEngine.AUTO, PdfEngine.CHROMIUM) else None
    if chromium:
        return _chromium_pdf(chromium, html)
    if engine is PdfEngine.CHROMIUM:
        raise ResdiffError(f"--format pdf with Chromium: no Chromium browser found; {INSTALL_HINT}")
    if _has_weasyprint():
        return _weasyprint_pdf(html)
    raise ResdiffError(f"--format pdf needs a PDF engine and none was found; {INSTALL_HINT}")


# Headless Chromium as a quiet batch tool: no sandbox (it may run as root), no
# GPU, and none of the background connections a closed network refuses.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _chromium_pdf(executable: str, html: str) -> bytes:
    """Print ``html`` with Chromium in a temporary folder that is removed on every exit.

    Chromium runs in a session of its own, so Ctrl-C reaches resdiff only:
    on any exit, Ctrl-C and SIGTERM included, the browser and its helpers
    are killed and waited for before their profile folder is removed.
    """
    import shutil
    import subprocess
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="resdiff-pdf-"))
    browser: subprocess.Popen[bytes] | None = None
    try:
        page = tmp / "report.html"
        page.write_text(html, encoding="utf-8")
        out = tmp / "report.pdf"
        command = [
            executable,
            "--headless",
            *CHROMIUM_FLAGS,
            "--disable-extensions",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            browser = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
            )
            _, stderr = browser.communicate(timeout=180)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ResdiffError(f"Chromium could not print the PDF ({exc})") from None
        if not out.is_file() or out.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ResdiffError(f"Chromium could not print the PDF (exit {browser.returncode}: {detail[0]})")
        return _PDF_DATE.sub(_blank_date, out.read_bytes())
    finally:
        if browser is not None:
            _stop(browser)
        shutil.rmtree(tmp, ignore_errors=True)


def _stop(browser: subprocess.Popen[bytes]) -> None:
    """Kill the browser's whole process group (its helpers write to the profile too) and reap it."""
    import signal
    from contextlib import suppress

    with suppress(OSError):  # the group is gone already
        os.killpg(browser.pid, signal.SIGKILL)
    browser.wait()


def _blank_date(match: re.Match[bytes]) -> bytes:
    """A fixed date of the same length, so the PDF's byte offsets stay right."""
    fixed = b"/" + match.group(1) + b" (D:19800101000000Z)"
    return fixed.ljust(len(match.group(0))) if len(fixed) <= len(match.group(0)) else match.group(0)


def _weasyprint_pdf(html: str) -> bytes:
    import weasyprint

    pdf = weasyprint.HTML(string=html, base_url=None).write_pdf()
    assert pdf is not None
    return bytes(pdf)
