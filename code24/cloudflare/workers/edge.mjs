/**
 * The local Cloudflare edge: serves Code24's sites through the real dispatcher Worker and
 * the real site scripts, executed in workerd (Cloudflare's open-source runtime) through one
 * long-lived Miniflare instance. Started and fed by code24/cloudflare/local/edge.py.
 *
 *   node edge.mjs [--port 8788] [--host 127.0.0.1]
 *
 * Control protocol: JSON lines. Requests arrive on stdin, answers leave on stdout; workerd's
 * and Miniflare's own output goes to stderr. The first line on stdout is
 *   {"event": "ready", "url": "http://127.0.0.1:8788", "port": 8788, "cold_start_ms": 123}
 * and every request {"id": <n>, "op": ...} gets one answer {"id": <n>, "ok": true, ...} or
 * {"id": <n>, "ok": false, "error": "<sentence>"}. Operations:
 *   sync      {"snapshot": {...}}  make the edge serve this state (the shape is documented
 *             in edge.py). Answers {"restarted": bool, "ms": n, "errors": {script: message}}:
 *             the workerd process is restarted only when Worker code or bindings changed;
 *             KV contents and the hostname lists are applied without a restart. A script that
 *             does not start in workerd (syntax error, throws at load) is left out and
 *             reported in "errors" (a request routed to it then gets the dispatcher's 503), so
 *             one broken site never takes the others down.
 *   check     {"script": {...}}  start the script alone in a scratch workerd and answer
 *             {"error": null | "<workerd's message>"}; the API server can use it to refuse
 *             an upload the way Cloudflare does.
 *   ping      answers {}.
 *   shutdown  disposes workerd and exits.
 * When stdin closes (the Python side went away) the edge shuts down too.
 *
 * HTTP: the server on --port routes by the Host header as Cloudflare's edge does: a host
 * that is "<label>.<platform_domain>" or one of the active custom hostnames goes to the
 * dispatcher Worker (with CF-Connecting-IP and X-Forwarded-Proto set, client values
 * replaced); any other host gets Cloudflare's "Error 1001: DNS resolution error" page with
 * status 530. Before a dispatcher is uploaded, routed hosts get a 503 page saying so.
 * Not emulated: WebSockets, request.cf, CPU/subrequest limits, KV expiry and metadata.
 *
 * Dispatch namespaces: miniflare 4's own `dispatchNamespaces` option only proxies to a real
 * Cloudflare account (without a remote connection its get() throws "needs to be run
 * remotely"), so the edge builds the namespace itself: a wrapped binding (NAMESPACE_SOURCE)
 * whose worker holds one service binding per namespace script, giving the dispatcher the
 * real Workers for Platforms shape, env.DISPATCHER.get(name, args, options).fetch(request).
 */

import http from "node:http";
import readline from "node:readline";
import { Log, LogLevel, Miniflare } from "miniflare";
import { compatibilityDate as WORKERD_COMPATIBILITY_DATE } from "workerd";

// stdout carries the control protocol only.
console.log = console.info = console.debug = (...args) => console.error(...args);

const DISPATCHER_WORKER = "code24-edge:dispatcher";
const KV_WORKER = "code24-edge:kv";
const namespaceWorker = (ns) => `code24-edge:namespace:${ns}`;
const scriptWorker = (ns, name) => `code24-edge:script:${ns}:${name}`;
const DEFAULT_COMPATIBILITY_DATE = "2025-01-01";
// The key under which the dispatcher's own errors are reported (no script name has "(").
const DISPATCHER_KEY = "(dispatcher)";

const MODULE_TYPES = {
  "application/javascript+module": "ESModule",
  "text/javascript+module": "ESModule",
  "application/javascript": "CommonJS",
  "text/javascript": "CommonJS",
  "text/plain": "Text",
  "application/octet-stream": "Data",
  "application/wasm": "CompiledWasm",
};
const BINARY_TYPES = new Set(["Data", "CompiledWasm"]);

