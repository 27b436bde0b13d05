"""``reader digest`` and ``reader quotes`` end to end: a real library, config and SMTP server."""

from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from digest.briefing import covering_text
from digest.runlock import digest_lock
from reader.library import Library, open_library
from tests.digest_helpers import free_port, start_smtp

FERRY_BODY = [
    "The harbour council voted on Thursday to keep the night ferry running until at least "
    '2026. "We heard from nurses, bakers and students who have no other way home," said the '
    "council leader, Tom Okafor.",
    'Maria Lindqvist, who chairs the finance committee, said: "We will have to find the money '
    'from somewhere, and nobody has told me where."',
]

Cli = Callable[..., Result]


@pytest.fixture
def library(
    library_dir: Path, write_article: Callable[..., Path], tmp_path: Path
) -> Iterator[Library]:
    """Three articles, two bookmarked (one with a note); closed afterwards."""
    write_article(
        "ferry.txt",
        title="Night ferry kept",
        body=FERRY_BODY,
        tags=["Transport"],
        url="https://example.org/ferry",
    )
    write_article("storm.txt", title="Storm closes bridges", date="2024-03-04", tags=["Weather"])
    write_article("novel.txt", title="A quiet novel", section="Culture")
    lib = open_library(library_dir)
    lib.import_paths([tmp_path / "articles"])
    try:
        yield lib
    finally:
        lib.close()


def _id(lib: Library, title: str) -> str:
    return next(r.id for r in lib.records() if r.article.title == title)


@pytest.fixture
def bookmarked(library: Library) -> Library:
    library.set_bookmark(_id(library, "Night ferry kept"), note="Ask about *2026*")
    library.set_bookmark(_id(library, "Storm closes bridges"))
    return library


def write_config(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_default_is_markdown_of_bookmarked_articles(cli: Cli, bookmarked: Library) -> None:
    result = cli("digest")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"# Your briefing — {_today()}\n")  # the day it is made
    assert "[Night ferry kept](https://example.org/ferry)" in out
    assert "Storm closes bridges" in out and "A quiet novel" not in out
    assert "**Your note:** Ask about \\*2026\\*" in out
    # one tag each, so no tag groups: both under their shared section
    assert "## Local news" in out and "## Transport" not in out


def _today() -> str:
    from digest.briefing import format_day

    return format_day(datetime.now().astimezone().date())


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("text", "DAILY — {today}"), ("html", "<h1>Daily — {today}</h1>")],
)
def test_formats(cli: Cli, bookmarked: Library, fmt: str, marker: str) -> None:
    result = cli("digest", "--format", fmt, "--group-by", "none", "--title", "Daily")
    assert result.exit_code == 0, result.stderr
    today = _today()
    assert marker.format(today=today.upper() if fmt == "text" else today) in result.stdout


def test_title_subject_and_file_name_carry_the_day_made_and_the_window(
    cli: Cli, bookmarked: Library, config_file: Path, tmp_path: Path
) -> None:
    write_config(
        config_file, '[smtp]\nfrom = "me@example.org"\n[digest]\nto = ["you@example.org"]\n'
    )
    target = tmp_path / "briefing.eml"
    result = cli("digest", "--since", "7d", "--eml", str(target), "--format", "text")
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    now = datetime.now().astimezone()
    assert message["Subject"] == f"Your briefing — {_today()}"
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert plain.startswith(f"YOUR BRIEFING — {_today().upper()}\n")
    week = covering_text(now - timedelta(days=7), now)
    assert f"2 pieces {week}, about" in " ".join(plain.split())
    # the pieces' publication dates (4-7 March 2024) are not the briefing's date
    assert "MARCH 2024" not in plain.splitlines()[0]


def test_usage_errors_exit_2(cli: Cli, bookmarked: Library) -> None:
    assert cli("digest", "--format", "pdf").exit_code == 2
    assert cli("digest", "--group-by", "author").exit_code == 2
    assert cli("digest", "--quotes", "-1").exit_code == 2


