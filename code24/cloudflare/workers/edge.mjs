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
 *   apply     {"delta": {...}}  change what the edge serves (the shape is documented in
 *             edge.py): only what the delta names is touched. Answers {"restarted": bool,
 *             "ms": n, "loaded": [script, ...], "errors": {script: message}}.
 *   check     {"script": {...}}  load the script in workerd without serving it and answer
 *             {"error": null | "<workerd's message>"}; the API server uses it to refuse an
 *             upload the way Cloudflare does.
 *   stats     answers {"scripts": n, "loads": n, "asset_reads": n, "rss_bytes": {...}}.
 *   ping      answers {}.
 *   shutdown  disposes workerd and exits.
 * When stdin closes (the Python side went away) the edge shuts down too.
 *
 * How sites run (chosen by measuring, see edge.py): the namespace's scripts are not
 * workerd services. The dispatcher's dispatch-namespace binding is a wrapped binding whose
 * get(name).fetch() asks Node for the script's current code (the CODE service) and runs it
 * through workerd's Worker Loader in a fresh isolate, so a deploy only replaces one entry
 * in Node's map: no workerd restart, no other site touched, memory flat however many
 * sites there are. workerd is restarted (setOptions) only when the dispatcher or the set of
 * KV namespaces it binds changes.
 *
 * A loaded script runs behind a generated main module (WRAPPER) that builds its env from
 * its bindings: plain_text, secret_text and json as values; `assets` as a Fetcher served by
 * Node from the content-addressed asset store (the ASSETS service: manifest lookup, ETag,
 * 304, 404, html_handling and not_found_handling as Cloudflare names them);
 * analytics_engine as a dataset whose writes are accepted and dropped (as miniflare does).
 * Other binding types in a namespace script are refused with a sentence.
 *
 * HTTP: the server on --port routes by the Host header as Cloudflare's edge does: a host
 * that is "<label>.<platform_domain>" or one of the active custom hostnames goes to the
 * dispatcher Worker (with CF-Connecting-IP and X-Forwarded-Proto set, client values
 * replaced); any other host gets Cloudflare's "Error 1001: DNS resolution error" page with
 * status 530. Before a dispatcher is uploaded, routed hosts get a 503 page saying so.
 * Not emulated: WebSockets, request.cf, CPU/subrequest limits, KV expiry and metadata.
 */

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { Log, LogLevel, Miniflare, Response } from "miniflare";
import { compatibilityDate as WORKERD_COMPATIBILITY_DATE } from "workerd";

// stdout carries the control protocol only.
console.log = console.info = console.debug = (...args) => console.error(...args);

const DISPATCHER_WORKER = "code24-edge:dispatcher";
const KV_WORKER = "code24-edge:kv";
const namespaceWorker = (ns) => `code24-edge:namespace:${ns}`;
const DEFAULT_COMPATIBILITY_DATE = "2025-01-01";
// The key under which the dispatcher's own errors are reported (no script name has "(").
const DISPATCHER_KEY = "(dispatcher)";
// Scripts being checked before an upload live in a namespace no dispatcher can bind (a
// namespace name has no parentheses); probes load "<ns>\0<name>" through PROBE_NAMESPACE.
const CHECK_NAMESPACE = "(check)";
const PROBE_NAMESPACE = "(probe)";
// Requests carrying this header (with this edge's secret) only load the script: probes.
const PROBE_HEADER = "x-code24-edge-probe";
const PROBE_SECRET = randomBytes(16).toString("hex");
const ASSETS_HEADER = "x-code24-edge-assets";
const WRAPPER_MODULE = "__code24_edge_main.js";

const MODULE_TYPES = {
  "application/javascript+module": "js",
  "text/javascript+module": "js",
  "application/javascript": "cjs",
  "text/javascript": "cjs",
  "text/plain": "text",
  "application/octet-stream": "data",
  "application/wasm": "wasm",
};
const BINARY_TYPES = new Set(["data", "wasm"]);

