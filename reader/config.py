"""Settings in one small TOML file, validated so that a typo fails loudly and usefully.

Every error is a ``ConfigError`` whose one-line message names the file and the key, because the
person reading it is usually looking at a cron mail, far from the file they edited weeks ago.
Reading uses the standard library's ``tomllib``; ``reader config set`` edits the file in place
with ``tomlkit`` (the user's comments and layout stay), and every write is atomic (a temporary
file renamed over the old one), so a crash never leaves a half-written config.
"""

from __future__ import annotations

import os
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
import tomli_w

from reader.fileio import atomic_write_text

if TYPE_CHECKING:
    import tomlkit

APP_NAME = "reader"
CONFIG_ENV = "READER_CONFIG"
CONFIG_FILE_NAME = "config.toml"

_TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
_FALSE_WORDS = frozenset({"false", "no", "off", "0"})


class ConfigError(Exception):
    """A problem with the settings file; ``str()`` is one line naming the file and the key."""


class SettingValueError(ConfigError):
    """``reader config set`` was given an unknown key or a value the key cannot take (a bad
    value on the command line, not a fault in the file: exit 2)."""


class MissingConfigFile(ConfigError):
    """A config file named on the command line (``--config FILE``) does not exist: a bad value
    (exit 2), never a silent fall-back to the defaults."""


def require_config_file(path: Path) -> None:
    """MissingConfigFile unless ``path`` (given by ``--config``) exists."""
    target = Path(path).expanduser()
    if not target.exists():
        raise MissingConfigFile(
            f"--config {target}: no such file (the settings were not read; "
            "'reader config set KEY VALUE' creates it)"
        )


@dataclass(frozen=True)
class Setting:
    """One known key: its type, its default and, for closed sets, the allowed values."""

    key: str
    kind: type
    """bool, int, float, str or list (a list of strings)."""
    default: Any
    help: str
    choices: tuple[str, ...] = ()


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "library.auto_samples",
            bool,
            True,
            "import the bundled sample articles into an empty library on first use",
        ),
        Setting(
            "reader.mark_read_delay",
            float,
            1.5,
            "seconds an article stays open in the TUI before it counts as read",
        ),
        Setting("ui.theme", str, "textual-dark", "the Textual theme of the TUI"),
        Setting("digest.quotes", int, 3, "key quotes per article in a briefing"),
        Setting(
            "digest.group_by",
            str,
            "tag",
            "how a briefing groups its articles",
            choices=("tag", "section", "none"),
        ),
        Setting("digest.to", list, [], "addresses the briefing is mailed to"),
        Setting("digest.title", str, "Your briefing", "the briefing's title"),
        Setting(
            "digest.format",
            str,
            "markdown",
            "the briefing's format",
            choices=("markdown", "text", "html"),
        ),
        Setting("smtp.host", str, "localhost", "the mail server"),
        Setting("smtp.port", int, 25, "the mail server's port"),
        Setting(
            "smtp.security",
            str,
            "none",
            "how the connection to the mail server is protected",
            choices=("none", "starttls", "ssl"),
        ),
        Setting("smtp.username", str, "", "the login at the mail server (empty: no login)"),
        Setting(
            "smtp.password_env",
            str,
            "",
            "the NAME of the environment variable holding the mail password",
        ),
        Setting("smtp.from", str, "", "the briefing's From address"),
        Setting("smtp.timeout", float, 30.0, "seconds to wait for the mail server"),
    )
}

_PASSWORD_KEY = "smtp.password"
_PASSWORD_ADVICE = (
    "smtp.password is not allowed in the config file: put the password in an environment "
    "variable and set smtp.password_env to that variable's name"
)

_KIND_NAMES: dict[type, str] = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list of strings",
}


