"""The one exporter of the user's state: ``reader export``, ``reader restore`` and the app's
export all write and read these files through here.

A state export is the library's ``export_state()`` dictionary as TOML or JSON. TOML has no
null, so ``None`` values are left out there (absence means the same when restored).
"""

from __future__ import annotations

import enum
import json
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from reader.app.errors import InvalidValue, NoSuchPath
from reader.sanitize import escape_controls_in_data


class StateFormat(enum.StrEnum):
    toml = "toml"
    json = "json"


def format_for(path: Path | None) -> StateFormat | None:
    """The format an export file's extension names (``.toml``/``.json``), else None."""
    if path is None:
        return None
    return {".json": StateFormat.json, ".toml": StateFormat.toml}.get(path.suffix.lower())


def without_none(value: Any) -> Any:
    """Drop None values from nested dicts/lists: TOML has no null, absence says the same."""
    if isinstance(value, dict):
        return {k: without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [without_none(v) for v in value if v is not None]
    return value


def dump_state(data: dict[str, Any], fmt: StateFormat) -> str:
    """Serialise an export in ``fmt``."""
    if fmt is StateFormat.json:
        return escape_controls_in_data(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return escape_controls_in_data(tomli_w.dumps(without_none(data)))


def load_state(path: Path) -> dict[str, Any]:
    """Read an export, in the format its extension names, else the one its content shows."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NoSuchPath(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidValue(f"{path} is a folder, not an export file") from None
    except UnicodeDecodeError:
        raise InvalidValue(f"{path}: not a reader export (not UTF-8 text)") from None
    fmt = format_for(path)
    if fmt is None:
        fmt = StateFormat.json if raw.lstrip().startswith(("{", "[")) else StateFormat.toml
    try:
        data = json.loads(raw) if fmt is StateFormat.json else tomllib.loads(raw)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidValue(f"{path}: not valid {fmt.value.upper()}: {exc}") from None
    except RecursionError:
        raise InvalidValue(f"{path}: not a reader export (nested too deeply)") from None
    if not isinstance(data, dict):
        raise InvalidValue(f"{path}: not a reader export (expected a table/object at the top)")
    return data
