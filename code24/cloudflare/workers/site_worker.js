/**
 * Code24 site Worker: the template every built site runs as, one script per site in the
 * dispatch namespace. The build pipeline does not edit this file: it uploads it unchanged
 * as the main module next to a generated module, "site_files.js", made by
 * `code24.cloudflare.workers_bundle.site_worker_upload()`:
 *
 *   export const files = {
 *     "/index.html": {type: "text/html; charset=utf-8", etag: "\"<sha256 prefix>\"",
 *                     size: 1234, body: "<!doctype html>..."},
 *     "/logo.png":   {type: "image/png", etag: "...", size: 999, base64: "iVBORw0..."},
 *   };
 *   export const config = {site_id: 123, forms: {"/contact": "contact"}, thank_you: "/thanks"};
 *
 * Serving (GET and HEAD; any other method is 405 with an Allow header):
 *   "/" is /index.html; "/about" is /about, /about.html or /about/index.html (first found);
 *   "/about/" is /about/index.html or /about.html. Unknown paths get the site's /404.html
 *   with status 404, or a plain 404 page when the site has none.
 *   Every response carries the security headers in SECURITY_HEADERS (a strict CSP with
 *   default-src 'self' and frame-ancestors 'none', HSTS, nosniff, Referrer-Policy).
 *   Cache-Control: HTML "public, max-age=0, must-revalidate"; a file whose name carries a
 *   content hash (app.3f9a8b7c.css, logo-3f9a8b7c.png: 8+ hex digits) "public,
 *   max-age=31536000, immutable"; other files "public, max-age=3600"; errors "no-store".
 *   Files have an ETag; If-None-Match answers 304.
 *
 * Forms. A POST to /_forms/<name> (name: a-z, 0-9, "-", "_") or to a path listed in
 * config.forms (path -> form name) is a form submission. The body may be urlencoded,
 * multipart (text fields only; files are ignored) or a JSON object, at most 64 KiB. Fields
 * whose name starts with "_" are controls, not data: "_next" is a same-site path to redirect
 * to afterwards, "_gotcha" is a honeypot (when filled the submission is accepted and dropped).
 * A POST whose Origin header names another host is refused (403).
 * The Worker forwards it to Code24:
 *   POST <FORMS_ENDPOINT>            (plain_text binding; the optional FORMS_TOKEN
 *                                     secret_text binding is sent as "Authorization: Bearer")
 *   Content-Type: application/json
 *   X-Code24-Site-Id: <site id>
 *   {"site_id": 123, "form": "contact", "path": "/_forms/contact", "host": "acme.com",
 *    "page": "<Referer or null>", "fields": {"name": "...", "email": "..."},
 *    "client_ip": "<CF-Connecting-IP or null>", "user_agent": "...",
 *    "submitted_at": "<ISO 8601>"}
 * Code24 answers 2xx when it stored the submission, 4xx with {"error": "<sentence>"} when
 * it refuses it. The Worker then answers the visitor:
 *   - JSON requests (a JSON body, or Accept: application/json): {"ok": true} (200), or
 *     {"ok": false, "error": "..."} with 400 (refused), 413 (too large), 403 (cross-site),
 *     502 (Code24 unreachable or failing), 503 (forms not configured);
 *   - other requests: 303 to "_next", else config.thank_you, else /thanks when the site
 *     has that page, else a plain thank-you page (200); errors as small HTML pages with
 *     the same statuses.
 */

import { files, config } from "./site_files.js";

const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; " +
    "form-action 'self'; frame-ancestors 'none'",
  "Strict-Transport-Security": "max-age=31536000",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
};

const CACHE_HTML = "public, max-age=0, must-revalidate";
const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
const CACHE_ASSET = "public, max-age=3600";
const CACHE_NONE = "no-store";

const MAX_FORM_BYTES = 64 * 1024;
const MAX_FIELDS = 50;
const FORWARD_TIMEOUT_MS = 10_000;
const FORM_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const HASHED_NAME = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;

