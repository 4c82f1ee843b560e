"""A stub OpenAI-compatible model server that behaves like a small real one (llama.cpp's
server, vLLM), run as its own process by ``tests/ai/test_model_server.py``:

    python -m tests.ai.model_server_stub      # prints "PORT <n>", serves on 127.0.0.1:<n>

What it does, as a real server would:
- **Few slots**: it works on ``slots`` requests at once (default 1, like llama.cpp without
  ``--parallel``); others wait in its queue, their clients' clocks running.
- **A context window**: ``GET /props`` says ``default_generation_settings.n_ctx`` (llama.cpp),
  ``GET /v1/models`` says ``meta.n_ctx_train``; a request whose prompt and ``max_tokens``
  together exceed ``n_ctx`` is refused with a 400, as vLLM does. Tokens are counted as
  four characters each.
- **Cut-off answers**: an answer longer than ``max_tokens`` stops there, with
  ``finish_reason: "length"``.
- **Slow answers**: with ``stream: true`` it sends server-sent events, one token per
  ``token_seconds``; without, it waits as long and sends the answer whole.
- **Stopping when the client goes**: a client that closes the connection mid-answer is
  noticed at the next token, the answer is abandoned and counted as ``cancelled``, and
  the slot is free for the next request.
- **JSON modes**: ``json_schema`` may be ``"ok"``, ``"refuse"`` (400 naming
  response_format) or ``"crash"`` (500, as a server failing to compile a grammar);
  ``json_object`` may be ``"ok"`` or ``"refuse"``; ``stream`` may be ``"ok"`` or
  ``"refuse"`` (400).

What it answers is scripted by the test (``POST /control`` with a JSON config): answers are
popped from ``answers`` in order, or, for a question about one page of the copy (the
user message's ``context.page.slug``), from ``pages[slug]``, or ``extras`` for the FAQ and
structured data; an answer is a string, or ``{"status": 500}`` for an error. With nothing
scripted it answers ``{}``. ``GET /control`` gives what happened: each request's body,
and counts (requests, answered, cancelled, refused, most at once).
"""

from __future__ import annotations

import json
import math
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN_CHARS = 4
DEFAULTS: dict[str, Any] = {
    "slots": 1,
    "n_ctx": 4096,
    "props": True,  # answer GET /props (llama.cpp) or 404 (other servers)
    "models_meta": True,  # put meta.n_ctx_train on GET /v1/models
    "token_seconds": 0.0,
    "json_schema": "ok",
    "json_object": "ok",
    "stream": "ok",
    "answers": [],
    "pages": {},
    "extras": [],
}


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset({})

    def reset(self, config: dict[str, Any]) -> None:
        with self.lock:
            self.config = {**json.loads(json.dumps(DEFAULTS)), **config}
            self.slots = threading.Semaphore(int(self.config["slots"]))
            self.requests: list[dict[str, Any]] = []
            self.counts = {"requests": 0, "answered": 0, "cancelled": 0, "refused": 0}
            self.active = 0
            self.most_at_once = 0

    def count(self, name: str) -> None:
        with self.lock:
            self.counts[name] += 1

    def report(self) -> dict[str, Any]:
        with self.lock:
            return {
                **self.counts,
                "active": self.active,
                "most_at_once": self.most_at_once,
                "bodies": self.requests,
            }

    def next_answer(self, body: dict[str, Any]) -> Any:
        with self.lock:
            queue = self.config["answers"]
            slug = _page_of(body)
            if slug == "extras" and self.config["extras"]:
                queue = self.config["extras"]
            elif slug and self.config["pages"].get(slug):
                queue = self.config["pages"][slug]
            return queue.pop(0) if queue else "{}"


def _page_of(body: dict[str, Any]) -> str:
    """The page a question is about ("extras": the FAQ and structured data), or ""."""
    messages = body.get("messages") or []
    system = messages[0].get("content", "") if messages else ""
    try:
        data = json.loads(messages[1]["content"])
        page = data["context"].get("page") or {}
    except (IndexError, KeyError, TypeError, ValueError, AttributeError):
        return ""
    if isinstance(page, dict) and page.get("slug"):
        return str(page["slug"])
    return "extras" if "frequently asked questions" in system else ""


def tokens(text: str) -> int:
    return math.ceil(len(text) / TOKEN_CHARS)