def test_a_bad_date_is_a_usage_error_everywhere(cli: Cli, bookmarked: Library) -> None:
    """Exit 2 and one line, in `digest --since` as in `list --since` and `search since:`."""
    for args in (
        ("digest", "--since", "yesterday-ish"),
        ("list", "--since", "yesterday-ish"),
        ("search", "since:yesterday-ish"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
        assert "yesterday-ish" in result.stderr


def test_output_file_is_written_atomically(cli: Cli, bookmarked: Library, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "briefing.md"
    target.write_text("old", encoding="utf-8")
    result = cli("digest", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Your briefing")
    assert sorted(p.name for p in out_dir.iterdir()) == ["briefing.md"]  # no temp file left
    missing = cli("digest", "--output", str(tmp_path / "nope" / "b.md"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_since_last_only_moves_after_success(cli: Cli, bookmarked: Library) -> None:
    assert bookmarked.last_digest_at() is None
    preview = cli("digest")
    assert preview.exit_code == 0
    assert bookmarked.last_digest_at() is None  # a preview does not consume anything

    looked = cli("digest", "--since", "last")
    assert looked.exit_code == 0, looked.stderr
    assert "Night ferry kept" in looked.stdout
    assert bookmarked.last_digest_at() is None  # looking at it on the terminal is no delivery

    first = cli("digest", "--since", "last", "--mark")
    assert first.exit_code == 0, first.stderr
    assert "Night ferry kept" in first.stdout
    assert bookmarked.last_digest_at() is not None

    again = cli("digest", "--since", "last")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr.startswith("reader: nothing new to put in a digest since ")
    assert len(again.stderr.strip().splitlines()) == 1

    bookmarked.set_bookmark(_id(bookmarked, "A quiet novel"))
    third = cli("digest", "--since", "last")
    assert "A quiet novel" in third.stdout and "Night ferry kept" not in third.stdout


def test_since_window_and_tag(cli: Cli, bookmarked: Library) -> None:
    recent = cli("digest", "--since", "7d", "--tag", "weather")
    assert recent.exit_code == 0
    assert "Storm closes bridges" in recent.stdout and "Night ferry" not in recent.stdout
    future = cli("digest", "--since", "2999-01-01")
    assert future.exit_code == 0 and future.stdout == "" and "nothing new" in future.stderr


def test_lock_contention_exits_1(cli: Cli, bookmarked: Library, library_dir: Path) -> None:
    with digest_lock(library_dir):
        result = cli("digest")
    assert result.exit_code == 1
    assert "another digest is running" in result.stderr
    assert cli("digest").exit_code == 0  # released with the block


def test_eml_writes_the_message(
    cli: Cli, bookmarked: Library, config_file: Path, tmp_path: Path
) -> None:
    write_config(
        config_file, '[smtp]\nfrom = "me@example.org"\n[digest]\nto = ["you@example.org"]\n'
    )
    target = tmp_path / "briefing.eml"
    result = cli("digest", "--eml", str(target), "--to", "other@example.org")
    assert result.exit_code == 0, result.stderr
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["To"] == "other@example.org"
    assert message["From"] == "me@example.org"
    assert message["Subject"] == f"Your briefing — {_today()}"
    assert bookmarked.last_digest_at() is not None


def test_mail_settings_missing_are_user_errors(
    cli: Cli, bookmarked: Library, config_file: Path
) -> None:
    no_from = cli("digest", "--email", "--to", "you@example.org")
    assert no_from.exit_code == 1 and "smtp.from" in no_from.stderr
    write_config(config_file, '[smtp]\nfrom = "me@example.org"\n')
    no_to = cli("digest", "--email")
    assert no_to.exit_code == 1 and "digest.to" in no_to.stderr
    write_config(config_file, '[smtp]\nfrom = "me@example.org"\npassword = "oops"\n')
    refused = cli("digest", "--email", "--to", "you@example.org")
    assert refused.exit_code == 1 and "password_env" in refused.stderr
    assert "oops" not in refused.stderr


def test_email_is_sent(cli: Cli, bookmarked: Library, config_file: Path, library_dir: Path) -> None:
    controller, server = start_smtp()
    try:
        write_config(
            config_file,
            f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nfrom = "me@example.org"\n'
            'timeout = 5\n[digest]\nto = ["a@example.org", "b@example.org"]\n',
        )
        result = cli("digest", "--email", "--format", "html")
    finally:
        controller.stop()
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    [(sender, rcpts, raw)] = server.inbox.messages
    assert sender == "me@example.org" and rcpts == ["a@example.org", "b@example.org"]
    message = email.message_from_bytes(raw)
    assert [p.get_content_type() for p in message.get_payload()] == ["text/plain", "text/html"]  # type: ignore[union-attr]
    kept = list((library_dir / "briefings").glob("briefing-*.html"))
    assert len(kept) == 1
    # the file name, the subject and the title all carry the day the briefing was made
    day = datetime.now().astimezone()
    assert kept[0].name.startswith(f"briefing-{day:%Y%m%d}-")
    assert f"<h1>Your briefing — {_today()}</h1>" in kept[0].read_text(encoding="utf-8")
    subject = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
    assert subject == f"Your briefing — {_today()}"
    assert "mailed 2 pieces to a@example.org, b@example.org" in result.stderr


def test_refused_server_exits_3_and_keeps_the_briefing(
    cli: Cli, bookmarked: Library, config_file: Path, library_dir: Path, tmp_path: Path
) -> None:
    write_config(
        config_file,
        f'[smtp]\nhost = "127.0.0.1"\nport = {free_port()}\nfrom = "me@example.org"\n'
        'username = "me"\npassword_env = "READER_TEST_PW"\n[digest]\nto = ["a@example.org"]\n',
    )
    env = {"READER_TEST_PW": "hunter2-secret"}
    result = cli("digest", "--email", "--since", "last", env=env)
    assert result.exit_code == 3
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "refused the connection" in line
    assert "hunter2-secret" not in result.stderr
    kept = list((library_dir / "briefings").glob("briefing-*.md"))
    assert len(kept) == 1 and str(kept[0]) in line
    assert kept[0].read_text(encoding="utf-8").startswith("# Your briefing")
    assert bookmarked.last_digest_at() is None  # not a success: the next run sends it all

    target = tmp_path / "kept.txt"
    again = cli("digest", "--email", "--format", "text", "--output", str(target), env=env)
    assert again.exit_code == 3 and str(target) in again.stderr and target.exists()


def test_starttls_not_offered_exits_3(cli: Cli, bookmarked: Library, config_file: Path) -> None:
    controller, server = start_smtp()
    try:
        write_config(
            config_file,
            f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "starttls"\n'
            'from = "me@example.org"\ntimeout = 5\n[digest]\nto = ["a@example.org"]\n',
        )
        result = cli("digest", "--email")
    finally:
        controller.stop()
    assert result.exit_code == 3 and "STARTTLS" in result.stderr
    assert server.inbox.messages == []


def test_quotes_command(cli: Cli, bookmarked: Library) -> None:
    ferry = _id(bookmarked, "Night ferry kept")
    result = cli("quotes", ferry, "--json")
    assert result.exit_code == 0, result.stderr
    quotes = json.loads(result.stdout)
    assert quotes and set(quotes[0]) == {
        "text", "speaker", "speaker_short", "start", "end", "kind", "confidence"
    }  # fmt: skip
    assert any(q["speaker"] == "Tom Okafor" for q in quotes)
    text = cli("quotes", ferry)
    assert text.exit_code == 0 and "Okafor" in text.stdout
    assert cli("quotes", "zzzzzzzz").exit_code == 1


def test_quotes_min_confidence(cli: Cli, bookmarked: Library) -> None:
    ferry = _id(bookmarked, "Night ferry kept")
    every = json.loads(cli("quotes", ferry, "--json").stdout)
    surest = max(q["confidence"] for q in every)
    for floor in (0.0, surest, surest + 0.005):
        result = cli("quotes", ferry, "--json", "--min-confidence", str(floor))
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == [q for q in every if q["confidence"] >= floor]
    above = cli("quotes", ferry, "--min-confidence", str(surest + 0.005))
    assert above.exit_code == 0 and "no quotes found" in above.stderr
    assert cli("quotes", ferry, "--min-confidence", "1.5").exit_code == 2


def test_quotes_marks_a_speaker_below_the_briefings_floor_as_unsure(
    cli: Cli, bookmarked: Library
) -> None:
    """As the app's quote list does: a speaker named with less confidence than a briefing
    trusts (reader.app.quotes.SPEAKER_CONFIDENCE) is printed as "unsure: Name"."""
    from reader.app.quotes import certainty

    ferry = _id(bookmarked, "Night ferry kept")
    every = json.loads(cli("quotes", ferry, "--json").stdout)
    lines = cli("quotes", ferry).stdout.splitlines()
    details = [line for line in lines if line.startswith("     — ")]
    assert len(details) == len(every), lines
    for quote, line in zip(every, details, strict=True):
        how = certainty(quote["speaker"], quote["confidence"])
        expected = {"sure": quote["speaker"], "guess": f"unsure: {quote['speaker']}"}
        assert line.startswith(f"     — {expected.get(how, 'unknown')}  ("), (quote, line)


@pytest.mark.slow
def test_installed_script_under_cron_like_env(bookmarked: Library, isolated_env: Path) -> None:
    script = Path(sys.executable).parent / "reader"
    if not script.exists():
        pytest.skip("the reader script is not installed (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if k.startswith(("READER_", "XDG_", "HOME"))}
    env["PATH"] = "/usr/bin:/bin"  # cron's minimal environment
    done = subprocess.run(
        [str(script), "digest", "--format", "text", "--since", "last", "--mark"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Night ferry kept" in done.stdout
    assert "\x1b" not in done.stdout + done.stderr
    second = subprocess.run(
        [str(script), "digest", "--since", "last"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert second.returncode == 0 and second.stdout == "" and "nothing new" in second.stderr


# --- hostile values in mail settings and options ------------------------------------------


def test_crlf_in_to_is_a_one_line_usage_error(
    cli: Cli, bookmarked: Library, config_file: Path, library_dir: Path, tmp_path: Path
) -> None:
    write_config(config_file, '[smtp]\nfrom = "me@example.org"\n')
    for args in (
        ("--email", "--to", "a@example.org\r\nBcc: spy@example.net"),
        ("--eml", str(tmp_path / "x.eml"), "--to", "a@example.org\nSubject: hi"),
        ("--email", "--to", "a@example.org, b@example.org"),
    ):
        result = cli("digest", *args)
        assert result.exit_code == 2, (args, result.output)
        [line] = result.stderr.splitlines()
        assert line.startswith("reader: error: --to 'a@example.org"), line
    assert not (tmp_path / "x.eml").exists()
    assert bookmarked.last_digest_at() is None


def test_crlf_in_smtp_from_is_refused_naming_the_key(
    cli: Cli, bookmarked: Library, config_file: Path
) -> None:
    write_config(
        config_file,
        '[smtp]\nfrom = "me@example.org\\r\\nBcc: spy@example.net"\n'
        '[digest]\nto = ["a@example.org"]\n',
    )
    for args in (("digest", "--email"), ("digest",), ("list",)):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        [line] = result.stderr.splitlines()
        assert f"{config_file}: smtp.from: " in line and "control character" in line


def test_unknown_key_stops_digest_email_before_anything_is_sent(
    cli: Cli, bookmarked: Library, config_file: Path, library_dir: Path
) -> None:
    controller, server = start_smtp()
    try:
        # "hots" for "host": this used to mail localhost:25 without a word
        write_config(
            config_file,
            f'[smtp]\nhots = "127.0.0.1"\nport = {server.port}\nfrom = "me@example.org"\n'
            'timeout = 5\n[digest]\nto = ["a@example.org"]\n',
        )
        result = cli("digest", "--email")
    finally:
        controller.stop()
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert line == (
        f"reader: error: {config_file}: unknown setting 'smtp.hots'; known: smtp.host, "
        "smtp.port, smtp.security, smtp.username, smtp.password_env, smtp.from, smtp.timeout"
    )
    assert server.inbox.messages == []
    assert bookmarked.last_digest_at() is None


def test_password_is_never_sent_in_the_clear_to_another_host(
    cli: Cli, bookmarked: Library, config_file: Path
) -> None:
    write_config(
        config_file,
        f'[smtp]\nhost = "mail.example.org"\nport = {free_port()}\nfrom = "me@example.org"\n'
        'username = "me"\npassword_env = "READER_TEST_PW"\ntimeout = 1\n'
        '[digest]\nto = ["a@example.org"]\n',
    )
    result = cli("digest", "--email", env={"READER_TEST_PW": "hunter2-secret"})
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    assert "refusing to send the password for me unencrypted" in line
    assert "smtp.security" in line and "hunter2-secret" not in line
    assert bookmarked.last_digest_at() is None


def test_preview_on_the_terminal_then_mail_sends_the_pieces(
    cli: Cli, bookmarked: Library, config_file: Path
) -> None:
    """Issue 8 §5: looking at `--since last` in the morning must not empty cron's mail."""
    looked = cli("digest", "--since", "last")
    assert looked.exit_code == 0 and "Night ferry kept" in looked.stdout
    assert bookmarked.last_digest_at() is None
    controller, server = start_smtp()
    try:
        write_config(
            config_file,
            f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nfrom = "me@example.org"\n'
            'timeout = 5\n[digest]\nto = ["a@example.org"]\n',
        )
        mailed = cli("digest", "--since", "last", "--email", "--format", "text")
    finally:
        controller.stop()
    assert mailed.exit_code == 0, mailed.stderr
    [(_sender, _rcpts, raw)] = server.inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = text.get_content()  # type: ignore[attr-defined]
    assert "Night ferry kept" in body and "Storm closes bridges" in body
    assert bookmarked.last_digest_at() is not None  # delivered: now the mark moves
    again = cli("digest", "--since", "last")
    assert again.exit_code == 0 and "nothing new" in again.stderr


def test_writing_to_a_file_moves_the_mark(cli: Cli, bookmarked: Library, tmp_path: Path) -> None:
    result = cli("digest", "--since", "last", "--output", str(tmp_path / "b.md"))
    assert result.exit_code == 0, result.stderr
    assert bookmarked.last_digest_at() is not None


def test_a_tag_no_bookmarked_piece_has_is_exit_1(cli: Cli, bookmarked: Library) -> None:
    result = cli("digest", "--tag", "nosuchtag")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "reader: error: no bookmarked piece has tag 'nosuchtag'\n"
    # a tag some bookmarked piece has, but none in the window, is still "nothing new"
    old = cli("digest", "--tag", "weather", "--since", "2999-01-01")
    assert old.exit_code == 0 and "nothing new" in old.stderr


def test_installed_script_refuses_hostile_mail_values_in_one_line(
    bookmarked: Library, isolated_env: Path, config_file: Path, library_dir: Path
) -> None:
    script = Path(sys.executable).parent / "reader"
    if not script.exists():
        pytest.skip("the reader script is not installed (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if k.startswith(("READER_", "XDG_", "HOME"))}
    env["PATH"] = "/usr/bin:/bin"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )

    write_config(config_file, '[smtp]\nfrom = "me@example.org"\n')
    bad_to = run("digest", "--email", "--to", "a@example.org\r\nBcc: spy@example.net")
    assert bad_to.returncode == 2, bad_to.stderr
    assert bad_to.stderr.count("\n") == 1 and "Traceback" not in bad_to.stderr
    assert bad_to.stderr.startswith("reader: error: --to 'a@example.org\\r\\nBcc")

    write_config(config_file, '[smtp]\nhots = "mail.example.org"\n')
    typo = run("digest", "--email", "--to", "a@example.org")
    assert typo.returncode == 1 and typo.stderr.count("\n") == 1
    assert f"{config_file}: unknown setting 'smtp.hots'" in typo.stderr
    assert not (library_dir / "briefings").exists() and not (library_dir / "digests").exists()


def test_no_bookmark_yet_says_what_a_briefing_is_made_of(cli: Cli, library: Library) -> None:
    """A new user's first `reader digest` is not "nothing new": nothing was ever there."""
    for args in ((), ("--since", "7d"), ("--since", "last")):
        result = cli("digest", *args)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert result.stderr == (
            "reader: nothing to put in a digest: no article is bookmarked yet (a briefing is "
            "made of your bookmarks; bookmark some, or brief a query)\n"
        )
    library.set_bookmark(_id(library, "Storm closes bridges"))
    assert "Storm closes bridges" in cli("digest").stdout
    later = cli("digest", "--since", "2099-01-01")
    assert later.exit_code == 0 and later.stderr.startswith("reader: nothing new to put in")
