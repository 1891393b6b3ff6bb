"""`make bench`: every benchmark, one after the other, each in its own interpreter.

Each prints its own side-by-side table with ratios (the machine is shared and noisy, so compare
within one run). Extra arguments (e.g. ``--quick``) are passed to every benchmark;
``--only core,optimizers`` picks some.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["core", "optimizers", "models", "app", "export"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", default=",".join(ORDER), help="comma-separated: " + ", ".join(ORDER)
    )
    args, rest = parser.parse_known_args(argv)
    failed = []
    for name in [n.strip() for n in args.only.split(",") if n.strip()]:
        script = HERE / f"bench_{name}.py"
        if not script.exists():
            print(f"== {name}: no {script.name}", flush=True)
            continue
        print(f"\n== bench_{name} " + "=" * 60, flush=True)
        start = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script), *rest], cwd=HERE.parent)
        print(f"== bench_{name}: exit {rc}, {time.perf_counter() - start:.1f} s", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
