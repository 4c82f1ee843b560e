"""The site generator: turns a brief, brand, design and content into a site's files."""

from sites.generator.render import render_site

__all__ = ["render_site"]
