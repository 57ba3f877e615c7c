"""``resdiff serve``: the page in-process (Starlette's TestClient), then a real server driven by Chromium.

The in-process tests post multipart forms as a browser does and compare what
comes back with what the library and the CLI make from the same files. The
browser tests start ``resdiff serve`` itself on 127.0.0.1 and use the page
through Playwright with the system Chromium, as tests/test_browser.py does.
"""

from __future__ import annotations

import base64
import doctest
import hashlib
import io
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import NEW, OLD, PDFS, ROOT, SAMPLES, TEXTS

with warnings.catch_warnings():  # Starlette 1.x would have httpx2 for its test client; httpx does the same
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient
from test_browser import _visible

from cli.web import MB, Settings, create_app, session_listing
from diffcore import compare
from diffcore.render import ReportOptions, render_report

# An empty file field, as a browser sends one left empty: makes httpx send multipart/form-data.
NO_FILE = {"x": ("", b"")}
PDF_OLD, PDF_NEW = PDFS / "A_C.2_80_L.5.pdf", PDFS / "A_RES_80_150.pdf"


def _files(old: Path, new: Path) -> dict[str, tuple[str, bytes]]:
    return {"old_file": (old.name, old.read_bytes()), "new_file": (new.name, new.read_bytes())}


@pytest.fixture
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the app makes its private folder (tempfile's directory, pointed here to be looked at)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def client(private: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(workers=2, hosts=("testserver",))), follow_redirects=False) as c:
        yield c


def _uploads_left(private: Path) -> list[Path]:
    return [p for p in private.glob("resdiff-serve-*/**/*") if p.is_file()]


def _report(client: TestClient, response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/r/[A-Za-z0-9_-]{24}", location)
    view: httpx.Response = client.get(f"{location}/view")
    return view.text


def _inline_hashes(html: str, kind: str) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(rf"<{kind}>(.*?)</{kind}>", html, re.S)
    }


def test_the_page_is_a_plain_form_with_a_strict_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    form = re.search(r"<form [^>]*>", r.text)
    assert form and 'method="post"' in form[0] and 'enctype="multipart/form-data"' in form[0]
    for name in ("old_file", "new_file", "old_text", "new_text", "old_label", "new_label"):
        assert f'name="{name}"' in r.text and f'<label for="{name}"' in r.text
    csp = r.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'") and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    for kind in ("script", "style"):
        hashes = _inline_hashes(r.text, kind)
        assert hashes and all(h in csp for h in hashes)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert client.get("/no/such/page").headers["content-security-policy"].startswith("default-src 'none'")


def test_two_files_give_the_cli_report_and_every_download(client: TestClient, private: Path) -> None:
    r = client.post("/compare", files=_files(OLD, NEW))
    shown = _report(client, r)
    cli = subprocess.run(
        [sys.executable, "-c", "from cli.main import main; main()", "compare", str(OLD), str(NEW)],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert shown == cli.stdout.decode("utf-8")
    token = r.headers["location"]
    page = client.get(token)
    assert (
        "A/RES/64/177 → A/RES/66/178" in page.text
        and f'src="{token}/view" title="Report: A/RES/64/177 → A/RES/66/178" sandbox="allow-scripts"'
        in page.text
    )
    view = client.get(f"{token}/view")
    assert "frame-ancestors 'self'" in view.headers["content-security-policy"]
    assert all(h in view.headers["content-security-policy"] for h in _inline_hashes(shown, "script"))
    expected = compare(OLD, NEW)
    for fmt in ("md", "json"):
        got = client.get(f"{token}/download/{fmt}")
        assert got.headers["content-disposition"] == f'attachment; filename="resdiff-report.{fmt}"'
        assert got.text == render_report(expected, fmt, ReportOptions())
    docx = client.get(f"{token}/download/docx")
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    assert client.get(f"{token}/download/exe").status_code == 404
    assert _uploads_left(private) == []


def test_pasted_texts_and_names(client: TestClient) -> None:
    data = {
        "old_text": OLD.read_text(encoding="utf-8"),
        "new_text": NEW.read_text(encoding="utf-8"),
        "old_label": "Draft <b>1</b>",
        "new_label": "Final",
        "view": "inline",
    }
    shown = _report(client, client.post("/compare", data=data, files=NO_FILE))
    assert "<title>Draft &lt;b&gt;1&lt;/b&gt; → Final</title>" in shown
    assert "<b>1</b>" not in shown
    assert re.search(r'id="view-inline"[^>]* checked', shown)
    assert "pasted old text" in shown


@pytest.mark.parametrize(
    ("files", "data", "message"),
    [
        (
            {"old_file": ("broken.pdf", b"%PDF-1.4 broken"), "new_file": ("b.txt", b"text")},
            {},
            "broken.pdf: ",
        ),
        ({"old_file": ("empty.txt", b""), "new_file": ("b.txt", b"x")}, {}, "empty.txt: empty file"),
        (
            {"old_file": ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)},
            {"new_text": "x"},
            "old.doc: ",
        ),
        ({"old_file": ("a.txt", b"x")}, {"old_text": "y", "new_text": "z"}, "Old version: choose a file or "),
        ({"old_file": ("a.txt", b"x")}, {}, "New version: choose a file or paste its text"),
        ({"old_file": ("<script>.txt", b"")}, {"new_text": "y"}, "&lt;script&gt;.txt: empty file"),
        ({}, {"old_text": "a", "new_text": "b", "old_label": "a\nb"}, "the name of the old version: "),
    ],
)
def test_bad_input_gets_the_one_line_message_in_the_page(
    client: TestClient, private: Path, files: dict[str, Any], data: dict[str, str], message: str
) -> None:
    r = client.post("/compare", files=files or NO_FILE, data=data)
    assert r.status_code == 400
    error = re.search(r'<p class="error">(.*?)</p>', r.text, re.S)
    assert error and error[1].startswith(message) and "\n" not in error[1]
    assert "Traceback" not in r.text and "<script>.txt" not in r.text
    as_json = client.post(
        "/compare", files=files or NO_FILE, data=data, headers={"accept": "application/json"}
    )
    assert as_json.status_code == 400 and as_json.json()["error"].startswith(
        message.replace("&lt;", "<").replace("&gt;", ">")
    )
    assert _uploads_left(private) == []


def test_an_upload_over_the_limit_is_refused_while_streaming(private: Path) -> None:
    app = create_app(Settings(limit=1 * MB, workers=1, hosts=("testserver",)))
    with TestClient(app) as c:
        # No Content-Length: the part is measured while it streams in.
        body = b'--B\r\nContent-Disposition: form-data; name="old_file"; filename="big.txt"\r\n\r\n'

        def stream() -> Iterator[bytes]:
            yield body
            yield from [b"a" * 65536] * 17

        r = c.post("/compare", content=stream(), headers={"content-type": "multipart/form-data; boundary=B"})
        assert r.status_code == 413 and "big.txt: larger than the limit of 1 MB a file" in r.text
        assert _uploads_left(private) == []
        declared = c.post("/compare", files={"old_file": ("a.txt", b"a" * (3 * MB))})
        assert declared.status_code == 413


def test_a_token_is_the_only_way_to_a_comparison(client: TestClient) -> None:
    assert client.get("/r/nothing").status_code == 404
    assert "no longer kept" in client.get("/r/nothing/download/html").text
    assert client.get("/", headers={"host": "rebound.example"}).status_code == 400
    cross = client.post(
        "/compare", data={"old_text": "a", "new_text": "b"}, headers={"origin": "http://evil.example"}
    )
    assert cross.status_code == 403


def test_kept_comparisons_are_bounded() -> None:
    app = create_app(Settings(keep=2, workers=1, hosts=("testserver",)))
    with TestClient(app, follow_redirects=False) as c:
        tokens = [
            c.post(
                "/compare",
                data={"old_text": OLD.read_text(), "new_text": f"{NEW.read_text()}\n{i}."},
                files=NO_FILE,
            ).headers["location"]
            for i in range(3)
        ]
        assert [c.get(t).status_code for t in tokens] == [404, 200, 200]


def test_a_session_folder_is_served_by_a_listing_made_at_start(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "reports").mkdir(parents=True)
    (folder / "index.html").write_text('<!DOCTYPE html><a href="reports/a.html">a</a>', encoding="utf-8")
    (folder / "overview.json").write_text('{"chains": []}', encoding="utf-8")
    (folder / "reports" / "a.html").write_text("<style>p{}</style><p>report a</p>", encoding="utf-8")
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    (folder / "reports" / "link.html").symlink_to(tmp_path / "secret.html")
    assert sorted(session_listing(folder)) == ["index.html", "overview.json", "reports/a.html"]
    with TestClient(create_app(Settings(workers=1, hosts=("testserver",), session=folder))) as c:
        assert '<a href="/session/index.html">Session overview</a>' in c.get("/").text
        a = c.get("/session/reports/a.html")
        assert "report a" in a.text and _inline_hashes(a.text, "style") <= set(
            a.headers["content-security-policy"].split("style-src ")[1].split(";")[0].split()
        )
        assert c.get("/session/overview.json").json() == {"chains": []}
        (folder / "reports" / "late.html").write_text("made after the start", encoding="utf-8")
        for name in (
            "reports/link.html",
            "reports/late.html",
            "../secret.html",
            "reports/../../secret.html",
            "%2e%2e/secret.html",
        ):
            r = c.get(f"/session/{name}")
            assert r.status_code == 404 and "secret" not in r.text and "made after" not in r.text


def test_the_examples_in_the_docstrings() -> None:
    import cli.serve
    import cli.web

    for module in (cli.web, cli.serve):
        assert doctest.testmod(module).failed == 0


def test_help_does_not_import_the_web_libraries() -> None:
    code = (
        "import sys\nfrom cli.main import main\nsys.argv = ['resdiff', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'python_multipart') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert "serve" in out.stdout and out.stdout.rstrip().endswith("[]")


# -- a real server ------------------------------------------------------------------------------


class _Server:
    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from cli.main import main; main()", "serve", "--no-browser", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert self.process.stdout
        line = self.process.stdout.readline()
        found = re.search(r"http://\S+/", line)
        assert found, line + (self.process.stderr.read() if self.process.stderr else "")
        self.url = found[0]

    def stop(self) -> str:
        self.process.terminate()
        _, err = self.process.communicate(timeout=30)
        return err


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    s = _Server("--max-upload", "2", "--workers", "2")
    yield s
    assert "Traceback" not in s.stop()


def test_serve_binds_loopback_and_warns_for_another_host() -> None:
    local = _Server()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", local.url)
    assert httpx.get(local.url).status_code == 200
    assert local.stop() == ""
    wide = _Server("--host", "0.0.0.0")  # every address: the page is opened at this machine's own
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", wide.url)
    assert httpx.get(wide.url).status_code == 200
    assert "resdiff: warning: serving on 0.0.0.0" in wide.stop()
    named = _Server("--host", "localhost")
    assert re.fullmatch(r"http://localhost:\d+/", named.url)
    assert httpx.get(named.url).status_code == 200
    assert named.stop() == ""


def _ipv6_loopback() -> bool:
    """Whether this kernel can listen on ::1 (a container may have no IPv6)."""
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


def test_serve_listens_on_ipv6() -> None:
    if not _ipv6_loopback():  # then the one-line error, not a traceback
        args = [sys.executable, "-c", "from cli.main import main; main()", "serve", "--no-browser"]
        run = subprocess.run([*args, "--host", "::1"], capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert run.returncode == 2 and run.stdout == ""
        assert re.fullmatch(
            r"resdiff: error: --host ::1[^\n]*: (cannot listen|no such host) \([^\n]+\)\n", run.stderr
        )
        return
    local = _Server("--host", "::1")
    assert re.fullmatch(r"http://\[::1\]:\d+/", local.url)
    page = httpx.get(local.url)
    assert page.status_code == 200 and 'id="compare-form"' in page.text
    # The form posts as a browser does from that page (its Origin); another Host is still refused.
    origin = local.url.rstrip("/")
    posted = httpx.post(
        local.url + "compare", files=_files(OLD, NEW), headers={"origin": origin}, timeout=120
    )
    assert posted.status_code == 303 and posted.headers["location"].startswith("/r/")
    assert httpx.get(local.url, headers={"host": "attacker.example"}).status_code == 400
    assert local.stop() == ""
    every = _Server("--host", "[::]")  # brackets as in a URL: the same address
    port = re.fullmatch(r"http://\[::1\]:(\d+)/", every.url)
    assert port and httpx.get(every.url).status_code == 200
    if socket.has_dualstack_ipv6():  # :: takes IPv4 too, as 0.0.0.0 would
        assert httpx.get(f"http://127.0.0.1:{port[1]}/").status_code == 200
    assert "resdiff: warning: serving on [::]" in every.stop()


@pytest.mark.parametrize(
    "host", ["http://localhost", "localhost:8080", "a b", "x\x1b[2J", "", "1.2.3", "[localhost]"]
)
def test_serve_refuses_what_is_not_a_host(host: str) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, ["serve", "--no-browser", "--host", host])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("resdiff: error: --host ")
    assert "not an address or a host name" in lines[0] and "\x1b" not in result.output


def test_two_tabs_at_once_get_two_right_answers_and_none_is_lost(server: _Server) -> None:
    pairs = [(OLD, NEW), (TEXTS / "A_C.2_80_L.5.txt", TEXTS / "A_RES_80_150.txt")] * 10

    def one(pair: tuple[Path, Path]) -> str:
        with httpx.Client(base_url=server.url, timeout=120) as c:
            r = c.post("/compare", files=_files(*pair), headers={"accept": "application/json"})
            return c.get(r.json()["url"] + "/download/json").text

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(one, pairs))
    expected = [render_report(compare(*pair), "json") for pair in pairs[:2]]
    assert answers == expected * 10


def test_over_the_limit_a_real_server_answers_413(server: _Server) -> None:
    r = httpx.post(
        server.url + "compare", files={"old_file": ("big.pdf", b"%PDF" + b"0" * (2 * MB))}, timeout=60
    )
    assert r.status_code == 413 and "big.pdf: larger than the limit of 2 MB a file" in r.text


@contextmanager
def _open(browser: Any, server: _Server, width: int = 1280) -> Iterator[Any]:
    """A page that refuses every request not for the server, and records errors in the console."""
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.outside = []
    page.console_errors = []
    context.route(
        re.compile(rf"^(?!{re.escape(server.url)}).*"),
        lambda r: (page.outside.append(r.request.url), r.abort()),
    )
    # Script errors and CSP refusals; not the log line of a response with an error status.
    page.on(
        "console",
        lambda m: (
            page.console_errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def page(browser: Any, server: _Server) -> Iterator[Any]:
    with _open(browser, server) as page:
        yield page


def test_a_user_compares_two_pdfs_switches_views_and_downloads_word(
    page: Any, server: _Server, tmp_path: Path
) -> None:
    artifacts = Path(os.environ.get("RESDIFF_ARTIFACTS") or tmp_path)
    page.goto(server.url)
    page.screenshot(path=str(artifacts / "serve-page.png"), full_page=True)
    page.set_input_files("#old_file", str(PDF_OLD))
    page.set_input_files("#new_file", str(PDF_NEW))
    assert _chosen(page, "new") == ("new: A_RES_80_150.pdf", ["A_RES_80_150.pdf"])  # chosen, not dropped
    page.fill("#new_label", "Adopted")
    page.click("#compare")
    page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]+$"), timeout=60000)
    report = page.frame_locator("#report")
    report.locator("table.diff").first.wait_for()
    assert report.locator("h1").inner_text() == "A/C.2/80/L.5 → Adopted"
    frame = page.frame(url=re.compile(r"/view$"))
    assert _visible(frame, "td.old") == _visible(frame, "td.new") > 20
    report.locator("label[for=view-inline]").click()
    assert _visible(frame, "td.old") == 0 and _visible(frame, "table.diff:not(.footnotes) td.inline") > 20
    report.locator("#next-change").click()  # the report's own script runs in the frame
    assert (report.locator("#nav-status").text_content() or "").startswith("Change 1 of ")
    report.locator("#changes-h").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "serve-result.png"))

    with page.expect_download() as info:
        page.click("text=Word (tracked changes)")
    saved = tmp_path / "report.docx"
    info.value.save_as(saved)
    xml = zipfile.ZipFile(saved).read("word/document.xml").decode()
    assert xml.count("<w:ins ") > 5 and xml.count("<w:del ") > 5
    assert page.outside == [] and page.console_errors == []
    print(f"\nscreenshots: {artifacts}")


