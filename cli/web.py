"""The web page of ``resdiff serve``: an adapter like the CLI (parse the request, call the library, answer).

Two files (or two pasted texts) come in as one multipart POST, streamed into a
private temporary folder (0700) with a size limit, read and compared in a worker
process, and deleted as soon as the worker has read them. The comparison is
kept in memory under a random token, for a bounded time and count, so that the
page can show the report and offer it in every format. No name from a request
reaches the file system: uploads get names this module makes, comparisons are
found by token in a dict, and a session folder's files by name in a listing
made at start. Every response carries a Content-Security-Policy that allows no
external request (inline CSS and JS are allowed by their hashes). Started with a
corpus index (``--db``), comparisons say where new wording came from, as
``compare --db`` does, and a text can be traced, as ``resdiff trace`` does; the
workers open the index themselves, read only.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import traceback
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from diffcore import Comparison, Options, ResdiffError
from diffcore.errors import printable
from diffcore.model import View
from diffcore.read import read_bytes
from diffcore.render import FORMATS, ReportOptions, render_report
from diffcore.render.html import environment, render_html
from diffcore.structure import build_resolution

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

__all__ = ["LOOPBACK", "Settings", "content_security_policy", "create_app", "session_listing"]

MB = 1024 * 1024
LOOPBACK = ("127.0.0.1", "[::1]", "localhost")  # as Host headers write them

# What each download is: media type and file extension.
_MEDIA = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}
assert set(_MEDIA) == set(FORMATS)
_FORMAT_NAMES = {
    "html": "HTML",
    "pdf": "PDF",
    "docx": "Word (tracked changes)",
    "md": "Markdown",
    "json": "JSON",
}

_SIDES = ("old", "new")
_SIDE_NAMES = {"old": "Old version", "new": "New version"}
_LABEL_LIMIT = 500  # as the CLI's --old-label
_JOBS_PER_WORKER = 20  # then the workers are replaced


@dataclass(frozen=True)
class Settings:
    """How the page runs: limits, workers, the hosts it answers to, an optional session folder.

    >>> Settings().limit // MB
    50
    """

    limit: int = 50 * MB  # per uploaded file or pasted text
    workers: int = 0  # worker processes (0: one per core, up to 4)
    waiting: int = 64  # comparisons running or queued at once; more get "busy, try again"
    keep: int = 32  # comparisons kept for the page and downloads
    keep_seconds: float = 3600.0
    hosts: tuple[str, ...] = LOOPBACK  # Host headers answered (against DNS rebinding); "*" for any
    session: Path | None = None  # a session output folder to browse
    db: Path | None = None  # a corpus index (checked by the caller): provenance and the trace form
    documents: int = 0  # the documents in ``db``, shown on the page


class _Refused(Exception):
    """A request the page answers with a one-line message and a status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# -- security headers ---------------------------------------------------------------------------

_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.S)


def content_security_policy(html: str, framed: bool = False) -> str:
    """A policy allowing nothing external: the page's own inline CSS and JS by hash, forms and frames to self.

    >>> p = content_security_policy("<style>b{}</style>")
    >>> "default-src 'none'" in p and "style-src 'sha256-" in p and "script-src 'none'" in p
    True
    """
    allowed: dict[str, list[str]] = {"script": [], "style": []}
    for kind, body in _INLINE.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        allowed[kind].append(f"'sha256-{digest}'")
    none = "'none'"
    return "; ".join(
        (
            f"default-src {none}",
            f"script-src {' '.join(allowed['script']) or none}",
            f"style-src {' '.join(allowed['style']) or none}",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "form-action 'self'",
            f"base-uri {none}",
            "frame-ancestors 'self'" if framed else f"frame-ancestors {none}",
        )
    )


