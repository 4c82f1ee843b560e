from tests.billing.local_fixtures import (  # noqa: F401 - shared fixtures
    local_stripe,
    local_stripe_server,
    receiver,
)
