"""`sidebyside serve`: its help, the address checks before it starts, and a clean stop.

What the browser sees is tested with a real browser in tests/browser/.
"""

from __future__ import annotations

import shlex
import socket
import urllib.request
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.serving import free_port, serving, stop
from tui.commands.serve_cmd import (
    check_address,
    is_loopback,
    local_font,
    page_url,
    reader_command,
)
from tui.errors import UserError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_help_documents_the_options(run_cli: RunCli) -> None:
    result = run_cli("serve", "--help")
    assert result.returncode == 0
    for option in ("--host HOST", "--port PORT", "--library DIR"):
        assert option in result.stdout
    assert "default: 127.0.0.1" in result.stdout
    assert "default: 8000" in result.stdout


def test_a_taken_port_is_one_line_and_exit_2(run_cli: RunCli) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr == (
        f"sidebyside: error: port {port} is already in use on 127.0.0.1; "
        "choose another with --port\n"
    )
    assert result.stdout == ""


def test_a_host_that_is_not_this_machine_is_refused(run_cli: RunCli) -> None:
    # 192.0.2.1 is reserved for documentation: never an address of a real machine.
    result = run_cli("serve", "--host", "192.0.2.1", "--port", str(free_port()))
    assert result.returncode == 2
    assert result.stderr == (
        "sidebyside: error: invalid host '192.0.2.1': not an address of this machine\n"
    )


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_bad_port_is_refused_by_the_parser(run_cli: RunCli, port: str) -> None:
    result = run_cli("serve", "--port", port)
    assert result.returncode == 2
    assert "argument --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_library_is_refused_before_serving(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("serve", "--port", str(free_port()), "--library", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.endswith("nope: no such folder\n")
    assert result.stderr.count("\n") == 1


def test_check_address_names_a_host_it_cannot_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(UserError, match=r"^invalid host 'no\.such\.host': name or service"):
        check_address("no.such.host", 8000)


def test_check_address_leaves_the_port_free() -> None:
    port = free_port()
    assert check_address("127.0.0.1", port) == ["127.0.0.1"]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as after:
        after.bind(("127.0.0.1", port))


def test_loopback_or_not() -> None:
    assert is_loopback(["127.0.0.1"])
    assert is_loopback(["127.0.0.1", "::1"])
    assert not is_loopback(["0.0.0.0"])
    assert not is_loopback(["127.0.0.1", "192.168.1.4"])
    assert not is_loopback(["fe80::1%eth0"])


def test_the_reader_command_is_this_python_on_the_given_library(tmp_path: Path) -> None:
    library = tmp_path / "my clips; rm -rf x"
    argv = shlex.split(reader_command(library))
    assert argv[1:] == ["-m", "tui", "--library", str(library)]
    assert shlex.split(reader_command(None))[1:] == ["-m", "tui"]


def test_the_page_links_follow_the_address_the_browser_used() -> None:
    assert page_url("http", "localhost:8000", "0.0.0.0", 8000) == "http://localhost:8000"
    assert page_url("http", "[::1]:8000", "::", 8000) == "http://[::1]:8000"
    assert page_url("http", "192.168.1.4:8080", "0.0.0.0", 8080) == "http://192.168.1.4:8080"
    # Anything else in the header is not copied into the page.
    assert page_url("http", 'x"><script>', "127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert page_url("http", "", "::1", 8000) == "http://[::1]:8000"


def test_the_page_font_comes_from_the_server() -> None:
    page = (
        '<head>\n  <link rel="stylesheet" href="/static/css/xterm.css" />\n  <link\n'
        '    rel="stylesheet"\n    href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n'
        "  />\n</head>"
    )
    served = local_font(page, "http://127.0.0.1:8000/static/fonts/")
    assert "googleapis" not in served
    assert 'href="/static/css/xterm.css"' in served
    assert 'url("http://127.0.0.1:8000/static/fonts/RobotoMono-VariableFont_wght.ttf")' in served


@pytest.mark.timeout(120)
def test_serves_the_page_warns_off_loopback_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port("0.0.0.0")
    library = tmp_path / "library"
    library.mkdir()
    for article in (FIXTURES / "compare").glob("*.md"):
        (library / article.name).write_bytes(article.read_bytes())
    with serving(["--library", str(library)], home=tmp_path, port=port, host="0.0.0.0") as served:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            page = response.read().decode("utf-8")
        # The page's links use the address the browser asked for, not 0.0.0.0.
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "googleapis" not in page
        status = stop(served.process)
        output = served.output()
    assert status == 0  # stopped by Ctrl+C's signal (a kill after the grace time is -9)
    lines = output.splitlines()
    assert lines[0] == (
        f"sidebyside: warning: 0.0.0.0 is reachable from other machines: anyone who can "
        f"connect to port {port} can read and add articles (there is no password)"
    )
    assert lines[1] == f"sidebyside: serving the reader on http://0.0.0.0:{port} (Ctrl+C to stop)"
    assert "Traceback" not in output
