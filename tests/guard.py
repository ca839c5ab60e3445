"""Run a call in a forked child under a hang guard (timeout) and a memory guard (RLIMIT_AS).

These are guards, not speed checks: a regression that loops or allocates without end fails the test
with a clear reason instead of hanging CI or taking the machine's memory.
"""

from __future__ import annotations

import multiprocessing
import resource
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Seconds a guarded call may take; generous, the machine is shared.
TIMEOUT = 20.0
#: Address space of the child, in bytes.
MEMORY = 2 * 1024**3


class Hung(AssertionError):
    """The call ran past its time or its memory."""


@dataclass(frozen=True)
class Raised:
    """What the guarded call raised: the exception's class name, its text and the traceback."""

    name: str
    message: str
    trace: str


def _child(conn, func: Callable[..., Any], args: tuple, memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        conn.send(func(*args))
    except BaseException as error:  # sent to the parent, which raises or inspects it
        conn.send(Raised(type(error).__name__, str(error), traceback.format_exc()))
    finally:
        conn.close()


def guarded(func: Callable[..., Any], *args: Any, timeout: float = TIMEOUT, memory: int = MEMORY) -> Any:
    """``func(*args)`` in a child process: its value, or :class:`Raised` when it raised. Raises
    :class:`Hung` when it ran out of time or memory (MemoryError included)."""
    name = getattr(func, "__name__", repr(func))
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, func, args, memory))
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise Hung(f"{name} still running after {timeout:g} s")
        try:
            value = parent.recv()
        except EOFError:
            raise Hung(f"{name}: the child died (out of memory?)") from None
    finally:
        process.kill()
        process.join()
        parent.close()
    if isinstance(value, Raised) and value.name == "MemoryError":
        raise Hung(f"{name}: MemoryError\n{value.trace}")
    return value
