/**
 * Code24 site Worker: the template every built site runs as, one script per site in the
 * dispatch namespace. The build pipeline does not edit this file: it uploads it unchanged
 * as the main module next to a generated module, "site_files.js", made by
 * `code24.cloudflare.workers_bundle.site_worker_upload()`, which lists the site's files
 * without their bytes:
 *
 *   export const files = {
 *     "/index.html":   {type: "text/html; charset=utf-8", etag: "\"<asset hash>\"", size: 1234,
 *                       forms: ["/_forms/contact"]},       // a page's <form action>s, if any
 *     "/img/logo.png": {type: "image/png", etag: "\"<asset hash>\"", size: 999},
 *   };
 *   export const config = {site_id: 123, forms: {"/contact": "contact"}, thank_you: "/thanks"};
 *
 * The bytes are the Worker's static assets (uploaded with the script, html_handling
 * "none", run_worker_first): the ASSETS binding answers `env.ASSETS.fetch(<exact path>)`
 * with them. The Worker decides everything else itself (which file a URL is, headers,
 * caching, 304s, the 404 page, forms), so a site serves the same on Cloudflare and on the
 * local edge. A file the binding does not give (which should not happen) is a 502 page.
 *
 * Serving (GET and HEAD; any other method is 405 with an Allow header):
 *   "/" is /index.html; "/about" is /about, /about.html or /about/index.html (first found);
 *   "/about/" is /about/index.html or /about.html. Unknown paths get the site's /404.html
 *   with status 404, or a plain 404 page when the site has none.
 *   Every response carries the security headers in SECURITY_HEADERS (a strict CSP with
 *   default-src 'self' and frame-ancestors 'none', HSTS, nosniff, Referrer-Policy, and a
 *   Permissions-Policy refusing the powerful features in PERMISSIONS_POLICY).
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
 *    ("page" is the address of the page that holds the form instead when the Referer is
 *    the form's own address: a second try from the page given back after a refusal)
 *    "client_ip": "<CF-Connecting-IP or null>", "user_agent": "...",
 *    "submitted_at": "<ISO 8601>"}
 * Code24 answers 2xx when it stored the submission; when it refuses it, 400 (or 422) with
 * {"error": "<sentence>", "fields": {"<field>": "<sentence>"}} ("fields" optional), 413
 * with {"error": ...} when it is too long, or 429 with {"error": ...} and a Retry-After
 * header when this visitor sent too many. Any other answer (401, 404, 5xx, no answer in
 * 10 s) is Code24 failing. The Worker then answers the visitor:
 *   - success: JSON requests (a JSON body, or Accept: application/json) get {"ok": true}
 *     (200); others a 303 to "_next", else config.thank_you, else /thanks when the site
 *     has that page, else a plain thank-you page (200);
 *   - failure, with these statuses: 400 (refused, or the body is unreadable), 413 (too
 *     large), 403 (cross-site), 429 (rate limited; Code24's Retry-After is passed on),
 *     502 (Code24 unreachable or failing), 503 (forms not configured). JSON requests get
 *     {"ok": false, "error": "...", "fields": {...}} ("fields" only when Code24 named
 *     fields). Others get the site's page that holds the form (the Referer's page when it
 *     has a <form> whose action is this path, else the first such page), rewritten with
 *     HTMLRewriter: "Message not sent: " before its title; a summary at the top of the
 *     form (role="alert", autofocus, each field's problem linking to
 *     #<form id>-<field name>); the values sent put back into the form's inputs and
 *     textareas (not hidden, password or file inputs, nor "_" controls); each refused
 *     field marked aria-invalid="true", aria-describedby its <p class="field-error">
 *     right after it. Every value and sentence is escaped. A cross-site POST (403) gets
 *     no values back: they were typed on another website. A site without such a page gets
 *     a plain page (with the site's stylesheet) listing what was sent. Bodies over 64 KiB
 *     are given back up to 256 KiB, to shorten. Refusals are never cached (no-store).
 */

import { files, config } from "./site_files.js";

// Powerful features no generated site uses, refused for the page and anything it embeds.
// FLoC's "interest-cohort" is gone: that trial ended in 2022 and no browser knows the name
// now; "browsing-topics" is what replaced it.
const PERMISSIONS_POLICY = [
  "accelerometer",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "magnetometer",
  "microphone",
  "payment",
  "usb",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; " +
    "form-action 'self'; frame-ancestors 'none'",
  "Strict-Transport-Security": "max-age=31536000",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": PERMISSIONS_POLICY,
};

