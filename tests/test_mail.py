"""Mail against a real SMTP server (aiosmtpd on 127.0.0.1): message shape, auth, failures."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any, ClassVar

import pytest

from digest.briefing import Briefing
from digest.mail import MailConfigError, MailError, SmtpSettings, build_message, send_message
from tests.digest_helpers import (
    Server,
    free_port,
    one_piece_briefing,
    password_authenticator,
    serving,
)

PASSWORD = "s3cret-Pa55"


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    yield from serving()


@pytest.fixture
def auth_server() -> Iterator[Server]:
    yield from serving(authenticator=password_authenticator(PASSWORD), auth_require_tls=False)


@pytest.fixture
def briefing() -> Briefing:
    return one_piece_briefing()


def _parsed(raw: bytes) -> Message:
    return email.message_from_bytes(raw)


def test_build_message_shape(briefing: Briefing) -> None:
    message = build_message(
        briefing, sender="Reader <me@example.org>", to=["a@example.org", "b@example.org"]
    )
    assert message["Subject"] == "Morning, 8 March 2024"
    assert message["To"] == "a@example.org, b@example.org"
    assert message["Date"] == "Fri, 08 Mar 2024 07:00:00 +0000"
    assert message["Message-ID"].endswith("@example.org>")
    assert message.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]


def test_build_message_needs_sender_and_recipient(briefing: Briefing) -> None:
    with pytest.raises(MailConfigError, match=r"smtp\.from"):
        build_message(briefing, sender=" ", to=["a@example.org"])
    with pytest.raises(MailConfigError, match=r"digest\.to"):
        build_message(briefing, sender="me@example.org", to=[" "])


def test_send_plain(smtp_server: Server, briefing: Briefing) -> None:
    message = build_message(
        briefing, sender="me@example.org", to=["a@example.org", "b@example.org"]
    )
    send_message(message, SmtpSettings(host="127.0.0.1", port=smtp_server.port, timeout=5))
    [(sender, rcpts, raw)] = smtp_server.inbox.messages
    assert sender == "me@example.org"
    assert rcpts == ["a@example.org", "b@example.org"]
    got = _parsed(raw)
    assert got.get_content_type() == "multipart/alternative"
    plain, html = got.get_payload()  # type: ignore[misc]
    assert plain.get_content_type() == "text/plain"
    assert html.get_content_type() == "text/html"
    assert "1. Ferry <vote>" in plain.get_payload(decode=True).decode()
    assert "Ferry &lt;vote&gt;" in html.get_payload(decode=True).decode()
    assert got["Subject"] == "Morning, 8 March 2024"
    assert got["Message-ID"] and got["Date"]


def test_send_with_login_password_from_env(auth_server: Server, briefing: Briefing) -> None:
    settings = SmtpSettings(
        host="127.0.0.1",
        port=auth_server.port,
        username="me",
        password_env="READER_TEST_SMTP_PASSWORD",
        timeout=5,
    )
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    send_message(message, settings, environ={"READER_TEST_SMTP_PASSWORD": PASSWORD})
    assert len(auth_server.inbox.messages) == 1


def test_wrong_password_is_one_line_without_the_password(
    auth_server: Server, briefing: Briefing
) -> None:
    settings = SmtpSettings(
        host="127.0.0.1", port=auth_server.port, username="me", password_env="PW", timeout=5
    )
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailError) as caught:
        send_message(message, settings, environ={"PW": "wrong-" + PASSWORD})
    text = str(caught.value)
    assert "refused the login for me" in text
    assert PASSWORD not in text and "\n" not in text
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert auth_server.inbox.messages == []


def test_missing_password_variable(briefing: Briefing) -> None:
    settings = SmtpSettings(username="me", password_env="NOT_SET_ANYWHERE")
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailConfigError, match="NOT_SET_ANYWHERE"):
        send_message(message, settings, environ={})
    with pytest.raises(MailConfigError, match=r"smtp\.password_env"):
        send_message(message, SmtpSettings(username="me"), environ={})


def test_starttls_not_offered_fails_cleanly(smtp_server: Server, briefing: Briefing) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=smtp_server.port, security="starttls", timeout=5)
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        send_message(message, settings)
    assert smtp_server.inbox.messages == []


def test_refused_port(briefing: Briefing) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), timeout=5)
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailError, match="refused the connection"):
        send_message(message, settings)


def test_ssl_against_a_plain_server_fails_cleanly(smtp_server: Server, briefing: Briefing) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=smtp_server.port, security="ssl", timeout=5)
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailError) as caught:
        send_message(message, settings)
    assert "\n" not in str(caught.value)


def test_silent_server_times_out(briefing: Briefing) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts the TCP connection but never greets
        port = listener.getsockname()[1]
        settings = SmtpSettings(host="127.0.0.1", port=port, timeout=0.5)
        message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
        with pytest.raises(MailError, match="did not answer in time"):
            send_message(message, settings)


def test_settings_from_config() -> None:
    class FakeConfig:
        values: ClassVar[dict[str, Any]] = {
            "smtp.host": "mail.example.org",
            "smtp.port": 587,
            "smtp.security": "starttls",
            "smtp.username": "me",
            "smtp.password_env": "PW",
            "smtp.from": "me@example.org",
            "smtp.timeout": 12.0,
        }

        def get(self, key: str) -> Any:
            return self.values[key]

    settings = SmtpSettings.from_config(FakeConfig())
    assert settings == SmtpSettings(
        "mail.example.org", 587, "starttls", "me", "PW", "me@example.org", 12.0
    )
