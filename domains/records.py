"""What the customer adds at their DNS provider for a domain: the records, as the
Domains page shows them (each with a copy button)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from domains import hostnames
from domains.models import CustomDomain


@dataclass(frozen=True)
class RecordToAdd:
    type: str
    name: str  # the full name
    host: str  # the name as most providers want it: relative to the domain ("www", "@")
    value: str
    why: str
    done: bool = False  # Cloudflare or the doctor already sees it
    optional: bool = False  # not needed any more (the CNAME proves ownership by itself)


def _relative(name: str, zone: str) -> str:
    if name == zone:
        return "@"
    return name[: -len(zone) - 1] if name.endswith("." + zone) else name


def records_to_add(domain: CustomDomain) -> list[RecordToAdd]:
    zone = hostnames.registrable_domain(domain.hostname)
    target = settings.CLOUDFLARE_FALLBACK_ORIGIN
    records = []
    if hostnames.is_apex(domain.hostname):
        records.append(
            RecordToAdd(
                type="CNAME (flattened), ALIAS or ANAME",
                name=domain.hostname,
                host="@",
                value=target,
                why="Sends visitors to your site. A bare domain can't hold a plain CNAME: "
                "use your provider's CNAME flattening, ALIAS or ANAME record. If it has "
                "none, connect the www address instead and let this one redirect to it.",
                done=domain.points_here,
            )
        )
    else:
        records.append(
            RecordToAdd(
                type="CNAME",
                name=domain.hostname,
                host=_relative(domain.hostname, zone),
                value=target,
                why="Sends visitors to your site, and lets the certificate be issued.",
                done=domain.points_here,
            )
        )
    if domain.ownership_name and domain.ownership_value:
        records.append(
            RecordToAdd(
                type="TXT",
                name=domain.ownership_name,
                host=_relative(domain.ownership_name, zone),
                value=domain.ownership_value,
                why="Proves the domain is yours, even before the CNAME is in place.",
                done=domain.hostname_status == "active",
                optional=domain.points_here,
            )
        )
    for record in domain.validation_records:
        if record.get("txt_name") and record.get("txt_value"):
            records.append(
                RecordToAdd(
                    type="TXT",
                    name=record["txt_name"],
                    host=_relative(record["txt_name"], zone),
                    value=record["txt_value"],
                    why="Lets the certificate authority issue your HTTPS certificate.",
                    done=record.get("status") == "active",
                )
            )
    return records