// A dispatch namespace as the wrapped binding module Miniflare runs: get(name) returns a
// fetcher; a missing script fails at fetch(), as on Cloudflare. NAMESPACE is replaced.
const NAMESPACE_SOURCE = `
const NAMESPACE = __NAMESPACE__;
function bytes(base64) {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out.buffer;
}
export async function load(env, name) {
  const url = "http://code/?ns=" + encodeURIComponent(NAMESPACE) + "&name=" + encodeURIComponent(name);
  const found = await env.CODE.fetch(url);
  if (found.status === 404) throw new Error("Worker not found.");
  if (found.status !== 200) throw new Error(await found.text());
  const code = await found.json();
  for (const module of Object.values(code.modules)) {
    if (module.data_base64 !== undefined) module.data = bytes(module.data_base64);
    if (module.wasm_base64 !== undefined) module.wasm = bytes(module.wasm_base64);
    delete module.data_base64;
    delete module.wasm_base64;
  }
  code.env.__CODE24_ASSETS = env.ASSETS;
  // No id: a fresh isolate for the script's current code (workerd never evicts named ones).
  return env.LOADER.get(null, () => code).getEntrypoint();
}
export default function (env) {
  return {
    get(name, args, options) {
      return {
        async fetch(input, init) {
          return (await load(env, name)).fetch(input, init);
        },
      };
    },
  };
}
`;

// The generated main module of a loaded script; __CONFIG__ is replaced.
const WRAPPER_SOURCE = `
import * as user from __MAIN__;
const CONFIG = __CONFIG__;
function assets(service) {
  return {
    fetch(input, init) {
      const request = new Request(input, init);
      const headers = new Headers(request.headers);
      headers.set(CONFIG.assetsHeader, CONFIG.assetsKey);
      return service.fetch(new Request(request, { headers }));
    },
  };
}
function userEnv(env) {
  const out = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith("__CODE24_")) out[name] = value;
  }
  for (const name of CONFIG.assets) out[name] = assets(env.__CODE24_ASSETS);
  for (const name of CONFIG.analytics) out[name] = { writeDataPoint() {} };
  return out;
}
export default {
  async fetch(request, env, ctx) {
    if (request.headers.get(CONFIG.probeHeader) === CONFIG.probeSecret) {
      return new Response(null, { status: 204 });
    }
    const handler = user.default;
    if (typeof handler === "function") return new handler(ctx, userEnv(env)).fetch(request);
    if (!handler || typeof handler.fetch !== "function") {
      throw new Error("The Worker has no fetch handler (export default { fetch }).");
    }
    return handler.fetch(request, userEnv(env), ctx);
  },
};
`;

