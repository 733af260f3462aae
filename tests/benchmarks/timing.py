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


class Lockstep:
    """Two benchmark processes (say, two checkouts with their own databases) that take turns,
    one request each, so that whatever else loads the machine loads both alike: the ratio of
    their figures means something on a busy machine where their absolute figures do not.

    ``BENCH_LOCKSTEP=<directory> BENCH_LOCKSTEP_SIDE=0`` in one process and ``...SIDE=1`` in the
    other, both running the same benchmark. A side that waits longer than ``patience`` seconds
    for its turn (the other failed or finished) goes on alone.
    """

    def __init__(self, directory: str, side: int, patience: float = 300.0) -> None:
        self.path = os.path.join(directory, "turn")
        self.side = side
        self.patience = patience
        os.makedirs(directory, exist_ok=True)
        if side == 0 and not os.path.exists(self.path):
            self._write(0)

    def _read(self) -> int:
        try:
            with open(self.path) as turn:
                return int(turn.read() or 0)
        except (FileNotFoundError, ValueError):
            return -1

    def _write(self, value: int) -> None:
        partial = f"{self.path}.{self.side}"
        with open(partial, "w") as turn:
            turn.write(str(value))
        os.replace(partial, self.path)

    def wait(self) -> None:
        deadline = time.monotonic() + self.patience
        while time.monotonic() < deadline:
            turn = self._read()
            if turn >= 0 and turn % 2 == self.side:
                return
            time.sleep(0.0005)
        self.patience = 0.0  # the other side is gone: stop waiting for it

    def done(self) -> None:
        self._write(max(self._read(), 0) + 1)


def _lockstep() -> Lockstep | None:
    directory = os.environ.get("BENCH_LOCKSTEP")
    if not directory:
        return None
    return Lockstep(directory, int(os.environ.get("BENCH_LOCKSTEP_SIDE", "0")))


def measure(
    label: str, func: Callable[[], object], *, data: str, runs: int = 50, warmup: int = 3
) -> Timing:
    for _ in range(warmup):
        func()
    samples = []
    lockstep = _lockstep()
    for _ in range(runs):
        if lockstep:
            lockstep.wait()
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
        if lockstep:
            lockstep.done()
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
