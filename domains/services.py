"""Custom domains' lifecycle: add, check (Cloudflare's state and the domain doctor), go
live, remove. The only code that changes CustomDomain rows; views, the API, the admin and
the tasks call these.

- Add: the hostname is cleaned (domains.hostnames), checked against every account's
  domains and the plan, saved, then registered at Cloudflare at once (a custom hostname
  with a DV certificate, the account and site in its metadata). A refusal is the
  customer's sentence and nothing stays; Cloudflare busy leaves the check to try again.
- Check: re-read the hostname from Cloudflare, run the doctor, move the state on, and
  schedule the next check (1 min, doubling to 4 h; daily once stalled or live).
- Live: the hostname is active, its certificate active and DNS points here: the route is
  written, the site moves to its primary domain, the customer is emailed.
- Remove: a tombstone at once; the next check deletes the custom hostname and the route.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from code24.accounts.entitlements import EntitlementError
from code24.accounts.models import Account, Membership, User
from code24.cloudflare.client import Client, CustomHostname, get_client
from code24.cloudflare.errors import (
    HOSTNAME_NOT_FOUND,
    CloudflarePermanentError,
    CloudflareRetryableError,
)
from code24.cloudflare.workers_bundle import route_value
from domains import doctor, hostnames
from domains.models import CustomDomain
from sites import hosting
from sites import services as site_services
from sites.addresses import address_of
from sites.models import Site

log = logging.getLogger(__name__)

State = CustomDomain.State
Role = CustomDomain.Role
# The sweep hands out at most this many due checks per tick (a tick runs every
# DOMAINS_SWEEP_SECONDS, so this is the checks per tick the workers must keep up with).
SWEEP_BATCH = 2000


class DomainError(Exception):
    """What the customer asked is not possible; the message says why. `status` is the
    HTTP status the API answers (400 bad name, 403 plan, 404, 409 conflict, 429 wait)."""

    def __init__(self, message: str, *, status: int = 400, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


# --- Plans ---------------------------------------------------------------------------


def _counted(hostnames_of_site: list[str]) -> int:
    """How many domains count against the plan: a www/apex pair counts once."""
    names = set(hostnames_of_site)
    return sum(1 for name in names if not (name.startswith("www.") and name[4:] in names))


def site_domains(site: Site) -> list[CustomDomain]:
    return list(site.custom_domains.connected().order_by("created_at", "id"))


def _plan_room(site: Site, adding: list[str]) -> None:
    entitlements = site.account.entitlements
    allowed = entitlements.custom_domains_per_site
    plan = entitlements.plan.name
    if allowed == 0:
        raise DomainError(
            f"The {plan} plan does not include custom domains. Upgrade to Professional or "
            "Enterprise to connect your own domain.",
            status=403,
        )
    existing = [domain.hostname for domain in site_domains(site)]
    if _counted(existing + adding) > allowed:
        have = _counted(existing)
        raise DomainError(
            f"Your {plan} plan includes {allowed} custom domain{'s' if allowed != 1 else ''} "
            f"per site and {site.name} has {have}. Remove one first, or upgrade your plan to "
            "connect more.",
            status=403,
        )


def room_left(site: Site, domains: list[CustomDomain] | None = None) -> int:
    """How many more domains the site's plan lets it connect (a www/apex pair is one);
    `domains` are its connected ones when the caller has them already."""
    allowed = site.account.entitlements.custom_domains_per_site
    connected = site_domains(site) if domains is None else domains
    return max(0, allowed - _counted([domain.hostname for domain in connected]))


def local_dns_page() -> str:
    """Where a person running Code24 locally adds DNS records (the local Cloudflare's
    stand-in for a DNS provider); empty with the real Cloudflare."""
    if settings.CLOUDFLARE_API_TOKEN:
        return ""
    base = settings.CLOUDFLARE_BASE_URL or f"http://127.0.0.1:{settings.LOCAL_CLOUDFLARE_PORT}"
    return base.split("/client/v4")[0].rstrip("/") + "/__local__/dns"


# --- Add -----------------------------------------------------------------------------


def _taken_sentence(hostname: str, holder: CustomDomain, site: Site) -> str:
    if holder.site_id == site.pk:
        return f"{hostname} is already connected to this site."
    if holder.account_id == site.account_id:
        return (
            f"{hostname} is already connected to your site {holder.site.name}. "
            "Remove it there first."
        )
    return (
        f"{hostname} is connected to another Code24 account. If the domain is yours, remove "
        "it from that account first, or contact support and we'll help you prove you own it."
    )


def domain_add(
    *, site: Site, hostname: str, with_pair: bool = False, ssl_method: str = "http"
) -> list[CustomDomain]:
    """Connect `hostname` (and, with `with_pair`, its www/apex partner, which redirects to
    it) to `site`. Returns the new domains; raises DomainError with the reason."""
    try:
        name = hostnames.clean(hostname)
    except hostnames.HostnameError as exc:
        raise DomainError(str(exc)) from None
    if ssl_method not in CustomDomain.SslMethod.values:
        raise DomainError("Choose how the certificate is validated: http or txt.")
    names = [name]
    # A name like shop.bakery.com has no www/bare partner: it is connected alone.
    partner = hostnames.pair_of(name) if with_pair else None
    if partner:
        names.append(partner)
    with transaction.atomic():
        site = Site.objects.select_for_update().select_related("account").get(pk=site.pk)
        try:
            site.account.entitlements.require_writable()
        except EntitlementError as exc:
            raise DomainError(str(exc), status=403) from exc
        for each in names:
            holder = (
                CustomDomain.objects.connected()
                .select_related("site")
                .filter(hostname=each)
                .first()
            )
            if holder is not None:
                raise DomainError(_taken_sentence(each, holder, site), status=409)
        _plan_room(site, names)
        has_primary = site.custom_domains.connected().filter(role=Role.PRIMARY).exists()
        now = timezone.now()
        try:
            created = [
                CustomDomain.objects.create(
                    account=site.account,
                    site=site,
                    hostname=each,
                    role=Role.REDIRECT if (has_primary or index) else Role.PRIMARY,
                    ssl_method=ssl_method,
                    state=State.CHECKING,
                    next_check_at=now + timedelta(seconds=settings.DOMAINS_CHECK_LEASE_SECONDS),
                    checks_since=now,
                )
                for index, each in enumerate(names)
            ]
        except IntegrityError:  # another account connected it a moment ago
            raise DomainError(
                f"{name} is connected to another Code24 account.", status=409
            ) from None
    # Registered now, outside the transaction: the rows exist first, so a process that
    # dies between Cloudflare's answer and our save leaves a row whose next check adopts
    # the hostname Cloudflare made (its metadata names this account and site).
    client = get_client()
    for domain in created:
        try:
            _register(domain, client)
        except CloudflarePermanentError as exc:
            CustomDomain.objects.filter(pk__in=[d.pk for d in created]).delete()
            for other in created:
                if other.cloudflare_id:
                    _forget_at_cloudflare(other, client)
            raise DomainError(
                exc.customer_message, status=409 if exc.code == 1406 else 400
            ) from exc
        except CloudflareRetryableError as exc:
            _save(domain, error=f"{exc.customer_message} We'll keep trying by ourselves.")
            continue
        _enqueue_check(domain.pk)  # the first look at DNS, in the background
    for domain in created:
        domain.refresh_from_db()
    return created


def _register(domain: CustomDomain, client: Client) -> CustomHostname:
    """Create (or adopt) the custom hostname and store what Cloudflare answered."""
    answer = _create(domain, client)
    _store(domain, answer)
    _save(domain)
    return answer


def _store(domain: CustomDomain, answer: CustomHostname) -> None:
    domain.cloudflare_id = answer.id
    domain.hostname_status = answer.status
    domain.ssl_status = answer.ssl_status
    domain.ownership_name = answer.ownership_txt_name
    domain.ownership_value = answer.ownership_txt_value
    domain.validation_records = [asdict(record) for record in answer.validation_records]
    domain.verification_errors = list(answer.verification_errors)
    expires = getattr(answer, "certificate_expires_at", None)
    if expires != domain.certificate_expires_at:
        if domain.certificate_expires_at and expires and expires > domain.certificate_expires_at:
            domain.certificate_warned_at = None  # renewed
        domain.certificate_expires_at = expires
    domain.certificate_issuer = str(getattr(answer, "certificate_issuer", "") or "")[:100]
    domain.error = ""


FIELDS = [
    "cloudflare_id",
    "hostname_status",
    "ssl_status",
    "ownership_name",
    "ownership_value",
    "validation_records",
    "verification_errors",
    "certificate_expires_at",
    "certificate_issuer",
    "certificate_warned_at",
    "error",
    "findings",
    "points_here",
]


def _save(domain: CustomDomain, **changes: Any) -> None:
    """Write what a check learnt, unless the domain was removed meanwhile."""
    for key, value in changes.items():
        setattr(domain, key, value)
    fields = {name: getattr(domain, name) for name in FIELDS}
    fields.update(changes)
    CustomDomain.objects.filter(pk=domain.pk, removed_at__isnull=True).update(**fields)


# --- Check ---------------------------------------------------------------------------


def expectation(domain: CustomDomain) -> doctor.Expectation:
    dcv: dict[str, str] = next(
        (record for record in domain.validation_records if record.get("txt_name")), {}
    )
    return doctor.Expectation(
        hostname=domain.hostname,
        target=settings.CLOUDFLARE_FALLBACK_ORIGIN,
        ownership_name=domain.ownership_name,
        ownership_value=domain.ownership_value,
        dcv_txt_name=dcv.get("txt_name", "") if domain.ssl_method == "txt" else "",
        dcv_txt_value=dcv.get("txt_value", "") if domain.ssl_method == "txt" else "",
        ownership_verified=domain.hostname_status == "active",
    )


def next_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th check of a domain that is not live yet."""
    first = settings.DOMAINS_CHECK_FIRST_SECONDS
    seconds = min(first * 2 ** max(0, attempts - 1), settings.DOMAINS_CHECK_MAX_SECONDS)
    return timedelta(seconds=seconds)


