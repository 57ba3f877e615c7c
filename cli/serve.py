"""``resdiff serve``: the comparison page on a local web server (Starlette on uvicorn, the ``serve`` extra).

Importing this module registers the command; the web libraries are imported
when it runs, so ``resdiff --help`` does not load them.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from pathlib import Path
from typing import Annotated

import typer

from .main import _Command, _fail, app

# A host name as DNS and /etc/hosts know it: dot-separated labels of letters, digits, "-" and "_".
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\.?")


def _host(given: str) -> str:
    """``--host`` as an address (IPv4, IPv6 with or without brackets) or a host name; else the CLI's error.

    >>> _host("::1"), _host("[::1]"), _host("0:0::1"), _host("0.0.0.0"), _host("localhost")
    ('::1', '::1', '::1', '0.0.0.0', 'localhost')
    """
    bare = given[1:-1] if given.startswith("[") and given.endswith("]") else given
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    if bare == given and _HOSTNAME.fullmatch(given) and not given.replace(".", "").isdigit():
        return given
    _fail(
        f"--host {given}: not an address or a host name;"
        " give one like 127.0.0.1, ::1, 0.0.0.0, :: or localhost, without scheme or port"
    )


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host`` (a name: its IPv4 address if it has one); ``::`` takes IPv4 too."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        _fail(f"--host {host}: no such host ({exc.strerror})")
    family, *_, address = min(found, key=lambda info: info[0] != socket.AF_INET)
    dual = address[0] == "::" and socket.has_dualstack_ipv6()
    try:
        return socket.create_server(address, family=family, dualstack_ipv6=dual)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        _fail(f"--host {host} --port {port}: cannot listen ({reason})")


def _url_host(host: str) -> str:
    """``host`` as a URL writes it: IPv6 in brackets, and "all addresses" as this machine's own.

    >>> _url_host("::1"), _url_host("::"), _url_host("0.0.0.0"), _url_host("localhost")
    ('[::1]', '[::1]', '127.0.0.1', 'localhost')
    """
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.is_unspecified:  # a browser cannot open 0.0.0.0 (Chrome refuses it); this machine can
        address = ipaddress.ip_address("::1" if address.version == 6 else "127.0.0.1")
    return f"[{str(address).replace('%', '%25')}]" if address.version == 6 else str(address)


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
        str,
        typer.Option(
            help="Address (IPv4, IPv6) or host name to listen on; 0.0.0.0 or :: for all addresses;"
            " anything but this machine warns."
        ),
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
    host = _host(host)
    folder = Path(session) if session else None
    if folder is not None and not (folder / "index.html").is_file():
        _fail(f"--session {session}: no index.html in that folder; give a session output folder")
    documents = _corpus_documents(db) if db else 0  # checked as resdiff trace does, before listening
    sock = _listen(host, port)
    # This machine only by the address listened on, whatever the name given (localhost, ip6-localhost).
    local = ipaddress.ip_address(sock.getsockname()[0].split("%")[0]).is_loopback
    if not local:
        typer.echo(
            f"resdiff: warning: serving on {f'[{host}]' if ':' in host else host}: anyone who can reach"
            " this machine can use the page"
            " and read the comparisons made on it",
            err=True,
        )
    shown = _url_host(host)
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    settings = web.Settings(
        limit=max_upload * web.MB,
        workers=workers,
        hosts=(*web.LOOPBACK, shown) if local else ("*",),
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
