"""The site generator: turns a brief, brand, design and content into a site's files."""

from sites.generator.render import render_site, render_spec

# Which generator made a version (SiteVersion.generator_version). Raise it with every change
# to the markup, styles, headers or structured data the generator produces: optimization
# cycles then bring older sites forward to it, one guarded cycle at a time.
GENERATOR_VERSION = 4  # 2: the copyright year in the footer; 3: facts (hours, map, links);
# 4: photos, the logo and self-hosted fonts (galleries are now a grid of 1-3 columns)

__all__ = ["GENERATOR_VERSION", "render_site", "render_spec"]
