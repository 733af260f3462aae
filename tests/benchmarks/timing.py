"""Time a callable many times and report percentiles, with the machine and the data size."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Timing:
    label: str
    samples_ms: list[float]
    data: str

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, round(0.95 * len(ordered)) - 1)]

    def report(self) -> str:
        line = (
            f"BENCH {self.label}: p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, "
            f"n={len(self.samples_ms)} | data: {self.data} | {machine()}"
        )
        print(line)
        return line


def machine() -> str:
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{connection.vendor}, Python {platform.python_version()}"
    )


def measure(
    label: str, func: Callable[[], object], *, data: str, runs: int = 50, warmup: int = 3
) -> Timing:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    timing = Timing(label, samples, data)
    timing.report()
    return timing


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss(label: str, func: Callable[[], object], *, data: str) -> tuple[float, float]:
    """Run ``func`` once while a thread samples this process's resident memory every 5 ms;
    print and return (before, peak) in MB. The peak is an upper bound for a worker doing the
    same work: this process also holds the test's generated data."""
    import threading

    before = peak = _rss_mb()
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        func()
    finally:
        done.set()
        sampler.join()
    peak = max(peak, _rss_mb())
    print(
        f"BENCH {label}: peak RSS {peak:.0f} MB (before {before:.0f} MB) | data: {data} "
        f"| {machine()}"
    )
    return before, peak