def test_a_broken_pdf_shows_the_message_in_the_page(page: Any, server: _Server, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(PDF_OLD.read_bytes()[:5000])
    page.goto(server.url)
    page.set_input_files("#old_file", str(broken))
    page.set_input_files("#new_file", str(SAMPLES / "A_RES_66_178.txt"))
    page.click("#compare")
    error = page.locator("#error .error")
    error.wait_for(timeout=60000)
    assert error.inner_text().startswith("broken.pdf: ") and page.url == server.url
    artifacts = Path(os.environ.get("RESDIFF_ARTIFACTS") or tmp_path)
    page.screenshot(path=str(artifacts / "serve-error.png"))
    assert page.is_enabled("#compare") and page.console_errors == []


def test_without_javascript_the_form_still_compares(browser: Any, server: _Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url)
    page.set_input_files("#old_file", str(OLD))
    page.set_input_files("#new_file", str(NEW))
    page.click("#compare")
    page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]+$"))
    assert page.frame_locator("#report").locator("h1").inner_text() == "A/RES/64/177 → A/RES/66/178"
    context.close()


def _drop(page: Any, target: str, *paths: Path) -> bool:
    """Drag ``paths`` over ``target`` and drop them, as from a desktop: whether the page took the drop."""
    files = [[p.name, base64.b64encode(p.read_bytes()).decode()] for p in paths]
    return not page.evaluate(
        """([target, files]) => {
            const dt = new DataTransfer();
            for (const [name, data] of files) {
                dt.items.add(new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name));
            }
            const on = document.querySelector(target);
            const how = {dataTransfer: dt, bubbles: true, cancelable: true};
            let taken = true;
            for (const type of ["dragenter", "dragover", "drop"]) {
                taken = on.dispatchEvent(new DragEvent(type, how));
            }
            return taken;
        }""",
        [target, files],
    )


