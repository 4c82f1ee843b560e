"""Real Celery processes (workers, beat) for the tests marked ``celery_worker``.

They run on the test's database and on a broker of the test's own: a folder of its own with
the filesystem broker (a developer's running worker on var/broker never takes the test's
tasks), the configured Redis database in CI. ``running_worker`` also sends the test
process's own tasks (the product's ``delay_on_commit`` calls, unchanged) to that broker, so
a test can start work the way the product does and watch a real worker do it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection

from code24.celery import app as celery_app

T = TypeVar("T")

# The settings a worker that builds and publishes sites takes from the test process (the
# `cloudflare` fixture and the test set them): the local Cloudflare, where the sites' files
# live, the addresses the sites are built for and where their forms post, the forms token's
# key, the test's DNS server, and the AI provider (the built-in writer by default).
SITE_SETTINGS = (
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_BASE_URL",
    "CLOUDFLARE_RETRY_BASE_MS",
    "CLOUDFLARE_RETRY_MAX_MS",
    "MEDIA_ROOT",
    "SITE_URL",
    "SITE_ADDRESS",
    "PLATFORM_DOMAIN",
    "DOMAINS_DNS_RESOLVER",
    "SECRET_KEY",
    "AI_PROVIDER",
)


def worker_env(broker_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker (or beat) on the test's database and broker folder."""
    env = dict(os.environ)
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env["CELERY_BROKER_DIR"] = str(broker_dir)
    env.update(extra)
    return env


def settings_env(names: tuple[str, ...] = SITE_SETTINGS) -> dict[str, str]:
    """The test process's values of these settings, as a worker's environment."""
    return {name: str(getattr(settings, name)) for name in names}


def private_broker(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A broker folder of the test's own (the filesystem broker) and the transport options
    to send into it, so no other worker takes the test's tasks; with Redis, the broker."""
    broker_dir = tmp_path / "broker"
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    if options:
        for sub in ("queue", "processed", "control"):
            (broker_dir / sub).mkdir(parents=True)
        options.update(
            data_folder_in=str(broker_dir / "queue"),
            data_folder_out=str(broker_dir / "queue"),
            processed_folder=str(broker_dir / "processed"),
            control_folder=str(broker_dir / "control"),
        )
    return broker_dir, options


@contextlib.contextmanager
def tasks_sent_to(options: dict[str, Any]) -> Iterator[None]:
    """While inside, the test process's Celery app sends its tasks to the broker these
    transport options name (instead of running them inline, as the tests' autouse fixture
    has them): `delay_on_commit` and `apply_async` themselves are left as they are."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_transport_options)
    saved_pools = (celery_app._pool, celery_app.amqp._producer_pool)

    def forget_pools() -> None:
        # The app keeps its connection and producer pools once made; dropping them makes
        # the next send connect with the options now in the configuration (as Celery does
        # itself after a fork, in Celery._after_fork).
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.task_always_eager = False
    conf.broker_transport_options = options
    forget_pools()
    try:
        yield
    finally:
        # kombu shares one pool per broker address and options among all apps: only the
        # test's own broker folder's pool is closed, never the configured broker's.
        if celery_app._pool is not None and options != saved[1]:
            celery_app._pool.force_close_all()
        conf.task_always_eager, conf.broker_transport_options = saved
        celery_app._pool, celery_app.amqp._producer_pool = saved_pools


def celery_process(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    """`celery -A code24 <args>` in a process group of its own (so it can be killed with
    everything it started, such as the QA edge's Node), its output in `log`."""
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "code24", *args],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )


def start_worker(env: dict[str, str], log: Path, queues: str = "default") -> subprocess.Popen[str]:
    return celery_process(
        [
            "worker", "--pool", "solo", "--queues", queues, "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        env,
        log,
    )  # fmt: skip


def start_beat(env: dict[str, str], log: Path, schedule: Path) -> subprocess.Popen[str]:
    return celery_process(["beat", "--loglevel", "INFO", "--schedule", str(schedule)], env, log)


def stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> None:
    """Send `sig` to the process and everything it started; wait until it has ended."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Worker:
    """A running worker process and its log."""

    def __init__(self, process: subprocess.Popen[str], log: Path) -> None:
        self.process = process
        self.log = log

    def log_tail(self, chars: int = 5000) -> str:
        return self.log.read_text()[-chars:]

    def wait_for(self, predicate: Callable[[], T], timeout: float, what: str) -> T:
        """The first true value of `predicate`, asked every 0.2 s; fails with the worker's
        log if the worker dies or `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            assert self.process.poll() is None, f"the worker died:\n{self.log_tail()}"
            assert time.monotonic() < deadline, f"{what}: not within {timeout} s\n{self.log_tail()}"
            time.sleep(0.2)


@contextlib.contextmanager
def running_worker(
    tmp_path: Path, *, queues: str = "default,builds", **env: str
) -> Iterator[Worker]:
    """A real `celery worker` process on the test's database and its own broker, with the
    site settings of the test process (SITE_SETTINGS) and `env`; while it runs, the test
    process's tasks go to that broker. Stopped (with what it started) on the way out."""
    broker_dir, options = private_broker(tmp_path)
    log = tmp_path / "worker.log"
    with tasks_sent_to(options):
        with celery_app.connection_for_write() as conn:
            celery_app.control.purge(connection=conn)  # with Redis: earlier tests' leftovers
        process = start_worker(worker_env(broker_dir, **settings_env(), **env), log, queues)
        try:
            yield Worker(process, log)
        finally:
            stop(process)
