"""The local Cloudflare edge: Code24's sites served by the real Workers in workerd.

``Edge`` runs ``workers/edge.mjs`` under Node.js (see ``node.py``), which keeps one
Miniflare instance (workerd, Cloudflare's open-source Workers runtime) and an HTTP server
on ``port`` that routes by Host header as Cloudflare's edge does:

- a host ``<label>.<platform_domain>`` or an active custom hostname goes to the
  dispatcher Worker, which finds the site in the routes KV and dispatches to its script;
- any other host gets Cloudflare's "Error 1001: DNS resolution error" page (status 530),
  so a custom hostname that is not active never reaches the dispatcher;
- before a dispatcher is uploaded, routed hosts get a 503 page saying so.

Interface with the local Cloudflare API server (``local/server.py``)::

    edge = Edge(port=8788)          # port 0 picks a free port; edge.url tells which
    edge.start()                    # installs miniflare if needed, starts Node + workerd
    edge.apply(delta)               # after every change: only what changed
    edge.sync(snapshot)             # the whole state at once (= apply with "full": True)
    edge.check_script(script)       # None, or workerd's error for a script that cannot start
    edge.stats()                    # scripts held, loads, asset reads, memory
    edge.stop()

A ``delta`` names only what changed; a key left out is left alone::

    {
      "namespace": "code24-sites",                   # the dispatch namespace served
      "scripts": {"site-123": SCRIPT, "site-9": None},   # uploaded / deleted scripts
      "dispatcher": SCRIPT | None,                   # only when the dispatcher changed
      "kv": {namespace_id: {key: value_text | None}, other_id: None},   # writes / deletes
      "active_hostnames": ["www.acme.com", ...],     # the whole list, when it changed
      "platform_domain": "code24.localhost",
      "full": False,                                 # True: this is everything (a snapshot)
    }
    SCRIPT = {
      "main_module": "dispatcher.js",
      "modules": [{"name": "dispatcher.js", "content_type": "application/javascript+module",
                   "text": "..."}],                  # or "base64" instead of "text"
      "bindings": [... Cloudflare metadata bindings as uploaded ...],
      "compatibility_date": "2025-06-01",
      "compatibility_flags": [...],                  # optional
      "assets": {"directory": "/abs/store", "config": {...},   # optional: static assets
                 "manifest": {"/index.html": {"hash": "<32 hex>", "content_type": "...",
                                              "size": 123}}},
    }

Module content types: ``application/javascript+module`` / ``text/javascript+module``
(ES module), ``application/javascript`` / ``text/javascript`` (CommonJS), ``text/plain``
(Text), ``application/octet-stream`` (Data), ``application/wasm`` (CompiledWasm); a module
whose bytes are not UTF-8 comes as ``"base64"`` instead of ``"text"``. The dispatcher's
bindings: ``plain_text``, ``secret_text``, ``json``, ``kv_namespace`` (``namespace_id``),
``dispatch_namespace`` (``namespace``; Workers for Platforms'
``get(name, args, options).fetch()``, where a missing script fails at ``fetch()``), and
``analytics_engine``. A namespace script's: ``plain_text``, ``secret_text``, ``json``,
``assets`` (served from the content-addressed store: ``<directory>/<hash[:2]>/<hash>``)
and ``analytics_engine`` (writes accepted and dropped); any other is reported in
``script_errors``. Compatibility dates newer than the bundled workerd run at its newest.

How the cost of a change stays flat (measured with ``scripts/bench_edge.py``): a
namespace script is not a workerd service but an entry in Node's map, loaded per request
through workerd's Worker Loader into a fresh isolate. A deploy replaces one entry and
loads the new version once to check that it starts (``script_errors``), so its cost does
not depend on how many sites there are, no other site is touched, and memory stays flat.
Measured on this machine's 2 cores before choosing: Worker Loader isolates cached by id
answer in 2.5 ms but workerd never evicts them (1.25 MB per version: 1,500 versions held
1.9 GB); uncached they answer in 7 ms with memory flat (1,500 sites: 53 MB -> 101 MB); a
workerd process per site starts in 90-140 ms and holds 53 MB each. workerd restarts only
when the dispatcher or the KV namespaces it binds change (0.2 s; requests wait; KV stays).
If the Node process dies, a watchdog restarts it and replays the state it was given.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import subprocess
import threading
import time
from typing import IO, Any

from code24.cloudflare.local.node import WORKERS_DIR, ensure_miniflare, node_env

log = logging.getLogger(__name__)


def fold(state: dict[str, Any], delta: dict[str, Any]) -> dict[str, Any]:
    """``state`` (a full snapshot, or {}) changed in place by ``delta``; returned."""
    if delta.get("full"):
        state.clear()
        state.update(scripts={}, kv={}, dispatcher=None, active_hostnames=[], platform_domain=None)
    for key in ("namespace", "dispatcher", "active_hostnames", "platform_domain"):
        if key in delta:
            state[key] = delta[key]
    scripts = state.setdefault("scripts", {})
    for name, script in (delta.get("scripts") or {}).items():
        if script is None:
            scripts.pop(name, None)
        else:
            scripts[name] = script
    kv = state.setdefault("kv", {})
    for namespace_id, values in (delta.get("kv") or {}).items():
        if values is None:
            kv.pop(namespace_id, None)
            continue
        held = kv.setdefault(namespace_id, {})
        for key, value in values.items():
            if value is None:
                held.pop(key, None)
            else:
                held[key] = value
    return state


class EdgeError(RuntimeError):
    """The local edge could not start or apply a state; the message says why."""


class Edge:
    def __init__(
        self,
        port: int = 8788,
        *,
        host: str = "127.0.0.1",
        start_timeout: float = 60,
        sync_timeout: float = 120,
    ) -> None:
        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"
        self.start_timeout = start_timeout
        self.sync_timeout = sync_timeout
        self.cold_start_ms: float | None = None
        self.script_errors: dict[str, str] = {}
        self.last_sync: dict[str, Any] = {}
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._lock = threading.RLock()
        self._state: dict[str, Any] = {}
        self._next_id = 0
        self._stopping = False
        self._watchdog: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            self._stopping = False
            self._spawn()
            if self._watchdog is None or not self._watchdog.is_alive():
                self._watchdog = threading.Thread(
                    target=self._watch, name="code24-edge-watchdog", daemon=True
                )
                self._watchdog.start()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            proc = self._proc
            self._proc = None
        if proc is not None:
            self._end(proc)
        if self._watchdog is not None:
            self._watchdog.join(timeout=5)
            self._watchdog = None

    def __enter__(self) -> Edge:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    # --- operations -------------------------------------------------------------------

    def apply(self, delta: dict[str, Any]) -> None:
        """Make the edge serve what ``delta`` changes (see the module docstring)."""
        answer = self._call({"op": "apply", "delta": delta})
        self._remember(delta)  # replayed if Node has to be restarted
        self.last_sync = answer
        errors = dict(answer.get("errors") or {})
        for name, message in errors.items():
            if self.script_errors.get(name) != message:
                log.warning("Local edge: script %s does not start: %s", name, message)
        self.script_errors = errors

    def sync(self, snapshot: dict[str, Any]) -> None:
        """Make the edge serve exactly ``snapshot`` (the whole state)."""
        self.apply({**snapshot, "full": True})

    def check_script(self, script: dict[str, Any]) -> str | None:
        """None when ``script`` starts in workerd, else workerd's error message."""
        error = self._call({"op": "check", "script": script}).get("error")
        return str(error) if error else None

    def stats(self) -> dict[str, Any]:
        """Scripts held, script loads and asset reads so far, Node's and workerd's memory."""
        return self._call({"op": "stats"})

    def _remember(self, delta: dict[str, Any]) -> None:
        fold(self._state, delta)

    # --- the Node process -------------------------------------------------------------

    def _spawn(self) -> None:
        node = ensure_miniflare()
        started = time.monotonic()
        proc = subprocess.Popen(
            [
                str(node.executable),
                str(WORKERS_DIR / "edge.mjs"),
                "--port",
                str(self.port),
                "--host",
                self.host,
            ],
            cwd=WORKERS_DIR,
            env=node_env(node),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            start_new_session=True,  # its own process group: workerd goes with it
        )
        self._answers = queue.Queue()
        stderr_tail: list[str] = []
        assert proc.stdout is not None and proc.stderr is not None
        threading.Thread(
            target=self._read_answers, args=(proc.stdout, self._answers), daemon=True
        ).start()
        threading.Thread(
            target=self._read_log, args=(proc.stderr, stderr_tail), daemon=True
        ).start()
        try:
            ready = self._answers.get(timeout=self.start_timeout)
        except queue.Empty:
            ready = {"error": f"no answer within {self.start_timeout:.0f}s"}
        if ready is None or ready.get("event") != "ready":
            self._end(proc)
            detail = (ready or {}).get("error") or " ".join(stderr_tail[-20:])
            raise EdgeError(f"The local edge did not start: {detail}")
        self._proc = proc
        self.port = int(ready["port"])
        self.url = str(ready["url"])
        self.cold_start_ms = (time.monotonic() - started) * 1000
        log.info("Local edge serving on %s (pid %s)", self.url, proc.pid)

    @staticmethod
    def _read_answers(stream: IO[str], answers: queue.Queue[dict[str, Any] | None]) -> None:
        for line in stream:
            try:
                answers.put(json.loads(line))
            except json.JSONDecodeError:
                log.info("edge: %s", line.rstrip())
        answers.put(None)

    @staticmethod
    def _read_log(stream: IO[str], tail: list[str]) -> None:
        for line in stream:
            line = line.rstrip()
            tail.append(line)
            del tail[:-50]
            log.info("edge: %s", line)

    def _end(self, proc: subprocess.Popen[str]) -> None:
        """Stop a Node process we started, and the workerd in its process group."""
        if proc.poll() is None:
            try:
                assert proc.stdin is not None
                proc.stdin.write('{"id": 0, "op": "shutdown"}\n')
                proc.stdin.flush()
            except (OSError, ValueError):
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # a workerd left behind by a crashed Node
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def _restart(self, dead: subprocess.Popen[str] | None) -> None:
        """Replace the ended process ``dead`` (unless someone already did) and replay."""
        with self._lock:
            if self._stopping or (self._proc is not dead and self.running):
                return
            old = self._proc
            self._proc = None
            if old is not None:
                self._end(old)
            self._spawn()
            if self._state.get("namespace") is not None:
                self._call_once({"op": "apply", "delta": {**self._state, "full": True}})

    def _watch(self) -> None:
        delay = 0.5
        while not self._stopping:
            proc = self._proc
            if proc is None or proc.poll() is None:
                time.sleep(0.2)
                continue
            if self._stopping:
                return
            log.warning("Local edge process exited (code %s); restarting it", proc.returncode)
            try:
                self._restart(proc)
                delay = 0.5
            except (EdgeError, OSError, queue.Empty) as error:
                log.error("Local edge restart failed: %s; retrying in %.1fs", error, delay)
                time.sleep(delay)
                delay = min(delay * 2, 30)

    def _call(self, message: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if self._stopping:
                raise EdgeError("The local edge is stopped.")
            if not self.running:
                self._restart(self._proc)
            try:
                return self._call_once(message)
            except _ProcessGone:
                self._restart(self._proc)
                return self._call_once(message)

    def _call_once(self, message: dict[str, Any]) -> dict[str, Any]:
        proc = self._proc
        if proc is None or proc.stdin is None:
            raise _ProcessGone
        self._next_id += 1
        request_id = self._next_id
        try:
            proc.stdin.write(json.dumps({**message, "id": request_id}) + "\n")
            proc.stdin.flush()
        except (OSError, ValueError):
            raise _ProcessGone from None
        deadline = time.monotonic() + self.sync_timeout
        while True:
            try:
                answer = self._answers.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise EdgeError(
                    f"The local edge did not answer {message['op']} within "
                    f"{self.sync_timeout:.0f}s."
                ) from None
            if answer is None:
                raise _ProcessGone
            if answer.get("id") != request_id:
                continue  # a late answer to an earlier request
            if not answer.get("ok"):
                raise EdgeError(f"The local edge refused {message['op']}: {answer.get('error')}")
            return answer


class _ProcessGone(Exception):
    """The Node process ended while we talked to it."""
