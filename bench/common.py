"""Shared pieces of the benchmarks: the machine, percentiles, the report file."""

import os
import platform
import re
import shlex
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
sys.path.insert(0, str(ROOT))

HEADER = """# Benchmarks

Figures measured by the scripts in `bench/`; each section names the command
that produced it and the machine it ran on. They are not part of `make test`.
Ratios compare the app with a bare Flask route served the same way in the
same run, so a slower machine shifts both sides.

The figures below were taken on a 2-CPU machine shared with other test
runs (see each section's load average), with the client on the same
machine as the server, so absolute times are pessimistic and noisy.
"""


def machine() -> str:
    """Describe the CPU, memory, Python and database versions of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", info).group(1)
    except (OSError, AttributeError):
        pass
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, TypeError):
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; "
        f"load average {load} when the figures were written"
    )


def percentile(values: list[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_ms(values: list[float]) -> dict[str, float]:
    """Return p50, p95, p99 and mean of durations in seconds, in milliseconds."""
    return {
        "p50": percentile(values, 50) * 1000,
        "p95": percentile(values, 95) * 1000,
        "p99": percentile(values, 99) * 1000,
        "mean": statistics.fmean(values) * 1000,
    }


def command_line() -> str:
    return shlex.join(["python", *sys.argv])


def write_section(name: str, body: str) -> None:
    """Replace (or add) one script's section of docs/benchmarks.md."""
    text = REPORT.read_text() if REPORT.exists() else HEADER
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- {name} -->\n## {name}\n\n"
        f"Command: `{command_line()}`  \nMachine: {machine()}  \nRun: {stamp}\n\n"
        f"{body.strip()}\n<!-- /{name} -->\n"
    )
    pattern = re.compile(
        rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->\n", re.S
    )
    text = (
        pattern.sub(lambda _: section, text)
        if pattern.search(text)
        else text + "\n" + section
    )
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text)
    print(section)


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [f"{c:.2f}" if isinstance(c, float) else str(c) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
