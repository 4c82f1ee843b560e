"""The site Worker template in workerd: files (its static assets, read through the ASSETS
binding), headers, caching, 404, HEAD, 405, forms."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from code24.cloudflare import workers_bundle
from code24.cloudflare.local.edge import Edge
from tests.cloudflare.edge_fixtures import FormsEndpoint, route, snapshot

# A page with the contact form, as the generator writes it (ids "<form id>-<field>").
CONTACT = (
    "<!doctype html><html lang=en><head><title>Contact | Rosa's</title>"
    '<link rel="stylesheet" href="/css/site.3f9a8b7c12.css"></head><body>'
    "<header>Rosa's header</header><main>"
    '<form class="form-card" id="cf" action="/_forms/contact" method="post">'
    '<div class="field"><label for="cf-name">Name</label>'
    '<input id="cf-name" name="name" type="text" required maxlength="200"></div>'
    '<div class="field"><label for="cf-email">Email</label>'
    '<input id="cf-email" name="email" type="email" aria-describedby="cf-email-hint">'
    '<p id="cf-email-hint">We reply here.</p></div>'
    '<div class="field"><label for="cf-message">Message</label>'
    '<textarea id="cf-message" name="message"></textarea></div>'
    '<input type="checkbox" name="call" value="yes" checked>'
    '<input type="hidden" name="_next" value="/thanks">'
    '<button type="submit">Send</button></form>'
    '<form action="/_forms/newsletter"><input name="email"></form>'
    "</main><footer>Rosa's footer</footer></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\xff"
# The customer's photos and the self-hosted fonts, named as the generator names them.
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00" + bytes(12)
WOFF2 = b"wOF2\x00\x01\x00\x00" + bytes(40)
FILES: dict[str, bytes | str] = {
    "index.html": "<!doctype html><title>Home</title><h1>Rosa's Bakery</h1>",
    "about.html": "<!doctype html><title>About</title><p>Since 1982 — ünïcode</p>",
    "menu/index.html": "<!doctype html><title>Menu</title>",
    "thanks.html": "<!doctype html><title>Thanks</title><p>We will call you back.</p>",
    "contact.html": CONTACT,
    "visit.html": CONTACT.replace("<title>Contact", "<title>Visit"),
    "404.html": "<!doctype html><title>Lost</title><p>Rosa's 404</p>",
    "css/site.3f9a8b7c12.css": "body{color:#333}",
    "js/app.js": "console.log('hi')",
    "img/logo.png": PNG,
    "img/icon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "robots.txt": "User-agent: *\n",
    "photos/loaf-960-3f9a8b7c12.avif": AVIF,
    "photos/loaf-960-3f9a8b7c12.webp": WEBP,
    "fonts/inter-100-900-3f9a8b7c12.woff2": WOFF2,
}
HOST = "rosa.code24.localhost"
BARE = "bare.code24.localhost"


def get(edge: Edge, path: str, host: str = HOST, **kwargs) -> httpx.Response:
    return httpx.get(
        f"{edge.url}{path}",
        headers={"Host": host, **kwargs.pop("headers", {})},
        timeout=30,
        **kwargs,
    )


def post(edge: Edge, path: str, host: str = HOST, **kwargs) -> httpx.Response:
    return httpx.post(
        f"{edge.url}{path}",
        headers={"Host": host, **kwargs.pop("headers", {})},
        timeout=30,
        **kwargs,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content-addressed directory the edge reads the sites' assets from."""
    return tmp_path_factory.mktemp("assets")


def deploy(edge: Edge, store: Path, forms_endpoint: str = "", **options) -> None:
    rosa = workers_bundle.site_worker_upload(
        FILES, site_id=42, forms_endpoint=forms_endpoint, forms_token="tok-42", **options
    )
    bare = workers_bundle.site_worker_upload({"index.html": "<p>bare</p>"}, site_id=43)
    edge.sync(
        snapshot(
            scripts={"site-42": rosa.script(store), "site-43": bare.script(store)},
            routes={HOST: route("site-42", 42), BARE: route("site-43", 43)},
        )
    )
    assert edge.script_errors == {}


@pytest.fixture
def rosa(edge: Edge, store: Path, forms_endpoint: FormsEndpoint) -> Edge:
    deploy(edge, store, forms_endpoint.url, forms={"/contact": "contact"})
    return edge


# --- serving ---------------------------------------------------------------------------

