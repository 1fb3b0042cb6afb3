"""Run every benchmark once and write docs/benchmarks.md.

    python bench/run_all.py [--postgres postgresql://postgres@127.0.0.1:5432/duty_bench]
                            [--cases 1000000]

Without --postgres only SQLite is measured. The PostgreSQL database named
is emptied (its public schema is dropped) before each script that uses it.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(*args: str) -> None:
    print("$", "python", *args, flush=True)
    subprocess.run([sys.executable, *args], cwd=HERE.parent, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL the benchmarks may empty")
    parser.add_argument("--cases", default="1000000", help="cases for the lookup test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'cases.sqlite'}"
        run("bench/generate_cases.py", "--url", sqlite_url, "--count", args.cases)
        lookups = ["--url", sqlite_url]
        if args.postgres:
            run(
                "bench/generate_cases.py", "--url", args.postgres, "--count", args.cases
            )
            lookups += ["--url", args.postgres]
        run("bench/case_lookup.py", *lookups)
    run("bench/step_cost.py")
    run("bench/page_weight.py")
    run("bench/load.py")
    if args.postgres:
        run("bench/step_cost.py", "--database-url", args.postgres)
        run("bench/load.py", "--database-url", args.postgres)


if __name__ == "__main__":
    main()