_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
}
_ENCODED = tuple(_HEADERS.items())
_DEFAULT_CSP = content_security_policy("")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _SecurityHeaders:
    """Adds the headers above to every response, and the strictest policy where a route set none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in _ENCODED if k.encode() not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", _DEFAULT_CSP.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _html(html: str, status: int = 200, framed: bool = False, **headers: str) -> Response:
    response = Response(html, status_code=status, media_type="text/html; charset=utf-8")
    response.headers["content-security-policy"] = content_security_policy(html, framed)
    for key, value in headers.items():
        response.headers[key.replace("_", "-")] = value
    return response


# -- the upload: a streamed multipart form ------------------------------------------------------


@dataclass
class _Form:
    """What a comparison form brought: files written into the request's folder, short text fields."""

    folder: Path
    limit: int
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)  # field -> (our path, the user's name)
    texts: dict[str, str] = field(default_factory=dict)
    _name: str = ""
    _filename: str | None = None
    _size: int = 0
    _file: Any = None
    _chunks: list[bytes] = field(default_factory=list)
    _header: bytes = b""
    _value: bytes = b""
    _disposition: bytes = b""

    # Callbacks of python-multipart's streaming parser.
    def on_part_begin(self) -> None:
        self._disposition, self._size, self._chunks = b"", 0, []

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        if self._header.lower() == b"content-disposition":
            self._disposition = self._value
        self._header, self._value = b"", b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._disposition)
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        raw = params.get(b"filename")
        self._filename = None if raw is None else raw.decode("utf-8", "replace")
        if self._name in ("old_file", "new_file", "trace_file") and self._filename:
            # Our name, never the user's: the folder is this request's own.
            path = self.folder / self._name
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            self._file = os.fdopen(fd, "wb")
            self.files[self._name] = (path, _base_name(self._filename))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._size += end - start
        if self._size > self.limit:
            what = self._filename or _FIELD_NAMES.get(self._name, "a form field")
            limit = self.limit // MB or 1
            raise _Refused(f"{printable(what)}: larger than the limit of {limit} MB a file", 413)
        if self._file is not None:
            self._file.write(data[start:end])
        elif self._name in _FIELD_NAMES:
            self._chunks.append(data[start:end])

    def on_part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        elif self._name in _FIELD_NAMES:
            self.texts[self._name] = b"".join(self._chunks).decode("utf-8", "replace")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


_FIELD_NAMES = {
    "old_text": "the pasted old text",
    "new_text": "the pasted new text",
    "old_label": "the name of the old version",
    "new_label": "the name of the new version",
    "view": "the view",
    "trace_text": "the pasted text to trace",
}


def _base_name(name: str) -> str:
    r"""The last part of a browser's file name (some send a whole Windows path), for messages only.

    >>> _base_name("C:\\Users\\me\\draft.docx")
    'draft.docx'
    """
    return re.split(r"[\\/]", name)[-1].strip() or "upload"


