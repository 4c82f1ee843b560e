"""The optimization scanner: fetch a site, audit its pages, score them."""