def domain_check(*, domain_id: int, client: Client | None = None) -> CustomDomain | None:
    """One check of the domain: what Cloudflare says, what DNS says, what that means."""
    domain = (
        CustomDomain.objects.select_related("site__account__subscription__plan", "account")
        .filter(pk=domain_id)
        .first()
    )
    if domain is None:
        return None
    client = client or get_client()
    if domain.is_removed:
        _cleanup(domain, client)
        return domain
    now = timezone.now()
    attempts = domain.check_attempts + 1
    try:
        answer = _read(domain, client)
    except CloudflareRetryableError as exc:
        _save(domain, error=f"{exc.customer_message} We'll check again by ourselves.")
        _schedule(domain, attempts=attempts, now=now)
        return domain
    except CloudflarePermanentError as exc:
        log.warning("domain %s: %s", domain.hostname, exc)
        _save(domain, error=exc.customer_message)
        _schedule(domain, attempts=attempts, now=now)
        return domain
    _store(domain, answer)
    diagnosis = doctor.diagnose(expectation(domain))
    domain.findings = [asdict(finding) for finding in diagnosis.findings]
    domain.points_here = diagnosis.points_here
    _save(domain)
    if answer.is_active and diagnosis.points_here:
        _go_live(domain, client)
    else:
        _not_live(domain, pointing=diagnosis.points_here, now=now)
    _schedule(domain, attempts=attempts, now=now)
    _warn_certificate(domain)
    domain.refresh_from_db()
    return domain


