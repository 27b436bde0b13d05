"""Print benchmark figures for reader:  python benchmarks/run.py [--n 10000] [--only WORD].

Every ``benchmarks/bench_*.py`` module is imported and registers its figures with
``@benchmark`` (see registry.py); add a module to add figures. Exits 1 if a figure misses its
target, so ``make bench`` can guard performance.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.registry import BENCHMARKS, Context


def load_modules() -> None:
    """Import every bench_*.py; one that cannot load is reported, and the others still run."""
    for module in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        try:
            importlib.import_module(f"benchmarks.{module.stem}")
        except ImportError as exc:
            print(f"skipping {module.name}: {exc}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate (10000)")
    parser.add_argument("--only", default="", help="run benchmarks whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    load_modules()
    workdir = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    ctx = Context(n=args.n, workdir=workdir)
    failed = 0
    print(f"reader benchmarks, N = {args.n:,}  (scratch: {workdir})")
    try:
        for bench in sorted(BENCHMARKS.values(), key=lambda b: (b.order, b.name)):
            if args.only and args.only.lower() not in bench.name.lower():
                continue
            seconds = bench.func(ctx)
            verdict = ""
            if bench.target is not None:
                ok = seconds < bench.target
                failed += not ok
                verdict = f"  (target < {bench.target:g} s: {'ok' if ok else 'MISSED'})"
            label = bench.name.format(n=f"{args.n:,}")
            print(f"{seconds:9.3f} s  {label}{verdict}")
        ratio = ctx.cache.get("import_ratio")
        if ratio:
            ok = ratio <= 1.5
            failed += not ok
            print(
                f"import / baseline = {ratio:.2f}x, the median of {len(ctx.cache['import_pairs'])}"
                f" side-by-side pairs  (target <= 1.5x: {'ok' if ok else 'MISSED'})"
            )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
