"""Mail the briefing: one multipart/alternative message (plain text + HTML) over SMTP.

Passwords never live in the config file: ``smtp.password_env`` names an environment variable
and the password is read from it at send time. Nothing here ever puts the password in an
exception message, and server replies are scrubbed of it too in case a server echoes input.
Every failure to deliver (refused, unreachable, timeout, TLS, authentication, rejected
recipients) becomes one ``MailError`` with a one-line message, so the CLI can exit with code 3
and tell the user where the briefing was kept.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from digest.briefing import Briefing, format_day
from digest.render import clean_inline
from digest.render.html import render_html
from digest.render.text import render_text

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


def subject_for(briefing: Briefing) -> str:
    """The title and the day it was made: "Your briefing, 8 March 2024"."""
    day = format_day(briefing.generated_at.date())
    return clean_inline(f"{briefing.title}, {day}")


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
    """Deliver by SMTP per ``settings``; any failure is a ``MailError``."""
    if settings.security not in SECURITY_CHOICES:
        raise MailConfigError(
            f"smtp.security must be one of {', '.join(SECURITY_CHOICES)} "
            f"(got {settings.security!r})"
        )
    password = settings.password(environ)
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
    if password:
        text = text.replace(password, "***")
    return clean_inline(text)
