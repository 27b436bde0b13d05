"""Checking a library and rebuilding a damaged one: the operation behind ``reader doctor``.

The library is not opened as a ``Session`` is (a damaged one may not open at all): the check
reads the file directly, and the rebuild salvages what it can, keeps the damaged file aside
and builds a new library (``reader.library.doctor`` does the work).
"""

from __future__ import annotations

from pathlib import Path

from reader.library import resolve_library_dir
from reader.library.doctor import DoctorReport, check, rebuild

__all__ = ["DoctorReport", "check_library", "repair_library"]


def check_library(library_dir: Path | None = None) -> DoctorReport:
    """Is the library (``library_dir``, else the default one) sound? Changes nothing."""
    return check(resolve_library_dir(library_dir))


def repair_library(library_dir: Path | None = None) -> DoctorReport:
    """Check the library and, if it is damaged, rebuild it from what can be read."""
    return rebuild(resolve_library_dir(library_dir))
