"""Cloudflare: client.py is the only code that talks to Cloudflare."""