async def _receive(request: Request, folder: Path, limit: int) -> _Form:
    """Stream the multipart body into ``folder``, refusing it (413) once a part passes ``limit``."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise _Refused("send the files as a form (multipart/form-data)", 415)
    declared = request.headers.get("content-length", "")
    total_limit = 2 * limit + MB  # two files and the short fields
    if declared.isdigit() and int(declared) > total_limit:
        raise _Refused(f"the upload is larger than the limit ({limit // MB or 1} MB a file)", 413)
    form = _Form(folder, limit)
    callbacks: dict[str, Any] = {
        name: getattr(form, name)
        for name in (
            "on_part_begin",
            "on_header_field",
            "on_header_value",
            "on_header_end",
            "on_headers_finished",
            "on_part_data",
            "on_part_end",
        )
    }
    parser = MultipartParser(params[b"boundary"], cast("MultipartCallbacks", callbacks))
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > total_limit:
                raise _Refused(f"the upload is larger than the limit ({limit // MB or 1} MB a file)", 413)
            parser.write(chunk)
        parser.finalize()
    except _Refused:
        raise
    except Exception as exc:  # python-multipart's parse errors
        raise _Refused(f"the form could not be read ({printable(str(exc))})") from None
    finally:
        form.close()
    return form


@dataclass(frozen=True)
class _Job:
    """One comparison for a worker: each side a file in the private folder, shown under its own name."""

    old: tuple[Path, str]
    new: tuple[Path, str]
    report: ReportOptions
    db: str = ""  # a corpus index: the comparison says where new wording came from


def _job(form: _Form, db: str) -> _Job:
    """Check the form: each side one file or one pasted text, names plain one-line text."""
    sides = {}
    for side in _SIDES:
        upload = form.files.get(f"{side}_file")
        text = form.texts.get(f"{side}_text", "")
        if upload and text.strip():
            raise _Refused(f"{_SIDE_NAMES[side]}: choose a file or paste a text, not both")
        if not upload and not text.strip():
            raise _Refused(f"{_SIDE_NAMES[side]}: choose a file or paste its text")
        if not upload:
            path = form.folder / f"{side}_text"
            path.write_text(text, encoding="utf-8")
            upload = (path, f"pasted {side} text")
        sides[side] = upload
    labels = {}
    for side in _SIDES:
        label = form.texts.get(f"{side}_label", "").strip()
        if len(label) > _LABEL_LIMIT or not label.isprintable():
            raise _Refused(
                f"the name of the {side} version: give plain one-line text"
                f" of at most {_LABEL_LIMIT} characters"
            )
        labels[side] = label
    asked = form.texts.get("view", "")
    view = View(asked) if asked in tuple(View) else View.SIDE
    report = ReportOptions(old_label=labels["old"], new_label=labels["new"], view=view)
    return _Job(sides["old"], sides["new"], report, db)


def _trace_upload(form: _Form) -> tuple[Path, str, bool]:
    """Check the trace form: one file or one pasted text; the path, the name, whether it was pasted."""
    upload = form.files.get("trace_file")
    text = form.texts.get("trace_text", "")
    if upload and text.strip():
        raise _Refused("Trace a text: choose a file or paste a text, not both")
    if upload:
        return (*upload, False)
    if not text.strip():
        raise _Refused("Trace a text: choose a file or paste its text")
    path = form.folder / "trace_text"
    path.write_text(text, encoding="utf-8")
    return path, "pasted text", True


# -- the work, in worker processes --------------------------------------------------------------


def _compare_job(job: _Job) -> tuple[Comparison, str]:
    """Read both uploads (messages name the user's file), delete them, compare, render the HTML report."""
    from diffcore import compare

    resolutions = []
    for path, name in (job.old, job.new):
        try:
            data = path.read_bytes()
        finally:
            path.unlink(missing_ok=True)  # read: not kept a moment longer
        resolutions.append(build_resolution(read_bytes(data, name)))
    comparison = compare(resolutions[0], resolutions[1], Options(jobs=1))
    if job.db:
        from diffcore.provenance import with_provenance

        comparison = with_provenance(comparison, job.db)
    return comparison, render_html(comparison, job.report)


# A pasted paragraph or two has no "The General Assembly," line: traced under one, as a resolution's.
_ASSEMBLY = b"The General Assembly,\n\n"


def _trace_job(path: Path, name: str, pasted: bool, db: str) -> tuple[str, str, str]:
    """Read the upload (messages name the user's file), delete it, trace it: (HTML page, JSON, title)."""
    from diffcore.provenance import open_index, trace, trace_json
    from diffcore.provenance.html import render_trace

    try:
        data = path.read_bytes()
    finally:
        path.unlink(missing_ok=True)
    try:
        res = build_resolution(read_bytes(data, name))
    except ResdiffError:
        if not pasted:
            raise
        res = build_resolution(read_bytes(_ASSEMBLY + data, name))
    conn = open_index(db)
    try:
        t = trace(res, conn, hashlib.sha256(data).hexdigest())
    finally:
        conn.close()
    title = f"Trace of {res.metadata.symbol or name}"
    return render_trace(t, db_name(db)), trace_json(t), title


def db_name(db: str) -> str:
    """The corpus as pages name it: the file's name, never its folder.

    >>> db_name("/home/me/corpus.db")
    'corpus.db'
    """
    return Path(db).name


def _render_job(comparison: Comparison, fmt: str, report: ReportOptions) -> bytes:
    """One download, as bytes."""
    content = render_report(comparison, fmt, report)
    return content.encode("utf-8") if isinstance(content, str) else content


# -- the kept comparisons -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Kept:
    comparison: Comparison
    html: str
    report: ReportOptions
    title: str
    made: float


@dataclass(frozen=True)
class _KeptTrace:
    html: str
    json: str
    title: str
    made: float


class _Dated(Protocol):
    @property
    def made(self) -> float: ...


_T = TypeVar("_T", bound=_Dated)


# What a page says of a token it no longer holds (results are kept for a while only).
_GONE = "this comparison is no longer kept (or never was); compare the files again"
_GONE_TRACE = "this trace is no longer kept (or never was); trace the text again"


class _Store(Generic[_T]):
    """The results the page can still show: at most ``count``, none older than ``seconds``."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self._items: OrderedDict[str, _T] = OrderedDict()

    def add(self, kept: _T) -> str:
        token = secrets.token_urlsafe(18)
        self._items[token] = kept
        self._expire()
        return token

    def get(self, token: str) -> _T | None:
        self._expire()
        return self._items.get(token)

    def find(self, request: Request, gone: str) -> tuple[str, _T]:
        """The request's token and what it names, or a 404 saying ``gone``."""
        token = request.path_params["token"]
        kept = self.get(token)
        if kept is None:
            raise _Refused(gone, 404)
        return token, kept

    def _expire(self) -> None:
        oldest = time.monotonic() - self.seconds
        items = self._items
        while items and (len(items) > self.count or next(iter(items.values())).made < oldest):
            items.popitem(last=False)


# -- a session output folder ---------------------------------------------------------------------


def session_listing(folder: Path) -> dict[str, Path]:
    """The files of a session output folder the page serves, by URL name: made once, at start.

    Only regular files (no symbolic links) directly at their place:
    ``index.html``, ``overview.json`` and ``reports/*.html``.

    >>> session_listing(Path("no/such/folder"))
    {}
    """
    names: dict[str, Path] = {}
    for name in ("index.html", "overview.json"):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            names[name] = path
    reports = folder / "reports"
    if reports.is_dir() and not reports.is_symlink():
        for entry in sorted(os.scandir(reports), key=lambda e: e.name):
            if entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
                names[f"reports/{entry.name}"] = Path(entry.path)
    return names


# -- the application ------------------------------------------------------------------------------


def create_app(settings: Settings = Settings()) -> Starlette:
    """The ASGI application: the comparison page, its results and downloads, an optional session folder."""
    store: _Store[_Kept] = _Store(settings.keep, settings.keep_seconds)
    traces: _Store[_KeptTrace] = _Store(settings.keep, settings.keep_seconds)
    db = str(settings.db) if settings.db else ""
    session = session_listing(settings.session) if settings.session else {}
    workers = settings.workers or min(os.cpu_count() or 1, 4)
    state: dict[str, Any] = {"running": 0, "jobs": 0}

    def new_pool() -> ProcessPoolExecutor:
        # Spawned, not forked: a fork of a process running an event loop and threads is unsafe.
        return ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state["pool"] = new_pool()
        state["folder"] = Path(tempfile.mkdtemp(prefix="resdiff-serve-"))  # mode 0700
        try:
            yield
        finally:
            state["pool"].shutdown(wait=False, cancel_futures=True)
            shutil.rmtree(state["folder"], ignore_errors=True)

    async def in_worker(function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function`` in a worker process; refuse (503) when too many are waiting."""
        if state["running"] >= settings.waiting:
            raise _Refused("the page is busy with other comparisons; try again in a minute", 503)
        state["running"] += 1
        state["jobs"] += 1
        if state["jobs"] % (_JOBS_PER_WORKER * workers) == 0:
            # New workers now and then, so that a big PDF's memory does not stay; the old pool
            # finishes what it has. (Not max_tasks_per_child: on Python 3.11 the pool hangs
            # once every worker has been replaced while jobs wait, measured here at 2 x 20.)
            state["pool"].shutdown(wait=False)
            state["pool"] = new_pool()
        pool = state["pool"]
        try:
            return await asyncio.wrap_future(pool.submit(function, *args))
        except BrokenProcessPool:
            state["pool"] = new_pool()
            raise _Refused("the comparison stopped (out of memory?); try again", 500) from None
        except asyncio.CancelledError:  # Ctrl-C: the server stops; a message, not a traceback on the console
            raise _Refused("resdiff serve was stopped before the comparison was done", 503) from None
        finally:
            state["running"] -= 1

    def page(
        status: int = 200,
        error: str = "",
        kept: _Kept | None = None,
        token: str = "",
        traced: _KeptTrace | None = None,
    ) -> Response:
        html = (
            environment()
            .get_template("page.html.j2")
            .render(
                error=error,
                kept=kept,
                token=token,
                formats=[(f, _FORMAT_NAMES[f]) for f in FORMATS],
                limit_mb=settings.limit // MB or 1,
                session="index.html" in session,
                corpus=db_name(db) if db else "",
                documents=settings.documents,
                traced=traced,
            )
        )
        return _html(html, status)

    def wants_json(request: Request) -> bool:
        return request.headers.get("accept", "").startswith("application/json")

    def refused(request: Request, exc: _Refused) -> Response:
        if wants_json(request):
            return JSONResponse({"error": str(exc)}, exc.status)
        return page(exc.status, str(exc))

    async def home(request: Request) -> Response:
        return page()

    def foreign(request: Request) -> bool:
        origin = request.headers.get("origin")
        return bool(origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"))

    async def submitted(request: Request, work: Callable[[Path], Awaitable[str]], what: str) -> Response:
        """A posted form: ``work`` receives its files into a private folder (removed after) and
        gives the URL of the result; a refusal or an error is said as the page or JSON asks."""
        if foreign(request):
            return refused(request, _Refused("a form from another site cannot use this page", 403))
        folder = Path(tempfile.mkdtemp(dir=state["folder"]))
        try:
            url = await work(folder)
        except _Refused as exc:
            return refused(request, exc)
        except ResdiffError as exc:
            return refused(request, _Refused(str(exc)))
        except Exception:  # a bug: said on the server's console, never shown to the page
            traceback.print_exc(file=sys.stderr)
            return refused(
                request, _Refused(f"the {what} failed (an error in resdiff); see the console", 500)
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if wants_json(request):
            return JSONResponse({"url": url})
        return RedirectResponse(url, 303)

    async def compare(request: Request) -> Response:
        async def work(folder: Path) -> str:
            job = _job(await _receive(request, folder, settings.limit), db)
            comparison, html = await in_worker(_compare_job, job)
            title = re.search(r"<title>(.*?)</title>", html, re.S)
            kept = _Kept(
                comparison, html, job.report, title.group(1) if title else "Report", time.monotonic()
            )
            return f"/r/{store.add(kept)}"

        return await submitted(request, work, "comparison")

    async def result(request: Request) -> Response:
        try:
            token, kept = store.find(request, _GONE)
        except _Refused as exc:
            return page(exc.status, str(exc))
        return page(kept=kept, token=token)

    async def view(request: Request) -> Response:
        try:
            _, kept = store.find(request, _GONE)
        except _Refused as exc:
            return page(exc.status, str(exc))
        return _html(kept.html, framed=True)

    async def download(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        try:
            _, kept = store.find(request, _GONE)
            if fmt not in _MEDIA:
                known = ", ".join(FORMATS)
                raise _Refused(f"no report format {printable(fmt)!r}; choose one of {known}", 404)
            if fmt == "html":
                data = kept.html.encode("utf-8")
            else:
                data = await in_worker(_render_job, kept.comparison, fmt, kept.report)
        except _Refused as exc:
            return page(exc.status, str(exc))
        except ResdiffError as exc:  # no PDF engine, say
            return page(400, str(exc))
        return Response(
            data,
            media_type=_MEDIA[fmt],
            headers={"content-disposition": f'attachment; filename="resdiff-report.{fmt}"'},
        )

    async def trace(request: Request) -> Response:
        if not db:
            return refused(
                request, _Refused("no corpus: start resdiff serve with --db corpus.db to trace", 404)
            )

        async def work(folder: Path) -> str:
            path, name, pasted = _trace_upload(await _receive(request, folder, settings.limit))
            html, data, title = await in_worker(_trace_job, path, name, pasted, db)
            return f"/t/{traces.add(_KeptTrace(html, data, title, time.monotonic()))}"

        return await submitted(request, work, "trace")

    async def trace_result(request: Request) -> Response:
        try:
            token, kept = traces.find(request, _GONE_TRACE)
        except _Refused as exc:
            return page(exc.status, str(exc))
        return page(traced=kept, token=token)

    async def trace_view(request: Request) -> Response:
        try:
            _, kept = traces.find(request, _GONE_TRACE)
        except _Refused as exc:
            return page(exc.status, str(exc))
        return _html(kept.html, framed=True)

    async def trace_download(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        try:
            _, kept = traces.find(request, _GONE_TRACE)
            if fmt not in ("html", "json"):
                raise _Refused(f"no trace format {printable(fmt)!r}; choose html or json", 404)
        except _Refused as exc:
            return page(exc.status, str(exc))
        return Response(
            kept.html if fmt == "html" else kept.json,
            media_type=_MEDIA[fmt],
            headers={"content-disposition": f'attachment; filename="resdiff-trace.{fmt}"'},
        )

    async def session_file(request: Request) -> Response:
        path = session.get(request.path_params["name"])
        if path is None:
            return page(404, "no such page in the session folder")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return page(404, f"{printable(path.name)}: cannot read ({exc.strerror or exc})")
        if path.suffix == ".json":
            return Response(data, media_type="application/json")
        return _html(data.decode("utf-8", "replace"))

    routes = [
        Route("/", home),
        Route("/compare", compare, methods=["POST"]),
        Route("/r/{token}", result),
        Route("/r/{token}/view", view),
        Route("/r/{token}/download/{fmt}", download),
        Route("/session/{name:path}", session_file),
        Route("/trace", trace, methods=["POST"]),
        Route("/t/{token}", trace_result),
        Route("/t/{token}/view", trace_view),
        Route("/t/{token}/download/{fmt}", trace_download),
    ]
    middleware = [Middleware(_SecurityHeaders)]
    if "*" not in settings.hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts)))
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
