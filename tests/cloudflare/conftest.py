"""Shared fixtures for tests/cloudflare.

The local Cloudflare's fixtures live in ``local_fixtures.py`` and are imported here.
The local edge's (workerd) fixtures live in ``edge_fixtures.py`` and are imported here.
"""

from __future__ import annotations

from tests.cloudflare.edge_fixtures import (  # noqa: F401 - fixtures
    forms_endpoint,
    forms_server,
)
from tests.cloudflare.local_fixtures import (  # noqa: F401 - fixtures
    TokenServer,
    client,
    deltas,
    dns_server,
    local_cloudflare,
    local_options,
    make_client,
    make_local_cloudflare,
    ready,
    sleeps,
    snapshots,
    state_dir,
    token_server,
    wait_until,
)