def _create(domain: CustomDomain, client: Client) -> CustomHostname:
    """The custom hostname at Cloudflare: made now, or adopted when an earlier attempt made
    it (its metadata names this account and site)."""
    return client.custom_hostname_create(
        hostname=domain.hostname,
        account_id=domain.account_id,
        site_id=domain.site_id,
        ssl_method=domain.ssl_method,  # type: ignore[arg-type]
    )


def _read(domain: CustomDomain, client: Client) -> CustomHostname:
    if not domain.cloudflare_id:
        return _create(domain, client)
    try:
        return client.custom_hostname_get(domain.cloudflare_id)
    except CloudflarePermanentError as exc:
        if exc.code != HOSTNAME_NOT_FOUND:
            raise
        log.warning("domain %s: gone at Cloudflare; created again", domain.hostname)
        domain.cloudflare_id = ""
        return _read(domain, client)


def _not_live(domain: CustomDomain, *, pointing: bool, now: datetime) -> None:
    if domain.state == State.LIVE:
        # It was live: Cloudflare moved it, or DNS points elsewhere now. The route stays
        # (traffic reaches us only while DNS points here); the page says what is wrong.
        log.warning("domain %s is no longer live (%s)", domain.hostname, domain.hostname_status)
    state = State.CHECKING if pointing else State.WAITING
    stalled = domain.state == State.STALLED or now >= domain.stalls_at()
    if stalled and domain.activated_at is None:
        state = State.STALLED
    CustomDomain.objects.filter(pk=domain.pk, removed_at__isnull=True).update(
        state=state, stalled_at=(domain.stalled_at or now) if state == State.STALLED else None
    )
    domain.state = state


