"""reader.config: defaults, validation that names key and file, atomic writes that keep keys."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from reader.config import (
    SETTINGS,
    ConfigError,
    config_path,
    format_value,
    load_config,
    set_value,
)


def test_config_path_follows_env(config_file: Path) -> None:
    assert config_path() == config_file


def test_config_path_falls_back_to_platform_dir(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READER_CONFIG")
    assert config_path() == isolated_env / "config" / "reader" / "config.toml"


def test_missing_file_gives_every_default(config_file: Path) -> None:
    cfg = load_config()
    assert cfg.path == config_file
    assert cfg.data == {}
    assert cfg.get("library.auto_samples") is True
    assert cfg.get("smtp.port") == 25
    assert cfg.get("smtp.timeout") == 30.0
    assert cfg.get("digest.to") == []
    assert cfg.effective() == {key: s.default for key, s in SETTINGS.items()}


def test_explicit_default_wins_over_builtin_only_when_unset(config_file: Path) -> None:
    config_file.write_text("[smtp]\nport = 2525\n", encoding="utf-8")
    cfg = load_config()
    assert cfg.get("smtp.port", 587) == 2525
    assert cfg.get("smtp.host", "mail.example") == "mail.example"
    assert cfg.get("no.such.key") is None


def test_values_are_read_and_typed(config_file: Path) -> None:
    config_file.write_text(
        '[reader]\nmark_read_delay = 2\n[digest]\nto = ["a@example.org"]\nquotes = 5\n',
        encoding="utf-8",
    )
    cfg = load_config()
    assert cfg.get("reader.mark_read_delay") == 2.0
    assert isinstance(cfg.get("reader.mark_read_delay"), float)
    assert cfg.get("digest.to") == ["a@example.org"]
    assert cfg.get("digest.quotes") == 5
    assert cfg.is_set("digest.quotes") and not cfg.is_set("digest.title")


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[smtp]\nport = "abc"\n', 'smtp.port must be an integer (got "abc")'),
        ("[smtp]\nport = 70000\n", "smtp.port must be between 1 and 65535 (got 70000)"),
        ("[library]\nauto_samples = 1\n", "library.auto_samples must be true or false (got 1)"),
        ('[smtp]\nsecurity = "tls"\n', "smtp.security must be one of none, starttls, ssl"),
        ("[digest]\nto = [1, 2]\n", "digest.to must be a list of strings"),
        ("[digest]\nquotes = true\n", "digest.quotes must be an integer (got true)"),
        ('smtp = "x"\n', "smtp must be a table"),
    ],
)
def test_bad_values_name_the_key_and_the_file(config_file: Path, toml: str, expected: str) -> None:
    config_file.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config()
    message = str(info.value)
    assert message.startswith(f"{config_file}: ")
    assert expected in message
    assert "\n" not in message


def test_bad_toml_names_the_file_and_the_line(config_file: Path) -> None:
    config_file.write_text('[smtp]\nhost = "a"\nport = = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert str(config_file) in str(info.value)
    assert "line 3" in str(info.value)


def test_non_utf8_file_is_a_config_error(config_file: Path) -> None:
    config_file.write_bytes(b'[ui]\ntheme = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config()


def test_directory_in_place_of_file_is_a_config_error(config_file: Path) -> None:
    config_file.mkdir()
    with pytest.raises(ConfigError, match="is a directory"):
        load_config()


def test_password_in_file_is_refused(config_file: Path) -> None:
    config_file.write_text('[smtp]\npassword = "hunter2"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="password_env") as info:
        load_config()
    assert "hunter2" not in str(info.value)


def test_set_password_is_refused_and_nothing_is_written(config_file: Path) -> None:
    with pytest.raises(ConfigError, match="password_env"):
        set_value("smtp.password", "hunter2")
    assert not config_file.exists()


def test_set_unknown_key_is_refused(config_file: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape("unknown setting 'smtp.prot'")):
        set_value("smtp.prot", "25")


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("smtp.port", "587", 587),
        ("library.auto_samples", "no", False),
        ("library.auto_samples", "TRUE", True),
        ("smtp.timeout", "2.5", 2.5),
        ("digest.to", "a@x.org, b@y.org", ["a@x.org", "b@y.org"]),
        ("digest.to", '["a@x.org"]', ["a@x.org"]),
        ("digest.to", "", []),
        ("digest.title", "Monday's  briefing ", "Monday's  briefing "),
        ("smtp.security", "starttls", "starttls"),
    ],
)
def test_set_value_parses_per_key_type(
    config_file: Path, key: str, text: str, expected: object
) -> None:
    cfg = set_value(key, text)
    assert cfg.get(key) == expected
    assert load_config().get(key) == expected


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("smtp.port", "abc", 'smtp.port must be an integer (got "abc")'),
        ("library.auto_samples", "maybe", "library.auto_samples must be true or false"),
        ("smtp.security", "tls", "smtp.security must be one of"),
        ("smtp.timeout", "-1", "smtp.timeout must be greater than 0"),
    ],
)
def test_set_value_rejects_bad_text(config_file: Path, key: str, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(expected)):
        set_value(key, text)
    assert not config_file.exists()


def test_set_keeps_other_keys_and_unknown_ones(config_file: Path) -> None:
    config_file.write_text(
        '[smtp]\nhost = "mail.example.org"\n[custom]\nflag = true\n', encoding="utf-8"
    )
    set_value("smtp.port", "2525")
    data = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert data == {"smtp": {"host": "mail.example.org", "port": 2525}, "custom": {"flag": True}}
    with pytest.raises(ConfigError, match=re.escape("unknown setting 'custom.flag'")):
        load_config()


def test_set_repairs_a_bad_key(config_file: Path) -> None:
    config_file.write_text('[smtp]\nport = "abc"\n', encoding="utf-8")
    set_value("smtp.port", "25")
    assert load_config().get("smtp.port") == 25


def test_set_refuses_to_overwrite_unparseable_file(config_file: Path) -> None:
    config_file.write_text("this is = = not toml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        set_value("smtp.port", "25")
    assert config_file.read_text(encoding="utf-8") == "this is = = not toml\n"


def test_set_creates_parent_directories_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "config.toml"
    set_value("ui.theme", "nord", path=target)
    assert load_config(target).get("ui.theme") == "nord"
    assert [p.name for p in target.parent.iterdir()] == ["config.toml"]


def test_set_keeps_the_file_mode(config_file: Path) -> None:
    config_file.write_text("", encoding="utf-8")
    config_file.chmod(0o640)
    set_value("smtp.port", "25")
    assert config_file.stat().st_mode & 0o777 == 0o640


def test_format_value_round_trips_through_set(config_file: Path) -> None:
    for key, text in [("digest.to", "a@x.org, b@y.org"), ("library.auto_samples", "false")]:
        value = set_value(key, text).get(key)
        assert format_value(value) == text


def test_unknown_key_is_refused_at_load(config_file: Path) -> None:
    config_file.write_text('[smtp]\nhots = "mail.example.org"\nport = 587\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config()
    message = str(caught.value)
    assert message.startswith(f"{config_file}: unknown setting 'smtp.hots'")
    assert "smtp.host" in message and "\n" not in message


def test_unknown_table_and_odd_key_names_are_refused(config_file: Path) -> None:
    config_file.write_text('[mail]\nhost = "x"\n"a\\u202eb" = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape("unknown setting 'mail.host' (and 1 more)")):
        load_config()


@pytest.mark.parametrize(
    "toml",
    [
        'from = "me@example.org\\r\\nBcc: spy@example.net"',
        'from = "me@example.org\\u0085"',
        'from = "me@example.org, other@example.org"',
        'from = "me@@example.org"',
        'from = "Me <me@example.org"',
        'from = "me@example..org"',
    ],
)
def test_hostile_sender_is_refused_at_load(config_file: Path, toml: str) -> None:
    config_file.write_text(f"[smtp]\n{toml}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{config_file}: smtp.from: ")) as caught:
        load_config()
    assert "\r" not in str(caught.value) and "\n" not in str(caught.value)


def test_hostile_recipient_is_refused_at_load(config_file: Path) -> None:
    config_file.write_text(
        '[digest]\nto = ["a@example.org", "b@example.org\\nBcc: c@example.net"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=re.escape("digest.to: 'b@example.org\\nBcc")):
        load_config()


@pytest.mark.parametrize(
    "address",
    [
        "me@example.org",
        "Me <me@example.org>",
        '"Doe, Jane" <jane.doe+news@mail.example.org>',
        "ümlaut@exämple.de",
    ],
)
def test_ordinary_addresses_are_accepted(config_file: Path, address: str) -> None:
    set_value("smtp.from", address)
    set_value("digest.to", address if "," not in address else f"[{address!r}]")
    assert load_config().get("smtp.from") == address
