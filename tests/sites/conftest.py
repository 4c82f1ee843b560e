"""Fixtures of the sites tests (defined in site_fixtures.py and pipeline_fixtures.py); none
is autouse, so the pipeline's end-to-end tests run the real tasks."""

from tests.sites.pipeline_fixtures import cloudflare
from tests.sites.site_fixtures import carol, dave, queued, site_files

__all__ = ["carol", "cloudflare", "dave", "queued", "site_files"]