// A dispatch namespace as the wrapped binding module Miniflare runs: get(name) returns a
// fetcher; a missing script fails at fetch(), as on Cloudflare.
const NAMESPACE_SOURCE = `
export default function (env) {
  return {
    get(name, args, options) {
      const script = env["script:" + name];
      return {
        fetch(input, init) {
          if (script === undefined) {
            return Promise.reject(new Error("Worker not found."));
          }
          return script.fetch(input, init);
        },
      };
    },
  };
}
`;

// Writes KV batches: POST [{"binding": "KV0", "put": {key: value}, "delete": [key]}].
const KV_SOURCE = `
export default {
  async fetch(request, env) {
    for (const batch of await request.json()) {
      const kv = env[batch.binding];
      const ops = [
        ...Object.entries(batch.put).map(([key, value]) => () => kv.put(key, value)),
        ...batch.delete.map((key) => () => kv.delete(key)),
      ];
      for (let i = 0; i < ops.length; i += 100) {
        await Promise.all(ops.slice(i, i + 100).map((op) => op()));
      }
    }
    return new Response("ok");
  },
};
`;

class ScriptError extends Error {}

// --- Arguments -----------------------------------------------------------------------

function parseArgs(argv) {
  const args = { port: 8788, host: "127.0.0.1" };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--port") args.port = Number(value);
    else if (flag === "--host") args.host = value;
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new Error("--port must be a port number");
  }
  return args;
}

// --- Snapshot -> Miniflare workers ---------------------------------------------------

function compatibilityDate(value) {
  const date = value || DEFAULT_COMPATIBILITY_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new ScriptError(`compatibility_date ${JSON.stringify(date)} is not YYYY-MM-DD`);
  }
  // workerd refuses dates newer than its own build; Cloudflare accepts up to today.
  return date > WORKERD_COMPATIBILITY_DATE ? WORKERD_COMPATIBILITY_DATE : date;
}

function toModules(script) {
  const modules = script.modules ?? [];
  const main = script.main_module;
  if (!modules.some((m) => m.name === main)) {
    throw new ScriptError(`main_module ${JSON.stringify(main)} is not among the modules`);
  }
  // workerd runs the first module as the main one.
  const ordered = [
    ...modules.filter((m) => m.name === main),
    ...modules.filter((m) => m.name !== main),
  ];
  return ordered.map((m) => {
    const base = String(m.content_type ?? "").split(";")[0].trim().toLowerCase();
    const type = MODULE_TYPES[base];
    if (type === undefined) {
      throw new ScriptError(`module ${m.name} has unsupported content type ${m.content_type}`);
    }
    // A module arrives as "text", or as "base64" when its bytes are not UTF-8.
    const bytes =
      m.base64 !== undefined ? Buffer.from(m.base64, "base64") : Buffer.from(m.text ?? "", "utf8");
    const contents = BINARY_TYPES.has(type) ? new Uint8Array(bytes) : bytes.toString("utf8");
    return { type, path: m.name, contents };
  });
}

function toWorker(name, script, namespaces) {
  const worker = {
    name,
    modules: toModules(script),
    compatibilityDate: compatibilityDate(script.compatibility_date),
    compatibilityFlags: script.compatibility_flags ?? [],
    bindings: {},
    kvNamespaces: {},
    wrappedBindings: {},
    analyticsEngineDatasets: {},
  };
  for (const binding of script.bindings ?? []) {
    const bname = binding.name;
    switch (binding.type) {
      case "plain_text":
      case "secret_text":
        worker.bindings[bname] = String(binding.text ?? "");
        break;
      case "json":
        worker.bindings[bname] = binding.json ?? null;
        break;
      case "kv_namespace":
        worker.kvNamespaces[bname] = binding.namespace_id;
        break;
      case "dispatch_namespace":
        namespaces.add(binding.namespace);
        worker.wrappedBindings[bname] = { scriptName: namespaceWorker(binding.namespace) };
        break;
      case "analytics_engine":
        worker.analyticsEngineDatasets[bname] = { dataset: binding.dataset ?? bname };
        break;
      default:
        throw new ScriptError(
          `binding ${bname} has a type the local edge does not run: ${binding.type}`,
        );
    }
  }
  return worker;
}

