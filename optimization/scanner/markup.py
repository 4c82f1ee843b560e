"""What a page asks a browser to fetch (elements are named in reports with :mod:`dom`).

- :func:`is_inert` tells whether a browser with scripting on would load it at all
  (``Page.tree`` already keeps ``<noscript>`` and ``<template>`` content out of its
  elements; this guards a tree parsed otherwise);
- :func:`subresources` lists what a page asks the browser to fetch, with the element that
  asks, so an audit can match the scanner's fetched resources to the markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .dom import base_url

ResourceKind = Literal["stylesheet", "script", "image", "font", "media", "frame", "other"]


def inside(node: LexborNode, *tags: str) -> bool:
    """True when one of the node's ancestors is one of `tags`."""
    current = node.parent
    while current is not None:
        if current.tag in tags:
            return True
        current = current.parent
    return False


def is_inert(node: LexborNode) -> bool:
    """True inside ``<noscript>`` or ``<template>``: a scripting browser loads nothing there."""
    return inside(node, "noscript", "template")


@dataclass(frozen=True)
class Subresource:
    url: str  # absolute, without fragment
    kind: ResourceKind
    node: LexborNode
    attribute: str  # the attribute that names it ("src", "href", "srcset", "poster")


def resolve(base: str, reference: str) -> str:
    """``reference`` against ``base``, fragment dropped ("" for javascript:/empty refs)."""
    reference = reference.strip()
    if not reference or reference.lower().startswith(("javascript:", "#")):
        return ""
    return urldefrag(urljoin(base, reference))[0]


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` list (each candidate is ``URL [descriptor]``)."""
    urls = []
    for candidate in value.split(","):
        words = candidate.strip().split()
        if words:
            urls.append(words[0])
    return urls


# The <link> relations a browser fetches as the page loads. Not apple-touch-icon: only iOS
# reads it, when someone adds the page to a home screen (Chrome never requests it; in
# Lighthouse's runs of bbc.com, folha.uol.com.br and asahi.com the page's icons were
# requested and its apple-touch-icons were not).
_LINK_KINDS: dict[str, ResourceKind] = {
    "stylesheet": "stylesheet",
    "icon": "image",
    "modulepreload": "script",
}
_PRELOAD_AS: dict[str, ResourceKind] = {
    "style": "stylesheet",
    "script": "script",
    "image": "image",
    "font": "font",
    "audio": "media",
    "video": "media",
}


def subresources(tree: LexborHTMLParser, page_url: str) -> Iterator[Subresource]:
    """What the page asks a browser to fetch as it loads, in document order.

    ``srcset`` candidates are listed too (a browser fetches one of them); links and forms are
    not (they are fetched only when someone follows them).
    """
    base = base_url(tree, page_url)
    selector = (
        "link[href], script[src], img, source, video, audio, iframe[src], embed[src], "
        "object[data], input[type=image][src], track[src]"
    )
    for node in tree.css(selector):
        if is_inert(node):
            continue
        tag = node.tag
        attrs = node.attributes
        if tag == "link":
            rel = {word.lower() for word in (attrs.get("rel") or "").split()}
            kind: ResourceKind | None = None
            for word, word_kind in _LINK_KINDS.items():
                if word in rel:
                    kind = word_kind
            if "preload" in rel:
                kind = _PRELOAD_AS.get((attrs.get("as") or "").strip().lower(), "other")
            if "manifest" in rel:
                kind = "other"
            if kind is None:
                continue
            yield from _one(base, attrs.get("href"), kind, node, "href")
        elif tag == "script":
            yield from _one(base, attrs.get("src"), "script", node, "src")
        elif tag == "img" or (tag == "input"):
            yield from _one(base, attrs.get("src"), "image", node, "src")
            for url in srcset_urls(attrs.get("srcset") or ""):
                yield from _one(base, url, "image", node, "srcset")
        elif tag == "source":
            parent = node.parent
            kind = "image" if parent is not None and parent.tag == "picture" else "media"
            yield from _one(base, attrs.get("src"), kind, node, "src")
            for url in srcset_urls(attrs.get("srcset") or ""):
                yield from _one(base, url, kind, node, "srcset")
        elif tag in ("video", "audio"):
            yield from _one(base, attrs.get("src"), "media", node, "src")
            if tag == "video":
                yield from _one(base, attrs.get("poster"), "image", node, "poster")
        elif tag == "iframe":
            yield from _one(base, attrs.get("src"), "frame", node, "src")
        elif tag == "embed" or tag == "track":
            yield from _one(base, attrs.get("src"), "other", node, "src")
        elif tag == "object":
            yield from _one(base, attrs.get("data"), "other", node, "data")


def _one(
    base: str, reference: str | None, kind: ResourceKind, node: LexborNode, attribute: str
) -> Iterator[Subresource]:
    if reference is None:
        return
    url = resolve(base, reference)
    if url:
        yield Subresource(url, kind, node, attribute)
