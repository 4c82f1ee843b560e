"""Run the local Cloudflare in the foreground (the run command starts it with honcho).

It serves Cloudflare's API at http://127.0.0.1:<LOCAL_CLOUDFLARE_PORT>/client/v4, feeds the
edge (the dispatcher and site Workers in workerd) with every change, and sets up the
namespace, KV namespaces, fallback origin and dispatcher on start, so a fresh checkout
needs no manual step. Unless ``--no-dns``, it also runs the local DNS server on
127.0.0.1:<LOCAL_DNS_PORT> (records kept in ``<state dir>/dns.json``), which stands in for
customers' DNS providers: the hostname checks ask it (LOCAL_CLOUDFLARE_DNS points there by
default), people edit it at http://127.0.0.1:<LOCAL_CLOUDFLARE_PORT>/__local__/dns, and
every start gives it the platform's own records (the fallback origin and
``*.<PLATFORM_DOMAIN>``, both at 127.0.0.1). With CLOUDFLARE_API_TOKEN set Code24 uses the
real Cloudflare, and this command only idles, so that the run command's other processes
keep running.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from code24.cloudflare.client import Client, CloudflareError
from code24.cloudflare.local import LocalCloudflare
from code24.cloudflare.local.dns import LocalDNS, RecordError, platform_records
from code24.cloudflare.management.commands.cloudflare_setup import DISPATCHER_PATH, run_setup

log = logging.getLogger("code24.cloudflare.local")


class Command(BaseCommand):
    help = "Run the local Cloudflare (API, custom hostname checks, edge) in the foreground."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=settings.LOCAL_CLOUDFLARE_PORT)
        parser.add_argument("--state-dir", type=Path, default=settings.LOCAL_CLOUDFLARE_STATE_DIR)
        parser.add_argument(
            "--control",
            action=argparse.BooleanOptionalAction,
            default=settings.LOCAL_CLOUDFLARE_CONTROL,
            help="Turn the control API (/__local__/) on or off (LOCAL_CLOUDFLARE_CONTROL).",
        )
        parser.add_argument("--no-edge", action="store_true", help="Serve the API only.")
        parser.add_argument(
            "--no-dns", action="store_true", help="Do not run the local DNS server."
        )
        parser.add_argument(
            "--no-setup", action="store_true", help="Do not run cloudflare_setup on start."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        if settings.CLOUDFLARE_API_TOKEN:
            self.stdout.write(
                "CLOUDFLARE_API_TOKEN is set: Code24 talks to the real Cloudflare, so the "
                "local Cloudflare stays off."
            )
            stop.wait()
            return

        dns = None if options["no_dns"] else self._start_dns(options["state_dir"])
        edge = None if options["no_edge"] else self._start_edge()
        try:
            server = LocalCloudflare.from_settings(
                port=options["port"],
                state_dir=options["state_dir"],
                control=options["control"],
                on_change=edge.apply if edge is not None else None,
                check_script=getattr(edge, "check_script", None),
                dns=dns,
            )
        except OSError as exc:
            if edge is not None:
                edge.stop()
            if dns is not None:
                dns.stop()
            raise CommandError(
                f"The local Cloudflare cannot listen on port {options['port']}: {exc}. "
                "Set LOCAL_CLOUDFLARE_PORT to a free port."
            ) from exc
        server.start()
        self.stdout.write(f"Local Cloudflare API: {server.url}")
        if edge is not None:
            self.stdout.write(f"Local Cloudflare edge: {edge.url}")
        if dns is not None:
            self.stdout.write(f"Local DNS server: {dns.address} (udp and tcp)")
            self.stdout.write(f"Local DNS provider: {server.origin}/__local__/dns")
        if server.control:
            self.stdout.write(f"Control API: {server.origin}/__local__/")
        try:
            if not options["no_setup"]:
                self._setup(server)
            stop.wait()
        finally:
            server.stop()
            if dns is not None:
                dns.stop()
            if edge is not None:
                edge.stop()

    def _start_dns(self, state_dir: Path) -> LocalDNS:
        port = settings.LOCAL_DNS_PORT
        try:
            dns = LocalDNS(port=port, path=Path(state_dir) / "dns.json")
        except OSError as exc:
            raise CommandError(
                f"The local DNS server cannot listen on 127.0.0.1:{port} ({exc}). Set "
                "LOCAL_DNS_PORT to a free port, or pass --no-dns to run without it."
            ) from exc
        records = platform_records(
            platform_domain=settings.PLATFORM_DOMAIN,
            fallback_origin=settings.CLOUDFLARE_FALLBACK_ORIGIN,
        )
        for item in records:
            try:
                dns.records.add(item)
            except RecordError as exc:
                self.stderr.write(f"The local DNS keeps its own record for {item.name}: {exc}")
        return dns.start()

    def _start_edge(self) -> Any:
        from code24.cloudflare.local.edge import Edge

        edge = Edge(port=settings.LOCAL_CLOUDFLARE_EDGE_PORT)
        try:
            edge.start()
        except Exception as exc:
            log.exception("The edge did not start")
            self.stderr.write(f"The edge did not start ({exc}); serving the API only.")
            return None
        return edge

    def _setup(self, server: LocalCloudflare) -> None:
        client = Client.from_settings(base_url=server.url)
        try:
            run_setup(client, out=self.stdout.write, dispatcher=DISPATCHER_PATH.is_file())
        except CloudflareError as error:
            self.stderr.write(f"Setting up the local Cloudflare failed: {error}")
        finally:
            client.close()