def _schedule(domain: CustomDomain, *, attempts: int, now: datetime) -> None:
    """The next check, from the state this check left (`domain.state` follows it)."""
    if domain.state == State.LIVE:
        delay = timedelta(seconds=settings.DOMAINS_LIVE_CHECK_SECONDS)
    elif domain.state == State.STALLED:
        delay = timedelta(seconds=settings.DOMAINS_STALLED_CHECK_SECONDS)
    else:
        delay = next_delay(attempts)
    CustomDomain.objects.filter(pk=domain.pk, removed_at__isnull=True).update(
        next_check_at=now + delay, check_attempts=attempts, checked_at=now
    )


# --- Live ----------------------------------------------------------------------------


def _go_live(domain: CustomDomain, client: Client) -> None:
    now = timezone.now()
    won = (
        CustomDomain.objects.filter(pk=domain.pk, removed_at__isnull=True)
        .exclude(state=State.LIVE)
        .update(state=State.LIVE, activated_at=now, stalled_at=None)
    )
    if not won:
        return  # live already (or removed): nothing to announce again
    domain.state = State.LIVE
    site = Site.objects.select_related("account").get(pk=domain.site_id)
    first_time = domain.activated_at is None
    domain.activated_at = now
    if domain.is_primary and site.domain != domain.hostname:
        Site.objects.filter(pk=site.pk).update(domain=domain.hostname)
        site.domain = domain.hostname
    if site.is_live:
        domain_routes_write(site, client)
        site_services.site_readdress(site=site)
    log.info("domain %s is live for site %s", domain.hostname, site.pk)
    if first_time:
        _email_owners(
            domain.account,
            subject=f"[Code24] {domain.hostname} is live",
            template="emails/domain_live",
            context={"domain": domain, "site": site, "address": address_of(domain.hostname)},
        )


def _route_for(domain: CustomDomain, site: Site) -> str:
    if domain.hostname == site.domain:
        return route_value(script=site.script_name, site_id=site.pk)
    return route_value(site_id=site.pk, redirect="host", canonical_host=site.address_hostname)


def domain_routes_write(site: Site, client: Client | None = None) -> None:
    """Point each live domain of the site at it: the primary serves the site, the others
    redirect to where the site is."""
    client = client or get_client()
    namespace = client.kv_namespace_id("routes")
    metadata = {"site_id": site.pk, "account_id": site.account_id}
    for domain in site.custom_domains.connected().filter(state=State.LIVE):
        client.kv_put(namespace, domain.hostname, _route_for(domain, site), metadata=metadata)


def domain_routes_delete(site: Site, client: Client | None = None) -> None:
    client = client or get_client()
    for domain in site.custom_domains.connected().filter(state=State.LIVE):
        hosting.route_remove(domain.hostname, site_id=site.pk, client=client)


# --- Check now, retry ---------------------------------------------------------------


def domain_check_request(*, domain: CustomDomain) -> CustomDomain:
    """ "Check now": at most once a minute per domain. A stalled domain starts over: its
    validation is triggered again at Cloudflare and it is checked with the short gaps."""
    if domain.is_removed:
        raise DomainError("This domain was removed.", status=404)
    wait = domain.check_now_wait
    if wait:
        raise DomainError(
            f"{domain.hostname} was checked a moment ago. You can check again in {wait} s.",
            status=429,
            retry_after=wait,
        )
    now = timezone.now()
    claimed = (
        CustomDomain.objects.filter(pk=domain.pk, removed_at__isnull=True)
        .filter(
            Q(check_requested_at__isnull=True)
            | Q(check_requested_at__lte=now - timedelta(seconds=settings.DOMAINS_CHECK_NOW_SECONDS))
        )
        .update(check_requested_at=now)
    )
    if not claimed:
        raise DomainError(f"{domain.hostname} is being checked already.", status=429, retry_after=1)
    if domain.state == State.STALLED:
        CustomDomain.objects.filter(pk=domain.pk).update(
            state=State.WAITING, stalled_at=None, check_attempts=0, checks_since=now
        )
        if domain.cloudflare_id:
            try:
                get_client().custom_hostname_edit(
                    domain.cloudflare_id,
                    ssl_method=domain.ssl_method,  # type: ignore[arg-type]
                )
            except (CloudflarePermanentError, CloudflareRetryableError) as exc:
                log.warning("domain %s: validation not re-triggered: %s", domain.hostname, exc)
    _enqueue_check(domain.pk)
    domain.refresh_from_db()
    return domain