def _chosen(page: Any, side: str) -> tuple[str, list[str]]:
    """What a drop zone says it holds, and the names in its file input."""
    names = page.eval_on_selector(f"#{side}_file", "i => Array.from(i.files, f => f.name)")
    return page.text_content(f"#{side}-chosen"), names


def test_files_dropped_on_the_sides_are_compared(page: Any, server: _Server, tmp_path: Path) -> None:
    page.goto(server.url)
    # Anywhere in a side: its title, its text box.
    assert _drop(page, "#old-zone legend", PDF_OLD) and _drop(page, "#new_text", PDF_NEW)
    assert _chosen(page, "old") == ("old: A_C.2_80_L.5.pdf", ["A_C.2_80_L.5.pdf"])
    assert _chosen(page, "new") == ("new: A_RES_80_150.pdf", ["A_RES_80_150.pdf"])
    assert page.eval_on_selector_all("fieldset.over", "z => z.length") == 0
    artifacts = Path(os.environ.get("RESDIFF_ARTIFACTS") or tmp_path)
    page.screenshot(path=str(artifacts / "serve-dropped.png"))
    page.click("#compare")
    page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]+$"), timeout=60000)
    report = page.frame_locator("#report")
    assert report.locator("h1").inner_text() == "A/C.2/80/L.5 → A/RES/80/150"
    assert report.locator("dl.meta").first.inner_text().count("A_C.2_80_L.5.pdf (pdf)") == 1
    assert page.outside == [] and page.console_errors == []  # the script ran under the page's policy