// Writes KV batches: POST [{"binding": "KV0", "put": {key: value}, "delete": [key]}];
// POST /probe?ns=&name= loads a namespace script and answers "" or workerd's error.
const KV_SOURCE = `
import { load } from "./namespace.mjs";
async function probe(env, url) {
  try {
    const entry = await load(env, url.searchParams.get("name"));
    const answer = await entry.fetch("http://probe/", { headers: { [env.PROBE_HEADER]: env.PROBE_SECRET } });
    await answer.arrayBuffer();
    return new Response("");
  } catch (error) {
    return new Response(String(error && error.message ? error.message : error));
  }
}
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/probe") return probe(env, url);
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

// --- Scripts -------------------------------------------------------------------------

function compatibilityDate(value) {
  const date = value || DEFAULT_COMPATIBILITY_DATE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new ScriptError(`compatibility_date ${JSON.stringify(date)} is not YYYY-MM-DD`);
  }
  // workerd refuses dates newer than its own build; Cloudflare accepts up to today.
  return date > WORKERD_COMPATIBILITY_DATE ? WORKERD_COMPATIBILITY_DATE : date;
}

function moduleBytes(m) {
  // A module arrives as "text", or as "base64" when its bytes are not UTF-8.
  return m.base64 !== undefined
    ? Buffer.from(m.base64, "base64")
    : Buffer.from(m.text ?? "", "utf8");
}

function moduleType(m) {
  const base = String(m.content_type ?? "").split(";")[0].trim().toLowerCase();
  const type = MODULE_TYPES[base];
  if (type === undefined) {
    throw new ScriptError(`module ${m.name} has unsupported content type ${m.content_type}`);
  }
  return type;
}

function checkMain(script) {
  const main = script.main_module;
  if (!(script.modules ?? []).some((m) => m.name === main)) {
    throw new ScriptError(`main_module ${JSON.stringify(main)} is not among the modules`);
  }
  return main;
}

/** The Worker Loader's WorkerCode for a namespace script, as JSON text (binary as base64). */
function loaderCode(ns, name, script, version) {
  const main = checkMain(script);
  const modules = {};
  for (const m of script.modules) {
    if (m.name === WRAPPER_MODULE) throw new ScriptError(`module name ${m.name} is reserved`);
    const type = moduleType(m);
    const bytes = moduleBytes(m);
    modules[m.name] = BINARY_TYPES.has(type)
      ? { [`${type}_base64`]: bytes.toString("base64") }
      : { [type]: bytes.toString("utf8") };
  }
  const env = {};
  const config = {
    assets: [],
    analytics: [],
    assetsKey: JSON.stringify([ns, name, version]),
    assetsHeader: ASSETS_HEADER,
    probeHeader: PROBE_HEADER,
    probeSecret: PROBE_SECRET,
  };
  for (const binding of script.bindings ?? []) {
    const bname = String(binding.name ?? "");
    if (!bname || bname.startsWith("__CODE24_")) {
      throw new ScriptError(`binding name ${JSON.stringify(bname)} is not allowed`);
    }
    switch (binding.type) {
      case "plain_text":
      case "secret_text":
        env[bname] = String(binding.text ?? "");
        break;
      case "json":
        env[bname] = binding.json ?? null;
        break;
      case "assets":
        config.assets.push(bname);
        break;
      case "analytics_engine":
        config.analytics.push(bname);
        break;
      default:
        throw new ScriptError(
          `binding ${bname} has a type the local edge does not run for a namespace script: ` +
            `${binding.type}`,
        );
    }
  }
  const specifier = JSON.stringify(`./${main}`);
  modules[WRAPPER_MODULE] = {
    js: WRAPPER_SOURCE.replace("__MAIN__", specifier).replace("__CONFIG__", JSON.stringify(config)),
  };
  return JSON.stringify({
    compatibilityDate: compatibilityDate(script.compatibility_date),
    compatibilityFlags: script.compatibility_flags ?? [],
    mainModule: WRAPPER_MODULE,
    modules,
    env,
  });
}

/** The dispatcher as a Miniflare worker; `bound` collects the namespaces and KV it binds. */
function dispatcherWorker(script, bound) {
  const main = checkMain(script);
  const ordered = [
    ...script.modules.filter((m) => m.name === main),
    ...script.modules.filter((m) => m.name !== main),
  ];
  const miniflareTypes = { js: "ESModule", cjs: "CommonJS", text: "Text", data: "Data", wasm: "CompiledWasm" };
  const worker = {
    name: DISPATCHER_WORKER,
    modules: ordered.map((m) => {
      const type = moduleType(m);
      const bytes = moduleBytes(m);
      const contents = BINARY_TYPES.has(type) ? new Uint8Array(bytes) : bytes.toString("utf8");
      return { type: miniflareTypes[type], path: m.name, contents };
    }),
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
        bound.kv.add(binding.namespace_id);
        break;
      case "dispatch_namespace":
        bound.namespaces.add(binding.namespace);
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

function namespaceModule(ns) {
  return {
    type: "ESModule",
    path: "namespace.mjs",
    contents: NAMESPACE_SOURCE.replace("__NAMESPACE__", JSON.stringify(ns)),
  };
}

// --- Static assets -------------------------------------------------------------------

const HTML_HANDLINGS = new Set(["none", "auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash"]);

/** The manifest path a request path is served from (Cloudflare's html_handling), or null. */
function assetPath(manifest, pathname, htmlHandling) {
  if (pathname in manifest) return pathname;
  if (htmlHandling === "none") return null;
  const candidates = pathname.endsWith("/")
    ? [`${pathname}index.html`]
    : [`${pathname}.html`, `${pathname}/index.html`];
  return candidates.find((candidate) => candidate in manifest) ?? null;
}

function notFoundPath(manifest, pathname) {
  // "404-page": the nearest 404.html walking up from the request's directory.
  let dir = path.posix.dirname(pathname.endsWith("/") ? `${pathname}x` : pathname);
  for (;;) {
    const candidate = path.posix.join(dir, "404.html");
    if (candidate in manifest) return candidate;
    if (dir === "/") return null;
    dir = path.posix.dirname(dir);
  }
}

// --- The edge ------------------------------------------------------------------------

class Edge {
  constructor(host) {
    this.host = host;
    this.mf = null;
    this.appliedKey = null;
    this.namespace = null;
    this.scripts = new Map(); // "ns\0name" -> {script, key, version, code}
    this.version = 0;
    this.dispatcher = null; // the dispatcher script as given
    this.dispatcherKey = "null";
    this.kvData = new Map(); // namespace id -> Map(key -> value) as given
    this.kvBindings = {}; // KV worker binding -> namespace id (the ones workerd holds)
    this.kvWritten = new Map(); // namespace id -> Map(key -> value) as stored in workerd
    this.platformDomain = null;
    this.activeHostnames = new Set();
    this.hasDispatcher = false;
    this.errors = new Map(); // script (or DISPATCHER_KEY) -> message
    this.loads = 0;
    this.assetReads = 0;
    this.queue = Promise.resolve();
  }

  options(workers) {
    return {
      host: "127.0.0.1",
      port: 0,
      cf: false, // never fetch Request.cf from Cloudflare: the edge is offline
      log: new Log(LogLevel.WARN),
      handleRuntimeStdio: (stdout, stderr) => {
        readline.createInterface(stdout).on("line", (line) => console.error(`[workerd] ${line}`));
        readline.createInterface(stderr).on("line", (line) => console.error(`[workerd] ${line}`));
      },
      workers,
    };
  }

  /** The Miniflare workers: the dispatcher (if any), the KV writer, the namespaces. */
  workers(withDispatcher) {
    const bound = { namespaces: new Set(), kv: new Set() };
    const workers = [];
    let dispatcherError = null;
    if (withDispatcher && this.dispatcher) {
      try {
        workers.push(dispatcherWorker(this.dispatcher, bound));
      } catch (error) {
        if (!(error instanceof ScriptError)) throw error;
        dispatcherError = error.message;
      }
    }
    const services = {
      CODE: (request) => this.serveCode(request),
      ASSETS: (request) => this.serveAsset(request),
    };
    for (const ns of [...bound.namespaces].sort()) {
      workers.push({
        name: namespaceWorker(ns),
        modules: [namespaceModule(ns)],
        workerLoaders: { LOADER: {} },
        serviceBindings: services,
      });
    }
    const kvBindings = {};
    [...bound.kv].sort().forEach((id, i) => (kvBindings[`KV${i}`] = id));
    const kvWorker = {
      name: KV_WORKER,
      modules: [
        { type: "ESModule", path: "kv.mjs", contents: KV_SOURCE },
        namespaceModule(PROBE_NAMESPACE),
      ],
      compatibilityDate: DEFAULT_COMPATIBILITY_DATE,
      kvNamespaces: kvBindings,
      workerLoaders: { LOADER: {} },
      serviceBindings: services,
      bindings: { PROBE_HEADER, PROBE_SECRET },
    };
    // The first worker is the one the HTTP socket reaches.
    if (workers.length && workers[0].name === DISPATCHER_WORKER) workers.splice(1, 0, kvWorker);
    else workers.unshift(kvWorker);
    return { workers, kvBindings, dispatcherError, hasDispatcher: workers[0].name === DISPATCHER_WORKER };
  }

  async start() {
    const built = this.workers(false);
    this.mf = new Miniflare(this.options(built.workers));
    await this.mf.ready;
    this.appliedKey = this.dispatcherKey;
  }

  /** Runs operations one at a time. */
  serial(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Restart workerd with the current dispatcher (falls back to none if it cannot start). */
  async rebuild() {
    let built = this.workers(true);
    try {
      await this.mf.setOptions(this.options(built.workers));
    } catch (error) {
      if (!built.hasDispatcher) throw error;
      const message = String(error?.message ?? error);
      built = this.workers(false);
      await this.mf.setOptions(this.options(built.workers));
      built.dispatcherError = `the dispatcher does not start: ${message}`;
    }
    this.kvBindings = built.kvBindings;
    this.hasDispatcher = built.hasDispatcher;
    if (built.dispatcherError) this.errors.set(DISPATCHER_KEY, built.dispatcherError);
    else this.errors.delete(DISPATCHER_KEY);
    this.appliedKey = this.dispatcherKey;
  }

  async apply(delta) {
    const started = performance.now();
    const full = delta?.full === true;
    if (full && typeof delta?.namespace !== "string") {
      throw new Error("a full state needs a namespace name");
    }
    if (typeof delta.namespace === "string" && delta.namespace !== this.namespace) {
      if (this.namespace !== null && !full) throw new Error("a delta cannot change the namespace");
      this.namespace = delta.namespace;
    }
    if ("platform_domain" in delta) {
      this.platformDomain = String(delta.platform_domain ?? "").toLowerCase() || null;
    }
    if ("active_hostnames" in delta) {
      this.activeHostnames = new Set((delta.active_hostnames ?? []).map((h) => h.toLowerCase()));
    }

    const loaded = this.applyScripts(delta.scripts ?? {}, full);
    if ("dispatcher" in delta || full) {
      this.dispatcher = delta.dispatcher ?? null;
      this.dispatcherKey = JSON.stringify(this.dispatcher);
    }
    this.applyKvData(delta.kv ?? {}, full);

    let restarted = false;
    if (this.dispatcherKey !== this.appliedKey) {
      await this.rebuild();
      restarted = true;
    }
    await this.writeKv();
    for (const name of loaded) {
      const error = await this.probe(this.namespace, name);
      if (error) this.errors.set(name, error);
      else this.errors.delete(name);
    }
    return {
      restarted,
      ms: Math.round(performance.now() - started),
      loaded,
      errors: Object.fromEntries(this.errors),
    };
  }

  /** Stores changed scripts (null deletes); answers the names that must be (re)loaded. */
  applyScripts(scripts, full) {
    const ns = this.namespace;
    if (full) {
      for (const id of [...this.scripts.keys()]) {
        const [sns, name] = id.split("\u0000");
        if (sns === ns && !(name in scripts)) {
          this.scripts.delete(id);
          this.errors.delete(name);
        }
      }
    }
    const loaded = [];
    for (const [name, script] of Object.entries(scripts)) {
      const id = `${ns}\u0000${name}`;
      if (script === null || script === undefined) {
        this.scripts.delete(id);
        this.errors.delete(name);
        continue;
      }
      const key = JSON.stringify(script);
      if (this.scripts.get(id)?.key === key) continue;
      this.scripts.set(id, { script, key, version: ++this.version, code: null });
      loaded.push(name);
    }
    return loaded.sort();
  }

  applyKvData(kv, full) {
    if (full) {
      for (const id of [...this.kvData.keys()]) if (!(id in kv)) this.kvData.delete(id);
    }
    for (const [id, values] of Object.entries(kv)) {
      if (values === null) {
        this.kvData.delete(id);
        continue;
      }
      const data = full ? new Map() : (this.kvData.get(id) ?? new Map());
      for (const [key, value] of Object.entries(values)) {
        if (value === null) data.delete(key);
        else data.set(key, String(value));
      }
      this.kvData.set(id, data);
    }
  }

  /** Brings workerd's KV (the namespaces the dispatcher binds) to what Node was given. */
  async writeKv() {
    const batches = [];
    for (const [binding, id] of Object.entries(this.kvBindings)) {
      const wanted = this.kvData.get(id) ?? new Map();
      const written = this.kvWritten.get(id) ?? new Map();
      const put = {};
      const del = [];
      for (const [key, value] of wanted) if (written.get(key) !== value) put[key] = value;
      for (const key of written.keys()) if (!wanted.has(key)) del.push(key);
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

  /** Loads a stored script in workerd without serving it: "" or workerd's error. */
  async probe(ns, name) {
    const entry = this.scripts.get(`${ns}\u0000${name}`);
    try {
      entry.code ??= loaderCode(ns, name, entry.script, entry.version);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      return error.message;
    }
    const worker = await this.mf.getWorker(KV_WORKER);
    const url = `http://kv.local/probe?name=${encodeURIComponent(`${ns}\u0000${name}`)}`;
    const answer = await worker.fetch(url, { method: "POST" });
    return (await answer.text()).replace(/^Failed to start Worker:\s*/, "");
  }

  /** An account-level Worker (the dispatcher) starts alone in a scratch workerd. */
  async checkWorker(script) {
    const bound = { namespaces: new Set(), kv: new Set() };
    let worker;
    try {
      worker = dispatcherWorker(script, bound);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      return { error: error.message };
    }
    const none = () => new Response("Worker not found.", { status: 404 });
    const workers = [
      worker,
      ...[...bound.namespaces].map((ns) => ({
        name: namespaceWorker(ns),
        modules: [namespaceModule(ns)],
        workerLoaders: { LOADER: {} },
        serviceBindings: { CODE: none, ASSETS: none },
      })),
    ];
    const lines = [];
    const mf = new Miniflare({
      ...this.options(workers),
      log: new Log(LogLevel.NONE),
      handleRuntimeStdio: (stdout, stderr) => {
        readline.createInterface(stderr).on("line", (line) => lines.push(line));
        stdout.resume();
      },
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

  async check(script) {
    if (script.namespace === "") return this.checkWorker(script);
    const name = `check-${randomBytes(8).toString("hex")}`;
    const id = `${CHECK_NAMESPACE}\u0000${name}`;
    this.scripts.set(id, { script, key: "", version: ++this.version, code: null });
    try {
      return { error: (await this.probe(CHECK_NAMESPACE, name)) || null };
    } finally {
      this.scripts.delete(id);
    }
  }

  /** The CODE service: a namespace script's current WorkerCode (404: no such script). */
  serveCode(request) {
    const url = new URL(request.url);
    let ns = url.searchParams.get("ns") ?? "";
    let name = url.searchParams.get("name") ?? "";
    if (ns === PROBE_NAMESPACE) [ns, name] = name.split("\u0000"); // a probe names both
    const entry = this.scripts.get(`${ns}\u0000${name}`);
    if (entry === undefined) return new Response("Worker not found.", { status: 404 });
    try {
      entry.code ??= loaderCode(ns, name, entry.script, entry.version);
    } catch (error) {
      return new Response(String(error.message), { status: 500 });
    }
    this.loads += 1;
    return new Response(entry.code, { headers: { "Content-Type": "application/json" } });
  }

  /** The ASSETS service: a file of the calling script's assets, as Cloudflare serves it. */
  async serveAsset(request) {
    let ns, name;
    try {
      [ns, name] = JSON.parse(request.headers.get(ASSETS_HEADER) ?? "[]");
    } catch {
      return new Response(null, { status: 404 });
    }
    const assets = this.scripts.get(`${ns}\u0000${name}`)?.script.assets;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, { status: 405, headers: { Allow: "GET, HEAD" } });
    }
    if (!assets || typeof assets.manifest !== "object" || !assets.directory) {
      return new Response(null, { status: 404 });
    }
    const config = assets.config ?? {};
    const htmlHandling = HTML_HANDLINGS.has(config.html_handling)
      ? config.html_handling
      : "auto-trailing-slash";
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return new Response(null, { status: 404 });
    }
    let found = assetPath(assets.manifest, pathname, htmlHandling);
    let status = 200;
    if (found === null && config.not_found_handling === "404-page") {
      found = notFoundPath(assets.manifest, pathname);
      status = 404;
    }
    if (found === null) return new Response(null, { status: 404 });
    const entry = assets.manifest[found];
    const etag = `"${entry.hash}"`;
    const headers = { ETag: etag, "Cache-Control": "public, max-age=0, must-revalidate" };
    if (entry.content_type) headers["Content-Type"] = entry.content_type;
    if (status === 200 && request.headers.get("If-None-Match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    if (!/^[0-9a-f]{32}$/.test(entry.hash)) return new Response(null, { status: 404 });
    let body;
    try {
      body = await readFile(path.join(assets.directory, entry.hash.slice(0, 2), entry.hash));
    } catch (error) {
      console.error(`edge: asset ${found} of ${name} is not in the store: ${error.message}`);
      return new Response(null, { status: 404 });
    }
    this.assetReads += 1;
    return new Response(request.method === "HEAD" ? null : body, { status, headers });
  }

  stats() {
    return {
      scripts: [...this.scripts.keys()].filter((id) => id.startsWith(`${this.namespace}\u0000`))
        .length,
      loads: this.loads,
      asset_reads: this.assetReads,
    };
  }

  routable(hostname) {
    const domain = this.platformDomain;
    if (domain && hostname.endsWith(`.${domain}`) && hostname.length > domain.length + 1) {
      return true;
    }
    return this.activeHostnames.has(hostname);
  }

  get dispatcherError() {
    return this.errors.get(DISPATCHER_KEY) ?? null;
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
    const internal = name.startsWith("mf-") || name.startsWith("cf-") || name.startsWith("x-code24-edge-");
    if (!HOP_BY_HOP.has(name) && !internal) {
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

/** Resident memory of Node and of the workerd processes it started, in bytes. */
function memory() {
  const out = { node: process.memoryUsage().rss, workerd: 0 };
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!status.includes(`PPid:\t${process.pid}\n`) || !/^Name:\s+workerd/m.test(status)) continue;
      out.workerd += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
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
    apply: (msg) => edge.apply(msg.delta ?? {}),
    check: (msg) => edge.check(msg.script),
    stats: async () => ({ ...edge.stats(), rss_bytes: memory() }),
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
