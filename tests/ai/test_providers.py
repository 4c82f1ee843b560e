"""The network providers, against a loopback server that answers like them.

The server speaks both an OpenAI-compatible ``/v1/chat/completions`` and Cloudflare's
``/client/v4/accounts/{id}/ai/run/{model}``, and answers with whatever each test
scripts: valid JSON, JSON in a fence, text that is not JSON, JSON that fails the schema,
HTTP errors, or nothing before the timeout.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from code24 import ai
from code24.ai import budget, builtin
from code24.ai.prompts import messages_for
from code24.ai.schemas import Brand, Content, Design
from tests.ai.briefs import make_brief

ACCOUNT = "0123456789abcdef0123456789abcdef"


@dataclass
class Reply:
    text: str = ""  # the model's answer
    status: int = 200
    delay: float = 0.0  # seconds before answering
    raw: str | None = None  # a body sent as it is, instead of the provider's envelope
    answer_object: Any = None  # Workers AI JSON mode: the response as an object
    refuse_json_mode: bool = False  # 400 when the request asks for response_format


@dataclass
class FakeModelServer:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    @property
    def openai_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def cloudflare_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/client/v4"


def _handler(fake: FakeModelServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
            reply = fake.replies.pop(0) if fake.replies else Reply(status=599, raw="unscripted")
            if reply.delay:
                time.sleep(reply.delay)
            if reply.refuse_json_mode and "response_format" in body:
                self._send(400, {"error": {"message": "response_format is not supported"}})
                return
            if reply.raw is not None:
                self._send(reply.status, reply.raw)
            elif self.path.endswith("/chat/completions"):
                message = {"role": "assistant", "content": reply.text}
                answer: dict[str, Any] = {"choices": [{"index": 0, "message": message}]}
                if reply.status >= 400:
                    answer = {"error": {"message": "Something broke."}}
                self._send(reply.status, answer)
            elif "/ai/run/" in self.path:
                response = reply.answer_object if reply.answer_object is not None else reply.text
                envelope: dict[str, Any] = {
                    "result": {"response": response},
                    "success": True,
                    "errors": [],
                    "messages": [],
                }
                if reply.status >= 400:
                    error = {"code": 3040, "message": "Capacity temporarily exceeded."}
                    envelope.update(result=None, success=False, errors=[error])
                self._send(reply.status, envelope)
            else:
                self._send(404, {"error": "no such path"})

        def _send(self, status: int, body: object) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is the point of a slow reply

    return Handler


@pytest.fixture
def fake() -> Iterator[FakeModelServer]:
    state = FakeModelServer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    server.block_on_close = False
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def openai(fake: FakeModelServer, settings: Any) -> FakeModelServer:
    settings.AI_PROVIDER = "openai"
    settings.AI_MODEL = ""
    settings.OPENAI_BASE_URL = fake.openai_url
    settings.OPENAI_API_KEY = "sk-test-key"
    settings.AI_TIMEOUT_SECONDS = 0.5
    return fake


@pytest.fixture
def workers_ai(fake: FakeModelServer, settings: Any) -> FakeModelServer:
    settings.AI_PROVIDER = "workers-ai"
    settings.AI_MODEL = ""
    # The client is built from these settings (get_client() keys its cache on them).
    settings.CLOUDFLARE_BASE_URL = fake.cloudflare_url
    settings.CLOUDFLARE_API_TOKEN = "cf-test-token"
    settings.CLOUDFLARE_ACCOUNT_ID = ACCOUNT
    settings.CLOUDFLARE_RETRY_ATTEMPTS = 1  # the AI layer's retry is the one under test
    settings.AI_TIMEOUT_SECONDS = 0.5
    return fake


BRIEF = make_brief()


def model_brand() -> Brand:
    """A brand only a model would answer (so the tests can tell whose value they got)."""
    own = builtin.generate("brand", BRIEF, {})
    assert isinstance(own, Brand)
    return own.model_copy(update={"tagline": "Straight from the model", "contrast": []})


def valid_brand_json() -> str:
    return model_brand().model_dump_json()


def not_matching_schema() -> str:
    data = json.loads(valid_brand_json())
    data["palette"]["primary"] = "blue"  # not #rrggbb
    del data["tagline"]
    return json.dumps(data)


# --- OpenAI-compatible endpoint ---------------------------------------------------------


def test_openai_valid_answer_is_used(openai: FakeModelServer) -> None:
    openai.script(Reply(text=valid_brand_json()))

    result = ai.ask("brand", brief=BRIEF, context={"market_research": {"summary": "x"}})

    assert result.provider == "openai"
    assert result.model == "gpt-4o-mini"
    assert (result.attempts, result.fallback_reason) == (1, "")
    assert isinstance(result.value, Brand)
    assert result.value.tagline == "Straight from the model"
    [request] = openai.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test-key"
    body = request["json"]
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "brand"
    assert "palette" in body["response_format"]["json_schema"]["schema"]["properties"]
    assert body["stream"] is True  # this server answers in one piece anyway: that is read
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert '"palette"' in system["content"] and '"on_primary"' in system["content"]
    assert "$ref" not in system["content"]  # the schema is inlined
    data = json.loads(user["content"])
    assert data["brief"]["name"] == "Bright Smile Dental"
    assert data["context"] == {"market_research": {"summary": "x"}}


def test_openai_model_comes_from_settings(openai: FakeModelServer, settings: Any) -> None:
    settings.AI_MODEL = "llama3.1:8b"
    openai.script(Reply(text=valid_brand_json()))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert result.model == "llama3.1:8b"
    assert openai.requests[0]["json"]["model"] == "llama3.1:8b"


def test_openai_answer_in_a_json_fence_is_accepted(openai: FakeModelServer) -> None:
    openai.script(Reply(text=f"Here is the brand:\n```json\n{valid_brand_json()}\n```\nEnjoy!"))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("openai", 1)
    assert result.value.tagline == "Straight from the model"


def test_openai_malformed_once_then_valid_takes_two_attempts(openai: FakeModelServer) -> None:
    openai.script(
        Reply(text="Sure! I'd love to help with your brand."), Reply(text=valid_brand_json())
    )
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts, result.fallback_reason) == ("openai", 2, "")
    assert result.value.tagline == "Straight from the model"
    assert len(openai.requests) == 2


def test_openai_failing_the_schema_twice_falls_back_to_builtin(openai: FakeModelServer) -> None:
    openai.script(Reply(text=not_matching_schema()), Reply(text=not_matching_schema()))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.model, result.attempts) == ("builtin", builtin.MODEL, 2)
    assert "openai (gpt-4o-mini) failed 2 times" in result.fallback_reason
    assert "does not match the schema" in result.fallback_reason
    assert "palette.primary" in result.fallback_reason
    assert result.value == builtin.generate("brand", BRIEF, {})


def test_openai_server_errors_fall_back_with_the_reason(openai: FakeModelServer) -> None:
    # The 500 comes right after a JSON schema was sent: asked again at once for a JSON object.
    openai.script(Reply(status=500), Reply(status=503), Reply(status=503))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert result.provider == "builtin"
    assert "answered HTTP 503" in result.fallback_reason
    assert "sk-test-key" not in result.fallback_reason


def test_openai_slow_beyond_the_timeout_falls_back(openai: FakeModelServer) -> None:
    openai.script(
        Reply(text=valid_brand_json(), delay=1.5), Reply(text=valid_brand_json(), delay=1.5)
    )
    started = time.monotonic()
    result = ai.ask("brand", brief=BRIEF, context={})
    assert time.monotonic() - started < 2.5
    assert result.provider == "builtin"
    assert "no answer within 0.5 s" in result.fallback_reason


def test_openai_slow_once_then_valid(openai: FakeModelServer) -> None:
    openai.script(Reply(text=valid_brand_json(), delay=1.5), Reply(text=valid_brand_json()))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("openai", 2)


def test_openai_unreachable_endpoint_falls_back(openai: FakeModelServer, settings: Any) -> None:
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9/v1"  # discard port: nothing listens
    result = ai.ask("market_research", brief=BRIEF, context={})
    assert result.provider == "builtin"
    assert "Could not reach http://127.0.0.1:9/v1/chat/completions" in result.fallback_reason


def test_openai_endpoint_without_json_mode_is_asked_again_without_it(
    openai: FakeModelServer,
) -> None:
    openai.script(
        Reply(text=valid_brand_json(), refuse_json_mode=True),  # no json_schema
        Reply(text=valid_brand_json(), refuse_json_mode=True),  # nor json_object
        Reply(text=valid_brand_json()),
    )
    first = ai.ask("brand", brief=BRIEF, context={})
    assert (first.provider, first.attempts) == ("openai", 1)
    assert openai.requests[0]["json"]["response_format"]["type"] == "json_schema"
    assert openai.requests[1]["json"]["response_format"] == {"type": "json_object"}
    assert "response_format" not in openai.requests[2]["json"]
    # Remembered: the next question goes without it straight away.
    openai.script(Reply(text=valid_brand_json()))
    ai.ask("brand", brief=BRIEF, context={})
    assert "response_format" not in openai.requests[3]["json"]


def test_openai_answer_without_a_message_is_retried(openai: FakeModelServer) -> None:
    openai.script(Reply(raw='{"choices": []}'), Reply(raw="<html>gateway</html>", status=200))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert result.provider == "builtin"
    assert "without a chat message" in result.fallback_reason


def test_a_design_that_breaks_the_site_rules_is_not_used(openai: FakeModelServer) -> None:
    own = builtin.generate("design", BRIEF, {})
    assert isinstance(own, Design)
    no_privacy = own.model_copy(
        update={"pages": [page for page in own.pages if page.slug != "privacy"]}
    )
    openai.script(Reply(text=no_privacy.model_dump_json()), Reply(text=own.model_dump_json()))
    result = ai.ask("design", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("openai", 2)
    assert [page.slug for page in result.value.pages] == [page.slug for page in own.pages]


def test_content_pages_must_be_the_designs_pages(openai: FakeModelServer) -> None:
    """The copy is asked page by page; a page answered with another page's slug is
    rejected, and after two such answers that page is the built-in writer's."""
    design = builtin.generate("design", BRIEF, {})
    content = builtin.generate("content", BRIEF, {"design": design.model_dump(mode="json")})
    assert isinstance(design, Design) and isinstance(content, Content)
    home = content.pages[0]
    openai.script(
        *[Reply(text=home.model_dump_json()) for _ in design.pages for _attempt in range(2)],
        Reply(status=500),
        Reply(status=500),
        Reply(status=500),
    )
    result = ai.ask("content", brief=BRIEF, context={"design": design.model_dump(mode="json")})
    assert result.provider == "openai"  # the home page is the model's
    assert [page.slug for page in result.value.pages] == [page.slug for page in design.pages]
    about = next(part for part in result.parts if part.part == "about")
    assert (about.provider, about.attempts) == ("builtin", 2)
    assert "the page's slug is 'index', not 'about'" in about.fallback_reason
    assert result.value.pages[1:] == content.pages[1:]