def test_two_files_dropped_at_once_fill_both_sides(page: Any, server: _Server) -> None:
    page.goto(server.url)
    assert _drop(page, "#new-zone", OLD, NEW)
    assert _chosen(page, "old") == ("old: A_RES_64_177.txt", ["A_RES_64_177.txt"])
    assert _chosen(page, "new") == ("new: A_RES_66_178.txt", ["A_RES_66_178.txt"])
    # Three files: said, and nothing changes.
    assert _drop(page, "#old-zone", PDF_OLD, PDF_NEW, OLD)
    assert page.text_content("#error") == "Drop one file on each version, or both files at once."
    assert _chosen(page, "old") == ("old: A_RES_64_177.txt", ["A_RES_64_177.txt"])
    # Beside the zones a dropped file is ignored (it would replace the page); text dragged is not files.
    assert _drop(page, "h1", PDF_OLD) and page.url == server.url
    text_dropped = page.evaluate(
        """() => {
            const dt = new DataTransfer();
            dt.setData("text/plain", "pasted");
            return document.getElementById("old_text").dispatchEvent(
                new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        }"""
    )
    assert text_dropped  # not cancelled: the text box takes it as usual
    page.click("#compare")
    page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]+$"), timeout=60000)
    assert page.frame_locator("#report").locator("h1").inner_text() == "A/RES/64/177 → A/RES/66/178"
    assert page.console_errors == []