const CACHE_HTML = "public, max-age=0, must-revalidate";
const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";
const CACHE_ASSET = "public, max-age=3600";
const CACHE_NONE = "no-store";

const MAX_FORM_BYTES = 64 * 1024;
// A longer body is refused too, but up to this size what it held is given back to shorten.
const MAX_GIVE_BACK_BYTES = 256 * 1024;
const MAX_FIELDS = 50;
const FORWARD_TIMEOUT_MS = 10_000;
const FORM_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const HASHED_NAME = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i;

const TOO_LONG = "The message is too long. Please shorten it and send it again.";
const NOT_SENT = "The message could not be sent just now. Please try again in a minute.";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const formName = formFor(url.pathname);
    if (request.method === "GET" || request.method === "HEAD") {
      return serve(request, env, url);
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

function serve(request, env, url) {
  const path = resolve(url.pathname);
  if (path === null) {
    return notFound(request, env, url);
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
  return fileResponse(request, env, url, path, 200, headers);
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

/** The bytes of a site file (a stream), from the Worker's static assets. */
async function assetBody(env, url, path) {
  const address = new URL(path.split("/").map(encodeURIComponent).join("/"), url.origin);
  const answer = await env.ASSETS.fetch(address);
  if (!answer.ok) {
    await answer.body?.cancel();
    throw new Error(`the asset ${path} answered ${answer.status}`);
  }
  return answer.body;
}

async function fileResponse(request, env, url, path, status, headers) {
  if (request.method === "HEAD") {
    headers.set("Content-Length", String(files[path].size));
    return new Response(null, { status, headers });
  }
  let body;
  try {
    body = await assetBody(env, url, path);
  } catch (error) {
    console.error(`site ${config.site_id ?? null}: ${error.message}`);
    return textPage(502, "Page unavailable", "This page could not be loaded. Please try again.");
  }
  return new Response(body, { status, headers });
}

function notFound(request, env, url) {
  const page = files["/404.html"];
  if (page === undefined) {
    const response = textPage(404, "Page not found", "There is no page at this address.");
    if (request.method === "HEAD") {
      return new Response(null, { status: 404, headers: response.headers });
    }
    return response;
  }
  const headers = secureHeaders({ "Content-Type": page.type, "Cache-Control": CACHE_NONE });
  return fileResponse(request, env, url, "/404.html", 404, headers);
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
  // Every refusal: JSON for JSON clients, else the page the form is on, in the site's own
  // design, with what the visitor typed put back and each problem beside its field.
  const refuse = (status, error, problem = {}) =>
    wantsJson
      ? jsonRefusal(status, error, problem)
      : formPage(request, env, url, status, { error, ...problem });

  const origin = request.headers.get("Origin");
  if (origin && origin !== "null" && hostOf(origin) !== url.host) {
    // Not given back: those values were typed on another website, and this site's page
    // must not show words another site chose.
    return refuse(403, "This form can only be sent from its own website.");
  }

  let raw;
  try {
    raw = await readLimited(request, MAX_GIVE_BACK_BYTES);
  } catch {
    return refuse(413, TOO_LONG);
  }
  let entries;
  try {
    entries = await parseFields(raw, contentType, isJson);
  } catch {
    return refuse(400, "The form could not be read. Please fill it in and send it again.");
  }
  const values = valuesOf(entries);
  if (raw.byteLength > MAX_FORM_BYTES) {
    return refuse(413, TOO_LONG, { values });
  }
  if (entries.length > MAX_FIELDS) {
    return refuse(413, "The form has too many fields.", { values });
  }
  if (!env.FORMS_ENDPOINT) {
    return refuse(503, "This form is not accepting messages yet. Please try again later.", {
      values,
    });
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
      return refuse(failure.status, failure.error, {
        values,
        fields: failure.fields,
        retryAfter: failure.retryAfter,
      });
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

/** name -> [values], in the order sent (a field may be sent more than once). */
function valuesOf(entries) {
  const values = new Map();
  for (const [key, value] of entries) {
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
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
    page: submittedFrom(request, url),
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
    return { status: 502, error: NOT_SENT };
  }
  if (response.ok) {
    return null;
  }
  let answer = {};
  try {
    answer = await response.json();
  } catch {
    // Code24 gave no JSON: the general sentences below stand.
  }
  const sentence = typeof answer?.error === "string" && answer.error ? answer.error : null;
  if (response.status === 400 || response.status === 422) {
    return {
      status: 400,
      error: sentence ?? "The form was not accepted. Please check it and send it again.",
      fields: fieldErrors(answer?.fields),
    };
  }
  if (response.status === 413) {
    return { status: 413, error: sentence ?? TOO_LONG };
  }
  if (response.status === 429) {
    const retryAfter = retryAfterSeconds(response.headers.get("Retry-After"));
    return {
      status: 429,
      retryAfter,
      error:
        sentence ??
        `You have sent several messages in a short time. Please try again ${inTime(retryAfter)}.`,
    };
  }
  console.error(`site ${siteId}: form forward answered ${response.status}`);
  return { status: 502, error: NOT_SENT };
}

/** The Referer; but a second try after a refusal comes from the form's own address (the
 * page was given back there), so then the address of the page that holds the form. */
function submittedFrom(request, url) {
  const referer = request.headers.get("Referer");
  let from;
  try {
    from = new URL(referer);
  } catch {
    return referer;
  }
  if (from.host !== url.host || from.pathname !== url.pathname) {
    return referer;
  }
  const path = pageWithForm(request, url);
  if (path === null) {
    return referer;
  }
  const pretty = path.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "");
  return new URL(pretty, url).href;
}

/** Code24's {field: sentence}, keeping only string sentences. */
function fieldErrors(value) {
  const fields = {};
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [name, sentence] of Object.entries(value)) {
      if (typeof sentence === "string" && sentence) fields[name] = sentence;
    }
  }
  return fields;
}

/** Retry-After (seconds or an HTTP date) as whole seconds, 1 to a day; null if absent. */
function retryAfterSeconds(header) {
  if (!header) {
    return null;
  }
  const seconds = /^\d+$/.test(header.trim())
    ? Number(header.trim())
    : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.min(86_400, Math.max(1, Math.ceil(seconds))) : null;
}

function inTime(seconds) {
  if (seconds === null) {
    return "in a few minutes";
  }
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "in 1 minute" : `in ${minutes} minutes`;
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

// --- The form again, after a refusal -------------------------------------------------

const NOT_REFILLED = new Set(["hidden", "submit", "button", "reset", "image", "file", "password"]);
const formPages = new Map(); // form path -> the page holding that form, or null

/**
 * The page the form was on, rewritten (HTMLRewriter) so the visitor loses nothing: the
 * values they sent back in their fields, a summary of the problem at the top of the form
 * (focused on load, so it scrolls into view and is read out), each field's problem beside
 * it with aria-invalid and aria-describedby. Without such a page: a plain page that lists
 * what they wrote.
 */
async function formPage(request, env, url, status, problem) {
  const headers = secureHeaders({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": CACHE_NONE,
  });
  if (problem.retryAfter) {
    headers.set("Retry-After", String(problem.retryAfter));
  }
  const path = pageWithForm(request, url);
  if (path === null) {
    return textPage(status, "Your message was not sent", problem.error, problem.values, headers);
  }
  let body;
  try {
    body = await assetBody(env, url, path);
  } catch (error) {
    console.error(`site ${config.site_id ?? null}: ${error.message}`);
    return textPage(status, "Your message was not sent", problem.error, problem.values, headers);
  }
  return refill(new Response(body, { status, headers }), url, problem);
}

/** The page whose form posts to this URL: the Referer's page when it has that form,
 * else the first page that has it; null when no page does. */
function pageWithForm(request, url) {
  const referer = request.headers.get("Referer");
  if (referer) {
    try {
      const from = new URL(referer);
      const path = from.host === url.host ? resolve(from.pathname) : null;
      if (path !== null && holdsForm(path, url)) {
        return path;
      }
    } catch {
      // An unreadable Referer: look for the page below.
    }
  }
  if (!formPages.has(url.pathname)) {
    const path = Object.keys(files)
      .filter((name) => files[name].type.startsWith("text/html"))
      .sort()
      .find((name) => holdsForm(name, url));
    formPages.set(url.pathname, path ?? null);
  }
  return formPages.get(url.pathname);
}

/** Whether the page has a form posting to this URL (its actions are listed in `files`). */
function holdsForm(path, url) {
  const file = files[path];
  return file.type.startsWith("text/html") && (file.forms ?? []).some((a) => postsTo(a, url));
}

function postsTo(action, url) {
  try {
    const target = new URL(action.replaceAll("&amp;", "&"), url);
    return target.host === url.host && target.pathname === url.pathname;
  } catch {
    return false;
  }
}

function refill(page, url, problem) {
  const values = problem.values ?? null;
  const fields = problem.fields ?? {};
  let inForm = false;
  let formId = "form";
  let found = false;
  return new HTMLRewriter()
    .on("title", {
      element(title) {
        title.prepend("Message not sent: ");
      },
    })
    .on("form", {
      element(form) {
        if (found || !postsTo(form.getAttribute("action") ?? "", url)) {
          return;
        }
        found = true;
        inForm = true;
        formId = form.getAttribute("id") || "form";
        form.prepend(summary(formId, problem), { html: true });
        form.onEndTag(() => {
          inForm = false;
        });
      },
    })
    .on("input", {
      element(input) {
        if (!inForm) return;
        const name = input.getAttribute("name");
        const type = (input.getAttribute("type") ?? "text").toLowerCase();
        if (!name || name.startsWith("_") || NOT_REFILLED.has(type)) return;
        const sent = values?.get(name) ?? [];
        if (type === "checkbox" || type === "radio") {
          if (values === null) return;
          if (sent.includes(input.getAttribute("value") ?? "on")) input.setAttribute("checked", "");
          else input.removeAttribute("checked");
        } else if (values !== null) {
          input.setAttribute("value", attributeText(sent[0] ?? ""));
        }
        markProblem(input, name, fields, formId);
      },
    })
    .on("textarea", {
      element(textarea) {
        if (!inForm) return;
        const name = textarea.getAttribute("name");
        if (!name) return;
        if (values !== null) {
          // Text, so escaped; the parser drops one newline right after <textarea>, so one
          // goes first and a message that starts with a blank line keeps it.
          textarea.setInnerContent(`\n${values.get(name)?.[0] ?? ""}`);
        }
        markProblem(textarea, name, fields, formId);
      },
    })
    .transform(page);
}

/** lol-html's setAttribute escapes `"` but, as documented, not `&`: escape here. */
function attributeText(text) {
  return String(text)
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

function fieldId(formId, name) {
  return `${formId}-${name}`;
}

function markProblem(element, name, fields, formId) {
  if (!Object.hasOwn(fields, name)) return;
  const id = element.getAttribute("id") || fieldId(formId, name);
  element.setAttribute("id", attributeText(id));
  const errorId = `${id}-error`;
  const describedBy = [element.getAttribute("aria-describedby"), errorId].filter(Boolean);
  element.setAttribute("aria-invalid", "true");
  element.setAttribute("aria-describedby", attributeText(describedBy.join(" ")));
  element.after(
    `<p class="field-error" id="${escapeHtml(errorId)}">${escapeHtml(fields[name])}</p>`,
    { html: true },
  );
}

function summary(formId, problem) {
  const fields = Object.entries(problem.fields ?? {});
  const id = `${formId}-problem`;
  const detail = fields.length
    ? `<ul>${fields
        .map(
          ([name, sentence]) =>
            `<li><a href="#${escapeHtml(fieldId(formId, name))}">${escapeHtml(sentence)}</a></li>`,
        )
        .join("")}</ul>`
    : `<p>${escapeHtml(problem.error)}</p>`;
  const kept = problem.values ? "<p>What you wrote is still in the form.</p>" : "";
  return (
    `<div class="form-problem" id="${escapeHtml(id)}" role="alert" tabindex="-1" autofocus ` +
    `aria-labelledby="${escapeHtml(id)}-title">` +
    `<p class="form-problem-title" id="${escapeHtml(id)}-title">` +
    "Your message has not been sent yet</p>" +
    `${detail}${kept}</div>`
  );
}

function jsonRefusal(status, error, problem) {
  const body = { ok: false, error };
  if (problem.fields && Object.keys(problem.fields).length) {
    body.fields = problem.fields;
  }
  const response = jsonResponse(status, body);
  if (problem.retryAfter) {
    response.headers.set("Retry-After", String(problem.retryAfter));
  }
  return response;
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

/** A page of the Worker's own, with the site's stylesheet when it has one; `values`
 * (name -> [values]) are listed so a visitor can copy what they wrote. */
function textPage(status, title, message, values = null, headers = null) {
  const stylesheet = Object.keys(files)
    .sort()
    .find((path) => files[path].type.startsWith("text/css"));
  const link = stylesheet ? `<link rel="stylesheet" href="${escapeHtml(stylesheet)}">` : "";
  const written = [...(values ?? new Map())].filter(
    ([name, sent]) => !name.startsWith("_") && sent.some((value) => value.trim()),
  );
  const list = written.length
    ? "<h2>What you wrote</h2><dl>" +
      written
        .map(([name, sent]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(sent.join(", "))}</dd>`)
        .join("") +
      "</dl>"
    : "";
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>${link}</head>
<body><main class="container narrow message-page"><h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>${list}
<p><a href="/">Back to the home page</a></p></main></body>
</html>
`;
  return new Response(body, {
    status,
    headers:
      headers ??
      secureHeaders({
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": CACHE_NONE,
      }),
  });
}