/**
 * Returns {workers, owners, errors, hasDispatcher}: the Miniflare workers for a snapshot
 * (entry worker first), which script each worker name belongs to, and the scripts left out
 * (given in `excluded`, or failing conversion).
 */
function buildWorkers(snapshot, excluded) {
  const ns = snapshot.namespace;
  const namespaces = new Set();
  const owners = new Map();
  const errors = { ...excluded };
  const workers = [];

  let hasDispatcher = false;
  if (snapshot.dispatcher && !(DISPATCHER_KEY in errors)) {
    try {
      workers.push(toWorker(DISPATCHER_WORKER, snapshot.dispatcher, namespaces));
      owners.set(DISPATCHER_WORKER, DISPATCHER_KEY);
      hasDispatcher = true;
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      errors[DISPATCHER_KEY] = error.message;
    }
  }

  const scripts = [];
  for (const name of Object.keys(snapshot.scripts ?? {}).sort()) {
    if (name in errors) continue;
    try {
      scripts.push([name, toWorker(scriptWorker(ns, name), snapshot.scripts[name], namespaces)]);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      errors[name] = error.message;
    }
  }

  for (const bound of [...namespaces].sort()) {
    const serviceBindings = {};
    if (bound === ns) {
      for (const [name] of scripts) serviceBindings[`script:${name}`] = scriptWorker(ns, name);
    }
    workers.push({
      name: namespaceWorker(bound),
      modules: [{ type: "ESModule", path: "namespace.mjs", contents: NAMESPACE_SOURCE }],
      serviceBindings,
    });
  }
  for (const [name, worker] of scripts) {
    workers.push(worker);
    owners.set(worker.name, name);
  }

  const kvIds = new Set(Object.keys(snapshot.kv ?? {}));
  for (const worker of workers) {
    for (const id of Object.values(worker.kvNamespaces ?? {})) kvIds.add(id);
  }
  const kvBindings = {};
  [...kvIds].sort().forEach((id, i) => (kvBindings[`KV${i}`] = id));
  const kvWorker = {
    name: KV_WORKER,
    modules: [{ type: "ESModule", path: "kv.mjs", contents: KV_SOURCE }],
    compatibilityDate: DEFAULT_COMPATIBILITY_DATE,
    kvNamespaces: kvBindings,
  };
  // The first worker is the one the HTTP socket reaches.
  if (hasDispatcher) workers.splice(1, 0, kvWorker);
  else workers.unshift(kvWorker);
  return { workers, owners, errors, hasDispatcher, kvBindings };
}

// --- The edge ------------------------------------------------------------------------

class Edge {
  constructor(host) {
    this.host = host;
    this.mf = null;
    this.appliedKey = null;
    this.appliedWorkers = null;
    this.kvBindings = {};
    this.kvWritten = new Map(); // namespace id -> Map(key -> value) as stored in workerd
    this.platformDomain = null;
    this.activeHostnames = new Set();
    this.hasDispatcher = false;
    this.dispatcherError = null;
    this.broken = new Map(); // script -> {definition, message}: left out until it changes
    this.stderrCapture = null;
    this.stderrClosed = Promise.resolve();
    this.queue = Promise.resolve();
  }

  options(workers) {
    return {
      host: "127.0.0.1",
      port: 0,
      cf: false, // never fetch Request.cf from Cloudflare: the edge is offline
      log: new Log(LogLevel.WARN),
      handleRuntimeStdio: (stdout, stderr) => this.handleStdio(stdout, stderr),
      workers,
    };
  }

  handleStdio(stdout, stderr) {
    readline.createInterface(stdout).on("line", (line) => console.error(`[workerd] ${line}`));
    const lines = readline.createInterface(stderr);
    lines.on("line", (line) => {
      console.error(`[workerd] ${line}`);
      if (this.stderrCapture !== null) this.stderrCapture.push(line);
    });
    this.stderrClosed = new Promise((resolve) => lines.once("close", resolve));
  }

