"""The benchmarks' lockstep (tests/benchmarks/timing.py): two processes comparing two checkouts
take turns, one sample each, so a busy machine loads both alike."""

from __future__ import annotations

import threading

from tests.benchmarks.timing import Lockstep


def test_two_sides_take_turns_one_sample_each(tmp_path):
    order: list[int] = []

    def side(number: int) -> None:
        # No deadline a busy machine could miss: the sides wait for each other (CI bounds it).
        lockstep = Lockstep(str(tmp_path), number, patience=float("inf"))
        for _ in range(5):
            lockstep.wait()
            order.append(number)
            lockstep.done()

    Lockstep(str(tmp_path), 0)  # side 0 creates the turn file
    threads = [threading.Thread(target=side, args=(n,)) for n in (1, 0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order == [0, 1] * 5


def test_a_side_whose_partner_is_gone_goes_on_alone(tmp_path):
    lockstep = Lockstep(str(tmp_path), 1, patience=0.05)
    lockstep.wait()  # nobody takes turn 0: it stops waiting
    lockstep.done()
    lockstep.wait()  # and does not wait again
