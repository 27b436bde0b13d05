"""The tests' loopback feed server: a client hanging up is quiet, a real fault is not."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from tests.feed_server import FeedServer, serve


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


def _hang_up_hard(server: FeedServer) -> None:
    """Connect and reset the connection (SO_LINGER 0) before sending a request."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_client_resetting_the_connection_prints_nothing(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    handled = threading.Semaphore(0)
    quiet_handler = feed_server.httpd.handle_error

    def counted(request: object, client_address: object) -> None:
        quiet_handler(request, client_address)  # type: ignore[arg-type]
        handled.release()

    feed_server.httpd.handle_error = counted  # type: ignore[method-assign]
    for _ in range(3):
        _hang_up_hard(feed_server)
    for _ in range(3):  # each reset reached the server's error handler
        assert handled.acquire(timeout=30)
    assert capsys.readouterr().err == ""


def test_a_real_fault_in_a_handler_is_still_printed(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise ValueError("a real fault")
    except ValueError:
        feed_server.httpd.handle_error(None, ("127.0.0.1", 0))  # type: ignore[arg-type]
    assert "ValueError: a real fault" in capsys.readouterr().err


def test_a_reset_seen_by_the_error_handler_is_swallowed(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for error in (ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
        try:
            raise error("the client went away")
        except OSError:
            feed_server.httpd.handle_error(None, ("127.0.0.1", 0))  # type: ignore[arg-type]
    assert capsys.readouterr().err == ""
