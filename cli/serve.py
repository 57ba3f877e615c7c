"""``resdiff serve``: the comparison page on a local web server (Starlette on uvicorn, the ``serve`` extra).

Importing this module registers the command; the web libraries are imported
when it runs, so ``resdiff --help`` does not load them.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer

from .main import _Command, _fail, app


def _loopback(host: str) -> bool:
    """Whether ``host`` is this machine only.

    >>> _loopback("127.0.0.1"), _loopback("localhost"), _loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _corpus_documents(db: str) -> int:
    """The number of documents in the corpus index ``db``, opened read only; not an index: the CLI's error."""
    import diffcore
    from diffcore.provenance import open_index

    try:
        conn = open_index(db)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()


@app.command(cls=_Command)
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but this machine (127.0.0.1) warns.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: a free one).")] = 0,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the page in a browser.")
    ] = False,
    session: Annotated[
        str, typer.Option(help="A session output folder to browse (index.html, overview.json, reports/).")
    ] = "",
    max_upload: Annotated[int, typer.Option(min=1, max=1024, help="Largest file accepted, in MB.")] = 50,
    workers: Annotated[
        int, typer.Option(min=0, help="Processes that read and compare (0: one per core, up to 4).")
    ] = 0,
    db: Annotated[
        str,
        typer.Option(
            "--db", help="Corpus index (resdiff index): say where new wording came from; trace texts."
        ),
    ] = "",
) -> None:
    """Serve a page to compare two versions in a browser: drop two files, read the report, download it."""
    try:
        import uvicorn

        from . import web
    except ImportError as exc:
        _fail(f"resdiff serve needs the web libraries ({exc.name}): pip install 'resdiff[serve]'")
    folder = Path(session) if session else None
    if folder is not None and not (folder / "index.html").is_file():
        _fail(f"--session {session}: no index.html in that folder; give a session output folder")
    documents = _corpus_documents(db) if db else 0  # checked as resdiff trace does, before listening
    local = _loopback(host)
    if not local:
        typer.echo(
            f"resdiff: warning: serving on {host}: anyone who can reach this machine can use the page"
            " and read the comparisons made on it",
            err=True,
        )
    try:
        sock = socket.create_server((host, port))
    except OSError as exc:
        _fail(f"--host {host} --port {port}: cannot listen ({exc.strerror or exc})")
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    settings = web.Settings(
        limit=max_upload * web.MB,
        workers=workers,
        hosts=(*web.LOOPBACK, host) if local else ("*",),
        session=folder,
        db=Path(db) if db else None,
        documents=documents,
    )
    typer.echo(f"resdiff: the page is at {url} (Ctrl-C stops it)")
    if not no_browser:
        import webbrowser

        webbrowser.open(url)  # the socket already listens: the browser's request waits for the server
    # Ctrl-C waits at most a few seconds for comparisons under way, then the private folder is removed.
    config = uvicorn.Config(
        web.create_app(settings), log_level="warning", lifespan="on", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
