from tests.billing.local_fixtures import local_stripe, local_stripe_server  # noqa: F401 - shared fixtures
