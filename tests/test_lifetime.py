"""Stops (Ctrl-C, SIGTERM) arrive where the render can clean up after them."""

import signal
import subprocess
import sys

import pytest

from dramatize.lifetime import Terminated, children, stops_as_interrupts, stops_deferred


@pytest.mark.parametrize("stop, raised", [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Terminated)])
def test_a_stop_while_a_process_starts_arrives_once_it_is_known(stop, raised):
    started, reached = [], []
    with stops_as_interrupts(), pytest.raises(raised):
        with stops_deferred():
            # undeferred, it would raise here, before the process is known. (raise_signal: to this
            # thread; os.kill may land on another of the process's threads and reach Python late)
            signal.raise_signal(stop)
            started.append(subprocess.Popen([sys.executable, "-c", "pass"]))
            reached.append("the end of the block")
    assert reached and started[0].wait(timeout=30) == 0


def test_children_lists_the_living_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in children()
    finally:
        child.kill()
        child.wait()
    assert child.pid not in children()