  async start() {
    const { workers } = buildWorkers({ namespace: "", scripts: {}, kv: {} }, {});
    this.mf = new Miniflare(this.options(workers));
    await this.mf.ready;
    this.appliedKey = JSON.stringify(workers);
    this.appliedWorkers = workers;
  }

  /** Runs operations one at a time. */
  serial(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** setOptions; on failure answers the workers workerd named in its errors. */
  async apply(workers) {
    this.stderrCapture = [];
    try {
      await this.mf.setOptions(this.options(workers));
      return { ok: true };
    } catch (error) {
      await Promise.race([this.stderrClosed, new Promise((r) => setTimeout(r, 1000))]);
      const broken = new Map();
      for (const line of this.stderrCapture) {
        const match = /service core:user:(.+?): (.*)$/.exec(line);
        if (match && !broken.has(match[1])) broken.set(match[1], match[2]);
      }
      return { ok: false, broken, error: `${error.message} ${this.stderrCapture.join(" | ")}` };
    } finally {
      this.stderrCapture = null;
    }
  }

  async sync(snapshot) {
    const started = performance.now();
    if (typeof snapshot?.namespace !== "string") {
      throw new Error("the snapshot needs a namespace name");
    }
    // Scripts that failed to start before and did not change stay out without a retry.
    const excluded = {};
    for (const [name, { definition, message }] of this.broken) {
      const script = name === DISPATCHER_KEY ? snapshot.dispatcher : snapshot.scripts?.[name];
      if (script && JSON.stringify(script) === definition) excluded[name] = message;
    }
    let built;
    let restarted = false;
    for (;;) {
      built = buildWorkers(snapshot, excluded);
      const key = JSON.stringify(built.workers);
      if (key === this.appliedKey) break;
      restarted = true;
      const attempt = await this.apply(built.workers);
      if (attempt.ok) {
        this.appliedKey = key;
        this.appliedWorkers = built.workers;
        this.kvBindings = built.kvBindings;
        break;
      }
      this.appliedKey = null; // workerd is down until an apply succeeds
      const culprits = [...attempt.broken].filter(([worker]) => built.owners.has(worker));
      if (culprits.length === 0) {
        // Nothing to blame on a script: go back to what ran before.
        const restore = await this.apply(this.appliedWorkers);
        if (restore.ok) this.appliedKey = JSON.stringify(this.appliedWorkers);
        throw new Error(`workerd did not start: ${attempt.error}`);
      }
      for (const [worker, message] of culprits) excluded[built.owners.get(worker)] = message;
    }
    this.broken = new Map();
    for (const [name, message] of Object.entries(built.errors)) {
      const script = name === DISPATCHER_KEY ? snapshot.dispatcher : snapshot.scripts?.[name];
      this.broken.set(name, { definition: JSON.stringify(script), message });
    }
    this.platformDomain = String(snapshot.platform_domain ?? "").toLowerCase() || null;
    this.activeHostnames = new Set((snapshot.active_hostnames ?? []).map((h) => h.toLowerCase()));
    this.hasDispatcher = built.hasDispatcher;
    this.dispatcherError = built.errors[DISPATCHER_KEY] ?? null;
    await this.syncKv(snapshot.kv ?? {});
    return { restarted, ms: Math.round(performance.now() - started), errors: built.errors };
  }

  async syncKv(kv) {
    const batches = [];
    for (const [binding, id] of Object.entries(this.kvBindings)) {
      const wanted = kv[id] ?? {};
      const written = this.kvWritten.get(id) ?? new Map();
      const put = {};
      const del = [];
      for (const [key, value] of Object.entries(wanted)) {
        if (written.get(key) !== value) put[key] = String(value);
      }
      for (const key of written.keys()) {
        if (!(key in wanted)) del.push(key);
      }
      if (Object.keys(put).length || del.length) batches.push({ binding, id, put, delete: del });
    }
    if (batches.length === 0) return;
    const worker = await this.mf.getWorker(KV_WORKER);
    const response = await worker.fetch("http://kv.local/", {
      method: "POST",
      body: JSON.stringify(batches),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`KV write failed: ${text}`);
    for (const batch of batches) {
      const written = this.kvWritten.get(batch.id) ?? new Map();
      for (const [key, value] of Object.entries(batch.put)) written.set(key, value);
      for (const key of batch.delete) written.delete(key);
      this.kvWritten.set(batch.id, written);
    }
  }

  async check(script) {
    const snapshot = { namespace: "check", scripts: { script }, kv: {} };
    const built = buildWorkers(snapshot, {});
    if (built.errors.script) return { error: built.errors.script };
    const lines = [];
    const mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      cf: false,
      log: new Log(LogLevel.NONE),
      handleRuntimeStdio: (stdout, stderr) => {
        readline.createInterface(stderr).on("line", (line) => lines.push(line));
        stdout.resume();
      },
      workers: built.workers,
    });
    try {
      await mf.ready;
      return { error: null };
    } catch (error) {
      await new Promise((r) => setTimeout(r, 100));
      const line = lines.find((l) => l.includes("core:user:")) ?? error.message;
      return { error: line.replace(/^.*?service core:user:.+?: /, "") };
    } finally {
      await mf.dispose().catch(() => {});
    }
  }