def test_the_page_fits_a_phone_and_a_dropped_file_is_traced(
    browser: Any, corpus: Path, tmp_path: Path
) -> None:
    fits = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    traced = _Server("--db", str(corpus), "--workers", "1")
    try:
        with _open(browser, traced, width=390) as page:
            page.goto(traced.url)
            assert page.evaluate(fits)
            old, new = (page.locator(f"#{side}-zone").bounding_box() for side in ("old", "new"))
            assert (
                old["y"] + old["height"] <= new["y"] and new["x"] + new["width"] <= 390
            )  # one above the other
            assert _drop(page, "#trace-zone", ICT)
            assert _chosen(page, "trace") == ("to trace: A_RES_78_132.txt", ["A_RES_78_132.txt"])
            page.click("#trace")
            page.wait_for_url(re.compile(r"/t/[A-Za-z0-9_-]+$"), timeout=60000)
            assert page.evaluate(fits)
            frame = page.frame(url=re.compile(r"/view$"))
            frame.wait_for_selector("tr.row")
            assert frame.evaluate(fits)
            # Each paragraph: its text over the earlier wording, both the frame's full width.
            row = frame.locator("tr.row").first
            text, earlier = row.locator("td.new").bounding_box(), row.locator("td.src").bounding_box()
            assert text["y"] + text["height"] <= earlier["y"] and text["width"] == earlier["width"] > 300
            artifacts = Path(os.environ.get("RESDIFF_ARTIFACTS") or tmp_path)
            page.screenshot(path=str(artifacts / "serve-trace-phone.png"))
            assert page.outside == [] and page.console_errors == []
    finally:
        assert "Traceback" not in traced.stop()