def domain_check_soon(*, domain: CustomDomain) -> None:
    """Cloudflare told us something changed (its notification webhook): check now."""
    if domain.is_removed:
        return
    _enqueue_check(domain.pk)


def _enqueue_check(domain_id: int) -> None:
    from domains import tasks

    lease = timedelta(seconds=settings.DOMAINS_CHECK_LEASE_SECONDS)
    CustomDomain.objects.filter(pk=domain_id).update(next_check_at=timezone.now() + lease)
    tasks.domain_check.delay_on_commit(domain_id)


# --- Remove --------------------------------------------------------------------------


def domain_remove(*, domain: CustomDomain, reason: str = "") -> CustomDomain:
    """Disconnect the domain: a tombstone now; the custom hostname and the route go from
    Cloudflare in the background (its check does it, retried until done)."""
    now = timezone.now()
    with transaction.atomic():
        removed = CustomDomain.objects.filter(pk=domain.pk, removed_at__isnull=True).update(
            state=State.REMOVED, removed_at=now, removed_reason=reason[:200], next_check_at=now
        )
        if not removed:
            raise DomainError("This domain was removed already.", status=404)
        site = Site.objects.select_for_update().get(pk=domain.site_id)
        was_address = site.domain == domain.hostname
        if domain.is_primary:
            # The oldest remaining domain becomes the primary, so the site keeps an own
            # address if it has another one live.
            successor = site.custom_domains.connected().order_by("created_at", "id").first()
            if successor is not None:
                CustomDomain.objects.filter(pk=successor.pk).update(role=Role.PRIMARY)
        if was_address:
            following = (
                site.custom_domains.connected()
                .filter(role=Role.PRIMARY, state=State.LIVE)
                .values_list("hostname", flat=True)
                .first()
            )
            Site.objects.filter(pk=site.pk).update(domain=following or "")
            site.domain = following or ""
    from domains import tasks

    tasks.domain_check.delay_on_commit(domain.pk)
    if was_address and site.is_live:
        transaction.on_commit(lambda: _after_address_change(site.pk))
    domain.refresh_from_db()
    return domain


def _after_address_change(site_id: int) -> None:
    site = Site.objects.get(pk=site_id)
    if site_services.site_readdress(site=site) is None and site.is_live:
        hosting.route_write(site)


def _cleanup(domain: CustomDomain, client: Client) -> None:
    """A removed domain's Cloudflare side: the custom hostname, then the route."""
    if domain.next_check_at is None:
        return  # done before
    try:
        _forget_at_cloudflare(domain, client)
    except (CloudflareRetryableError, CloudflarePermanentError) as exc:
        log.warning("domain %s: removal at Cloudflare failed, will retry: %s", domain.hostname, exc)
        CustomDomain.objects.filter(pk=domain.pk).update(
            next_check_at=timezone.now() + next_delay(domain.check_attempts + 1),
            check_attempts=domain.check_attempts + 1,
        )
        return
    CustomDomain.objects.filter(pk=domain.pk).update(next_check_at=None, checked_at=timezone.now())


def _forget_at_cloudflare(domain: CustomDomain, client: Client) -> None:
    _forget(domain.cloudflare_id, domain.hostname, site_id=domain.site_id, client=client)


def _forget(cloudflare_id: str, hostname: str, *, site_id: int, client: Client) -> None:
    """Delete the custom hostname (found by name when its id was never saved: a process
    that died right after creating it) and the route, if they are still the site's."""
    if cloudflare_id:
        client.custom_hostname_delete(cloudflare_id)
    else:
        found = client.custom_hostname_find(hostname)
        if found is not None and found.custom_metadata.get("site") == str(site_id):
            client.custom_hostname_delete(found.id)
    hosting.route_remove(hostname, site_id=site_id, client=client)