def config_path() -> Path:
    """$READER_CONFIG when set (tests, several profiles), else the platform's config dir."""
    explicit = os.environ.get(CONFIG_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_FILE_NAME


@dataclass
class Config:
    """The parsed file. ``data`` is the TOML as written (unknown keys are kept, not used)."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """A dotted key's value, typed per its ``Setting``.

        When the file does not set the key, ``default`` wins if given, else the key's built-in
        default; an unknown, unset key gives ``default``.
        """
        found, raw = _lookup(self.data, key)
        setting = SETTINGS.get(key)
        if not found:
            if default is not None or setting is None:
                return default
            return _copy_default(setting.default)
        if setting is None:
            return raw
        return _check_value(setting, raw, self.path)

    def is_set(self, key: str) -> bool:
        """Whether the file itself sets the key (as opposed to falling back to the default)."""
        return _lookup(self.data, key)[0]

    def unknown_keys(self) -> list[str]:
        """Keys in the file that no part of reader reads: most likely typos, worth showing."""
        return [key for key in _flatten(self.data) if key not in SETTINGS]

    def effective(self) -> dict[str, Any]:
        """Every known key with the value in force, for ``reader config show``."""
        return {key: self.get(key) for key in SETTINGS}


def load_config(path: Path | None = None, *, must_exist: bool = False) -> Config:
    """Read and validate the file; a missing file is simply all defaults, unless
    ``must_exist`` (a file the user named with ``--config``): then MissingConfigFile.

    A key that no part of reader reads is refused, naming the key and the file: a typo such as
    ``[smtp] hots`` must not quietly fall back to the default (mail to localhost:25).
    """
    target = Path(path).expanduser() if path is not None else config_path()
    if must_exist:
        require_config_file(target)
    data = _read_toml(target)
    _validate_all(data, target)
    _refuse_unknown(data, target)
    return Config(path=target, data=data)


def set_value(key: str, value: str, path: Path | None = None) -> Config:
    """Set one key from its command-line spelling and rewrite the file atomically.

    Only the key being set is validated, so that ``reader config set`` can repair a file in
    which some other key is wrong; every other key, known or not, is kept as it was.
    """
    target = Path(path).expanduser() if path is not None else config_path()
    if key == _PASSWORD_KEY:
        raise SettingValueError(f"{target}: {_PASSWORD_ADVICE}")
    setting = SETTINGS.get(key)
    if setting is None:
        raise SettingValueError(f"{target}: unknown setting {key!r} (known: {', '.join(SETTINGS)})")
    try:
        parsed = parse_value(setting, value, target)
    except ConfigError as exc:
        raise SettingValueError(str(exc)) from None
    data = _read_toml(target)
    _store(data, key, parsed, target)
    # The file is edited in place (tomlkit): the user's comments, order and layout stay.
    import tomlkit  # only 'config set' and the app's settings writes need it

    document = tomlkit.parse(_read_text(target))
    _store_in_document(document, key, parsed)
    atomic_write_text(target, tomlkit.dumps(document), private=True)
    return Config(path=target, data=data)


def parse_value(setting: Setting, text: str, path: Path) -> Any:
    """Turn what the user typed after ``reader config set KEY`` into the key's type."""
    kind = setting.kind
    stripped = text.strip()
    value: Any
    if kind is bool:
        word = stripped.lower()
        if word in _TRUE_WORDS:
            value = True
        elif word in _FALSE_WORDS:
            value = False
        else:
            raise _type_error(setting, text, path)
    elif kind is int:
        try:
            value = int(stripped)
        except ValueError:
            raise _type_error(setting, text, path) from None
    elif kind is float:
        try:
            value = float(stripped)
        except ValueError:
            raise _type_error(setting, text, path) from None
    elif kind is list:
        value = _parse_list(setting, stripped, path)
    else:
        value = text
    return _check_value(setting, value, path)


def format_value(value: Any) -> str:
    """The inverse of ``parse_value``, for ``reader config get`` (scripts read this)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def write_config(path: Path, data: Mapping[str, Any]) -> None:
    """Write atomically: a reader of the file sees the old or the new one, never half."""
    atomic_write_text(path, tomli_w.dumps(dict(data)), private=True)


# --- internals ------------------------------------------------------------------------------


def _store_in_document(document: tomlkit.TOMLDocument, key: str, value: Any) -> None:
    """Set a dotted key in a tomlkit document, making tables as needed (``_store`` has
    already checked that every parent is a table)."""
    *parents, leaf = key.split(".")
    import tomlkit

    node: Any = document
    for part in parents:
        if part not in node:
            node[part] = tomlkit.table()
        node = node[part]
    node[leaf] = value


def _read_text(path: Path) -> str:
    """The file's text ("" when it does not exist yet); ``_read_toml`` has checked it."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config file is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The decoder's message already says "(at line N, column M)".
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _validate_all(data: Mapping[str, Any], path: Path) -> None:
    found, _ = _lookup(data, _PASSWORD_KEY)
    if found:
        raise ConfigError(f"{path}: {_PASSWORD_ADVICE}")
    for key, setting in SETTINGS.items():
        section = key.split(".", 1)[0]
        if section in data and not isinstance(data[section], dict):
            raise ConfigError(f"{path}: {section} must be a table ([{section}])")
        found, raw = _lookup(data, key)
        if found:
            _check_value(setting, raw, path)


def _refuse_unknown(data: Mapping[str, Any], path: Path) -> None:
    unknown = [key for key in _flatten(data) if key not in SETTINGS]
    if not unknown:
        return
    key = unknown[0]
    section = key.split(".", 1)[0]
    known = [k for k in SETTINGS if k.startswith(section + ".")] or list(SETTINGS)
    more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
    raise ConfigError(f"{path}: unknown setting {_show_key(key)}{more}; known: {', '.join(known)}")


def _show_key(key: str) -> str:
    """A key from the file as text safe for a one-line error (it may hold anything)."""
    return repr(key) if key.isprintable() else ascii(key)


def _check_value(setting: Setting, raw: Any, path: Path) -> Any:
    """Validate a value read from TOML (or parsed from the command line); return it typed."""
    kind = setting.kind
    value: Any
    if kind is bool:
        if not isinstance(raw, bool):
            raise _type_error(setting, raw, path)
        value = raw
    elif kind is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _type_error(setting, raw, path)
        value = raw
    elif kind is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise _type_error(setting, raw, path)
        value = float(raw)
    elif kind is list:
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise _type_error(setting, raw, path)
        value = list(raw)
    else:
        if not isinstance(raw, str):
            raise _type_error(setting, raw, path)
        value = raw
    _check_range(setting, value, path)
    return value


_RANGE_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "smtp.port": (lambda v: 1 <= v <= 65535, "between 1 and 65535"),
    "smtp.timeout": (lambda v: v > 0, "greater than 0"),
    "reader.mark_read_delay": (lambda v: v >= 0, "0 or more"),
    "digest.quotes": (lambda v: v >= 0, "0 or more"),
}


