"""Mail the briefing: one multipart/alternative message (plain text + HTML) over SMTP.

Passwords never live in the config file: ``smtp.password_env`` names an environment variable
and the password is read from it at send time. Nothing here ever puts the password in an
exception message, and every error is scrubbed of it in every form a server could echo back
(as typed, base64 at any alignment as in AUTH PLAIN/LOGIN, hex, %-escaped, backslash-escaped).
A password is never sent over an unencrypted connection (``security = "none"``) except to the
machine itself (a loopback address or ``localhost``).
Every failure to deliver (refused, unreachable, timeout, TLS, authentication, rejected
recipients) becomes one ``MailError`` with a one-line message, so the CLI can exit with code 3
and tell the user where the briefing was kept.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from urllib.parse import quote, quote_plus

from digest.briefing import Briefing
from digest.render import clean_inline
from digest.render.html import render_html
from digest.render.text import render_text
from reader.config import address_problem

SECURITY_CHOICES = ("none", "starttls", "ssl")


class MailError(Exception):
    """The message could not be delivered; ``str()`` is one line, never containing a secret."""


class MailConfigError(MailError):
    """The settings cannot work (no sender, no recipient, password variable unset)."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    security: str = "none"
    """"none", "starttls" (upgrade a plain connection) or "ssl" (TLS from the first byte)."""
    username: str = ""
    password_env: str = ""
    """The NAME of the environment variable that holds the password."""
    sender: str = ""
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config: Any) -> SmtpSettings:
        """From a ``reader.config.Config`` (anything with ``get(dotted_key)``)."""
        return cls(
            host=config.get("smtp.host"),
            port=config.get("smtp.port"),
            security=config.get("smtp.security"),
            username=config.get("smtp.username"),
            password_env=config.get("smtp.password_env"),
            sender=config.get("smtp.from"),
            timeout=config.get("smtp.timeout"),
        )

    def password(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The password from the environment, ``None`` when no login is configured."""
        if not self.username:
            return None
        env = os.environ if environ is None else environ
        if not self.password_env:
            raise MailConfigError(
                "smtp.username is set but smtp.password_env is not: set smtp.password_env to "
                "the name of the environment variable that holds the password"
            )
        value = env.get(self.password_env)
        if value is None:
            raise MailConfigError(
                f"the environment variable {self.password_env} (named by smtp.password_env) "
                "is not set"
            )
        return value

    def check(self, environ: Mapping[str, str] | None = None) -> str | None:
        """Everything that can be known before connecting; returns the password (or None).

        Raises ``MailConfigError`` for an unknown ``security``, a missing password variable,
        or a password that would cross the network unencrypted.
        """
        if self.security not in SECURITY_CHOICES:
            raise MailConfigError(
                f"smtp.security must be one of {', '.join(SECURITY_CHOICES)} "
                f"(got {self.security!r})"
            )
        password = self.password(environ)
        if password is not None and not (password.isascii() and self.username.isascii()):
            # smtplib encodes AUTH as ASCII and would fail with a traceback mid-login.
            raise MailConfigError(
                f"the login for {self.username!a} or the password in {self.password_env} has "
                "characters outside ASCII, which the mail login cannot carry"
            )
        if password is not None and self.security == "none" and not is_loopback(self.host):
            raise MailConfigError(
                f"refusing to send the password for {self.username} unencrypted to "
                f"{self.host}:{self.port}: set smtp.security to starttls or ssl "
                '(security = "none" may log in only to this machine, e.g. 127.0.0.1)'
            )
        return password


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine: ``localhost`` or a loopback IP literal."""
    name = host.strip().rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def subject_for(briefing: Briefing) -> str:
    """The briefing's own heading: "Your briefing — 8 March 2024" (the day it was made)."""
    return clean_inline(briefing.heading)


def build_message(
    briefing: Briefing,
    *,
    sender: str,
    to: Sequence[str],
    text: str | None = None,
    html: str | None = None,
) -> EmailMessage:
    """A ready-to-send message; ``text``/``html`` default to rendering the briefing."""
    if not sender.strip():
        raise MailConfigError("no sender: set smtp.from in the config file")
    recipients = [addr.strip() for addr in to if addr.strip()]
    if not recipients:
        raise MailConfigError("no recipient: set digest.to in the config file or pass --to")
    for what, address in [("smtp.from", sender), *(("recipient", a) for a in recipients)]:
        problem = address_problem(address)
        if problem:
            raise MailConfigError(f"{what} {address!a} {problem}")
    message = EmailMessage()
    message["Subject"] = subject_for(briefing)
    message["From"] = sender.strip()
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(briefing.generated_at)
    domain = sender.rpartition("@")[2].strip().strip(">") or None
    message["Message-ID"] = make_msgid(idstring="reader-digest", domain=domain)
    message["X-Mailer"] = "reader digest"
    message.set_content(text if text is not None else render_text(briefing))
    message.add_alternative(html if html is not None else render_html(briefing), subtype="html")
    return message


def send_message(
    message: EmailMessage,
    settings: SmtpSettings,
    *,
    environ: Mapping[str, str] | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Deliver by SMTP per ``settings``; any failure is a ``MailError`` free of the password."""
    password = settings.check(environ)
    try:
        _deliver(message, settings, password, ssl_context)
    except MailConfigError as exc:
        raise MailConfigError(scrub(str(exc), password, settings.username)) from None
    except MailError as exc:
        raise MailError(scrub(str(exc), password, settings.username)) from None


def _deliver(
    message: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    ssl_context: ssl.SSLContext | None,
) -> None:
    where = f"{settings.host}:{settings.port}"
    context = ssl_context or ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                if not client.has_extn("starttls"):
                    raise MailError(
                        f"the mail server {where} does not offer STARTTLS "
                        "(smtp.security = starttls); refusing to send in the clear"
                    )
                client.starttls(context=context)
                client.ehlo()
            if password is not None:
                client.login(settings.username, password)
            refused = client.send_message(message)
        if refused:
            raise MailError(f"the mail server {where} refused: {', '.join(sorted(refused))}")
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"the mail server {where} refused the login for {settings.username}: "
            f"{_reply(exc, password)}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(
            f"the mail server {where} refused every recipient: {', '.join(exc.recipients)}"
        ) from None
    except smtplib.SMTPException as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib wraps a read timeout
            raise MailError(f"the mail server {where} did not answer in time") from None
        raise MailError(f"sending via {where} failed: {_reply(exc, password)}") from None
    except TimeoutError:
        raise MailError(f"the mail server {where} did not answer in time") from None
    except ConnectionRefusedError:
        raise MailError(f"the mail server {where} refused the connection") from None
    except ssl.SSLError as exc:
        raise MailError(f"TLS with the mail server {where} failed: {exc.reason}") from None
    except OSError as exc:
        raise MailError(
            f"cannot reach the mail server {where}: {exc.strerror or type(exc).__name__}"
        ) from None


def _reply(exc: smtplib.SMTPException, password: str | None) -> str:
    """A server's reply on one line, with the password scrubbed should it appear."""
    if isinstance(exc, smtplib.SMTPResponseException):
        raw = exc.smtp_error
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        text = f"{exc.smtp_code} {text}"
    else:
        text = str(exc) or type(exc).__name__
    return clean_inline(scrub(text, password))


#: A run of characters that could be base64 (standard or URL-safe alphabet, padded or not).
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{2,}=*")
#: The shortest stretch of a base64-encoded password worth looking for: shorter ones would
#: match ordinary words by chance.
_MIN_BASE64_CORE = 3


def scrub(text: str, password: str | None, username: str = "") -> str:
    """``text`` with every encoding of ``password`` a server might echo replaced by ``***``.

    The password as typed (and case-folded), base64 at each of the three alignments it can
    have inside a longer blob (AUTH PLAIN sends ``base64("\\0user\\0password")``, AUTH LOGIN
    ``base64(password)``), hex, %-escaped and backslash-escaped forms (a bytes repr). A base64
    run that contains the password is replaced as a whole.
    """
    if not password:
        return text
    forms = _plain_forms(password)
    for form in sorted(forms, key=len, reverse=True):
        text = re.sub(re.escape(form), "***", text, flags=re.IGNORECASE)
    cores = _base64_cores(password)
    blobs = _base64_blobs(password, username)

    def replace_run(match: re.Match[str]) -> str:
        run = match.group(0)
        if any(core in run for core in cores) or _decodes_to_secret(run, password, blobs):
            return "***"
        return run

    return _BASE64_RUN.sub(replace_run, text)


def _plain_forms(password: str) -> set[str]:
    raw = password.encode("utf-8")
    forms = {
        password,
        raw.hex(),
        raw.decode("latin-1"),
        repr(raw)[2:-1],  # b'...' as str(exc) of a bytes value shows it
        "".join(f"%{b:02X}" for b in raw),
        "".join(f"={b:02X}" if b > 126 or b == 61 else chr(b) for b in raw),  # quoted-printable
        quote(password, safe=""),
        quote_plus(password, safe=""),
    }
    return {form for form in forms if form}


def _base64_cores(password: str) -> set[str]:
    """The stretches of base64 that encode only password bytes, at each alignment."""
    raw = password.encode("utf-8")
    cores: set[str] = set()
    for prefix in range(3):
        data = b"\0" * prefix + raw
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(data).decode("ascii").rstrip("=")
            drop_front = (0, 2, 3)[prefix]
            drop_back = 1 if len(data) % 3 else 0
            core = encoded[drop_front : len(encoded) - drop_back]
            if len(core) >= _MIN_BASE64_CORE:
                cores.add(core)
    return cores


def _base64_blobs(password: str, username: str) -> set[bytes]:
    return {
        password.encode("utf-8"),
        f"\0{username}\0{password}".encode(),
        f"{username}\0{username}\0{password}".encode(),
    }


def _decodes_to_secret(run: str, password: str, blobs: set[bytes]) -> bool:
    """Whether a base64 run decodes to something holding the password (short passwords)."""
    body = run.rstrip("=")
    padded = body + "=" * (-len(body) % 4)
    for altchars in (b"+/", b"-_"):
        try:
            decoded = base64.b64decode(padded, altchars=altchars, validate=True)
        except (binascii.Error, ValueError):
            continue
        if decoded in blobs or password.encode("utf-8") in decoded:
            return True
    return False
