/**
 * Code24 platform dispatcher: the one Worker on Code24's zone route (`*.<platform domain>/*`
 * and the Cloudflare for SaaS fallback origin). It finds the site for the request's
 * hostname in the routes KV namespace and hands the request to that site's Worker in the
 * Workers for Platforms dispatch namespace.
 *
 * Bindings (uploaded by `manage.py cloudflare_setup`):
 *   ROUTES      kv_namespace        the routes namespace (below)
 *   DISPATCHER  dispatch_namespace  the namespace holding one script per site
 *
 * Route format. Key: the hostname, lowercase, no port, no trailing dot
 * ("acme.code24.dev", "www.acme-dental.com"). Value: JSON
 *   {
 *     "script": "site-123",          the script's name in the namespace (required unless
 *                                    "redirect" is "host")
 *     "site_id": 123,                Code24's site id (logged, informational)
 *     "redirect": null | "www" | "apex" | "host",
 *     "canonical_host": "acme.com"   where "redirect" sends requests (required for "host")
 *   }
 * "redirect" states the site's canonical form: with "www", a request for a hostname that
 * does not start with "www." is answered with a 301 to "www." + hostname; with "apex", a
 * request for "www.<name>" gets a 301 to "<name>". When "canonical_host" is given it is the
 * redirect's target instead of the derived one. "host" is a site's previous address: every
 * request gets a 301 to "canonical_host" (the site's address now). The path and query
 * string are kept, and redirects may be cached for an hour only (a previous address is
 * given up after a while). A request whose hostname already is canonical is served. Code24
 * writes one route per hostname it serves (both www and apex when a customer connects
 * both, and each previous address while it redirects).
 *
 * Answers of its own (every other response comes from the site's Worker):
 *   404 branded page: no route for this hostname.
 *   503 branded page: the route is unreadable, the script is missing ("Worker not found"
 *       fails at .fetch(), not at .get()), or the script threw / ran over its limits.
 *
 * Limits: each dispatch asks for LIMITS (CPU milliseconds, subrequests), the Workers for
 * Platforms custom-limits API. The local edge (workerd through miniflare) accepts the
 * option but does not enforce it.
 */

const LIMITS = { cpuMs: 50, subRequests: 20 };

const REDIRECTS = new Set(["www", "apex", "host"]);

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const hostname = url.hostname.toLowerCase().replace(/\.$/, "");

    let route;
    try {
      route = parseRoute(await env.ROUTES.get(hostname));
    } catch (error) {
      console.error(`dispatcher: unreadable route for ${hostname}: ${error.message}`);
      return unavailablePage(hostname);
    }
    if (route === null) {
      return notFoundPage(hostname);
    }

    const target = redirectTarget(hostname, route);
    if (target !== null && target !== hostname) {
      const location = new URL(url);
      location.hostname = target;
      return new Response(null, {
        status: 301,
        headers: { Location: location.toString(), "Cache-Control": "public, max-age=3600" },
      });
    }

    try {
      const worker = env.DISPATCHER.get(route.script, {}, { limits: LIMITS });
      return await worker.fetch(request);
    } catch (error) {
      const missing = String(error && error.message).startsWith("Worker not found");
      console.error(
        `dispatcher: ${hostname} -> ${route.script} (site ${route.site_id}) ` +
          `${missing ? "is missing" : "failed"}: ${error && error.message}`,
      );
      return unavailablePage(hostname);
    }
  },
};

/** Returns the route stored for a hostname, or null when there is none; throws if invalid. */
function parseRoute(text) {
  if (text === null || text === undefined) {
    return null;
  }
  const route = JSON.parse(text);
  if (typeof route !== "object" || route === null || Array.isArray(route)) {
    throw new Error("route is not a JSON object");
  }
  const redirect = route.redirect ?? null;
  if (redirect !== null && !REDIRECTS.has(redirect)) {
    throw new Error(`route has an unknown "redirect": ${redirect}`);
  }
  const canonical = route.canonical_host ?? null;
  if (canonical !== null && typeof canonical !== "string") {
    throw new Error('route "canonical_host" is not a string');
  }
  if (redirect === "host") {
    if (!canonical) {
      throw new Error('a "host" redirect has no "canonical_host"');
    }
  } else if (typeof route.script !== "string" || route.script === "") {
    throw new Error('route has no "script"');
  }
  return {
    script: route.script ?? null,
    site_id: route.site_id ?? null,
    redirect,
    canonical_host: canonical ? canonical.toLowerCase() : null,
  };
}

/** The hostname to redirect to, or null to serve the request. */
function redirectTarget(hostname, route) {
  if (route.redirect === "host") {
    return route.canonical_host;
  }
  const isWww = hostname.startsWith("www.");
  if (route.redirect === "www" && !isWww) {
    return route.canonical_host ?? `www.${hostname}`;
  }
  if (route.redirect === "apex" && isWww) {
    return route.canonical_host ?? hostname.slice(4);
  }
  return null;
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch],
  );
}

function notFoundPage(hostname) {
  return page(
    404,
    "Site not found",
    `There is no website at <strong>${escapeHtml(hostname)}</strong> yet.`,
    "If this is your domain, connect it to your site in the Code24 dashboard. " +
      "If you followed a link, the site may have moved.",
  );
}

function unavailablePage(hostname) {
  const response = page(
    503,
    "Site temporarily unavailable",
    `The website at <strong>${escapeHtml(hostname)}</strong> could not answer just now.`,
    "Please try again in a minute. The site's owner has been told.",
  );
  response.headers.set("Retry-After", "30");
  return response;
}

function page(status, title, lead, detail) {
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Code24</title>
<style>
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;
background:#f8fafc;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{max-width:32rem;padding:2rem;margin:1rem;background:#fff;border-radius:12px;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 .75rem}
.brand{font-weight:700;color:#4338ca;letter-spacing:.02em;margin:0 0 1.5rem}
.code{color:#6b7280;font-size:.875rem;margin-top:1.5rem}
strong{word-break:break-all}
</style>
</head>
<body>
<main>
<p class="brand">Code24</p>
<h1>${title}</h1>
<p>${lead}</p>
<p>${detail}</p>
<p class="code">Error ${status}</p>
</main>
</body>
</html>
`;
  return new Response(body, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
