"""Where a site lives and where its forms go."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.urls import reverse

from sites.models import Site

# The generated contact form posts here, on the site itself; the site Worker forwards the
# submission to Code24's lead endpoint (see code24/cloudflare/workers/site_worker.js).
FORM_ACTION = "/_forms/contact"


def site_address(site: Site) -> str:
    """The site's public address, e.g. https://bakery.code24.dev."""
    return settings.SITE_ADDRESS.format(host=site.hostname)


def forms_endpoint(site: Site) -> str:
    return settings.SITE_URL + reverse("lead_receive", args=[site.pk])


def forms_token(site: Site) -> str:
    """The secret the site's Worker sends with form submissions (one per site)."""
    return forms_token_for(site.pk)


def forms_token_for(site_id: int) -> str:
    """The forms token of the site with this id (it needs no database row)."""
    message = f"forms:{site_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
