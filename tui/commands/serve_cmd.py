"""`sidebyside serve [--host H] [--port P] [--library DIR]`: the reader in a web browser.

textual-serve runs a small web server; each browser tab that opens the page gets its own reader
process (`python -m tui --library DIR`, the same program as `sidebyside`), its screen drawn in the
page by xterm.js. The address is checked by binding it before the server starts, so a taken port
or a bad host is one line on stderr and exit status 2, not a traceback from the web framework.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import ipaddress
import logging
import re
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from tui.commands._output import PROG, add_library_argument, one_line, say
from tui.errors import UserError

NAME = "serve"
HELP = (
    "Serve the reader (library and comparisons) to a web browser. Each browser tab runs its "
    "own reader on the same library. Stop with Ctrl+C."
)
EPILOG = """\
examples:
  sidebyside serve                          http://127.0.0.1:8000, this machine only
  sidebyside serve --port 8080 --library ~/clips
  sidebyside serve --host 0.0.0.0           every network interface: anyone who can reach this
                                            machine can use the reader (there is no password)

Exit status 2 when the port is taken, the host is not an address of this machine, or the
library folder does not exist.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, not {port}")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of `sidebyside serve`."""
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="HOST",
        help=f"address to listen on (default: {DEFAULT_HOST}, reachable from this machine "
        "only; 0.0.0.0 listens on every interface)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="PORT",
        help=f"TCP port to listen on (default: {DEFAULT_PORT})",
    )
    add_library_argument(parser)


def check_address(host: str, port: int) -> list[str]:
    """Bind every address `host` resolves to on `port`, then let go: the server can start.

    Returns:
        The IP addresses `host` stands for.

    Raises:
        UserError: `host` is not a valid name or not an address of this machine, or the port
            is taken (or needs privileges).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else exc
        raise UserError(f"invalid host {host!r}: {str(reason).lower()}") from None
    addresses: list[str] = []
    for family, kind, proto, _name, sockaddr in infos:
        with socket.socket(family, kind, proto) as probe:
            # As the server will: a port left in TIME_WAIT by an earlier run is free to use.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(sockaddr)
            except OSError as exc:
                raise UserError(_bind_problem(host, port, exc)) from None
        addresses.append(str(sockaddr[0]))
    return addresses


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is already in use on {host}; choose another with --port"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; choose one above 1023 with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"invalid host {host!r}: not an address of this machine"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def is_loopback(addresses: list[str]) -> bool:
    """Whether every address is a loopback one (reachable from this machine only)."""
    return all(ipaddress.ip_address(a.split("%", 1)[0]).is_loopback for a in addresses)


def reader_command(library: Path | None) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this reader."""
    argv = [sys.executable, "-m", "tui"]
    if library is not None:
        argv += ["--library", str(library)]
    return shlex.join(argv)


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


# textual-serve's page loads its font from a web font service, though the package ships the font
# files: the page would make every reader's browser contact a third party. Served locally instead.
_FONT_LINK = re.compile(r"<link[^>]*?href=\"https://fonts\.googleapis\.com/[^\"]*\"[^>]*>", re.S)
_FONT_FILE = "RobotoMono-VariableFont_wght.ttf"


def local_font(page: str, fonts_url: str) -> str:
    """`page` with its link to the web font service replaced by the font textual-serve ships."""
    face = (
        '<style>@font-face { font-family: "Roboto Mono"; '
        f'src: url("{fonts_url}{_FONT_FILE}") format("truetype"); }}</style>'
    )
    return _FONT_LINK.sub(lambda _match: face, page)


# A Host header the page's links may be built on: a name or IPv4 address, or [IPv6], and a port.
_HOST_HEADER = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def page_url(scheme: str, host_header: str, host: str, port: int) -> str:
    """The base of the page's links: the address the browser asked for (its Host header), or
    the listening address when that header is not a plain host and port."""
    if scheme in ("http", "https") and _HOST_HEADER.fullmatch(host_header):
        return f"{scheme}://{host_header}"
    return _url(host, port)


def _tab_openings(record: logging.LogRecord) -> bool:
    return '"GET /ws?' in record.getMessage()


def _make_server(command: str, host: str, port: int) -> Any:
    from aiohttp import web
    from textual_serve.server import Server

    class ReaderServer(Server):  # type: ignore[misc]
        """textual-serve's server, with the page's links taken from the address the browser
        used (the configured host may be 0.0.0.0, which no browser can connect to), one line of
        our own at startup instead of its banner, and open tabs closed at once on Ctrl+C."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[asyncio.Task[Any]] = set()

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # One task per open tab; textual-serve tells its reader to quit when it is cancelled.
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                response: web.WebSocketResponse = await super().handle_websocket(request)
                return response
            finally:
                self.sessions.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # Without this the server waits for each open tab's connection to time out.
            for task in list(self.sessions):
                task.cancel()

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            self.public_url = page_url(request.scheme, request.host, host, port)
            response = await super().handle_index(request)
            if isinstance(response, web.Response) and response.text is not None:
                response.text = local_font(response.text, f"{self.public_url}/static/fonts/")
            return response

        def initialize_logging(self) -> None:
            super().initialize_logging()
            # One line per tab opened (who connected), not one per page, script and font.
            logging.getLogger("aiohttp.access").addFilter(_tab_openings)

        async def on_startup(self, app: web.Application) -> None:
            print(
                f"{PROG}: serving the reader on {_url(host, port)} (Ctrl+C to stop)",
                file=sys.stderr,
                flush=True,
            )

    return ReaderServer(command, host=host, port=port, title="sidebyside")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; exit status 0, or 2 (UserError) when it cannot start."""
    library: Path | None = None
    if args.library is not None:
        library = args.library.expanduser().resolve()
        if not library.is_dir():
            raise UserError(f"{one_line(str(args.library))}: no such folder")
    addresses = check_address(args.host, args.port)
    if not is_loopback(addresses):
        say(
            "warning",
            f"{args.host} is reachable from other machines: anyone who can connect to port "
            f"{args.port} can read and add articles (there is no password)",
        )
    server = _make_server(reader_command(library), args.host, args.port)
    try:
        server.serve()
    except OSError as exc:
        # Taken between the check and the start (another program was quicker).
        raise UserError(_bind_problem(args.host, args.port, exc)) from None
    return 0
