"""STARTTLS and implicit TLS against real TLS servers (aiosmtpd on 127.0.0.1).

The certificate is made for the test by the ``openssl`` command (skipped where there is none);
the client trusts it only through the context it is given, so a server it does not trust is
a clear failure too.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.briefing import Briefing
from digest.mail import MailError, SmtpSettings, build_message, send_message
from tests.digest_helpers import (
    Server,
    one_piece_briefing,
    password_authenticator,
    serving,
)

PASSWORD = "tls-only-Pa55"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def _trusting(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


@pytest.fixture
def starttls_server(certificate: tuple[Path, Path]) -> Iterator[Server]:
    """Offers STARTTLS, and takes a login only once the connection is encrypted."""
    yield from serving(
        tls_context=_server_context(certificate),
        require_starttls=True,
        authenticator=password_authenticator(PASSWORD),
        auth_require_tls=True,
    )


@pytest.fixture
def ssl_server(certificate: tuple[Path, Path]) -> Iterator[Server]:
    """TLS from the first byte (port 465 style)."""
    # (aiosmtpd only counts STARTTLS as TLS for AUTH; here the whole connection is TLS)
    yield from serving(
        ssl_context=_server_context(certificate),
        authenticator=password_authenticator(PASSWORD),
        auth_require_tls=False,
    )


@pytest.fixture
def briefing() -> Briefing:
    return one_piece_briefing("Ferry vote")


def _settings(port: int, security: str) -> SmtpSettings:
    return SmtpSettings(
        host="127.0.0.1",
        port=port,
        security=security,
        username="me",
        password_env="READER_TEST_TLS_PASSWORD",
        timeout=5,
    )


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_login_and_send_over_tls(
    security: str,
    starttls_server: Server,
    ssl_server: Server,
    certificate: tuple[Path, Path],
    briefing: Briefing,
) -> None:
    server = starttls_server if security == "starttls" else ssl_server
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    send_message(
        message,
        _settings(server.port, security),
        environ={"READER_TEST_TLS_PASSWORD": PASSWORD},
        ssl_context=_trusting(certificate),
    )
    [(sender, rcpts, raw)] = server.inbox.messages
    assert (sender, rcpts) == ("me@example.org", ["a@example.org"])
    assert b"Morning" in raw


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_untrusted_certificate_is_a_clear_failure(
    security: str, starttls_server: Server, ssl_server: Server, briefing: Briefing
) -> None:
    server = starttls_server if security == "starttls" else ssl_server
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailError) as caught:
        send_message(
            message,
            _settings(server.port, security),
            environ={"READER_TEST_TLS_PASSWORD": PASSWORD},
            ssl_context=ssl.create_default_context(),  # the system's CAs: not this test's
        )
    assert "\n" not in str(caught.value) and PASSWORD not in str(caught.value)
    assert server.inbox.messages == []


def test_plain_login_is_refused_where_the_server_wants_tls(
    starttls_server: Server, briefing: Briefing
) -> None:
    """security = "none" against a server that demands STARTTLS: nothing is sent."""
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailError):
        send_message(
            message,
            _settings(starttls_server.port, "none"),
            environ={"READER_TEST_TLS_PASSWORD": PASSWORD},
        )
    assert starttls_server.inbox.messages == []
