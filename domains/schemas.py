"""The domains API's shapes (explicit fields)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class DomainIn(Schema):
    hostname: str = Field(
        max_length=300,
        description="The domain to connect, e.g. www.yourbusiness.com (no scheme, no path). "
        "Normalised: lower case, trailing dot removed, Unicode to punycode.",
    )
    with_pair: bool = Field(
        False,
        description="Also connect the www/bare partner (bakery.com for www.bakery.com), "
        "which redirects to this one. A pair counts once against the plan.",
    )
    ssl_method: str = Field(
        "http",
        pattern="^(http|txt)$",
        description="How the certificate is validated: http (automatic once the CNAME is in "
        "place) or txt (a DNS record, before switching the domain over).",
    )


class RecordOut(Schema):
    type: str
    name: str = Field(description="The record's full name.")
    host: str = Field(description="The name relative to the domain, as most providers ask.")
    value: str
    why: str
    done: bool = Field(description="True once Cloudflare or the doctor sees it in place.")
    optional: bool = Field(
        description="True when it is not needed any more (the CNAME "
        "already proves the domain is yours)."
    )


class DnsRecordOut(Schema):
    type: str
    name: str
    value: str
    ttl: int | None = None


class FindingOut(Schema):
    code: str = Field(description="A stable id, e.g. cname-missing, caa-forbids.")
    severity: str = Field(description="problem (act on it), waiting or ok.")
    message: str
    add: list[DnsRecordOut]
    delete: list[DnsRecordOut]


class DomainOut(Schema):
    id: int
    site_id: int
    hostname: str
    role: str = Field(description="primary (the site's address once live) or redirect.")
    state: str = Field(description="waiting (for DNS), checking, live, stalled or removed.")
    ssl_method: str
    hostname_status: str = Field(description="The custom hostname's status at Cloudflare.")
    ssl_status: str = Field(description="Its certificate's status at Cloudflare.")
    points_here: bool = Field(description="DNS sends the domain to Code24.")
    records: list[RecordOut] = Field(description="What to add at the DNS provider.")
    findings: list[FindingOut] = Field(description="What the domain doctor found last.")
    error: str = Field(description="Why the last step with Cloudflare failed, if it did.")
    certificate_expires_at: datetime | None
    checked_at: datetime | None
    next_check_at: datetime | None
    created_at: datetime
    activated_at: datetime | None
    removed_at: datetime | None


class CheckOut(Schema):
    id: int
    message: str
