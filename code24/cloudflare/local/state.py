"""The local Cloudflare's state: one SQLite file, so a restart keeps everything.

Objects are stored as the JSON Cloudflare would answer with (plus a private ``_local``
part that is never sent), with the columns the API looks things up by. All access goes
through one connection guarded by a lock: the server is small and local, so simple wins.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ACCOUNT_SCRIPTS = ""  # the "namespace" of account-level scripts (the dispatcher)

SCHEMA = """
CREATE TABLE IF NOT EXISTS custom_hostnames (
    id TEXT PRIMARY KEY,
    zone_id TEXT NOT NULL,
    hostname TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fallback_origins (
    zone_id TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dispatch_namespaces (
    name TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scripts (
    namespace TEXT NOT NULL,
    name TEXT NOT NULL,
    record TEXT NOT NULL,
    modules TEXT NOT NULL,
    PRIMARY KEY (namespace, name)
);
CREATE TABLE IF NOT EXISTS kv_namespaces (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kv_values (
    namespace_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    metadata TEXT,
    expiration INTEGER,
    PRIMARY KEY (namespace_id, key)
);
"""


def _load(text: str) -> dict[str, Any]:
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


class State:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work (reentrant within a thread)."""
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: object) -> tuple[Any, ...] | None:
        with self._lock:
            row: tuple[Any, ...] | None = self._db.execute(sql, args).fetchone()
            return row

    def _all(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    # --- Custom hostnames --------------------------------------------------------------

    def hostname_get(self, custom_hostname_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT record FROM custom_hostnames WHERE id = ?", custom_hostname_id)
        return _load(row[0]) if row else None

    def hostname_by_name(self, hostname: str) -> dict[str, Any] | None:
        row = self._one("SELECT record FROM custom_hostnames WHERE hostname = ?", hostname)
        return _load(row[0]) if row else None

    def hostname_list(self, zone_id: str) -> list[dict[str, Any]]:
        rows = self._all(
            "SELECT record FROM custom_hostnames WHERE zone_id = ? ORDER BY created_at, id",
            zone_id,
        )
        return [_load(row[0]) for row in rows]

    def hostname_count(self, zone_id: str) -> int:
        row = self._one("SELECT count(*) FROM custom_hostnames WHERE zone_id = ?", zone_id)
        return int(row[0]) if row else 0

    def hostname_save(self, zone_id: str, record: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO custom_hostnames (id, zone_id, hostname, created_at, record)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                (
                    record["id"],
                    zone_id,
                    record["hostname"],
                    record["created_at"],
                    json.dumps(record),
                ),
            )

    def hostname_delete(self, custom_hostname_id: str) -> bool:
        with self.transaction() as db:
            cursor = db.execute("DELETE FROM custom_hostnames WHERE id = ?", (custom_hostname_id,))
            return cursor.rowcount > 0

    # --- Fallback origins --------------------------------------------------------------

    def fallback_get(self, zone_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT record FROM fallback_origins WHERE zone_id = ?", zone_id)
        return _load(row[0]) if row else None

    def fallback_save(self, zone_id: str, record: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO fallback_origins (zone_id, record) VALUES (?, ?)"
                " ON CONFLICT (zone_id) DO UPDATE SET record = excluded.record",
                (zone_id, json.dumps(record)),
            )

    def fallback_delete(self, zone_id: str) -> bool:
        with self.transaction() as db:
            cursor = db.execute("DELETE FROM fallback_origins WHERE zone_id = ?", (zone_id,))
            return cursor.rowcount > 0

    # --- Dispatch namespaces and scripts -------------------------------------------------

    def namespace_get(self, name: str) -> dict[str, Any] | None:
        row = self._one("SELECT record FROM dispatch_namespaces WHERE name = ?", name)
        return _load(row[0]) if row else None

    def namespace_list(self) -> list[dict[str, Any]]:
        rows = self._all("SELECT record FROM dispatch_namespaces ORDER BY name")
        return [_load(row[0]) for row in rows]

    def namespace_save(self, record: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO dispatch_namespaces (name, record) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET record = excluded.record",
                (record["namespace_name"], json.dumps(record)),
            )

    def namespace_delete(self, name: str) -> bool:
        with self.transaction() as db:
            db.execute("DELETE FROM scripts WHERE namespace = ?", (name,))
            cursor = db.execute("DELETE FROM dispatch_namespaces WHERE name = ?", (name,))
            return cursor.rowcount > 0

    def script_get(self, namespace: str, name: str) -> dict[str, Any] | None:
        """The script's record, with its modules under ``_modules``."""
        row = self._one(
            "SELECT record, modules FROM scripts WHERE namespace = ? AND name = ?", namespace, name
        )
        if row is None:
            return None
        record = _load(row[0])
        record["_modules"] = json.loads(row[1])
        return record

    def script_names(self, namespace: str) -> list[str]:
        rows = self._all("SELECT name FROM scripts WHERE namespace = ? ORDER BY name", namespace)
        return [row[0] for row in rows]

    def script_count(self, namespace: str) -> int:
        row = self._one("SELECT count(*) FROM scripts WHERE namespace = ?", namespace)
        return int(row[0]) if row else 0

    def script_save(
        self,
        namespace: str,
        name: str,
        record: dict[str, Any],
        modules: list[tuple[str, str, bytes]],
    ) -> None:
        """Store a script; ``modules`` are (name, content type, content)."""
        stored = [
            {
                "name": module_name,
                "content_type": content_type,
                "content": base64.b64encode(content).decode(),
            }
            for module_name, content_type, content in modules
        ]
        with self.transaction() as db:
            db.execute(
                "INSERT INTO scripts (namespace, name, record, modules) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (namespace, name) DO UPDATE"
                " SET record = excluded.record, modules = excluded.modules",
                (namespace, name, json.dumps(record), json.dumps(stored)),
            )

    def script_update_record(self, namespace: str, name: str, record: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE scripts SET record = ? WHERE namespace = ? AND name = ?",
                (json.dumps(record), namespace, name),
            )

    def script_delete(self, namespace: str, name: str) -> bool:
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM scripts WHERE namespace = ? AND name = ?", (namespace, name)
            )
            return cursor.rowcount > 0

    # --- Workers KV ----------------------------------------------------------------------

    def kv_namespace_create(self, namespace_id: str, title: str, created_at: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO kv_namespaces (id, title, created_at) VALUES (?, ?, ?)",
                (namespace_id, title, created_at),
            )

    def kv_namespace_get(self, namespace_id: str) -> dict[str, str] | None:
        row = self._one("SELECT id, title FROM kv_namespaces WHERE id = ?", namespace_id)
        return {"id": row[0], "title": row[1]} if row else None

    def kv_namespace_by_title(self, title: str) -> dict[str, str] | None:
        row = self._one("SELECT id, title FROM kv_namespaces WHERE title = ?", title)
        return {"id": row[0], "title": row[1]} if row else None

    def kv_namespace_list(self) -> list[dict[str, str]]:
        rows = self._all("SELECT id, title FROM kv_namespaces ORDER BY title, id")
        return [{"id": row[0], "title": row[1]} for row in rows]

    def kv_namespace_delete(self, namespace_id: str) -> bool:
        with self.transaction() as db:
            db.execute("DELETE FROM kv_values WHERE namespace_id = ?", (namespace_id,))
            cursor = db.execute("DELETE FROM kv_namespaces WHERE id = ?", (namespace_id,))
            return cursor.rowcount > 0

    def kv_put_many(
        self,
        namespace_id: str,
        items: list[tuple[str, bytes, dict[str, Any] | None, int | None]],
    ) -> None:
        """Store (key, value, metadata, expiration) pairs in one transaction."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO kv_values (namespace_id, key, value, metadata, expiration)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace_id, key) DO UPDATE"
                " SET value = excluded.value, metadata = excluded.metadata,"
                " expiration = excluded.expiration",
                [
                    (
                        namespace_id,
                        key,
                        value,
                        json.dumps(metadata) if metadata is not None else None,
                        expiration,
                    )
                    for key, value, metadata, expiration in items
                ],
            )

    def kv_get(
        self, namespace_id: str, key: str, now: float | None = None
    ) -> tuple[bytes, Any, int | None] | None:
        """(value, metadata, expiration) of a live key, or None."""
        now = time.time() if now is None else now
        row = self._one(
            "SELECT value, metadata, expiration FROM kv_values"
            " WHERE namespace_id = ? AND key = ? AND (expiration IS NULL OR expiration > ?)",
            namespace_id,
            key,
            now,
        )
        if row is None:
            return None
        return bytes(row[0]), json.loads(row[1]) if row[1] is not None else None, row[2]

    def kv_delete_many(self, namespace_id: str, keys: list[str]) -> None:
        with self.transaction() as db:
            db.executemany(
                "DELETE FROM kv_values WHERE namespace_id = ? AND key = ?",
                [(namespace_id, key) for key in keys],
            )

    def kv_list(
        self,
        namespace_id: str,
        *,
        prefix: str = "",
        after: str | None = None,
        limit: int = 1000,
        now: float | None = None,
    ) -> list[tuple[str, Any, int | None]]:
        """Live keys in byte order: (name, metadata, expiration), after ``after``."""
        now = time.time() if now is None else now
        sql = (
            "SELECT key, metadata, expiration FROM kv_values WHERE namespace_id = ?"
            " AND (expiration IS NULL OR expiration > ?)"
        )
        args: list[object] = [namespace_id, now]
        if prefix:
            sql += " AND substr(key, 1, ?) = ?"
            args += [len(prefix), prefix]
        if after is not None:
            sql += " AND key > ?"
            args.append(after)
        sql += " ORDER BY key LIMIT ?"
        args.append(limit)
        rows = self._all(sql, *args)
        return [
            (row[0], json.loads(row[1]) if row[1] is not None else None, row[2]) for row in rows
        ]

    def kv_items(self, namespace_id: str, now: float | None = None) -> list[tuple[str, bytes]]:
        now = time.time() if now is None else now
        rows = self._all(
            "SELECT key, value FROM kv_values WHERE namespace_id = ?"
            " AND (expiration IS NULL OR expiration > ?) ORDER BY key",
            namespace_id,
            now,
        )
        return [(row[0], bytes(row[1])) for row in rows]

    # --- The edge's view ------------------------------------------------------------------

    def script_view(self, namespace: str, name: str) -> dict[str, Any] | None:
        """One script as the edge takes it, or None when there is no such script."""
        record = self.script_get(namespace, name)
        return _script_view(record) if record is not None else None

    def active_hostnames(self, zone_id: str) -> list[str]:
        return sorted(
            record["hostname"]
            for record in self.hostname_list(zone_id)
            if record.get("status") == "active"
        )

    def snapshot(
        self, *, namespace: str, dispatcher_name: str, zone_id: str, platform_domain: str
    ) -> dict[str, Any]:
        """Everything the edge needs to serve the sites (see the package docstring)."""
        with self._lock:
            dispatcher = self.script_get(ACCOUNT_SCRIPTS, dispatcher_name)
            scripts = {
                name: _script_view(self.script_get(namespace, name))
                for name in self.script_names(namespace)
            }
            kv: dict[str, dict[str, str]] = {}
            titles: dict[str, str] = {}
            for item in self.kv_namespace_list():
                titles[item["id"]] = item["title"]
                kv[item["id"]] = {
                    key: value.decode("utf-8", errors="replace")
                    for key, value in self.kv_items(item["id"])
                }
            active = self.active_hostnames(zone_id)
        return {
            "namespace": namespace,
            "dispatcher": _script_view(dispatcher) if dispatcher else None,
            "scripts": scripts,
            "kv": kv,
            "kv_titles": titles,
            "active_hostnames": active,
            "platform_domain": platform_domain,
        }


def _script_view(record: dict[str, Any] | None) -> dict[str, Any]:
    assert record is not None
    metadata = record.get("_local", {}).get("metadata", {})
    modules = [
        (module["name"], module["content_type"], base64.b64decode(module["content"]))
        for module in record.get("_modules", [])
    ]
    return script_view(record["id"], metadata, modules)


def script_view(
    name: str, metadata: dict[str, Any], modules: list[tuple[str, str, bytes]]
) -> dict[str, Any]:
    """A script as the edge takes it: modules as text (or base64 when not UTF-8)."""
    views = []
    for module_name, content_type, content in modules:
        view: dict[str, Any] = {"name": module_name, "content_type": content_type}
        try:
            view["text"] = content.decode("utf-8")
        except UnicodeDecodeError:
            view["base64"] = base64.b64encode(content).decode()
        views.append(view)
    return {
        "name": name,
        "main_module": metadata.get("main_module", ""),
        "modules": views,
        "bindings": metadata.get("bindings", []),
        "compatibility_date": metadata.get("compatibility_date", ""),
        "compatibility_flags": metadata.get("compatibility_flags", []),
    }
