"""Fixtures of the sites tests (defined in site_fixtures.py; the local Cloudflare's
`cloudflare` fixture, from pipeline_fixtures.py, is in tests/conftest.py); none is
autouse, so the pipeline's end-to-end tests run the real tasks."""

from tests.sites.site_fixtures import carol, dave, queued, site_files

__all__ = ["carol", "dave", "queued", "site_files"]
