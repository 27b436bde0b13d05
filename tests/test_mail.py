"""Mail against a real SMTP server (aiosmtpd on 127.0.0.1): message shape, auth, failures."""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import Message
from typing import Any, ClassVar

import pytest

from digest.briefing import Briefing
from digest.mail import (
    MailConfigError,
    MailError,
    SmtpSettings,
    build_message,
    scrub,
    send_message,
)
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
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_build_message_shape(briefing: Briefing) -> None:
    message = build_message(
        briefing, sender="Reader <me@example.org>", to=["a@example.org", "b@example.org"]
    )
    assert message["Subject"] == "Morning — 8 March 2024"
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
    assert got["Subject"] == "Morning — 8 March 2024"
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


# --- hostile values: the password in any encoding, plain connections, header injection ----


def _echo_server(mechanism: str) -> tuple[socket.socket, threading.Thread, list[bytes]]:
    """A one-connection SMTP server that offers one AUTH mechanism and echoes it in its error.

    The worst case for a secret: a careless server quoting the client's AUTH lines back in
    the failure reply, which smtplib then puts into the exception.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    seen: list[bytes] = []

    def serve() -> None:
        conn, _ = listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 echo ESMTP\r\n")
            echoed: list[bytes] = []
            for line in lines:
                seen.append(line)
                word = line.split(b" ", 1)[0].upper().strip()
                if word == b"EHLO":
                    conn.sendall(b"250-echo\r\n250 AUTH " + mechanism.encode() + b"\r\n")
                elif word == b"AUTH" and mechanism == "LOGIN" and not echoed:
                    echoed.append(line.strip())
                    conn.sendall(b"334 UGFzc3dvcmQ6\r\n")
                elif word == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    echoed.append(line.strip())
                    conn.sendall(b"535 5.7.8 bad credentials: " + b" ".join(echoed) + b"\r\n")
                    echoed.clear()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread, seen


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
@pytest.mark.parametrize("password", [PASSWORD, "pw", "Pass word!", "a=b+c/d"])
def test_password_echoed_by_the_server_never_leaks(
    briefing: Briefing, mechanism: str, password: str
) -> None:
    listener, thread, seen = _echo_server(mechanism)
    with listener:
        settings = SmtpSettings(
            host="127.0.0.1",
            port=listener.getsockname()[1],
            username="me",
            password_env="PW",
            timeout=5,
        )
        message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
        with pytest.raises(MailError) as caught:
            send_message(message, settings, environ={"PW": password})
        thread.join(5)
    text = str(caught.value)
    assert "refused the login for me" in text and "\n" not in text
    sent = b"".join(seen)
    assert base64.b64encode(password.encode()) in sent or (
        base64.b64encode(f"\0me\0{password}".encode()) in sent
    )  # the server really was sent (and echoed) the secret
    assert password not in text
    for encoded in (
        base64.b64encode(password.encode()),
        base64.b64encode(f"\0me\0{password}".encode()),
    ):
        assert encoded.decode() not in text
    for token in text.split():
        for candidate in (token, token.rstrip(":,")):
            padded = candidate + "=" * (-len(candidate) % 4)
            try:
                decoded = base64.b64decode(padded, validate=True)
            except (binascii.Error, ValueError):
                continue
            assert password.encode() not in decoded, text


@pytest.mark.parametrize("prefix", ["", "x", "xy", "\0me\0", "user\0user\0"])
def test_scrub_finds_base64_at_any_alignment(prefix: str) -> None:
    blob = base64.b64encode((prefix + PASSWORD + "tail").encode()).decode()
    urlsafe = base64.urlsafe_b64encode((prefix + PASSWORD).encode()).decode()
    text = f"535 no: {blob} / {urlsafe} / {PASSWORD.upper()} / {PASSWORD.encode().hex()}"
    scrubbed = scrub(text, PASSWORD, "me")
    assert scrubbed == "535 no: *** / *** / *** / ***"


def test_non_ascii_password_is_a_clear_error(briefing: Briefing) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), username="me", password_env="PW")
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    with pytest.raises(MailConfigError, match="outside ASCII") as caught:
        send_message(message, settings, environ={"PW": "ünïcode-Pässwort"})
    assert "Pässwort" not in str(caught.value)


def test_scrub_keeps_ordinary_replies() -> None:
    reply = "535 5.7.8 Username and Password not accepted, see support.example.org"
    assert scrub(reply, PASSWORD, "me") == reply


def test_no_password_over_a_plain_connection_except_to_loopback(briefing: Briefing) -> None:
    message = build_message(briefing, sender="me@example.org", to=["a@example.org"])
    settings = SmtpSettings(
        host="mail.example.org", port=free_port(), username="me", password_env="PW", timeout=1
    )
    with pytest.raises(MailConfigError) as caught:
        send_message(message, settings, environ={"PW": PASSWORD})
    text = str(caught.value)
    assert "unencrypted" in text and "smtp.security" in text and PASSWORD not in text
    for host in ("localhost", "127.0.0.1", "127.3.4.5", "::1", "[::1]"):
        assert SmtpSettings(host=host, username="me", password_env="PW").check({"PW": "x"}) == "x"
    for security in ("starttls", "ssl"):
        checked = SmtpSettings(
            host="mail.example.org", security=security, username="me", password_env="PW"
        )
        assert checked.check({"PW": "x"}) == "x"
    # without a login nothing secret crosses the wire: plain is allowed anywhere
    assert SmtpSettings(host="mail.example.org").check({}) is None


@pytest.mark.parametrize(
    ("sender", "to"),
    [
        ("me@example.org\r\nBcc: spy@example.net", ["a@example.org"]),
        ("me@example.org", ["a@example.org\r\nBcc: spy@example.net"]),
        ("me@example.org", ["a@example.org\nSubject: win"]),
    ],
)
def test_build_message_refuses_header_injection(
    briefing: Briefing, sender: str, to: list[str]
) -> None:
    with pytest.raises(MailConfigError) as caught:
        build_message(briefing, sender=sender, to=to)
    assert "control character" in str(caught.value) and "\n" not in str(caught.value)