const encoder = new TextEncoder();
const decoded = new Map();

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const formName = formFor(url.pathname);
    if (request.method === "GET" || request.method === "HEAD") {
      return serve(request, url);
    }
    if (request.method === "POST" && formName !== null) {
      return submitForm(request, env, url, formName);
    }
    const response = textPage(405, "Method not allowed", "This address does not accept that.");
    response.headers.set("Allow", formName !== null ? "POST" : "GET, HEAD");
    return response;
  },
};

// --- Files ---------------------------------------------------------------------------

function serve(request, url) {
  const path = resolve(url.pathname);
  if (path === null) {
    return notFound(request);
  }
  const file = files[path];
  const headers = secureHeaders({
    "Content-Type": file.type,
    "Cache-Control": cacheControl(path, file.type),
  });
  if (file.etag) {
    headers.set("ETag", file.etag);
    if (etagMatches(request.headers.get("If-None-Match"), file.etag)) {
      return new Response(null, { status: 304, headers });
    }
  }
  return fileResponse(request, path, 200, headers);
}

/** The files key serving a URL path, or null. */
function resolve(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const candidates = path.endsWith("/")
    ? [`${path}index.html`, path.length > 1 ? `${path.slice(0, -1)}.html` : null]
    : [path, `${path}.html`, `${path}/index.html`];
  for (const candidate of candidates) {
    if (candidate !== null && Object.hasOwn(files, candidate)) {
      return candidate;
    }
  }
  return null;
}

function cacheControl(path, type) {
  if (type.startsWith("text/html")) {
    return CACHE_HTML;
  }
  return HASHED_NAME.test(path) ? CACHE_IMMUTABLE : CACHE_ASSET;
}

function etagMatches(header, etag) {
  if (!header) {
    return false;
  }
  return header.trim() === "*" || header.split(",").some((tag) => tag.trim() === etag);
}

function bodyOf(path, file) {
  if (file.base64 === undefined) {
    return file.body;
  }
  let bytes = decoded.get(path);
  if (bytes === undefined) {
    const binary = atob(file.base64);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    decoded.set(path, bytes);
  }
  return bytes;
}

function fileResponse(request, path, status, headers) {
  const file = files[path];
  const body = bodyOf(path, file);
  if (request.method === "HEAD") {
    const size = file.size ?? (typeof body === "string" ? encoder.encode(body) : body).byteLength;
    headers.set("Content-Length", String(size));
    return new Response(null, { status, headers });
  }
  return new Response(body, { status, headers });
}

function notFound(request) {
  const page = files["/404.html"];
  if (page === undefined) {
    const response = textPage(404, "Page not found", "There is no page at this address.");
    if (request.method === "HEAD") {
      return new Response(null, { status: 404, headers: response.headers });
    }
    return response;
  }
  const headers = secureHeaders({ "Content-Type": page.type, "Cache-Control": CACHE_NONE });
  return fileResponse(request, "/404.html", 404, headers);
}

// --- Forms ---------------------------------------------------------------------------

/** The form name a POST to this path submits, or null when the path is no form. */
function formFor(pathname) {
  const forms = config.forms ?? {};
  if (Object.hasOwn(forms, pathname)) {
    return forms[pathname];
  }
  if (pathname.startsWith("/_forms/")) {
    const name = pathname.slice("/_forms/".length);
    return FORM_NAME.test(name) ? name : null;
  }
  return null;
}

async function submitForm(request, env, url, formName) {
  const contentType = (request.headers.get("Content-Type") ?? "").toLowerCase();
  const isJson = contentType.startsWith("application/json");
  const wantsJson = isJson || (request.headers.get("Accept") ?? "").includes("application/json");
  const reply = (status, error) =>
    wantsJson
      ? jsonResponse(status, { ok: false, error })
      : textPage(status, "Your message was not sent", error);

  const origin = request.headers.get("Origin");
  if (origin && origin !== "null" && hostOf(origin) !== url.host) {
    return reply(403, "This form can only be sent from its own website.");
  }
  if (!env.FORMS_ENDPOINT) {
    return reply(503, "This form is not accepting messages yet.");
  }

  let raw;
  try {
    raw = await readLimited(request, MAX_FORM_BYTES);
  } catch {
    return reply(413, "The message is too long. Please shorten it and send it again.");
  }
  let entries;
  try {
    entries = await parseFields(raw, contentType, isJson);
  } catch {
    return reply(400, "The form could not be read. Please fill it in and send it again.");
  }
  if (entries.length > MAX_FIELDS) {
    return reply(413, "The form has too many fields.");
  }

  const fields = {};
  const controls = {};
  for (const [key, value] of entries) {
    const target = key.startsWith("_") ? controls : fields;
    target[key] = Object.hasOwn(target, key) ? `${target[key]}, ${value}` : value;
  }

  if (!controls._gotcha) {
    const failure = await forward(request, env, url, formName, fields);
    if (failure !== null) {
      return reply(failure.status, failure.error);
    }
  }
  if (wantsJson) {
    return jsonResponse(200, { ok: true });
  }
  const next = safePath(controls._next) ?? safePath(config.thank_you) ?? thanksPage();
  if (next !== null) {
    return new Response(null, {
      status: 303,
      headers: secureHeaders({ Location: next, "Cache-Control": CACHE_NONE }),
    });
  }
  return textPage(200, "Thank you", "Your message has been sent.");
}

