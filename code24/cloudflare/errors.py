"""The two errors the Cloudflare client raises, and the sentences customers see.

Every failure of a Cloudflare call is sorted once, in ``client.py``, into one of:

- ``CloudflareRetryableError``: 429 (with Cloudflare's ``retry-after``), 5xx, timeouts,
  dropped connections. Trying again later can succeed. The client has already retried
  within its budget; a task may schedule a later attempt (``retry_after`` says when).
- ``CloudflarePermanentError``: anything else. Trying again cannot help; it carries
  Cloudflare's error ``code``, Cloudflare's ``message`` (for logs and staff) and
  ``customer_message``, a sentence a customer can act on.
"""

from __future__ import annotations

# Cloudflare's error codes that Code24 turns into sentences for customers. The codes and
# their HTTP statuses are Cloudflare's (custom hostnames: 1400-1449, Workers: 100xx,
# KV: 100xx); the sentences are ours.
DUPLICATE_HOSTNAME = 1406
HOSTNAME_NOT_FOUND = 1436
SCRIPT_NOT_FOUND = 10007  # the schema's "Resource not found" for a Worker script
# Cloudflare documents no code for a missing dispatch namespace; this one is the local
# Cloudflare's, so that it is never mistaken for a missing script.
DISPATCH_NAMESPACE_NOT_FOUND = 10090

CUSTOMER_MESSAGES: dict[int, str] = {
    1405: (
        "We can't connect more domains right now. Please try again later; "
        "if it keeps happening, contact support."
    ),
    1406: "This domain is already connected to another site.",
    1407: (
        "This isn't a valid domain name. Enter a name like www.example.com, "
        "without http:// or a path."
    ),
    1408: "Domain names with non-ASCII characters aren't supported yet. Use the xn-- form.",
    1409: "Domains ending in .test, .example, .invalid or .localhost can't be connected.",
    1410: "This domain name has no registrable part. Enter a name like www.example.com.",
    1411: "Domains under example.com, example.net or example.org can't be connected.",
    1432: "That way of proving you own the domain isn't supported. Choose DNS (TXT) or HTTP.",
    1436: "This domain is no longer set up with us. Remove it and add it again.",
    10007: "The site's published version is missing. Publish the site again.",
    10090: (
        "Our hosting is not set up completely. This is our problem, not yours: "
        "please try again later."
    ),
}
DEFAULT_CUSTOMER_MESSAGE = (
    "Something went wrong while updating your site's hosting. Please try again; "
    "if it keeps happening, contact support."
)
AUTH_CUSTOMER_MESSAGE = (
    "Our hosting provider refused our credentials. This is our problem, not yours: "
    "please try again later."
)
# A statement of fact, true wherever it is shown: what happens next (a build waits and
# tries again by itself; a button asks to try again later) is said by the caller.
RETRY_CUSTOMER_MESSAGE = "Our hosting provider is busy or unreachable right now."
# Cloudflare's authentication and authorization failures (any API): missing or invalid
# credentials (9106, 9109, 6003, 6111, 10000) and 1000-1005 (custom hostnames' JWT checks).
AUTH_CODES = frozenset({1000, 1001, 1002, 1003, 1004, 1005, 6003, 6111, 9106, 9109, 10000})


def customer_message_for(code: int | None, status: int | None = None) -> str:
    if code in CUSTOMER_MESSAGES:
        return CUSTOMER_MESSAGES[code]
    if code in AUTH_CODES or status in (401, 403):
        return AUTH_CUSTOMER_MESSAGE
    return DEFAULT_CUSTOMER_MESSAGE


class CloudflareError(Exception):
    """Base of the client's errors: ``operation`` names the call that failed."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int | None = None,
        code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.status = status
        self.code = code

    def __str__(self) -> str:
        parts = [self.operation]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code is not None:
            parts.append(f"code {self.code}")
        return f"{' '.join(parts)}: {self.message}"


class CloudflareRetryableError(CloudflareError):
    """Cloudflare is busy or unreachable; the same call can succeed later.

    ``retry_after`` is Cloudflare's retry-after in seconds (429), when it sent one.
    ``attempts`` is how many times the client tried before giving up.
    """

    customer_message = RETRY_CUSTOMER_MESSAGE

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int | None = None,
        code: int | None = None,
        retry_after: float | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, operation=operation, status=status, code=code)
        self.retry_after = retry_after
        self.attempts = attempts


class CloudflarePermanentError(CloudflareError):
    """Cloudflare refused the call; trying again will not help.

    ``code`` is Cloudflare's error code (None when the answer carried none),
    ``message`` Cloudflare's text, ``customer_message`` a sentence for the customer.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int | None = None,
        code: int | None = None,
        customer_message: str | None = None,
    ) -> None:
        super().__init__(message, operation=operation, status=status, code=code)
        self.customer_message = customer_message or customer_message_for(code, status)
