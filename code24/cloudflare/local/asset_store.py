"""Workers static assets on disk: one file per content hash, shared by every script.

The layout is the edge's interface (``<directory>/<hash[0:2]>/<hash>``, the raw bytes),
so the local Cloudflare, the QA step's private edge and the tests all write through
this class. A file is written to a temporary name beside it and renamed into place, so a
reader (the edge serving a request) never sees half a file, and two writers of the same
hash (the bytes are the same) cannot corrupt it.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

HASH_RE = re.compile(r"^[0-9a-f]{32}$")


class AssetStore:
    """The content-addressed directory of asset bytes."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory).resolve()

    def path(self, content_hash: str) -> Path:
        """Where the bytes of ``content_hash`` live (the hash is checked: no other paths)."""
        if not HASH_RE.match(content_hash):
            raise ValueError(f"{content_hash!r} is not an asset hash (32 lowercase hex digits).")
        return self.directory / content_hash[:2] / content_hash

    def has(self, content_hash: str) -> bool:
        return self.path(content_hash).is_file()

    def read(self, content_hash: str) -> bytes:
        return self.path(content_hash).read_bytes()

    def put(self, content_hash: str, content: bytes) -> bool:
        """Store the bytes under their hash; False when they were there already."""
        target = self.path(content_hash)
        if target.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True
