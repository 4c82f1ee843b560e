"""Dashboard pages of sites: new site, build, site page and its actions, preview."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from code24.accounts.models import Account, Plan, User
from code24.cloudflare.errors import CloudflareRetryableError
from sites import hosting
from sites.addresses import site_address
from sites.models import Build, BuildStep, Lead, Site, SiteVersion
from tests.factories import BRIEF, make_build, make_site, make_version
from tests.sites.site_fixtures import OUTPUTS, XSS, Recorder, client_for, on_plan, text

pytestmark = pytest.mark.usefixtures("site_files", "queued")

GOOD = {
    "name": "Harbour Dental",
    "business_type": "dental-clinic",
    "primary_goal": "bookings",
    "description": BRIEF["description"],
    "audience": "Families in Portsmouth",
    "tone": "Warm",
    "location": "Portsmouth",
    # Every offer the description names, so that nothing is left to confirm.
    "offers": "Check-ups — £45\n\nWhitening\ncheck-ups\nHygiene visits\nEmergency appointments\n",
    "phone": "+44 23 9200 0000",
    "email": "hello@harbour.example",
    "address": "1 Quay Street\nPortsmouth",
    "competitor_urls": "https://rival.example\nhttp://other.example/dentist",
}


# --- New site -------------------------------------------------------------------------


def test_new_site_page_shows_the_form_with_examples(alice_client: Client) -> None:
    response = alice_client.get(reverse("site_new"))

    assert response.status_code == 200
    body = text(response)
    assert "<h1>New site</h1>" in body
    assert "What makes a good description" in body
    assert "Take bookings" in body and "Visitors book an appointment" in body
    assert '<option value="law-firm">Law firm</option>' in body
    assert 'name="competitor_urls"' in body
    assert "You are using every site your plan includes" not in body


def test_a_valid_brief_creates_the_site_and_queues_its_build(
    alice_client: Client, alice_account: Account, alice: User, queued: Recorder
) -> None:
    response = alice_client.post(reverse("site_new"), GOOD)

    site = Site.objects.get(account=alice_account)
    build = site.builds.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("build_detail", args=[build.pk])
    assert queued.named("build_run") == [(build.pk,)]
    assert build.requested_by == alice
    assert build.steps.count() == 9
    assert site.name == "Harbour Dental"
    assert site.status == Site.Status.BUILDING
    assert site.slug == "harbour-dental"
    assert site.brief["services"] == [
        "Check-ups",
        "Whitening",
        "Hygiene visits",
        "Emergency appointments",
    ]
    assert site.brief["facts"]["offers"][0] == {
        "name": "Check-ups",
        "description": "",
        "price": "£45",
    }
    assert site.brief["competitor_urls"] == [
        "https://rival.example/",
        "http://other.example/dentist",
    ]
    assert site.brief["address"] == "1 Quay Street\nPortsmouth"


def test_a_plain_member_can_start_a_site(carol: User, alice_account: Account) -> None:
    response = client_for(carol).post(reverse("site_new"), GOOD)

    assert response.status_code == 302
    assert alice_account.sites.count() == 1


BAD_INPUT = [
    ("name", "", "This field is required."),
    ("name", "x" * 101, "at most 100 characters"),
    ("name", "Harbour\x07Dental", "without tabs, line breaks or invisible control characters"),
    ("name", "Harbour\nDental", "without tabs, line breaks or invisible control characters"),
    ("business_type", "", "Choose the kind of business closest to yours."),
    ("business_type", "spaceship", "Choose one of the kinds of business in the list."),
    ("primary_goal", "", "Choose what the site should achieve first."),
    ("primary_goal", "world_domination", "Choose one of the goals shown."),
    ("description", "", "Describe your business in a few sentences."),
    ("description", "We fix teeth.", "Tell us a little more: at least 20 characters"),
    ("description", "x" * 4001, "at most 4000 characters"),
    ("description", BRIEF["description"] + "\x1b[31m", "invisible control characters"),
    ("audience", "x" * 501, "at most 500 characters"),
    ("tone", "Warm\x00", "Null characters are not allowed."),
    ("location", "x" * 201, "at most 200 characters"),
    ("location", "Ports\x0bmouth", "invisible control characters"),
    ("offers", "\n".join(f"Service {n}" for n in range(31)), "List at most 30 things you offer"),
    ("offers", "x" * 101, "keep the name under 100 characters"),
    ("phone", "call me maybe", "Enter a phone number using digits"),
    ("phone", "1" * 41, "at most 40 characters"),
    ("email", "not-an-email", "Enter a valid email address."),
    ("address", "x" * 301, "at most 300 characters"),
    (
        "competitor_urls",
        "\n".join(f"https://rival{n}.example" for n in range(6)),
        "at most 5 competitors",
    ),
    ("competitor_urls", "ftp://rival.example/files", "is not a website address"),
    ("competitor_urls", "javascript:alert(1)", "is not a website address"),
    ("competitor_urls", "rival dental", "is not a website address"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUT)
def test_bad_brief_input_is_refused_with_a_sentence_and_nothing_is_created(
    alice_client: Client, queued: Recorder, field: str, value: str, message: str
) -> None:
    response = alice_client.post(reverse("site_new"), {**GOOD, field: value})

    assert response.status_code == 400
    assert message in text(response)
    assert Site.objects.count() == 0
    assert Build.objects.count() == 0
    assert queued.calls == []


def test_an_empty_post_is_refused(alice_client: Client) -> None:
    response = alice_client.post(reverse("site_new"))

    assert response.status_code == 400
    assert "Describe your business in a few sentences." in text(response)
    assert Site.objects.count() == 0


def test_a_refused_form_keeps_what_the_customer_typed(alice_client: Client) -> None:
    body = text(alice_client.post(reverse("site_new"), {**GOOD, "email": "nope"}))

    assert "Families in Portsmouth" in body
    assert "Check-ups" in body


def test_the_hint_shows_before_the_form_when_the_plan_is_full(
    alice_client: Client, alice_account: Account
) -> None:
    make_site(alice_account)  # Basic: one site

    response = alice_client.get(reverse("site_new"))

    assert response.status_code == 200
    body = text(response)
    assert "You are using every site your plan includes" in body
    assert "includes 1 site and you have 1" in body
    assert f'href="{reverse("accounts:plan")}"' in body
    assert 'name="business_type"' not in body


def test_plan_limit_refuses_with_403_and_an_upgrade_link(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    make_site(alice_account)

    response = alice_client.post(reverse("site_new"), GOOD)

    assert response.status_code == 403
    body = text(response)
    assert "Your Basic plan includes 1 site and you have 1. Upgrade your plan" in body
    assert f'href="{reverse("accounts:plan")}"' in body
    assert 'value="Harbour Dental"' in body  # the typed brief is not lost
    assert alice_account.sites.count() == 1
    assert queued.calls == []


def test_a_site_named_like_a_platform_address_gets_another_slug(
    alice_client: Client, alice_account: Account
) -> None:
    alice_client.post(reverse("site_new"), {**GOOD, "name": "Sites"})

    assert alice_account.sites.get().slug == "sites-portsmouth"


# --- Build page -----------------------------------------------------------------------


def running_build(account: Account) -> Build:
    site = make_site(account, status="building")
    return make_build(
        site,
        steps={
            "market_research": ("succeeded", OUTPUTS["market_research"]),
            "competitive_analysis": ("succeeded", OUTPUTS["competitive_analysis"]),
            "brand": ("running", None),
        },
    )


def test_build_page_shows_each_step_state(alice_client: Client, alice_account: Account) -> None:
    build = running_build(alice_account)
    BuildStep.objects.filter(build=build, name="brand").update(
        attempts=3, error="Attempt 2 failed: Cloudflare is busy."
    )

    response = alice_client.get(reverse("build_detail", args=[build.pk]))

    assert response.status_code == 200
    body = text(response)
    assert "Step 3 of 9: Brand" in body
    assert body.count('<span class="badge badge--success">Done</span>') == 2
    assert '<span class="badge badge--info">Running</span>' in body
    assert body.count('<span class="badge badge--neutral">Waiting</span>') == 6
    assert "3.0 s" in body  # duration of a finished step
    assert "3 attempts" in body
    assert "Tagline, voice, colours" in body  # what the running step does
    assert "family dentist portsmouth" in body
    assert "Working parents, Nervous patients" in body
    assert "1 of 2" in body
    assert "https://gone.example/ could not be read: It did not answer." in body
    assert "Show evening hours first" in body
    assert (
        "Made by Code24's built-in writer (works from Code24's knowledge of business types "
        "and your facts, without a language model)." in body
    )
    assert 'hx-trigger="every 1s"' in body
    assert f'hx-get="{reverse("build_detail", args=[build.pk])}"' in body
    assert f'href="{reverse("build_detail", args=[build.pk])}">Refresh</a>' in body


def test_build_page_summarises_what_every_step_produced(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account, status="live")
    build = make_build(
        site,
        status="succeeded",
        steps={name: ("succeeded", output) for name, output in OUTPUTS.items()},
    )

    body = text(alice_client.get(reverse("build_detail", args=[build.pk])))

    assert "Your site is live" in body
    assert "hx-trigger" not in body
    for expected in [
        "Gentle dentistry, evenings included",  # brand: tagline
        "14.3:1",  # brand: contrast ratio of a swatch
        "passes AA",
        'fill="#ffffff"/><text x="22" y="29" text-anchor="middle" fill="#1a2b3c">Aa',
        "Georgia for headings, system-ui for text",
        "Made by an OpenAI-compatible model (gpt-test).",
        "Treatments",  # design: pages
        "Book a visit",
        "The configured AI model was not used: The model's answer did not match",
        # content: written in parts, each part says who wrote it, and why not the model
        "Made by an OpenAI-compatible model (gpt-test). Not all of it: the built-in writer",
        "Who wrote each part",
        "Home page: an OpenAI-compatible model (gpt-test)",
        "About: Code24's built-in writer, because the model's answer was not used: "
        "the answer was cut off at 900 tokens",
        "FAQ and structured data: Code24's built-in writer",
        "Gentle dentistry in Portsmouth",  # content: page titles
        "Questions answered",
        "2 files, 24.0\xa0KB in all",  # develop
        "3 of 3",  # QA
        "site-1",  # deploy: the script
        f'href="{site_address(site)}"',  # activate: the live link, where the site is now
    ]:
        assert expected in body, expected
    assert "improvement cycle" not in body  # none is scheduled: they do not run yet


def test_an_output_of_an_unexpected_shape_does_not_break_the_page(
    alice_client: Client, alice_account: Account
) -> None:
    build = make_build(
        make_site(alice_account),
        steps={
            "market_research": ("succeeded", {"value": {"keywords": 7}}),
            "qa": ("succeeded", [1]),
        },
    )

    response = alice_client.get(reverse("build_detail", args=[build.pk]))

    assert response.status_code == 200


def test_htmx_poll_answers_200_while_running_and_286_when_finished(
    alice_client: Client, alice_account: Account
) -> None:
    build = running_build(alice_account)
    url = reverse("build_detail", args=[build.pk])

    running = alice_client.get(url, HTTP_HX_REQUEST="true")

    assert running.status_code == 200
    body = running.content.decode()
    assert body.lstrip().startswith('<div id="build-live"')
    assert "<html" not in body
    assert 'hx-trigger="every 1s"' in body
    assert "HX-Request" in running["Vary"]

    Build.objects.filter(pk=build.pk).update(status=Build.Status.SUCCEEDED)
    finished = alice_client.get(url, HTTP_HX_REQUEST="true")

    assert finished.status_code == 286
    assert "Your site is live" in finished.content.decode()
    assert "hx-trigger" not in finished.content.decode()


def test_failed_build_shows_the_sentence_and_a_retry_button(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account, status="failed")
    build = make_build(
        site,
        status="failed",
        error="Our hosting provider is busy. We tried 5 times; press Retry to try again.",
        steps={
            "market_research": ("succeeded", OUTPUTS["market_research"]),
            "competitive_analysis": ("failed", None),
        },
    )

    response = alice_client.get(reverse("build_detail", args=[build.pk]))

    body = text(response)
    assert "The build stopped at the competitive analysis step" in body
    assert "Our hosting provider is busy. We tried 5 times" in body
    assert f'action="{reverse("build_retry", args=[build.pk])}"' in body
    assert '<span class="badge badge--danger">Failed</span>' in body


def test_retry_resumes_the_failed_step(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    build = make_build(
        make_site(alice_account, status="failed"),
        status="failed",
        error="Boom.",
        steps={
            "market_research": ("succeeded", OUTPUTS["market_research"]),
            "brand": ("failed", None),
        },
    )

    response = alice_client.post(reverse("build_retry", args=[build.pk]))

    assert response.status_code == 302
    build.refresh_from_db()
    assert build.status == Build.Status.QUEUED
    assert build.error == ""
    assert build.steps.get(name="brand").status == BuildStep.Status.PENDING
    assert build.steps.get(name="market_research").status == BuildStep.Status.SUCCEEDED
    assert queued.named("build_run") == [(build.pk,)]


def test_retry_of_a_running_build_is_refused(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    build = running_build(alice_account)

    response = alice_client.post(reverse("build_retry", args=[build.pk]))

    assert response.status_code == 409
    assert "Only a failed build can be retried." in text(response)
    assert queued.calls == []


def test_retry_of_an_older_failed_build_is_refused(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = make_site(alice_account, status="live")
    old = make_build(site, status="failed", error="Boom.", steps={"brand": ("failed", None)})
    make_build(site, status="succeeded")

    response = alice_client.post(reverse("build_retry", args=[old.pk]))

    assert response.status_code == 409
    assert "A newer build of this site exists" in text(response)
    assert queued.calls == []


# --- Site page ------------------------------------------------------------------------


def live_site(account: Account, name: str = "Harbour Dental") -> Site:
    site = make_site(account, name=name, status="live")
    first = make_version(site, made_by="First build requested by alice@example.com")
    make_build(site, status="succeeded")
    make_version(site, made_by="Optimization cycle 1", files={"index.html": b"<h1>v2</h1>"})
    Lead.objects.create(
        site=site,
        name="Ann Visitor",
        email="ann@example.com",
        phone="+44 1234 567",
        message="Do you have\nevening slots?",
        page="/contact",
    )
    site.refresh_from_db()
    assert site.current_version != first
    return site


def test_site_page_shows_address_preview_versions_builds_and_leads(
    alice_client: Client, alice_account: Account
) -> None:
    site = live_site(alice_account)
    first = site.versions.get(number=1)

    response = alice_client.get(reverse("site_detail", args=[site.pk]))

    assert response.status_code == 200
    body = text(response)
    assert f'href="http://{site.hostname}:8788"' in body
    assert '<span class="badge badge--success">Live</span>' in body
    preview = reverse("site_preview", args=[site.pk, ""])
    assert f'<iframe src="{preview}"' in body
    assert 'sandbox="allow-same-origin"' in body
    assert "Version 2" in body and "Online now" in body
    assert f'action="{reverse("site_restore", args=[site.pk, first.pk])}"' in body
    assert body.count("Restore this version") == 1
    assert "Optimization cycle 1" in body
    assert "Ann Visitor" in body and "mailto:ann@example.com" in body
    assert "Do you have<br>evening slots?" in body
    assert "/contact" in body
    assert reverse("build_detail", args=[site.builds.get().pk]) in body
    for action in ("site_rebuild", "site_pause", "site_unpublish", "site_delete"):
        assert f'action="{reverse(action, args=[site.pk])}"' in body


def test_site_page_without_leads_or_versions_says_what_comes(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account, status="building")
    make_build(site)

    body = text(alice_client.get(reverse("site_detail", args=[site.pk])))

    assert "No messages yet" in body
    assert "No preview yet" in body
    assert "A first build is in progress" in body
    assert "<iframe" not in body


def test_a_member_sees_the_site_read_only(carol: User, alice_account: Account) -> None:
    site = live_site(alice_account)
    client = client_for(carol)

    body = text(client.get(reverse("site_detail", args=[site.pk])))

    assert "Owners and admins can rebuild, pause improvements, take offline" in body
    assert "Restore this version" not in body
    assert "Delete this site for good" not in body
    version = site.versions.get(number=1)
    for url in [
        reverse("site_rebuild", args=[site.pk]),
        reverse("site_pause", args=[site.pk]),
        reverse("site_resume", args=[site.pk]),
        reverse("site_unpublish", args=[site.pk]),
        reverse("site_delete", args=[site.pk]),
        reverse("site_restore", args=[site.pk, version.pk]),
    ]:
        assert client.post(url, {"confirm_name": site.name}).status_code == 403, url
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE


def test_an_admin_can_manage_sites(dave: User, alice_account: Account) -> None:
    site = live_site(alice_account)

    response = client_for(dave).post(reverse("site_pause", args=[site.pk]))

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.improvements_paused


def test_restore_queues_the_version_and_says_so(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    first = site.versions.get(number=1)

    response = alice_client.post(reverse("site_restore", args=[site.pk, first.pk]), follow=True)

    assert response.status_code == 200
    assert "Restoring version 1…" in text(response)
    assert queued.named("version_publish") == [(first.pk,)]


def test_restoring_the_version_online_is_refused(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)

    response = alice_client.post(reverse("site_restore", args=[site.pk, site.current_version_id]))

    assert response.status_code == 409
    assert "Version 2 is already live." in text(response)
    assert queued.calls == []


def test_pause_then_resume_improvements_keeps_the_site_live(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)

    paused = alice_client.post(reverse("site_pause", args=[site.pk]), follow=True)

    site.refresh_from_db()
    assert site.status == Site.Status.LIVE
    assert site.improvements_paused
    body = text(paused)
    assert "Improvements paused. The site stays online" in body
    assert '<span class="badge badge--warning">Improvements paused</span>' in body
    assert f'action="{reverse("site_resume", args=[site.pk])}"' in body
    assert f'action="{reverse("site_pause", args=[site.pk])}"' not in body

    resumed = alice_client.post(reverse("site_resume", args=[site.pk]))

    site.refresh_from_db()
    assert resumed.status_code == 302
    assert site.status == Site.Status.LIVE and not site.improvements_paused
    assert site.next_optimization_at is None  # no cycle is promised: they do not run yet
    assert queued.named("route_write") == []  # nothing changes at Cloudflare


def test_pausing_improvements_of_a_site_that_is_not_live_is_refused(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account, status="building")

    response = alice_client.post(reverse("site_pause", args=[site.pk]))

    assert response.status_code == 409
    assert "Improvements can be paused or resumed only while the site is live." in text(response)


def test_take_offline_then_put_back_online(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)

    response = alice_client.post(reverse("site_unpublish", args=[site.pk]), follow=True)

    site.refresh_from_db()
    assert site.status == Site.Status.OFFLINE
    assert not site.improvements_paused
    assert "The site is offline: its address now answers “not found”." in text(response)
    assert len(queued.named("route_delete")) == 1
    assert site.versions.count() == 2

    again = alice_client.post(reverse("site_unpublish", args=[site.pk]))
    assert again.status_code == 409
    assert "This site is offline. Put it back online first." in text(again)
    assert len(queued.named("route_delete")) == 1

    back = alice_client.post(reverse("site_put_online", args=[site.pk]), follow=True)
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE
    assert "The site is live again at its address." in text(back)
    assert len(queued.named("route_write")) == 1
    assert alice_client.post(reverse("site_put_online", args=[site.pk])).status_code == 409


def test_cloudflare_trouble_is_a_sentence_not_an_error_page(
    alice_client: Client, alice_account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = live_site(alice_account)

    def busy(*args: Any, **kwargs: Any) -> None:
        raise CloudflareRetryableError("busy", operation="kv.delete", status=503)

    monkeypatch.setattr(hosting, "route_delete", busy)

    response = alice_client.post(reverse("site_unpublish", args=[site.pk]))

    assert response.status_code == 503
    assert "nothing changed" in text(response)
    site.refresh_from_db()
    assert site.status == Site.Status.LIVE


def test_rebuild_starts_a_build(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)

    response = alice_client.post(reverse("site_rebuild", args=[site.pk]))

    build = site.builds.get(kind=Build.Kind.REBUILD)
    assert response.status_code == 302
    assert response["Location"] == reverse("build_detail", args=[build.pk])
    assert queued.named("build_run") == [(build.pk,)]


def test_rebuild_while_a_build_runs_is_refused(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    make_build(site, status="running", kind="rebuild")

    response = alice_client.post(reverse("site_rebuild", args=[site.pk]))

    assert response.status_code == 409
    assert "A build of this site is already running" in text(response)
    assert queued.calls == []


def test_delete_asks_for_the_site_name(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    url = reverse("site_delete", args=[site.pk])

    confirm = alice_client.get(url)
    wrong = alice_client.post(url, {"confirm_name": "harbour"})

    assert confirm.status_code == 200
    assert "Delete Harbour Dental?" in text(confirm)
    assert wrong.status_code == 400
    assert "Type the site's name as shown (“Harbour Dental”) to delete it." in text(wrong)
    assert Site.objects.filter(pk=site.pk).exists()
    assert queued.calls == []


def test_delete_removes_the_site_and_its_cloudflare_script_and_route(
    alice_client: Client, alice_account: Account, queued: Recorder
) -> None:
    site = live_site(alice_account)
    script, hostname = site.script_name, site.hostname

    response = alice_client.post(
        reverse("site_delete", args=[site.pk]), {"confirm_name": " Harbour Dental "}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("site_list")
    assert "Harbour Dental was deleted" in text(response)
    assert not Site.objects.filter(pk=site.pk).exists()
    assert not SiteVersion.objects.filter(site_id=site.pk).exists()
    assert not Lead.objects.filter(site_id=site.pk).exists()
    assert queued.named("site_remove_from_cloudflare") == [(script, hostname)]


# --- Preview --------------------------------------------------------------------------


def previewed_site(account: Account) -> Site:
    site = make_site(account, status="live")
    make_version(
        site,
        files={
            "index.html": (
                b'<!doctype html><link rel="stylesheet" href="/styles.css">'
                b'<a href="/about">About</a> <a href="about">About</a> '
                b'<a href="http://harbour.example/">x</a>'
                b'<script type="application/ld+json">{"@type": "Dentist"}</script>'
            ),
            "about.html": b"<!doctype html><h1>About us</h1>",
            "styles.css": b"body{background:url(/bg.svg)}",
            "favicon.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "404.html": b"<!doctype html><h1>Not here</h1>",
        },
    )
    return site


def test_preview_serves_the_current_version_with_content_types(
    alice_client: Client, alice_account: Account
) -> None:
    site = previewed_site(alice_account)
    base = reverse("site_preview", args=[site.pk, ""])

    home = alice_client.get(base)
    about = alice_client.get(base + "about")
    css = alice_client.get(base + "styles.css")
    svg = alice_client.get(base + "favicon.svg")

    assert home.status_code == 200
    assert home["Content-Type"].startswith("text/html")
    assert about.status_code == 200 and b"About us" in about.content
    assert css["Content-Type"].startswith("text/css")
    assert svg["Content-Type"].startswith("image/svg+xml")
    csp = home["Content-Security-Policy"]
    assert "script-src 'none'" in csp
    assert "sandbox allow-same-origin" in csp
    assert "frame-ancestors 'self'" in csp
    assert home["X-Frame-Options"] == "SAMEORIGIN"
    assert home["X-Content-Type-Options"] == "nosniff"


def test_preview_keeps_links_inside_the_preview(
    alice_client: Client, alice_account: Account
) -> None:
    site = previewed_site(alice_account)
    base = reverse("site_preview", args=[site.pk, ""])

    home = alice_client.get(base).content.decode()
    css = alice_client.get(base + "styles.css").content.decode()

    assert f'href="{base}styles.css"' in home
    assert f'href="{base}about"' in home
    assert 'href="about"' in home
    assert "<script" not in home
    assert f"url({base}bg.svg)" in css


def test_preview_of_an_unknown_path_is_404(alice_client: Client, alice_account: Account) -> None:
    site = previewed_site(alice_account)

    response = alice_client.get(reverse("site_preview", args=[site.pk, "nope/../../etc"]))

    assert response.status_code == 404
    assert b"Not here" in response.content  # the site's own 404 page, in the frame


def test_preview_of_a_site_never_published_is_404(
    alice_client: Client, alice_account: Account
) -> None:
    site = make_site(alice_account)

    assert alice_client.get(reverse("site_preview", args=[site.pk, ""])).status_code == 404


def test_preview_answers_304_when_unchanged(alice_client: Client, alice_account: Account) -> None:
    site = previewed_site(alice_account)
    url = reverse("site_preview", args=[site.pk, "about"])

    etag = alice_client.get(url)["ETag"]

    assert alice_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- Lists ----------------------------------------------------------------------------


def test_dashboard_and_list_link_each_site_with_its_live_address(
    alice_client: Client, alice_account: Account
) -> None:
    site = live_site(alice_account)
    draft = make_site(alice_account, name="Second Site")

    for name in ("dashboard", "site_list"):
        body = text(alice_client.get(reverse(name)))
        assert f'href="{reverse("site_detail", args=[site.pk])}"' in body
        assert f'href="{reverse("site_detail", args=[draft.pk])}"' in body
        assert f'href="http://{site.hostname}:8788"' in body
        assert "Not online yet" in body
        assert f'href="{reverse("site_new")}"' in body


def test_empty_lists_offer_to_create_the_first_site(alice_client: Client) -> None:
    for name in ("dashboard", "site_list"):
        body = text(alice_client.get(reverse(name)))
        assert (
            f'<a class="btn btn--primary" href="{reverse("site_new")}">Create your first site</a>'
            in body
        )


# --- Tenancy and escaping -------------------------------------------------------------


def test_other_account_gets_404_for_every_site_build_version_and_preview(
    alice_client: Client, bob_account: Account, queued: Recorder
) -> None:
    bob_account = on_plan(bob_account, Plan.PROFESSIONAL)
    site = live_site(bob_account, name="Bob Pipes")
    failed = make_build(site, status="failed", error="Boom.", steps={"brand": ("failed", None)})
    version = site.versions.get(number=1)
    before = (site.status, site.current_version_id, site.versions.count(), site.builds.count())

    gets = [
        reverse("site_detail", args=[site.pk]),
        reverse("site_delete", args=[site.pk]),
        reverse("build_detail", args=[failed.pk]),
        reverse("site_preview", args=[site.pk, ""]),
        reverse("site_preview", args=[site.pk, "index.html"]),
    ]
    posts = [
        reverse("site_rebuild", args=[site.pk]),
        reverse("site_pause", args=[site.pk]),
        reverse("site_resume", args=[site.pk]),
        reverse("site_unpublish", args=[site.pk]),
        reverse("site_delete", args=[site.pk]),
        reverse("site_restore", args=[site.pk, version.pk]),
        reverse("build_retry", args=[failed.pk]),
    ]
    for url in gets:
        assert alice_client.get(url).status_code == 404, url
        assert alice_client.get(url, HTTP_HX_REQUEST="true").status_code == 404, url
    for url in posts:
        assert alice_client.post(url, {"confirm_name": "Bob Pipes"}).status_code == 404, url

    site.refresh_from_db()
    assert before == (
        site.status,
        site.current_version_id,
        site.versions.count(),
        site.builds.count(),
    )
    assert queued.calls == []
    assert "Bob Pipes" not in text(alice_client.get(reverse("site_list")))


def test_a_restore_with_another_sites_version_is_404(
    alice_client: Client, alice_account: Account, bob_account: Account, queued: Recorder
) -> None:
    mine = live_site(alice_account)
    theirs = live_site(bob_account, name="Bob Pipes")

    url = reverse("site_restore", args=[mine.pk, theirs.versions.get(number=1).pk])

    assert alice_client.post(url).status_code == 404
    assert queued.calls == []


def test_customer_text_is_escaped_on_every_page(
    alice_client: Client, alice_account: Account
) -> None:
    on_plan(alice_account, Plan.PROFESSIONAL)
    site = live_site(alice_account, name=f"Bad {XSS}")
    Lead.objects.create(site=site, name=XSS, email="x@example.com", message=XSS, page=XSS)
    outputs = {
        **OUTPUTS,
        "market_research": {
            **OUTPUTS["market_research"],
            "value": {**OUTPUTS["market_research"]["value"], "keywords": [XSS]},
        },
    }
    build = make_build(
        site,
        status="failed",
        error=XSS,
        steps={
            **{name: ("succeeded", output) for name, output in outputs.items()},
            "activate": ("failed", None),
        },
    )
    pages = [
        reverse("dashboard"),
        reverse("site_list"),
        reverse("site_detail", args=[site.pk]),
        reverse("site_delete", args=[site.pk]),
        reverse("build_detail", args=[build.pk]),
    ]
    for url in pages:
        body = alice_client.get(url).content.decode()
        assert XSS not in body, url
        assert "&lt;script&gt;" in body, url

    refused = alice_client.post(reverse("site_new"), {**GOOD, "name": XSS, "email": "bad"})
    assert XSS not in refused.content.decode()
    assert "&lt;script&gt;" in refused.content.decode()
