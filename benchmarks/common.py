"""What every benchmark script shares: the machine header and the statistics.

This file is not a benchmark itself (``tasks.py bench`` runs ``bench_*.py``
only); the scripts import it from their own folder.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

#: Repetitions timed for every entry, after the warm-up calls.
REPEATS = 30
#: Untimed calls first, so that caches, lazy imports and first-use allocations
#: do not land in the timed sample.
WARMUP = 3


def cpu_model() -> str:
    """The processor's name from /proc/cpuinfo, or what platform says."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def version(package: str) -> str:
    """Installed version of a distribution, or "not installed"."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_text() -> str:
    """The 1, 5 and 15 minute load averages, or why there are none."""
    if not hasattr(os, "getloadavg"):
        return "not available on this system"
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min)"


def wait_until_quiet() -> None:
    """Wait, if asked, until the machine is nearly idle before measuring.

    Set ``NNLIB_BENCH_WAIT`` to a number of seconds to wait at most that long
    for the 1-minute load average to fall below ``NNLIB_BENCH_QUIET_LOAD``
    (default 0.5). Without it the benchmark starts at once.
    """
    patience = float(os.environ.get("NNLIB_BENCH_WAIT", "0"))
    if patience <= 0 or not hasattr(os, "getloadavg"):
        return
    quiet = float(os.environ.get("NNLIB_BENCH_QUIET_LOAD", "0.5"))
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] >= quiet and time.monotonic() < deadline:
        time.sleep(5)
    if os.getloadavg()[0] >= quiet:
        print(f"(waited {patience:.0f} s for a load below {quiet}; starting anyway)")


def print_header(title: str, packages=("numpy", "matplotlib")) -> None:
    """Print what was measured, on which machine, when, and how busy it was."""
    wait_until_quiet()
    now = datetime.datetime.now().astimezone()
    print(title)
    print("=" * len(title))
    print(f"date        {now:%Y-%m-%d %H:%M %Z}")
    print(f"cpu         {cpu_model()}, {os.cpu_count()} logical cores")
    print(f"python      {platform.python_version()} ({sys.executable})")
    for package in packages:
        print(f"{package:<11} {version(package)}")
    print(f"load        {load_text()} at the start")
    print()


def print_footer() -> None:
    """Print the load at the end and warn when the machine was busy."""
    print()
    print(f"load        {load_text()} at the end")
    if hasattr(os, "getloadavg"):
        one = os.getloadavg()[0]
        cores = os.cpu_count() or 1
        # The benchmark itself keeps one core busy; more than that means other
        # work shared the processor and the medians are likely too high.
        if one > 1.0 + 0.25 * cores:
            print(
                f"warning     the 1-minute load ({one:.2f}) says other programs "
                "ran at the same time; rerun when the machine is quiet."
            )


@dataclass(frozen=True)
class Timing:
    """Summary of repeated wall-clock measurements, in seconds."""

    median: float
    p10: float
    p90: float
    repeats: int

    def ms(self) -> str:
        """Median and spread in milliseconds, e.g. ``12.3 [11.9-13.0]``."""
        return f"{1e3 * self.median:8.2f} [{1e3 * self.p10:.2f}-{1e3 * self.p90:.2f}]"

    def times(self) -> str:
        """Median and spread of a ratio, e.g. ``1.05x [1.01-1.10]``."""
        return f"{self.median:5.2f}x [{self.p10:.2f}-{self.p90:.2f}]"


def summarise(samples: list[float]) -> Timing:
    """Median, 10th and 90th percentiles of a list of durations."""
    deciles = statistics.quantiles(samples, n=10, method="inclusive")
    return Timing(statistics.median(samples), deciles[0], deciles[-1], len(samples))


def measure(
    action: Callable[[int], object], repeats: int = REPEATS, warmup: int = WARMUP
) -> Timing:
    """Time ``action(i)`` for ``i = 0, 1, ...`` after ``warmup`` untimed calls.

    The call number is passed so that an action can use a different value each
    time (a slider must really move to redraw). The garbage collector stays on,
    as it is in a kernel: its pauses are part of what a student waits for.
    """
    for i in range(warmup):
        action(i)
    samples = []
    for i in range(warmup, warmup + repeats):
        start = time.perf_counter()
        action(i)
        samples.append(time.perf_counter() - start)
    return summarise(samples)


def measure_pair(
    first: Callable[[int], object],
    second: Callable[[int], object],
    repeats: int = REPEATS,
    warmup: int = WARMUP,
) -> tuple[Timing, Timing, Timing]:
    """Time two actions in alternation; also summarise the per-pair ratios.

    Alternating ``first(i)`` and ``second(i)`` exposes both to the same load at
    the same moment, so the ratio of each pair stays meaningful even when other
    programs come and go during the run.

    Returns
    -------
    first, second : Timing
        Durations of each action, in seconds.
    ratio : Timing
        ``first / second`` of each pair (no unit).
    """
    for i in range(warmup):
        first(i)
        second(i)
    first_samples, second_samples = [], []
    for i in range(warmup, warmup + repeats):
        start = time.perf_counter()
        first(i)
        middle = time.perf_counter()
        second(i)
        first_samples.append(middle - start)
        second_samples.append(time.perf_counter() - middle)
    ratios = [a / b for a, b in zip(first_samples, second_samples, strict=True)]
    return summarise(first_samples), summarise(second_samples), summarise(ratios)