# --- Cloudflare Workers AI ----------------------------------------------------------------


def test_workers_ai_valid_answer_is_used(workers_ai: FakeModelServer) -> None:
    workers_ai.script(Reply(text=valid_brand_json()))

    result = ai.ask("brand", brief=BRIEF, context={})

    assert (result.provider, result.attempts) == ("workers-ai", 1)
    assert result.model == "@cf/meta/llama-3.1-8b-instruct"
    assert result.value.tagline == "Straight from the model"
    [request] = workers_ai.requests
    # The model's slashes stay slashes (the SDK's ai.run would send %2F).
    assert request["path"] == f"/client/v4/accounts/{ACCOUNT}/ai/run/@cf/meta/llama-3.1-8b-instruct"
    assert request["headers"]["Authorization"] == "Bearer cf-test-token"
    body = request["json"]
    assert [message["role"] for message in body["messages"]] == ["system", "user"]
    assert body["response_format"]["type"] == "json_schema"
    assert "palette" in body["response_format"]["json_schema"]["properties"]
    assert body["max_tokens"] == 4096


def test_workers_ai_answers_get_the_budget_the_configured_window_leaves(
    workers_ai: FakeModelServer, settings: Any
) -> None:
    settings.AI_CONTEXT_TOKENS = 3000
    workers_ai.script(Reply(text=valid_brand_json()))
    ai.ask("brand", brief=BRIEF, context={})
    question = budget.estimate_tokens(messages_for("brand", BRIEF, {}))
    assert workers_ai.requests[0]["json"]["max_tokens"] == 3000 - question - 64