  routable(hostname) {
    const domain = this.platformDomain;
    if (domain && hostname.endsWith(`.${domain}`) && hostname.length > domain.length + 1) {
      return true;
    }
    return this.activeHostnames.has(hostname);
  }

  async dispose() {
    if (this.mf !== null) await this.mf.dispose();
  }
}

// --- HTTP ----------------------------------------------------------------------------

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
]);

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch],
  );
}

function rayId() {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function cloudflarePage(res, status, code, title, explanation, host) {
  const ray = rayId();
  const body = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8">
<title>${escapeHtml(host)} | ${code ? `Error ${code}: ` : ""}${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>${code ? `Error ${code}` : `Error ${status}`}</h1>
<h2>${title}</h2>
<p>${explanation}</p>
<p style="color:#666;font-size:.875rem">
Cloudflare Ray ID: ${ray} &bull; Local Cloudflare edge (Code24)</p>
</body>
</html>
`;
  res.writeHead(status, {
    "Content-Type": "text/html; charset=UTF-8",
    "Cache-Control": "private, max-age=0, no-store, no-cache, must-revalidate",
    "CF-Ray": `${ray}-LCL`,
    Server: "cloudflare",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

function hostnameOf(hostHeader) {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase().replace(/\.$/, "");
  } catch {
    return null;
  }
}

function serveHttp(edge, req, res) {
  const hostHeader = req.headers.host;
  const hostname = hostHeader ? hostnameOf(hostHeader) : null;
  if (!hostname) {
    cloudflarePage(res, 400, null, "Bad request", "The request has no valid Host header.", "");
    return;
  }
  if (!edge.routable(hostname)) {
    cloudflarePage(
      res,
      530,
      1001,
      "DNS resolution error",
      `The hostname <strong>${escapeHtml(hostname)}</strong> is not served by this Cloudflare ` +
        "zone: it is neither a platform subdomain nor an active custom hostname.",
      hostname,
    );
    return;
  }
  if (!edge.hasDispatcher) {
    const why = edge.dispatcherError
      ? `The dispatcher Worker does not start: ${escapeHtml(edge.dispatcherError)}`
      : "No dispatcher Worker has been uploaded yet: run <code>manage.py cloudflare_setup</code>.";
    cloudflarePage(res, 503, null, "No Worker on this route", why, hostname);
    return;
  }

  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && !name.startsWith("mf-") && !name.startsWith("cf-")) {
      headers[name] = value;
    }
  }
  const clientIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  headers.host = hostHeader;
  headers["cf-connecting-ip"] = clientIp;
  headers["x-forwarded-for"] = headers["x-forwarded-for"]
    ? `${headers["x-forwarded-for"]}, ${clientIp}`
    : clientIp;
  headers["x-forwarded-proto"] = "http";
  headers["cf-visitor"] = '{"scheme":"http"}';
  headers["cf-ray"] = `${rayId()}-LCL`;

  // The body is read first and sent in one write, as Cloudflare's edge buffers it, so
  // a Worker that answers before reading it never races the rest of the upload.
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    edge.mf.ready.then(
      (runtime) => forward(runtime, req, res, headers, body, hostname, 0),
      (error) => badGateway(res, hostname, error),
    );
  });
}

function forward(runtime, req, res, headers, body, hostname, retry) {
  let answered = false;
  const upstream = http.request(
    {
      hostname: runtime.hostname,
      port: runtime.port,
      method: req.method,
      path: req.url,
      headers,
    },
    (answer) => {
      answered = true;
      const out = [];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(answer.rawHeaders[i].toLowerCase())) {
          out.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
        }
      }
      res.writeHead(answer.statusCode, out);
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    const early = error.code === "EPIPE" || error.code === "ECONNRESET";
    // A kept-alive connection the runtime had already closed: the request never reached
    // it, so it is sent once more on a new connection (Node's documented remedy).
    if (early && !answered && upstream.reusedSocket && retry === 0 && !res.headersSent) {
      forward(runtime, req, res, headers, body, hostname, 1);
      return;
    }
    // A Worker may answer (413, say) without reading the whole body; writing the rest
    // then fails. That is not a failed request: wait briefly for its answer.
    if (early && answered) return;
    if (early) {
      setTimeout(() => answered || badGateway(res, hostname, error), 250);
      return;
    }
    badGateway(res, hostname, error);
  });
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy(); // the visitor went away
  });
  if (body.length || req.method !== "GET") {
    upstream.removeHeader("transfer-encoding");
    upstream.setHeader("content-length", body.length);
  }
  upstream.end(body);
}

function badGateway(res, hostname, error) {
  console.error(`edge: ${hostname}: ${error.message}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  cloudflarePage(res, 502, null, "Bad gateway", "The Workers runtime did not answer.", hostname);
}

// --- Main ----------------------------------------------------------------------------

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const edge = new Edge(args.host);
  await edge.start();

  const server = http.createServer((req, res) => serveHttp(edge, req, res));
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(args.port, args.host, resolve);
  });
  const port = server.address().port;
  const host = args.host.includes(":") ? `[${args.host}]` : args.host;

  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections?.();
    await edge.dispose().catch((error) => console.error(error));
    process.exit(code);
  };
  process.on("SIGTERM", () => shutdown(0));
  process.on("SIGINT", () => shutdown(0));

  const ops = {
    sync: (msg) => edge.sync(msg.snapshot),
    check: (msg) => edge.check(msg.script),
    ping: async () => ({}),
  };
  const input = readline.createInterface({ input: process.stdin });
  input.on("line", (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      send({ id: null, ok: false, error: "the control line is not JSON" });
      return;
    }
    if (msg.op === "shutdown") {
      send({ id: msg.id, ok: true });
      shutdown(0);
      return;
    }
    const op = ops[msg.op];
    if (op === undefined) {
      send({ id: msg.id, ok: false, error: `unknown operation ${JSON.stringify(msg.op)}` });
      return;
    }
    edge.serial(() => op(msg)).then(
      (result) => send({ id: msg.id, ok: true, ...result }),
      (error) => send({ id: msg.id, ok: false, error: String(error?.message ?? error) }),
    );
  });
  input.on("close", () => shutdown(0));

  send({
    event: "ready",
    url: `http://${host}:${port}`,
    port,
    cold_start_ms: Math.round(performance.now() - started),
  });
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  send({ event: "failed", error: String(error?.message ?? error) });
  process.exit(1);
});
