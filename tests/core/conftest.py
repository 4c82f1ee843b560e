"""Fixtures of the core tests: the local Cloudflare with its edge (see pipeline_fixtures)."""

from tests.sites.pipeline_fixtures import cloudflare

__all__ = ["cloudflare"]
