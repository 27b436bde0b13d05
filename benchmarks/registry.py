"""The benchmark registry: named functions, each timing one thing and returning seconds.

Other parts of reader add their figures by dropping a ``bench_<area>.py`` module next to this
one that decorates functions with ``@benchmark(...)``; ``run.py`` imports every such module.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@dataclass
class Context:
    """Shared between benchmarks of one run: the size, a scratch folder, and lazily built data."""

    n: int
    workdir: Path
    cache: dict[str, Any] = field(default_factory=dict)

    def articles_dir(self) -> Path:
        """``n`` generated articles, written once per run."""
        if "articles" not in self.cache:
            from benchmarks.generate import write_articles

            folder = self.workdir / "articles"
            write_articles(folder, self.n)
            self.cache["articles"] = folder
        return self.cache["articles"]

    def fresh_dir(self, name: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.workdir))
        return folder


@dataclass(frozen=True)
class Benchmark:
    name: str
    func: Callable[[Context], float]
    target: float | None
    """Seconds it must stay under (None: reported only)."""
    order: int


BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(
    name: str, *, target: float | None = None, order: int = 100
) -> Callable[[Callable[[Context], float]], Callable[[Context], float]]:
    """Register ``func(ctx) -> seconds``; lower ``order`` runs first (setup-like figures)."""

    def register(func: Callable[[Context], float]) -> Callable[[Context], float]:
        BENCHMARKS[name] = Benchmark(name, func, target, order)
        return func

    return register
