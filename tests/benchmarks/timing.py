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