pytestmark = pytest.mark.workerd


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/", "text/html; charset=utf-8", FILES["index.html"]),
        ("/about", "text/html; charset=utf-8", FILES["about.html"]),
        ("/about.html", "text/html; charset=utf-8", FILES["about.html"]),
        ("/menu", "text/html; charset=utf-8", FILES["menu/index.html"]),
        ("/menu/", "text/html; charset=utf-8", FILES["menu/index.html"]),
        ("/css/site.3f9a8b7c12.css", "text/css; charset=utf-8", FILES["css/site.3f9a8b7c12.css"]),
        ("/js/app.js", "text/javascript; charset=utf-8", FILES["js/app.js"]),
        ("/img/icon.svg", "image/svg+xml; charset=utf-8", FILES["img/icon.svg"]),
        ("/robots.txt", "text/plain; charset=utf-8", FILES["robots.txt"]),
        ("/img/logo.png", "image/png", PNG),
        ("/photos/loaf-960-3f9a8b7c12.avif", "image/avif", AVIF),
        ("/photos/loaf-960-3f9a8b7c12.webp", "image/webp", WEBP),
        ("/fonts/inter-100-900-3f9a8b7c12.woff2", "font/woff2", WOFF2),
    ],
)
def test_files_are_served_with_their_content_type(
    rosa: Edge, path: str, content_type: str, body: bytes | str
) -> None:
    answer = get(rosa, path)

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == content_type
    assert answer.content == (body.encode() if isinstance(body, str) else body)


@pytest.mark.parametrize("path", ["/", "/img/logo.png", "/missing", "/_forms/contact"])
def test_every_answer_carries_the_security_headers(rosa: Edge, path: str) -> None:
    headers = get(rosa, path).headers

    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_permissions_policy_refuses_powerful_features_without_retired_names(rosa: Edge) -> None:
    policy = get(rosa, "/").headers["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in policy.split(","))

    assert "interest-cohort" not in features  # FLoC's retired name
    for feature in ("camera", "microphone", "geolocation", "payment", "browsing-topics"):
        assert features[feature] == "()"


@pytest.mark.parametrize(
    ("path", "cache_control"),
    [
        ("/", "public, max-age=0, must-revalidate"),
        ("/about", "public, max-age=0, must-revalidate"),
        ("/css/site.3f9a8b7c12.css", "public, max-age=31536000, immutable"),
        ("/js/app.js", "public, max-age=3600"),
        ("/img/logo.png", "public, max-age=3600"),
        ("/photos/loaf-960-3f9a8b7c12.avif", "public, max-age=31536000, immutable"),
        ("/fonts/inter-100-900-3f9a8b7c12.woff2", "public, max-age=31536000, immutable"),
        ("/missing", "no-store"),
    ],
)
def test_cache_headers_follow_the_kind_of_file(rosa: Edge, path: str, cache_control: str) -> None:
    assert get(rosa, path).headers["Cache-Control"] == cache_control


def test_etag_revalidation_answers_304(rosa: Edge) -> None:
    first = get(rosa, "/about")
    again = get(rosa, "/about", headers={"If-None-Match": first.headers["ETag"]})
    changed = get(rosa, "/about", headers={"If-None-Match": '"something-else"'})

    assert first.headers["ETag"].startswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert changed.status_code == 200


def test_unknown_path_gets_the_sites_404_page(rosa: Edge) -> None:
    answer = get(rosa, "/no/such/page")

    assert answer.status_code == 404
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Rosa's 404" in answer.text


def test_site_without_404_page_gets_a_plain_one(rosa: Edge) -> None:
    answer = get(rosa, "/nothing", host=BARE)

    assert answer.status_code == 404
    assert "Page not found" in answer.text
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]


def test_undecodable_path_is_a_404(rosa: Edge) -> None:
    assert get(rosa, "/%E0%A4%A").status_code == 404


def test_head_gives_the_headers_without_a_body(rosa: Edge) -> None:
    for path in ("/about", "/img/logo.png"):
        full = get(rosa, path, headers={"Accept-Encoding": "identity"})
        head = httpx.head(
            f"{rosa.url}{path}", headers={"Host": HOST, "Accept-Encoding": "identity"}, timeout=30
        )
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["Content-Length"] == str(len(full.content))
        for name in ("Content-Type", "Cache-Control", "ETag", "Content-Security-Policy"):
            assert head.headers[name] == full.headers[name]

    missing = httpx.head(f"{rosa.url}/gone", headers={"Host": HOST}, timeout=30)
    assert missing.status_code == 404
    assert missing.content == b""


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_get_405(rosa: Edge, method: str) -> None:
    answer = httpx.request(method, f"{rosa.url}/about", headers={"Host": HOST}, timeout=30)

    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET, HEAD"
    assert "X-Content-Type-Options" in answer.headers


