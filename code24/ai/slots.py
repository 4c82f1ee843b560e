"""Turns at a model server: at most N requests to one endpoint at once, across processes.

A model server works on a few requests at a time (llama.cpp answers one per ``--parallel``
slot and queues the rest). Requests beyond that wait on the server with their timeout
running, and one abandoned at its timeout keeps the server busy for nobody. So Code24
takes a turn before it sends: each endpoint (base URL and model) has N lock files under
``VAR_DIR/ai-slots/``, and a request holds one of them (an exclusive, non-blocking
``flock``) while it is sent and answered. Every worker process on the machine sees the
same files; a process that dies lets go of its lock with it. Turns go in the order they
were asked for (each waiting request holds a ticket file), so a build asking for page
after page of its copy does not keep another build's request waiting.

    with turn("http://llm:8080/v1 gpt", size=1, wait=5.0) as waited:
        ...  # send; the request's timeout starts now, ``waited`` seconds after asking

No turn within ``wait`` seconds raises ``Busy``: the build step then lets its worker go
and waits in the queue (``sites/pipeline/common.py``), so other builds carry on.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

POLL_SECONDS = 0.05


class Busy(Exception):
    """Every turn at the endpoint stayed taken for as long as we could wait."""

    def __init__(self, endpoint: str, waited: float) -> None:
        super().__init__(f"the model server at {endpoint} was busy for {waited:.0f} s")
        self.endpoint = endpoint
        self.waited = waited


def _folder(endpoint: str) -> Path:
    name = hashlib.sha256(endpoint.encode()).hexdigest()[:20]
    folder = Path(settings.VAR_DIR) / "ai-slots" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _take(folder: Path, size: int) -> int | None:
    """An open, locked slot file's descriptor, or None when all ``size`` are taken."""
    for number in range(size):
        fd = os.open(folder / f"slot-{number}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return fd
    return None


def _in_line(folder: Path, mine: str) -> int:
    """How many live requests asked for a turn before ``mine`` (a ticket file's name).

    Each waiting request holds a lock on its ticket; a ticket whose lock can be had
    belongs to a process that died, and is cleared away."""
    ahead = 0
    for name in sorted(path.name for path in folder.glob("ticket-*")):
        if name >= mine:
            break
        try:
            fd = os.open(folder / name, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            ahead += 1  # its owner is alive and waiting
        else:
            (folder / name).unlink(missing_ok=True)
        finally:
            os.close(fd)
    return ahead


@contextmanager
def _ticket(folder: Path) -> Iterator[str]:
    """A place in the line, held (locked) while this request waits."""
    name = f"ticket-{time.time_ns():020d}-{os.getpid()}-{threading.get_ident()}"
    fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield name
    finally:
        (folder / name).unlink(missing_ok=True)
        os.close(fd)


@contextmanager
def turn(endpoint: str, *, size: int, wait: float) -> Iterator[float]:
    """Hold one of the endpoint's ``size`` turns; yields the seconds spent waiting.

    Turns are given in the order they were asked for, so a request that just finished
    and asks again (the next page of the copy) goes behind those already waiting."""
    folder = _folder(endpoint)
    size = max(size, 1)
    started = time.monotonic()
    with _ticket(folder) as mine:
        while True:
            fd = _take(folder, size) if _in_line(folder, mine) < size else None
            if fd is not None:
                break
            waited = time.monotonic() - started
            if waited >= wait:
                raise Busy(endpoint, waited)
            time.sleep(min(POLL_SECONDS, max(wait - waited, 0.001)))
    try:
        yield time.monotonic() - started
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
