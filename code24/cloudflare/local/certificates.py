"""The certificates the local Cloudflare "issues" for custom hostnames, and their renewal.

When a hostname's certificate becomes active its ``ssl`` object carries the certificate's
details in the fields Cloudflare's schema and SDK give (``issuer``, ``serial_number``,
``signature``, ``expires_on``, ``uploaded_on``, ``hosts``). Certificates are valid for 90
days, and, as Cloudflare does, renewed automatically from 30 days before they expire
(when domain control can still be proven); one that is not renewed in time becomes
``expired``. The control API can move a certificate's expiry and turn its renewal off
(``_local.renew``), to show what a certificate near expiry looks like.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

VALIDITY = timedelta(days=90)
RENEW_BEFORE = timedelta(days=30)
SIGNATURE = "ECDSAWithSHA256"
ISSUERS = {
    "google": "GoogleTrustServices",
    "lets_encrypt": "LetsEncrypt",
    "ssl_com": "SSLcom",
    "digicert": "DigiCertInc",
}
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # Cloudflare's, as api.now_iso writes it


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def parse(text: object) -> datetime | None:
    """An RFC 3339 time (``Z`` or an offset); None when it is not one."""
    if not isinstance(text, str) or not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def issue(ssl: dict[str, Any], hostname: str, now: datetime) -> None:
    """Give ``ssl`` a new certificate, valid from ``now`` for ``VALIDITY``."""
    ssl["issuer"] = ISSUERS.get(str(ssl.get("certificate_authority")), ISSUERS["google"])
    ssl["serial_number"] = str(uuid.uuid4().int)
    ssl["signature"] = SIGNATURE
    ssl["uploaded_on"] = iso(now)
    ssl["expires_on"] = iso(now + VALIDITY)
    ssl["hosts"] = [hostname, f"*.{hostname}"] if ssl.get("wildcard") else [hostname]


def renewal_due(record: dict[str, Any], now: datetime) -> bool:
    """Whether Cloudflare would be renewing this hostname's certificate now."""
    ssl = record.get("ssl") or {}
    expires = parse(ssl.get("expires_on"))
    return (
        ssl.get("status") in ("active", "expired")
        and expires is not None
        and now >= expires - RENEW_BEFORE
        and record.get("_local", {}).get("renew", True) is not False
    )


def has_expired(record: dict[str, Any], now: datetime) -> bool:
    """Whether an active certificate is past its expiry."""
    ssl = record.get("ssl") or {}
    expires = parse(ssl.get("expires_on"))
    return ssl.get("status") == "active" and expires is not None and now >= expires
