"""Create what Code24 needs at Cloudflare, idempotently: run it as often as you like.

The dispatch namespace, the KV namespaces (routes, metadata, cache), the custom hostnames'
fallback origin, and the dispatcher Worker with its bindings. Works against the local
Cloudflare (no credentials) or a real account (CLOUDFLARE_API_TOKEN and ids set).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from code24.cloudflare import workers_bundle
from code24.cloudflare.client import KV_PURPOSES, Client, CloudflareError, Module, get_client
from code24.cloudflare.workers_bundle import WorkerUpload

DISPATCHER_PATH = workers_bundle.WORKERS_DIR / "dispatcher.js"

KV_SETTINGS = {
    "routes": "CLOUDFLARE_KV_ROUTES",
    "metadata": "CLOUDFLARE_KV_METADATA",
    "cache": "CLOUDFLARE_KV_CACHE",
}


def dispatcher_worker(
    client: Client, kv_ids: Mapping[str, str], source: Path | None = None
) -> WorkerUpload:
    """The dispatcher upload (``workers_bundle``: its modules and bindings); ``source``
    replaces its main module's code (another dispatcher.js, e.g. in tests)."""
    upload = workers_bundle.dispatcher_upload(
        routes_namespace_id=kv_ids["routes"], dispatch_namespace=client.dispatch_namespace
    )
    if source is None:
        return upload
    modules = [
        {**module, "text": source.read_text()} if module["name"] == upload.main_module else module
        for module in upload.modules
    ]
    return replace(upload, modules=modules)


def run_setup(
    client: Client,
    *,
    out: Callable[[str], None],
    dispatcher: bool = True,
    dispatcher_source: Path | None = None,
) -> dict[str, str]:
    """Set everything up; returns the KV namespace ids by purpose."""
    namespace = client.dispatch_namespace_create()
    out(f"Dispatch namespace {namespace.name}: ready ({namespace.script_count} scripts).")

    kv_ids: dict[str, str] = {}
    for purpose in KV_PURPOSES:
        configured = getattr(settings, KV_SETTINGS[purpose])
        if configured:
            kv_ids[purpose] = configured
            out(f"KV {purpose}: {configured} (from {KV_SETTINGS[purpose]}).")
            continue
        kv = client.kv_namespace_create(client.kv_title(purpose))
        kv_ids[purpose] = kv.id
        out(f"KV {purpose}: {kv.id} (titled {kv.title}).")

    origin = client.fallback_origin_get()
    if origin is None or origin.origin != client.fallback_origin:
        origin = client.fallback_origin_update()
    out(f"Fallback origin {origin.origin}: {origin.status}.")

    if not dispatcher:
        out(f"Dispatcher {client.dispatcher_name}: skipped.")
        return kv_ids
    upload = dispatcher_worker(client, kv_ids, dispatcher_source)
    script = client.worker_upload(
        client.dispatcher_name,
        modules=[
            Module(module["name"], module["text"], module["content_type"])
            for module in upload.modules
        ],
        main_module=upload.main_module,
        bindings=upload.bindings,
        compatibility_date=upload.compatibility_date,
    )
    bindings = ", ".join(binding["name"] for binding in upload.bindings)
    out(f"Dispatcher {client.dispatcher_name}: uploaded (bindings {bindings}; etag {script.etag}).")
    return kv_ids


class Command(BaseCommand):
    help = (
        "Create (idempotently) the dispatch namespace, KV namespaces and fallback origin at "
        "Cloudflare, and upload the dispatcher Worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dispatcher",
            type=Path,
            default=None,
            help="Upload this file as the dispatcher's code (default: workers/dispatcher.js).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path | None = options["dispatcher"]
        if not (source or DISPATCHER_PATH).is_file():
            raise CommandError(f"The dispatcher Worker {source or DISPATCHER_PATH} does not exist.")
        client = get_client()
        where = "the local Cloudflare" if client.is_local else "Cloudflare"
        self.stdout.write(
            f"Setting up {where} at {client.sdk.base_url} (account {client.account_id})."
        )
        try:
            kv_ids = run_setup(client, out=self.stdout.write, dispatcher_source=source)
        except CloudflareError as error:
            raise CommandError(f"Cloudflare refused: {error}") from error
        if client.is_local:
            self.stdout.write(
                "The local Cloudflare's KV namespaces are found by their titles: "
                "no settings needed."
            )
        else:
            missing = [p for p in KV_PURPOSES if not getattr(settings, KV_SETTINGS[p])]
            if missing:
                self.stdout.write("Put these in the environment (saves a lookup per process):")
                for purpose in missing:
                    self.stdout.write(f"  {KV_SETTINGS[purpose]}={kv_ids[purpose]}")
        self.stdout.write(self.style.SUCCESS("Cloudflare is set up."))