def test_serve_refuses_a_folder_that_is_not_a_session_output(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, ["serve", "--no-browser", "--session", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.output.strip().endswith("no index.html in that folder; give a session output folder")
    assert len(result.output.strip().splitlines()) == 1


# -- a corpus index (--db): provenance in comparisons, the trace form ----------------------------

ICT = TEXTS / "A_RES_78_132.txt"
OCEANS_78, OCEANS_79 = TEXTS / "A_RES_78_69.txt", TEXTS / "A_RES_79_144.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from diffcore.provenance import index_paths

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    assert index_paths([ICT, OCEANS_78, OCEANS_79], db).added == 3
    return db


@pytest.fixture
def with_db(private: Path, corpus: Path) -> Iterator[TestClient]:
    settings = Settings(workers=1, hosts=("testserver",), db=corpus, documents=3)
    with TestClient(create_app(settings), follow_redirects=False) as c:
        yield c


def test_trace_form_only_with_a_corpus(client: TestClient, with_db: TestClient) -> None:
    assert 'action="/trace"' not in client.get("/").text
    assert client.post("/trace", files=NO_FILE).status_code == 404
    page = with_db.get("/").text
    assert 'action="/trace"' in page and "Corpus: corpus.db, 3 documents" in page


def test_trace_a_pasted_paragraph(with_db: TestClient, private: Path, corpus: Path) -> None:
    from diffcore import parse

    taken = max(parse(str(ICT)).paragraphs, key=lambda p: len(p.text))
    response = with_db.post("/trace", files=NO_FILE, data={"trace_text": taken.text})
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/t/[A-Za-z0-9_-]{24}", location)
    page = with_db.get(location)
    assert f'src="{location}/view"' in page.text and f"{location}/download/json" in page.text
    view = with_db.get(f"{location}/view")
    assert "A/RES/78/132" in view.text and str(corpus) not in view.text
    # The trace page's inline CSS and JS are allowed by hash, nothing else.
    policy = view.headers["content-security-policy"]
    hashes = _inline_hashes(view.text, "style") | _inline_hashes(view.text, "script")
    assert hashes and all(h in policy for h in hashes)
    assert "frame-ancestors 'self'" in policy

    doc = json.loads(with_db.get(f"{location}/download/json").content)
    assert doc["paragraphs"][0]["sources"][0]["symbol"] == "A/RES/78/132"
    assert not _uploads_left(private)


def test_trace_refuses_bad_input_in_the_page(with_db: TestClient) -> None:
    both = with_db.post("/trace", files={"trace_file": ("a.txt", b"x")}, data={"trace_text": "y"})
    assert both.status_code == 400 and "not both" in both.text
    bad = with_db.post("/trace", files={"trace_file": ("broken.pdf", b"%PDF-1.4 nothing")})
    assert bad.status_code == 400 and "broken.pdf" in bad.text and "Traceback" not in bad.text


def test_compare_with_a_corpus_says_where_wording_came_from(with_db: TestClient) -> None:
    html = _report(with_db, with_db.post("/compare", files=_files(OCEANS_78, OCEANS_79)))
    assert 'class="note prov"' in html


def test_serve_refuses_a_file_that_is_not_a_corpus(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    # A port in use: had the server tried to listen first, the error would be another one.
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(app, ["serve", "--db", str(other), "--no-browser", "--port", port])
    assert result.exit_code == 2
    assert result.output.strip().startswith("resdiff: error: ")
    assert "other.db: not a corpus database" in result.output
    assert len(result.output.strip().splitlines()) == 1