def pieces(text: str) -> list[str]:
    return [text[i : i + TOKEN_CHARS] for i in range(0, len(text), TOKEN_CHARS)]


STATE = State()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # --- control -------------------------------------------------------------------

    def do_GET(self) -> None:
        config = STATE.config
        if self.path == "/control":
            self._json(200, STATE.report())
        elif self.path == "/props" and config["props"]:
            self._json(200, {"default_generation_settings": {"n_ctx": config["n_ctx"]}})
        elif self.path == "/v1/models":
            entry: dict[str, Any] = {"id": "stub-model", "object": "model"}
            if config["models_meta"]:
                entry["meta"] = {"n_ctx_train": config["n_ctx"]}
            self._json(200, {"object": "list", "data": [entry]})
        else:
            self._json(404, {"error": {"message": "File Not Found", "code": 404}})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/control":
            STATE.reset(body)
            self._json(200, {"ok": True})
        elif self.path == "/v1/chat/completions":
            self._chat(body)
        else:
            self._json(404, {"error": {"message": "File Not Found", "code": 404}})

    # --- chat ----------------------------------------------------------------------

    def _chat(self, body: dict[str, Any]) -> None:
        with STATE.lock:
            STATE.requests.append(body)
        STATE.count("requests")
        refusal = self._refusal(body)
        if refusal is not None:
            STATE.count("refused")
            self._json(*refusal)
            return
        with STATE.slots:  # the queue: wait for a free slot, as llama.cpp does
            with STATE.lock:
                STATE.active += 1
                STATE.most_at_once = max(STATE.most_at_once, STATE.active)
            try:
                self._answer(body)
            finally:
                with STATE.lock:
                    STATE.active -= 1

    def _refusal(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        config = STATE.config
        kind = (body.get("response_format") or {}).get("type")
        if kind == "json_schema" and config["json_schema"] == "refuse":
            message = "response_format type json_schema is not supported"
            return 400, {"error": {"message": message, "type": "invalid_request_error"}}
        if kind == "json_schema" and config["json_schema"] == "crash":
            return 500, {"error": {"message": "failed to compile the grammar", "code": 500}}
        if kind == "json_object" and config["json_object"] == "refuse":
            message = "response_format is not supported by this server"
            return 400, {"error": {"message": message, "type": "invalid_request_error"}}
        if body.get("stream") and config["stream"] == "refuse":
            return 400, {"error": {"message": "stream is not supported", "code": 400}}
        prompt = sum(tokens(str(m.get("content", ""))) for m in body.get("messages") or [])
        wanted = int(body.get("max_tokens") or 0)
        if prompt + wanted > config["n_ctx"]:
            message = (
                f"This model's maximum context length is {config['n_ctx']} tokens. However, "
                f"you requested {prompt + wanted} tokens ({prompt} in the messages, {wanted} "
                "in the completion)."
            )
            return 400, {"error": {"message": message, "type": "BadRequestError"}}
        return None

    def _answer(self, body: dict[str, Any]) -> None:
        answer = STATE.next_answer(body)
        if isinstance(answer, dict):
            status = int(answer.get("status", 500))
            self._json(status, {"error": {"message": answer.get("message", "It broke.")}})
            return
        text = str(answer)
        limit = int(body.get("max_tokens") or 10**9)
        said = pieces(text)[:limit]
        finish = "length" if tokens(text) > limit else "stop"
        if body.get("stream"):
            self._stream(said, finish)
        else:
            time.sleep(STATE.config["token_seconds"] * len(said))
            message = {"role": "assistant", "content": "".join(said)}
            self._json(
                200,
                {
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                },
            )
            STATE.count("answered")

    def _stream(self, said: list[str], finish: str) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("connection", "close")
        self.end_headers()
        self.close_connection = True
        chunks: list[dict[str, Any]] = [
            {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}
        ]
        chunks += [{"choices": [{"index": 0, "delta": {"content": piece}}]} for piece in said]
        chunks.append({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        try:
            for number, chunk in enumerate(chunks):
                if 0 < number < len(chunks) - 1:
                    time.sleep(STATE.config["token_seconds"])
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            STATE.count("cancelled")  # the client went away: stop writing, free the slot
            return
        STATE.count("answered")

    def _json(self, status: int, data: object) -> None:
        raw = json.dumps(data).encode()
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.exit(0)


if __name__ == "__main__":
    main()
