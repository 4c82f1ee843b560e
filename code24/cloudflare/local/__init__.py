"""The local Cloudflare: a faithful double of the parts of Cloudflare that Code24 uses.

Run it with ``manage.py local_cloudflare`` (the run command starts it). It serves:

- ``/client/v4/...``: Cloudflare's API v4 for every endpoint ``code24/cloudflare/client.py``
  calls (custom hostnames and the fallback origin, dispatch namespaces and their scripts,
  account-level Workers, KV namespaces, values, keys and bulk writes), with Cloudflare's
  envelope, status and error codes, page and cursor pagination, ids and timestamps.
  ``Authorization: Bearer <token>`` must carry the token Code24's client sends without
  CLOUDFLARE_API_TOKEN (``client.LOCAL_API_TOKEN``); any other is refused as Cloudflare
  refuses an unknown token (401, code 10000). State lives in SQLite under
  ``LOCAL_CLOUDFLARE_STATE_DIR``.
- ``/__local__/dns`` and ``/__local__/dns/records``: the local DNS provider, always on
  when a DNS server is attached (``dns_provider.py``): a page titled "Local DNS provider"
  and ``GET|POST|DELETE`` of records as JSON. They stand in for customers' DNS providers.
- ``/__local__/...``: the control API, only with ``LOCAL_CLOUDFLARE_CONTROL=true``:
  ``POST /__local__/hostnames/<hostname or id>/dns`` (treat its DNS as configured, for
  demos), ``POST /__local__/hostnames/<hostname or id>/certificate`` with
  ``{"expires_on": <time>, "renew": <bool>}`` (a certificate near expiry, or one that is
  not being renewed), ``GET|POST|DELETE /__local__/faults`` (fault injection, see
  ``faults.py``), ``GET /__local__/requests`` (the request log), ``POST /__local__/check``
  (run the hostname checker now; ``{"watch": true}`` re-checks active hostnames too),
  ``GET /__local__/snapshot`` (what the edge was given).

Custom hostnames go through Cloudflare's lifecycle and become active only when their
proof is seen in DNS or over HTTP (``lifecycle.py``); active ones get a certificate with
Cloudflare's fields, renewed from 30 days before its 90 days run out (``certificates.py``),
and become ``moved`` when their CNAME leaves the fallback origin.

The local DNS (``dns.py``)
--------------------------

``LocalDNS(host="127.0.0.1", port=0, path=None, records=None)`` is an authoritative DNS
server on loopback (UDP and TCP) holding the records customers would add at their DNS
provider: ``add(name, type, value, ttl=None)``, ``delete(name, type=None, value=None)``,
``records`` (the store), ``queries`` (recent questions), ``address`` ("127.0.0.1:<port>").
``manage.py local_cloudflare`` runs one on ``LOCAL_DNS_PORT`` (records in
``<state dir>/dns.json``, seeded with ``platform_records``: the fallback origin and
``*.<PLATFORM_DOMAIN>`` at 127.0.0.1) and hands it to ``LocalCloudflare(dns=...)``, whose
checks ask it through ``LOCAL_CLOUDFLARE_DNS`` (that server by default). The tests' shared
``cloudflare`` fixture starts its own (``cloudflare.dns``); no test asks the system resolver.

Local-only deviation: with ``localhost_hostnames`` (``DOMAINS_ALLOW_LOCALHOST``, on without
a real token) custom hostnames under ``.localhost`` are accepted, which Cloudflare refuses
(1409), so that the whole custom-domain flow runs on one machine (``api.py``).

The edge interface
------------------

The sites themselves are served by the edge (``edge.py``: the real dispatcher Worker and
site scripts in workerd, through miniflare). The two halves meet here:

``code24.cloudflare.local.edge.Edge``
    ``Edge()`` needs no arguments (``port`` defaults to 8788), and has ``start()``
    (returns once it serves), ``stop()``, ``apply(delta: dict) -> None`` (only what
    changed), ``sync(snapshot: dict) -> None`` (everything), ``url`` (the edge's base URL,
    e.g. ``http://127.0.0.1:8788``) and ``check_script(script) -> str | None`` (workerd's
    error for a script that cannot start, else None).

``LocalCloudflare(on_change=edge.apply, check_script=edge.check_script)``
    The server calls ``on_change(delta)`` once when it starts with the whole state (the
    snapshot below with ``"full": True``), and after every change the edge must see with
    only that change (the delta format is in ``edge.py``): a script or the dispatcher
    uploaded or deleted, KV keys written or deleted, a custom hostname becoming active or
    an active one being deleted. So the cost of a deploy never depends on how many sites
    there are. Calls are serialised and synchronous (the API answers after the edge has
    the change). An exception in ``on_change`` is logged; the API call still succeeds.
    ``check_script`` (optional) is asked about every upload before it is stored: an error
    refuses the upload with 400 / 10021, as Cloudflare refuses a Worker that throws at
    startup. ``manage.py local_cloudflare`` wires both.

The snapshot (``State.snapshot``)::

    {
      "namespace": "<dispatch namespace name>",          # CLOUDFLARE_DISPATCH_NAMESPACE
      "dispatcher": <script> | None,                     # CLOUDFLARE_DISPATCHER_NAME
      "scripts": {"<script name>": <script>, ...},       # the namespace's scripts
      "kv": {"<namespace id>": {"<key>": "<value text>", ...}, ...},
      "kv_titles": {"<namespace id>": "<title>", ...},
      "active_hostnames": ["shop.example.org", ...],     # custom hostnames with status active
      "platform_domain": "<PLATFORM_DOMAIN>",
    }
    <script> = {
      "name": "...", "main_module": "index.js", "compatibility_date": "2025-09-01",
      "compatibility_flags": [...],
      "modules": [{"name", "content_type", "text"}],     # "base64" instead of "text" when
                                                         # a module is not UTF-8 (wasm)
      "bindings": [...],                                 # as uploaded, Cloudflare's shapes
    }

KV values are given as text (UTF-8, undecodable bytes replaced); expired keys are left out.

The dispatcher is uploaded by ``manage.py cloudflare_setup`` (and by ``local_cloudflare``
on start) as ``code24.cloudflare.workers_bundle.dispatcher_upload`` builds it: its modules
and its bindings (``ROUTES``: the routes KV namespace, ``DISPATCHER``: the namespace).
"""

from code24.cloudflare.local.server import LocalCloudflare

__all__ = ["LocalCloudflare"]