async function readLimited(request, limit) {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) {
    throw new Error("too large");
  }
  if (request.body === null) {
    return new Uint8Array(0);
  }
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new Error("too large");
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

async function parseFields(raw, contentType, isJson) {
  if (isJson) {
    const data = JSON.parse(new TextDecoder().decode(raw));
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      throw new Error("not an object");
    }
    return Object.entries(data).map(([key, value]) => [
      key,
      typeof value === "string" ? value : JSON.stringify(value),
    ]);
  }
  const form = await new Response(raw, { headers: { "Content-Type": contentType } }).formData();
  const entries = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") {
      entries.push([key, value]);
    }
  }
  return entries;
}

async function forward(request, env, url, formName, fields) {
  const siteId = config.site_id ?? null;
  const headers = {
    "Content-Type": "application/json",
    "X-Code24-Site-Id": String(siteId),
    "User-Agent": "Code24-Site-Worker",
  };
  if (env.FORMS_TOKEN) {
    headers.Authorization = `Bearer ${env.FORMS_TOKEN}`;
  }
  const payload = {
    site_id: siteId,
    form: formName,
    path: url.pathname,
    host: url.hostname,
    page: request.headers.get("Referer"),
    fields,
    client_ip: request.headers.get("CF-Connecting-IP"),
    user_agent: request.headers.get("User-Agent"),
    submitted_at: new Date().toISOString(),
  };
  let response;
  try {
    response = await fetch(env.FORMS_ENDPOINT, {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
  } catch (error) {
    console.error(`site ${siteId}: form forward failed: ${error.message}`);
    return { status: 502, error: "The message could not be sent. Please try again shortly." };
  }
  if (response.ok) {
    return null;
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 429) {
    let error = "The form was not accepted. Please check it and send it again.";
    try {
      const answer = await response.json();
      if (typeof answer.error === "string" && answer.error) {
        error = answer.error;
      }
    } catch {
      // Code24 gave no JSON sentence: keep the general one.
    }
    return { status: 400, error };
  }
  console.error(`site ${siteId}: form forward answered ${response.status}`);
  return { status: 502, error: "The message could not be sent. Please try again shortly." };
}

function hostOf(origin) {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** A same-site absolute path ("/thanks"), or null for anything else. */
function safePath(value) {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) {
    return null;
  }
  if (value.includes("\\") || /[\u0000-\u001f\u007f]/.test(value)) {
    return null;
  }
  return value;
}

function thanksPage() {
  return resolve("/thanks") === null ? null : "/thanks";
}

// --- Responses -----------------------------------------------------------------------

function secureHeaders(extra) {
  const headers = new Headers(SECURITY_HEADERS);
  for (const [name, value] of Object.entries(extra)) {
    headers.set(name, value);
  }
  return headers;
}

function jsonResponse(status, data) {
  return new Response(JSON.stringify(data), {
    status,
    headers: secureHeaders({
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": CACHE_NONE,
    }),
  });
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch],
  );
}

function textPage(status, title, message) {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
<p><a href="/">Back to the home page</a></p></main></body>
</html>
`;
  return new Response(body, {
    status,
    headers: secureHeaders({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": CACHE_NONE,
    }),
  });
}