def site_domains_forget(*, site: Site) -> list[dict[str, Any]]:
    """When a site is deleted: what its domains hold at Cloudflare, for the task that
    removes them after the rows are gone."""
    return [
        {"cloudflare_id": d.cloudflare_id, "hostname": d.hostname, "site_id": site.pk}
        for d in site.custom_domains.all()
        if d.removed_at is None or d.next_check_at is not None
    ]


def cloudflare_forget(*, cloudflare_id: str, hostname: str, site_id: int) -> None:
    _forget(cloudflare_id, hostname, site_id=site_id, client=get_client())


# --- The plan ------------------------------------------------------------------------


def _beyond(domains: list[CustomDomain], allowed: int) -> list[CustomDomain]:
    """The newest of one site's domains (oldest first) that do not fit `allowed`."""
    domains = list(domains)
    beyond: list[CustomDomain] = []
    while domains and _counted([d.hostname for d in domains]) > allowed:
        beyond.append(domains.pop())
    return beyond


def _by_site(account: Account) -> dict[int, list[CustomDomain]]:
    """The account's connected domains per site, oldest first (one query)."""
    grouped: dict[int, list[CustomDomain]] = {}
    for domain in account.custom_domains.connected().order_by("created_at", "id"):
        grouped.setdefault(domain.site_id, []).append(domain)
    return grouped


def plan_preview(*, account: Account, allowed: int, plan: str) -> list[str]:
    """The sentence a plan change would earn: which domains it would disconnect."""
    names = [
        d.hostname for domains in _by_site(account).values() for d in _beyond(domains, allowed)
    ]
    if not names:
        return []
    what = (
        "no custom domains"
        if allowed == 0
        else f"{allowed} custom domain{'s' if allowed != 1 else ''} per site"
    )
    return [f"{plan} includes {what}: switching disconnects {', '.join(names)}."]


def plan_apply(*, account: Account) -> list[CustomDomain]:
    """After a plan change: disconnect each site's newest domains beyond the new limit,
    and tell the owners which (never silently). Returns the disconnected domains."""
    entitlements = account.entitlements
    allowed = entitlements.custom_domains_per_site
    plan = entitlements.plan.name
    disconnected: list[CustomDomain] = []
    for domains in _by_site(account).values():
        for newest in _beyond(domains, allowed):
            disconnected.append(
                domain_remove(
                    domain=newest,
                    reason=f"Disconnected when the plan changed to {plan}, which includes "
                    f"{allowed} custom domain{'s' if allowed != 1 else ''} per site.",
                )
            )
    if disconnected:
        _email_owners(
            account,
            subject=f"[Code24] {len(disconnected)} domain(s) disconnected on the {plan} plan",
            template="emails/domains_disconnected",
            context={"domains": disconnected, "plan": plan, "allowed": allowed},
        )
    return disconnected


# --- Certificates --------------------------------------------------------------------


def _warn_certificate(domain: CustomDomain) -> None:
    if not (domain.is_live and domain.certificate_expires_soon):
        return
    warned = CustomDomain.objects.filter(
        pk=domain.pk, removed_at__isnull=True, certificate_warned_at__isnull=True
    ).update(certificate_warned_at=timezone.now())
    if not warned:
        return
    context = {"domain": domain, "site": domain.site}
    subject = f"[Code24] The certificate of {domain.hostname} expires soon"
    _email_owners(
        domain.account, subject=subject, template="emails/certificate_expiring", context=context
    )
    staff = list(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
    if staff:
        _send(staff, subject=subject, template="emails/certificate_expiring", context=context)


# --- Email ---------------------------------------------------------------------------


def _email_owners(
    account: Account, *, subject: str, template: str, context: dict[str, Any]
) -> None:
    emails = list(
        account.memberships.filter(
            role__in=[Membership.Role.OWNER, Membership.Role.ADMIN]
        ).values_list("user__email", flat=True)
    )
    if emails:
        _send(emails, subject=subject, template=template, context=context)


def _send(emails: list[str], *, subject: str, template: str, context: dict[str, Any]) -> None:
    context = {**context, "domains_url": settings.SITE_URL + reverse("domain_list")}
    send_mail(
        subject=" ".join(subject.split()),
        message=render_to_string(f"{template}.txt", context),
        from_email=None,
        recipient_list=emails,
        fail_silently=True,
    )