#: Settings that hold mail addresses: checked where they enter, so that a line break in one
#: can never become a header of its own.
_ADDRESS_KEYS = {"smtp.from": False, "digest.to": True}
#: What may not appear in the address part (``local@domain``) of an address.
_ADDRESS_FORBIDDEN = set(' <>()[],;:"\\')
_ADDRESS_FORMS = "write it as me@example.org or Me <me@example.org>"


def address_problem(value: str) -> str:
    """Why ``value`` is not one usable mail address (``""`` when it is).

    Accepts ``me@example.org`` and ``Me <me@example.org>``; refuses control and format
    characters (a CR/LF would inject a header), several addresses in one value, and anything
    that is not ``local@domain``.
    """
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        return "contains a control character (a line break would inject a mail header)"
    text = value.strip()
    if not text:
        return "is empty"
    if "<" in text or ">" in text:
        name, _, rest = text.partition("<")
        addr = rest[:-1] if rest.endswith(">") else ""
        name = name.strip()
        quoted = len(name) >= 2 and name[0] == name[-1] == '"' and '"' not in name[1:-1]
        if (
            not addr
            or ("<" in addr or ">" in addr)
            or (not quoted and any(ch in name for ch in '<>@,;"'))
        ):
            return f"is not one address ({_ADDRESS_FORMS})"
    else:
        addr = text
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain:
        return f"is not a mail address ({_ADDRESS_FORMS})"
    if "@" in local or any(ch in _ADDRESS_FORBIDDEN for ch in addr):
        return f"is not one address ({_ADDRESS_FORMS})"
    labels = domain.split(".")
    if any(not label or label.startswith("-") or label.endswith("-") for label in labels):
        return f"has a malformed domain {domain!r}"
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return f"has a malformed name before the @ ({local!r})"
    return ""


def _show_address(value: str) -> str:
    return ascii(value) if not value.isprintable() else repr(value)


def _check_addresses(setting: Setting, value: Any, path: Path) -> None:
    many = _ADDRESS_KEYS.get(setting.key)
    if many is None:
        return
    values = value if many else ([value] if value.strip() else [])
    for item in values:
        problem = address_problem(item)
        if problem:
            raise ConfigError(f"{path}: {setting.key}: {_show_address(item)} {problem}")


def _check_range(setting: Setting, value: Any, path: Path) -> None:
    _check_addresses(setting, value, path)
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(setting.choices)
        raise ConfigError(f"{path}: {setting.key} must be one of {allowed} (got {_show(value)})")
    check = _RANGE_CHECKS.get(setting.key)
    if check is not None and not check[0](value):
        raise ConfigError(f"{path}: {setting.key} must be {check[1]} (got {_show(value)})")


def _type_error(setting: Setting, raw: Any, path: Path) -> ConfigError:
    return ConfigError(
        f"{path}: {setting.key} must be {_KIND_NAMES[setting.kind]} (got {_show(raw)})"
    )


def _show(value: Any) -> str:
    """A value as the user wrote it, quoted when it is text, kept short for a one-line error."""
    text = f'"{value}"' if isinstance(value, str) else format_value(value)
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_list(setting: Setting, text: str, path: Path) -> list[str]:
    """``a@x, b@y`` or a TOML array ``["a@x", "b@y"]``; an empty string is the empty list."""
    if text.startswith("["):
        try:
            value = tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            raise _type_error(setting, text, path) from None
        return list(value) if isinstance(value, list) else [value]
    return [item.strip() for item in text.split(",") if item.strip()]


def _lookup(data: Mapping[str, Any], key: str) -> tuple[bool, Any]:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _store(data: dict[str, Any], key: str, value: Any, path: Path) -> None:
    *parents, leaf = key.split(".")
    node = data
    for part in parents:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{path}: {part} must be a table ([{part}])")
        node = child
    node[leaf] = value


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for name, value in data.items():
        dotted = f"{prefix}{name}"
        if isinstance(value, Mapping):
            keys.extend(_flatten(value, dotted + "."))
        else:
            keys.append(dotted)
    return keys


def _copy_default(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
