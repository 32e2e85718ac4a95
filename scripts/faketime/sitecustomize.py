"""Loaded only by scripts/test-at (through PYTHONPATH), never by the desk itself.

libfaketime 0.9.10 and Python's clocks: with the monotonic clock faked, a timed wait
(threading.Event.wait, queue.get(timeout=...); sem_clockwait is not intercepted) sleeps for
the whole offset; with FAKETIME_DONT_FAKE_MONOTONIC=1, time.sleep (clock_nanosleep on
CLOCK_MONOTONIC with an absolute deadline) fails with EINVAL. scripts/test-at keeps the
monotonic clock real, and this makes time.sleep wait on a semaphore instead.
"""

import os
import threading
import time


def _sleep(seconds: float) -> None:
    if seconds <= 0:
        os.sched_yield()
        return
    threading.Event().wait(seconds)


time.sleep = _sleep
