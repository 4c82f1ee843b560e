"""Run the local Stripe in the foreground (the run command starts it with honcho).

It serves Stripe's API at http://127.0.0.1:<LOCAL_STRIPE_PORT> (localstripe, patched to
behave as Stripe documents: code24/billing/local_stripe.py), keeps its state in
``<LOCAL_STRIPE_STATE_DIR>/localstripe.pickle`` and posts every event, signed with
STRIPE_WEBHOOK_SECRET, to ``SITE_URL/billing/stripe/webhook/``. With STRIPE_SECRET_KEY set
Code24 uses the real Stripe, and this command only idles, so that the run command's other
processes keep running.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

WEBHOOK_PATH = "/billing/stripe/webhook/"


class Command(BaseCommand):
    help = (
        "Run the local Stripe (localstripe with Stripe's documented behaviour) in the foreground."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=settings.LOCAL_STRIPE_PORT)
        parser.add_argument("--state-dir", type=Path, default=settings.LOCAL_STRIPE_STATE_DIR)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.STRIPE_SECRET_KEY:
            stop = threading.Event()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            self.stdout.write(
                "STRIPE_SECRET_KEY is set: Code24 talks to the real Stripe, so the local "
                "Stripe stays off."
            )
            stop.wait()
            return
        from code24.billing import local_stripe  # aiohttp and localstripe: only when used

        port = options["port"]
        secret = settings.STRIPE_WEBHOOK_SECRET
        # Once it answers, Code24's plans are set up in it (stripe_setup, idempotent), so a
        # fresh checkout can take payments with no manual step.
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{port}"
        threading.Thread(target=self._set_up, name="stripe-setup", daemon=True).start()
        try:
            # Blocks until SIGTERM or SIGINT; logs its banner (address, state, webhooks).
            local_stripe.serve(
                port,
                Path(options["state_dir"]),
                webhook_url=settings.SITE_URL + WEBHOOK_PATH if secret else None,
                webhook_secret=secret or None,
            )
        except local_stripe.StateFileError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                f"The local Stripe cannot listen on 127.0.0.1:{port} ({exc}). Set "
                "LOCAL_STRIPE_PORT to a free port."
            ) from exc

    def _set_up(self) -> None:
        from django.db import DatabaseError

        from code24.billing import stripe_api
        from code24.billing.management.commands.stripe_setup import run_setup

        deadline = time.monotonic() + 60
        while True:
            try:
                created = run_setup(log=lambda line: None)
            except stripe_api.StripeRetryableError:
                if time.monotonic() > deadline:
                    self.stderr.write("The local Stripe did not answer: plans are not set up.")
                    return
                time.sleep(0.2)
                continue
            except (stripe_api.StripeError, DatabaseError) as exc:
                self.stderr.write(f"Setting up the plans in the local Stripe failed: {exc}")
                return
            finally:
                from django.db import connection

                connection.close()
            self.stdout.write(f"Plans set up in the local Stripe ({created} created).")
            return