def test_workers_ai_json_mode_answer_as_an_object(workers_ai: FakeModelServer) -> None:
    workers_ai.script(Reply(answer_object=model_brand().model_dump(mode="json")))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("workers-ai", 1)
    assert result.value.tagline == "Straight from the model"


def test_workers_ai_malformed_once_then_valid(workers_ai: FakeModelServer) -> None:
    workers_ai.script(Reply(text="{not json"), Reply(text=valid_brand_json()))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts, result.fallback_reason) == ("workers-ai", 2, "")


def test_workers_ai_malformed_twice_falls_back(workers_ai: FakeModelServer) -> None:
    workers_ai.script(Reply(text=not_matching_schema()), Reply(text="[1, 2, 3]"))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("builtin", 2)
    assert "workers-ai (@cf/meta/llama-3.1-8b-instruct) failed 2 times" in result.fallback_reason
    assert "not an object" in result.fallback_reason


def test_workers_ai_server_errors_fall_back(workers_ai: FakeModelServer) -> None:
    workers_ai.script(Reply(status=500), Reply(status=500))
    result = ai.ask("market_research", brief=BRIEF, context={})
    assert result.provider == "builtin"
    assert "Workers AI failed (HTTP 500): Capacity temporarily exceeded." in result.fallback_reason
    assert len(workers_ai.requests) == 2


def test_workers_ai_slow_beyond_the_timeout_falls_back(workers_ai: FakeModelServer) -> None:
    workers_ai.script(
        Reply(text=valid_brand_json(), delay=1.5), Reply(text=valid_brand_json(), delay=1.5)
    )
    started = time.monotonic()
    result = ai.ask("brand", brief=BRIEF, context={})
    assert time.monotonic() - started < 2.5
    assert result.provider == "builtin"
    assert "did not answer in time" in result.fallback_reason


def test_workers_ai_answer_without_a_response_falls_back(workers_ai: FakeModelServer) -> None:
    empty = json.dumps({"result": {}, "success": True, "errors": [], "messages": []})
    workers_ai.script(Reply(raw=empty), Reply(raw=empty))
    result = ai.ask("brand", brief=BRIEF, context={})
    assert result.provider == "builtin"
    assert "no response" in result.fallback_reason