def test_post_to_a_page_is_405(rosa: Edge) -> None:
    answer = post(rosa, "/about", data={"a": "b"})

    assert answer.status_code == 405


# --- forms -------------------------------------------------------------------------------


def test_form_post_is_forwarded_to_code24_and_redirects_to_thanks(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    answer = post(
        rosa,
        "/_forms/contact",
        data={"name": "Ana <b>", "email": "ana@example.com", "_gotcha": ""},
        headers={"Referer": f"http://{HOST}/contact", "Origin": f"http://{HOST}"},
    )

    assert answer.status_code == 303
    assert answer.headers["Location"] == "/thanks"
    [sent] = forms_endpoint.requests
    assert sent["path"] == "/api/forms/submit"
    assert sent["headers"]["X-Code24-Site-Id"] == "42"
    assert sent["headers"]["Authorization"] == "Bearer tok-42"
    assert sent["headers"]["Content-Type"] == "application/json"
    payload = sent["json"]
    assert payload["site_id"] == 42
    assert payload["form"] == "contact"
    assert payload["path"] == "/_forms/contact"
    assert payload["host"] == HOST
    assert payload["page"] == f"http://{HOST}/contact"
    assert payload["fields"] == {"name": "Ana <b>", "email": "ana@example.com"}
    assert payload["client_ip"] == "127.0.0.1"
    assert payload["submitted_at"].endswith("Z")


def test_form_at_a_configured_path_goes_to_next(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    answer = post(rosa, "/contact", files={"message": (None, "Hello"), "_next": (None, "/menu")})

    assert answer.status_code == 303
    assert answer.headers["Location"] == "/menu"
    assert forms_endpoint.requests[0]["json"]["form"] == "contact"
    assert forms_endpoint.requests[0]["json"]["fields"] == {"message": "Hello"}


def test_next_must_stay_on_the_site(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    answer = post(rosa, "/_forms/contact", data={"_next": "//evil.example/x"})

    assert answer.headers["Location"] == "/thanks"


def test_json_form_gets_a_json_answer(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    answer = post(rosa, "/_forms/newsletter", json={"email": "ana@example.com", "count": 2})

    assert answer.status_code == 200
    assert answer.json() == {"ok": True}
    assert forms_endpoint.requests[0]["json"]["fields"] == {
        "email": "ana@example.com",
        "count": "2",
    }


def test_code24_refusal_is_passed_on_escaped(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    forms_endpoint.status = 400
    forms_endpoint.answer = {"error": "Enter an <email> address."}

    page = post(rosa, "/_forms/contact", data={"email": "nope"})
    data = post(rosa, "/_forms/contact", json={"email": "nope"})

    assert page.status_code == 400
    assert "Enter an &lt;email&gt; address." in page.text
    assert data.status_code == 400
    assert data.json() == {"ok": False, "error": "Enter an <email> address."}


def test_code24_failure_is_a_502(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    forms_endpoint.status = 500

    answer = post(rosa, "/_forms/contact", json={"email": "a@example.com"})

    assert answer.status_code == 502
    assert answer.json()["ok"] is False


def test_unreachable_code24_is_a_502(edge: Edge, store: Path) -> None:
    deploy(edge, store, "http://127.0.0.1:9/nothing-listens-here")

    answer = post(edge, "/_forms/contact", json={"email": "a@example.com"})

    assert answer.status_code == 502


def test_form_without_endpoint_is_503(edge: Edge, store: Path) -> None:
    deploy(edge, store, "")

    assert post(edge, "/_forms/contact", data={"a": "b"}).status_code == 503


def test_cross_site_post_is_refused_and_not_forwarded(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    answer = post(
        rosa, "/_forms/contact", data={"a": "b"}, headers={"Origin": "https://evil.example"}
    )

    assert answer.status_code == 403
    assert forms_endpoint.requests == []


def test_honeypot_is_accepted_but_not_forwarded(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    answer = post(rosa, "/_forms/contact", data={"name": "bot", "_gotcha": "http://spam"})

    assert answer.status_code == 303
    assert forms_endpoint.requests == []


def test_oversized_form_is_413(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    answer = post(rosa, "/_forms/contact", data={"message": "x" * 70_000})

    assert answer.status_code == 413
    assert forms_endpoint.requests == []


def test_bad_form_name_is_not_a_form(rosa: Edge) -> None:
    assert post(rosa, "/_forms/Bad%20Name", data={"a": "b"}).status_code == 405


# --- a refused message comes back in the site's page -----------------------------------


class FormPage(HTMLParser):
    """What a browser would make of a page: the title, each form's fields (values decoded
    as a browser decodes them), the problem texts by id, the summary."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.forms: list[dict[str, Any]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of elements collecting text
        self._in_title = False
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "form":
            self.forms.append({"attrs": a, "fields": {}, "checked": set(), "html": []})
        elif tag == "input" and self.forms:
            name = a.get("name") or ""
            self.forms[-1]["fields"][name] = a
            if "checked" in a:
                self.forms[-1]["checked"].add(name)
        elif tag == "textarea" and self.forms:
            self._textarea = a.get("name") or ""
            self.forms[-1]["fields"][self._textarea] = {**a, "value": ""}
        if a.get("id"):
            self.texts[a["id"] or ""] = ""
            self._open.append((tag, a["id"]))
        else:
            self._open.append((tag, None))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "textarea" and self._textarea is not None:
            # The HTML parser drops one line break right after <textarea>.
            field = self.forms[-1]["fields"][self._textarea]
            field["value"] = field["value"].removeprefix("\n")
            self._textarea = None
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._textarea is not None:
            self.forms[-1]["fields"][self._textarea]["value"] += data
        for _, element_id in self._open:
            if element_id:
                self.texts[element_id] += data

    def field(self, name: str, form: int = 0) -> dict[str, Any]:
        return dict(self.forms[form]["fields"][name])


VISITOR = {
    "name": 'Ana "Nana" <b>Gómez</b> &amp; co',
    "email": "ana@gmail",
    "message": "\nFirst line starts after a blank one\n</textarea><script>alert(1)</script> &lt;",
    "call": "yes",
    "_next": "/thanks",
}


def refused(rosa: Edge, forms_endpoint: FormsEndpoint, **kwargs: Any) -> httpx.Response:
    forms_endpoint.status = 400
    forms_endpoint.answer = {
        "error": "Enter a complete email address, like name@example.com.",
        "fields": {"email": "Enter a complete <email> address, like name@example.com."},
    }
    return post(rosa, "/_forms/contact", data=VISITOR, **kwargs)


def test_a_refused_message_comes_back_in_the_page_with_what_was_typed(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    answer = refused(rosa, forms_endpoint, headers={"Referer": f"http://{HOST}/contact"})

    assert answer.status_code == 400
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    page = FormPage(answer.text)
    assert page.title == "Message not sent: Contact | Rosa's"
    assert "Rosa's header" in answer.text and "Rosa's footer" in answer.text
    assert '<link rel="stylesheet" href="/css/site.3f9a8b7c12.css">' in answer.text
    assert page.field("name")["value"] == VISITOR["name"]
    assert page.field("email")["value"] == "ana@gmail"
    assert page.field("message")["value"] == VISITOR["message"]
    assert page.forms[0]["checked"] == {"call"}
    assert page.field("_next")["value"] == "/thanks"
    assert "<script>" not in answer.text and "<b>" not in answer.text
    # The other form on the page is left as it was.
    assert "value" not in page.field("email", form=1)


def test_each_refused_field_has_its_problem_beside_it(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    answer = refused(rosa, forms_endpoint)

    page = FormPage(answer.text)
    email = page.field("email")
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"] == "cf-email-hint cf-email-error"
    assert page.texts["cf-email-error"] == (
        "Enter a complete <email> address, like name@example.com."
    )
    assert answer.text.index('id="cf-email"') < answer.text.index('id="cf-email-error"')
    assert answer.text.index('id="cf-email-error"') < answer.text.index('id="cf-email-hint"')
    assert "aria-invalid" not in page.field("name")
    summary = page.texts["cf-problem"]
    assert summary.startswith("Your message has not been sent yet")
    assert "Enter a complete <email> address" in summary
    assert "What you wrote is still in the form." in summary
    assert '<a href="#cf-email">' in answer.text
    assert 'role="alert" tabindex="-1" autofocus' in answer.text


def test_the_page_is_the_one_the_form_was_sent_from(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    from_visit = refused(rosa, forms_endpoint, headers={"Referer": f"http://{HOST}/visit"})
    from_elsewhere = refused(
        rosa, forms_endpoint, headers={"Referer": "https://evil.example/visit"}
    )
    no_referer = refused(rosa, forms_endpoint)

    assert FormPage(from_visit.text).title == "Message not sent: Visit | Rosa's"
    assert FormPage(from_elsewhere.text).title == "Message not sent: Contact | Rosa's"
    assert FormPage(no_referer.text).title == "Message not sent: Contact | Rosa's"


def test_a_second_try_from_the_page_given_back_names_the_form_page(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    """The page given back after a refusal has the form's own address; the lead still says
    which page of the site the visitor wrote from."""
    post(
        rosa,
        "/_forms/contact",
        data={"email": "ana@example.com"},
        headers={"Referer": f"http://{HOST}/_forms/contact"},
    )

    assert forms_endpoint.requests[0]["json"]["page"] == f"http://{HOST}/contact"


def test_a_json_refusal_names_the_fields(rosa: Edge, forms_endpoint: FormsEndpoint) -> None:
    forms_endpoint.status = 400
    forms_endpoint.answer = {"error": "Enter your name.", "fields": {"name": "Enter your name."}}

    answer = post(rosa, "/_forms/contact", json={"email": "ana@example.com"})

    assert answer.status_code == 400
    assert answer.json() == {
        "ok": False,
        "error": "Enter your name.",
        "fields": {"name": "Enter your name."},
    }


def test_a_rate_limited_visitor_is_told_when_to_try_again(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    forms_endpoint.status = 429
    forms_endpoint.headers = {"Retry-After": "359"}
    forms_endpoint.answer = {
        "error": "You have sent 5 messages in a short time. Please try again in 6 minutes."
    }

    page = post(rosa, "/_forms/contact", data=VISITOR)
    data = post(rosa, "/_forms/contact", json={"email": "ana@example.com"})
    forms_endpoint.answer = {}
    composed = post(rosa, "/_forms/contact", data=VISITOR)

    assert page.status_code == 429
    assert page.headers["Retry-After"] == "359"
    form = FormPage(page.text)
    assert "Please try again in 6 minutes." in form.texts["cf-problem"]
    assert form.field("message")["value"] == VISITOR["message"]
    assert data.status_code == 429
    assert data.headers["Retry-After"] == "359"
    assert data.json()["error"].endswith("Please try again in 6 minutes.")
    assert "Please try again in 6 minutes." in FormPage(composed.text).texts["cf-problem"]


@pytest.mark.parametrize(("code24_status", "visitor_status"), [(500, 502), (401, 502)])
def test_code24_failing_keeps_the_message_in_the_page(
    rosa: Edge, forms_endpoint: FormsEndpoint, code24_status: int, visitor_status: int
) -> None:
    forms_endpoint.status = code24_status
    forms_endpoint.answer = {"error": "The form's credentials are wrong."}

    answer = post(rosa, "/_forms/contact", data=VISITOR)

    assert answer.status_code == visitor_status
    page = FormPage(answer.text)
    assert "could not be sent just now" in page.texts["cf-problem"]
    assert "credentials" not in answer.text
    assert page.field("name")["value"] == VISITOR["name"]


def test_forms_not_configured_keep_the_message_in_the_page(edge: Edge, store: Path) -> None:
    deploy(edge, store, "")

    answer = post(edge, "/_forms/contact", data=VISITOR)

    assert answer.status_code == 503
    page = FormPage(answer.text)
    assert "not accepting messages yet" in page.texts["cf-problem"]
    assert page.field("message")["value"] == VISITOR["message"]


def test_a_message_too_long_comes_back_to_be_shortened(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    long = "x" * 70_000

    answer = post(rosa, "/_forms/contact", data={**VISITOR, "message": long})
    huge = post(rosa, "/_forms/contact", data={**VISITOR, "message": "x" * 300_000})

    assert answer.status_code == 413
    page = FormPage(answer.text)
    assert "too long" in page.texts["cf-problem"]
    assert page.field("message")["value"] == long
    assert huge.status_code == 413
    assert "value" not in FormPage(huge.text).field("name")  # past 256 KiB nothing is read
    assert forms_endpoint.requests == []


def test_a_cross_site_post_is_not_put_back_into_the_page(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    answer = post(rosa, "/_forms/contact", data=VISITOR, headers={"Origin": "https://evil.example"})

    assert answer.status_code == 403
    page = FormPage(answer.text)
    assert "only be sent from its own website" in page.texts["cf-problem"]
    assert "value" not in page.field("name")
    assert "Nana" not in answer.text


def test_a_site_without_the_form_page_lists_what_was_sent(rosa: Edge) -> None:
    """The bare site has no page with this form (and no forms endpoint)."""
    answer = post(rosa, "/_forms/contact", host=BARE, data=VISITOR)

    assert answer.status_code == 503
    page = FormPage(answer.text)
    assert page.title == "Your message was not sent"
    assert "not accepting messages yet" in answer.text
    assert "First line starts after a blank one" in answer.text
    assert "&lt;/textarea&gt;&lt;script&gt;" in answer.text
    assert "<script>" not in answer.text
    assert "_next" not in answer.text


# --- the visitor's address ----------------------------------------------------------------


def test_code24_gets_the_visitors_address_not_one_the_client_claims(
    rosa: Edge, forms_endpoint: FormsEndpoint
) -> None:
    """As Cloudflare's edge does: CF-Connecting-IP is the socket's address; a client's own
    CF-Connecting-IP (or any cf-* header) never reaches the Worker."""
    for address in ("127.0.0.2", "127.0.0.3"):
        with httpx.Client(transport=httpx.HTTPTransport(local_address=address)) as client:
            client.post(
                f"{rosa.url}/_forms/contact",
                data={"email": "ana@example.com"},
                headers={"Host": HOST, "CF-Connecting-IP": "203.0.113.66"},
                timeout=30,
            )

    assert [r["json"]["client_ip"] for r in forms_endpoint.requests] == [
        "127.0.0.2",
        "127.0.0.3",
    ]


# --- the upload helper ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "../etc/passwd", "a//b.html", "dir/", "a\\b.html", "a/./b"])
def test_upload_refuses_paths_that_are_no_file_path(path: str) -> None:
    with pytest.raises(ValueError, match="is not a file path"):
        workers_bundle.site_worker_upload({path: "x"}, site_id=1)


def test_upload_has_the_template_a_generated_module_and_the_files_as_assets() -> None:
    page = '<p>hi</p><form action="/_forms/contact"></form>'
    upload = workers_bundle.site_worker_upload(
        {"index.html": page, "logo.png": PNG}, site_id=7, forms_endpoint="https://x/f"
    )

    assert upload.main_module == "site_worker.js"
    assert [m["name"] for m in upload.modules] == ["site_worker.js", "site_files.js"]
    assert all(m["content_type"] == "application/javascript+module" for m in upload.modules)
    assert upload.bindings == [
        {"type": "assets", "name": "ASSETS"},
        {"type": "plain_text", "name": "FORMS_ENDPOINT", "text": "https://x/f"},
    ]
    assert upload.assets_config == {
        "html_handling": "none",
        "not_found_handling": "none",
        "run_worker_first": True,
    }
    assert upload.asset_files() == {
        "/index.html": (page.encode(), "text/html; charset=utf-8"),
        "/logo.png": (PNG, "image/png"),
    }
    logo = workers_bundle.asset_hash("/logo.png", PNG)
    assert upload.assets["/logo.png"].hash == logo
    generated = upload.modules[1]["text"]
    files = json.loads(generated.split("export const files = ", 1)[1].split(";\n", 1)[0])
    assert files == {
        "/index.html": {
            "type": "text/html; charset=utf-8",
            "etag": f'"{workers_bundle.asset_hash("/index.html", page.encode())}"',
            "size": len(page),
            "forms": ["/_forms/contact"],
        },
        "/logo.png": {"type": "image/png", "etag": f'"{logo}"', "size": len(PNG)},
    }
    assert "<p>hi</p>" not in generated  # the bytes are assets, not part of the script
    assert '"site_id": 7' in generated


def test_the_edge_script_puts_the_assets_in_its_store(tmp_path: Path) -> None:
    upload = workers_bundle.site_worker_upload({"logo.png": PNG}, site_id=7)

    script = upload.script(tmp_path)

    logo = workers_bundle.asset_hash("/logo.png", PNG)
    assert script["assets"] == {
        "directory": str(tmp_path.resolve()),
        "manifest": {"/logo.png": {"hash": logo, "content_type": "image/png", "size": len(PNG)}},
        "config": upload.assets_config,
    }
    assert (tmp_path / logo[:2] / logo).read_bytes() == PNG
    with pytest.raises(ValueError, match="give a directory"):
        upload.script()
