"""The OpenAI-compatible provider against a real server process that behaves like a small
model server (``tests/ai/model_server_stub.py``): one request at a time, a context
window, answers cut off at ``max_tokens``, slow token-by-token answers, noticing a client
that went away, JSON modes it refuses or crashes on, wrong answers before right ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from code24 import ai
from code24.ai import budget, builtin, slots
from code24.ai.prompts import messages_for
from code24.ai.providers import endpoint_for
from code24.ai.schemas import Brand, Content, Design, PageContent, Section
from sites.models import BuildStep
from sites.pipeline import runner
from tests.ai.briefs import make_brief
from tests.factories import make_account, make_build, make_site

ROOT = Path(__file__).resolve().parents[2]
BRIEF = make_brief()


class Stub:
    """The stub server process: configure it, and read what it saw."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"

    def behave(self, **config: Any) -> None:
        httpx.post(f"{self.url}/control", json=config).raise_for_status()

    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = httpx.get(f"{self.url}/control").json()
        return report

    def bodies(self) -> list[dict[str, Any]]:
        return list(self.report()["bodies"])

    def wait_until(self, test: Any, seconds: float = 5.0) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        report = self.report()
        while not test(report) and time.monotonic() < deadline:
            time.sleep(0.05)
            report = self.report()
        return report


@pytest.fixture(scope="module")
def stub_process() -> Iterator[Stub]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.ai.model_server_stub"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("PORT "), line
    yield Stub(int(line.split()[1]))
    process.terminate()
    process.wait(timeout=5)


@pytest.fixture
def stub(stub_process: Stub, settings: Any) -> Stub:
    stub_process.behave()  # every test starts from the defaults
    settings.AI_PROVIDER = "openai"
    settings.AI_MODEL = "stub-model"
    settings.OPENAI_BASE_URL = f"{stub_process.url}/v1"
    settings.OPENAI_API_KEY = ""
    settings.AI_TIMEOUT_SECONDS = 5
    settings.AI_MAX_TOKENS = 4096
    settings.AI_CONTEXT_TOKENS = 0
    settings.AI_CONCURRENCY = 1
    settings.AI_SLOT_WAIT_SECONDS = 30.0
    settings.AI_QUEUE_MAX_SECONDS = 300
    return stub_process


def brand_json(tagline: str = "Straight from the model", indent: int | None = None) -> str:
    own = builtin.generate("brand", BRIEF, {})
    assert isinstance(own, Brand)
    brand = own.model_copy(update={"tagline": tagline, "contrast": []})
    return json.dumps(brand.model_dump(mode="json"), indent=indent)


def page_json(slug: str, section: str = "hero", text: str = "") -> str:
    """A page answer that says nothing the brief does not."""
    page = PageContent(
        slug=slug,
        meta_title=f"Bright Smile Dental: {slug}",
        meta_description="A family dental practice in central Leeds, for nervous patients too.",
        h1=f"Model page {slug}",
        sections=[Section(kind=section, heading=f"Model heading {slug}", body=text)],  # type: ignore[arg-type]
    )
    return page.model_dump_json()


def extras_json() -> str:
    return json.dumps(
        {
            "faq": [{"question": "Do you see children?", "answer": "Yes, we look after children."}],
            "structured_data": {
                "schema_type": "Dentist",
                "description": "A family dental practice.",
            },
        }
    )


def last_message(body: dict[str, Any]) -> dict[str, str]:
    message: dict[str, str] = body["messages"][-1]
    return message


# --- Turns: one request at a time, queue time outside the timeout ------------------------


def test_two_asks_at_a_one_slot_server_both_succeed_within_a_shorter_timeout(
    stub: Stub, settings: Any
) -> None:
    """Each answer takes about 1 s; the timeout is 1.6 s; the two together take over 2 s,
    so the second would time out if its wait counted. It waits for its turn instead."""
    answer = brand_json()
    stub.behave(answers=[answer, answer], token_seconds=1.0 / (len(answer) / 4))
    settings.AI_TIMEOUT_SECONDS = 1.6
    results: list[Any] = []

    def ask() -> None:
        results.append(ai.ask("brand", brief=BRIEF, context={}, queued_for=0.0))

    started = time.monotonic()
    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    took = time.monotonic() - started

    assert [(r.provider, r.attempts, r.fallback_reason) for r in results] == [
        ("openai", 1, ""),
        ("openai", 1, ""),
    ]
    assert took > 2.0 > float(settings.AI_TIMEOUT_SECONDS)
    report = stub.report()
    assert report["most_at_once"] == 1  # never two at the server: no server-side queue
    assert (report["requests"], report["answered"], report["cancelled"]) == (2, 2, 0)


def test_a_turn_held_by_another_process_is_seen(settings: Any, tmp_path: Path) -> None:
    """The turn files are shared by every worker process on the machine."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, time; django.setup();"
            "from code24.ai import slots\n"
            "with slots.turn('http://llm/v1 (m)', size=1, wait=1):\n"
            "    print('held', flush=True); time.sleep(30)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "code24.settings",
            "CODE24_VAR_DIR": str(django_settings.VAR_DIR),
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(slots.Busy, match=r"http://llm/v1 \(m\) was busy for 0 s"),
            slots.turn("http://llm/v1 (m)", size=1, wait=0.2),
        ):
            pass
        with slots.turn("http://llm/v1 (m)", size=2, wait=0.2) as waited:  # a second slot
            assert waited < 0.2
    finally:
        holder.kill()
        holder.wait()
    with slots.turn("http://llm/v1 (m)", size=1, wait=1) as waited:  # its death freed it
        assert waited < 1


def test_turns_go_in_the_order_they_were_asked_for() -> None:
    """A build asking for page after page of its copy lets a waiting build go first."""
    endpoint = "http://llm/v1 (fair)"
    order: list[str] = []
    first = slots.turn(endpoint, size=1, wait=1)
    first.__enter__()

    def other_build() -> None:
        with slots.turn(endpoint, size=1, wait=5):
            order.append("other build")
            time.sleep(0.3)

    waiting = threading.Thread(target=other_build)
    waiting.start()
    time.sleep(0.2)  # it is waiting for the turn
    first.__exit__(None, None, None)
    with slots.turn(endpoint, size=1, wait=5) as waited:  # the next page, at once
        order.append("next page")
    waiting.join()
    assert order == ["other build", "next page"]
    assert waited >= 0.25


def test_a_place_in_line_left_by_a_dead_process_holds_nobody_up() -> None:
    endpoint = "http://llm/v1 (stale)"
    with slots.turn(endpoint, size=1, wait=1):
        pass
    folder = next((Path(django_settings.VAR_DIR) / "ai-slots").iterdir())
    (folder / "ticket-00000000000000000001-99999-1").touch()  # nobody holds it
    with slots.turn(endpoint, size=1, wait=1) as waited:
        assert waited < 0.5
    assert not list(folder.glob("ticket-*"))


# --- Cancelling: an abandoned request frees the server ---------------------------------


def test_an_answer_past_its_deadline_is_cancelled_and_the_server_is_free(
    stub: Stub, settings: Any
) -> None:
    slow = brand_json()  # about 150 tokens at 0.05 s: 7.5 s each
    stub.behave(answers=[slow, slow, brand_json("Quick one")], token_seconds=0.05)
    settings.AI_TIMEOUT_SECONDS = 0.6

    started = time.monotonic()
    result = ai.ask("brand", brief=BRIEF, context={})
    assert time.monotonic() - started < 3

    assert result.provider == "builtin"
    assert "did not finish its answer within 0.6 s (the request was cancelled)" in (
        result.fallback_reason
    )
    report = stub.wait_until(lambda r: r["cancelled"] == 2 and r["active"] == 0)
    assert (report["cancelled"], report["active"], report["answered"]) == (2, 0, 0)
    # The server is free at once for the next question (it stopped writing the others).
    settings.AI_TIMEOUT_SECONDS = 10
    stub.behave(answers=[brand_json("Quick one")])
    started = time.monotonic()
    assert ai.ask("brand", brief=BRIEF, context={}).value.tagline == "Quick one"
    assert time.monotonic() - started < 2


# --- Budgets from the context window ---------------------------------------------------------


def test_the_answer_budget_is_what_the_servers_window_leaves(stub: Stub) -> None:
    stub.behave(n_ctx=3000, answers=[brand_json()])
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("openai", 1)
    [body] = stub.bodies()
    question = budget.estimate_tokens(messages_for("brand", BRIEF, {}))
    assert body["max_tokens"] == 3000 - question - 64 < 4096
    assert stub.report()["refused"] == 0  # with 4096 asked, this server would refuse


def test_the_window_is_read_from_models_when_the_server_has_no_props(stub: Stub) -> None:
    stub.behave(n_ctx=2900, props=False, answers=[brand_json()])
    ai.ask("brand", brief=BRIEF, context={})
    question = budget.estimate_tokens(messages_for("brand", BRIEF, {}))
    assert stub.bodies()[0]["max_tokens"] == 2900 - question - 64


def test_a_configured_window_wins_and_an_unknown_one_asks_for_ai_max_tokens(
    stub: Stub, settings: Any
) -> None:
    settings.AI_CONTEXT_TOKENS = 3200
    stub.behave(n_ctx=100_000, answers=[brand_json()])
    ai.ask("brand", brief=BRIEF, context={})
    question = budget.estimate_tokens(messages_for("brand", BRIEF, {}))
    assert stub.bodies()[0]["max_tokens"] == 3200 - question - 64

    settings.AI_CONTEXT_TOKENS = 0
    ai.providers.forget()
    stub.behave(n_ctx=100_000, props=False, models_meta=False, answers=[brand_json()])
    ai.ask("brand", brief=BRIEF, context={})
    assert stub.bodies()[0]["max_tokens"] == 4096


def test_a_question_that_fills_the_window_is_not_sent(stub: Stub) -> None:
    stub.behave(n_ctx=900)
    result = ai.ask("brand", brief=BRIEF, context={})
    assert result.provider == "builtin"
    assert "leaving no room for an answer (it was not sent)" in result.fallback_reason
    assert "model's context window holds 900" in result.fallback_reason
    assert stub.report()["requests"] == 0


# --- finish_reason "length" ---------------------------------------------------------------


def test_a_cut_off_answer_is_not_parsed_and_is_asked_again_with_more_room(
    stub: Stub, settings: Any
) -> None:
    answer = brand_json()  # about 150 tokens
    settings.AI_MAX_TOKENS = 100
    stub.behave(n_ctx=8192, answers=[answer, answer])

    result = ai.ask("brand", brief=BRIEF, context={})

    assert (result.provider, result.attempts) == ("openai", 2)
    assert result.value.tagline == "Straight from the model"
    assert [body["max_tokens"] for body in stub.bodies()] == [100, 200]
    # The same question, with more room: nothing to correct.
    assert stub.bodies()[0]["messages"] == stub.bodies()[1]["messages"]


def test_a_cut_off_answer_with_no_more_room_is_asked_shorter_then_falls_back(
    stub: Stub, settings: Any
) -> None:
    long = brand_json(indent=80)  # valid JSON, but far longer than the window allows
    question = budget.estimate_tokens(messages_for("brand", BRIEF, {}))
    settings.AI_CONTEXT_TOKENS = question + 64 + 400  # room for 400 tokens
    stub.behave(n_ctx=100_000, answers=[long, long])

    result = ai.ask("brand", brief=BRIEF, context={})

    assert result.provider == "builtin"
    assert "the answer was cut off at" in result.fallback_reason
    first, second = stub.bodies()
    assert first["max_tokens"] == 400 and second["max_tokens"] < 400
    told = last_message(second)
    assert told["role"] == "user"
    assert told["content"].startswith("Your answer was cut off at 400 tokens")
    assert "keep every text short" in told["content"]


# --- A retry that says what was wrong ------------------------------------------------------


def test_the_retry_carries_the_rejected_answer_and_the_reason(stub: Stub) -> None:
    stub.behave(answers=["Sure! I'd love to help with your brand.", brand_json()])

    result = ai.ask("brand", brief=BRIEF, context={})

    assert (result.provider, result.attempts, result.fallback_reason) == ("openai", 2, "")
    first, second = stub.bodies()
    assert second["messages"][: len(first["messages"])] == first["messages"]
    shown, told = second["messages"][-2:]
    assert shown == {"role": "assistant", "content": "Sure! I'd love to help with your brand."}
    assert told["role"] == "user"
    assert told["content"].startswith("Your answer was rejected: The answer is not JSON")
    assert "Answer again with one JSON object" in told["content"]


# --- Structured output: the task's JSON schema, with fallbacks ------------------------------


def test_the_tasks_json_schema_is_asked_for(stub: Stub) -> None:
    stub.behave(answers=[brand_json()])
    ai.ask("brand", brief=BRIEF, context={})
    [body] = stub.bodies()
    assert body["stream"] is True
    answer_format = body["response_format"]
    assert answer_format["type"] == "json_schema"
    assert answer_format["json_schema"]["name"] == "brand"
    assert answer_format["json_schema"]["strict"] is False
    schema = answer_format["json_schema"]["schema"]
    assert "$ref" not in json.dumps(schema)  # inlined
    assert schema["properties"]["palette"]["properties"]["on_primary"]["pattern"]


@pytest.mark.parametrize("how", ["refuse", "crash"])
def test_a_server_that_cannot_take_the_schema_is_asked_for_a_json_object(
    stub: Stub, how: str
) -> None:
    stub.behave(json_schema=how, answers=[brand_json(), brand_json()])

    result = ai.ask("brand", brief=BRIEF, context={})

    assert (result.provider, result.attempts) == ("openai", 1)
    first, second = stub.bodies()
    assert first["response_format"]["type"] == "json_schema"
    assert second["response_format"] == {"type": "json_object"}
    # Remembered for the endpoint: the next question goes straight to a JSON object.
    ai.ask("brand", brief=BRIEF, context={})
    assert stub.bodies()[2]["response_format"] == {"type": "json_object"}


def test_a_server_without_json_modes_is_asked_without_one(stub: Stub) -> None:
    stub.behave(json_schema="refuse", json_object="refuse", answers=[brand_json()])
    result = ai.ask("brand", brief=BRIEF, context={})
    assert (result.provider, result.attempts) == ("openai", 1)
    assert [body.get("response_format", {}).get("type") for body in stub.bodies()] == [
        "json_schema",
        "json_object",
        None,
    ]


def test_a_server_that_does_not_stream_is_asked_in_one_piece(stub: Stub) -> None:
    stub.behave(stream="refuse", answers=[brand_json(), brand_json()])
    assert ai.ask("brand", brief=BRIEF, context={}).provider == "openai"
    ai.ask("brand", brief=BRIEF, context={})
    assert [body.get("stream", False) for body in stub.bodies()] == [True, False, False]


# --- The copy, page by page ---------------------------------------------------------------


def design_for_brief() -> Design:
    design = builtin.generate("design", BRIEF, {})
    assert isinstance(design, Design)
    return design


def test_the_copy_is_asked_for_page_by_page_and_a_failed_page_is_the_builtin_one(
    stub: Stub,
) -> None:
    design = design_for_brief()
    context = {"design": design.model_dump(mode="json")}
    pages = {plan.slug: [page_json(plan.slug, plan.sections[0].kind)] for plan in design.pages}
    pages["about"] = ["not JSON at all", '{"slug": "about"}']  # twice wrong
    stub.behave(pages=pages, extras=[extras_json()])

    result = ai.ask("content", brief=BRIEF, context=context)

    assert isinstance(result.value, Content)
    assert result.provider == "openai"
    assert [page.slug for page in result.value.pages] == [plan.slug for plan in design.pages]
    by_slug = {page.slug: page for page in result.value.pages}
    own = builtin.generate("content", BRIEF, context)
    assert isinstance(own, Content)
    assert by_slug["about"] == next(page for page in own.pages if page.slug == "about")
    assert by_slug["index"].h1 == "Model page index"
    assert result.value.faq[0].question == "Do you see children?"
    parts = {part.part: part for part in result.parts}
    assert list(parts) == [plan.slug for plan in design.pages] + ["faq and structured data"]
    assert (parts["about"].provider, parts["about"].attempts) == ("builtin", 2)
    assert "does not match the schema" in parts["about"].fallback_reason
    assert (parts["index"].provider, parts["index"].attempts) == ("openai", 1)
    assert "the built-in writer wrote 1 of" in result.fallback_reason
    assert "(about)" in result.fallback_reason
    bodies = stub.bodies()
    assert len(bodies) == len(design.pages) + 2  # one retry, for the about page
    for body in bodies:
        schema = body["response_format"]["json_schema"]["schema"]
        assert "pages" not in schema["properties"]  # never the whole site in one answer
        data = json.loads(body["messages"][1]["content"])
        assert data["context"]["design"] == context["design"]


def test_a_price_that_is_not_in_the_facts_is_rejected_and_the_retry_names_it(
    stub: Stub,
) -> None:
    design = design_for_brief()
    context = {"design": design.model_dump(mode="json")}
    pages = {plan.slug: [page_json(plan.slug, plan.sections[0].kind)] for plan in design.pages}
    pages["index"] = [
        page_json("index", text="Check-ups from £25, open until 20:00."),
        page_json("index", text="Check-ups for the whole family."),
    ]
    stub.behave(pages=pages, extras=[extras_json()])

    result = ai.ask("content", brief=BRIEF, context=context)

    index = next(part for part in result.parts if part.part == "index")
    assert (index.provider, index.attempts) == ("openai", 2)
    assert result.value.pages[0].sections[0].body == "Check-ups for the whole family."
    retry = [b for b in stub.bodies() if '"slug": "index"' in b["messages"][1]["content"]][1]
    told = last_message(retry)["content"]
    assert told.startswith("Your answer was rejected: The answer states what the facts do not")
    assert "price '25' is not in the business's facts" in told
    assert "time '20:00' is not in the business's facts" in told


def test_a_step_stops_asking_the_model_after_ai_step_max_seconds(stub: Stub, settings: Any) -> None:
    design = design_for_brief()
    pages = {plan.slug: [page_json(plan.slug, plan.sections[0].kind)] for plan in design.pages}
    stub.behave(pages=pages, extras=[extras_json()], token_seconds=0.008)  # 0.6 s a page
    settings.AI_STEP_MAX_SECONDS = 1

    result = ai.ask("content", brief=BRIEF, context={"design": design.model_dump(mode="json")})

    asked = [part for part in result.parts if part.provider == "openai"]
    rest = [part for part in result.parts if part.provider == "builtin"]
    assert 1 <= len(asked) <= 3 and rest
    assert all("the most it may take" in part.fallback_reason for part in rest)
    assert all(part.attempts == 0 for part in rest)
    assert stub.report()["requests"] == len(asked)


def test_the_prompt_says_every_claim_needs_a_source(stub: Stub) -> None:
    system = messages_for("content_page", BRIEF, {})[0]["content"]
    assert "Every claim must come from brief.facts, the rest of the brief, or the context" in system
    assert "leave its items empty rather than invent" in system


# --- A busy server: the step lets its worker go, then falls back ----------------------------


@pytest.mark.django_db
def test_a_busy_server_makes_the_step_wait_then_use_the_builtin_writer(
    stub: Stub, settings: Any
) -> None:
    settings.AI_SLOT_WAIT_SECONDS = 0.2
    stub.behave(answers=[brand_json()])
    build = make_build(make_site(make_account()))
    endpoint = endpoint_for("openai", "stub-model").name
    with slots.turn(endpoint, size=1, wait=1):  # another build's request holds the server
        wait = runner.run(build.pk)
        step = BuildStep.objects.get(build=build, name="market_research")
        assert wait is not None and step.is_waiting
        assert step.error.startswith(f"The model server at {endpoint} is busy with other work")
        assert "then Code24's built-in writer is used" in step.error

        # Five minutes later, the server still busy: the step waits no longer.
        BuildStep.objects.filter(pk=step.pk).update(
            waiting_since=timezone.now() - timedelta(seconds=301), next_attempt_at=timezone.now()
        )
        runner.run(build.pk)
    step.refresh_from_db()
    assert step.status == BuildStep.Status.SUCCEEDED
    output = step.output
    assert isinstance(output, dict)
    assert (output["provider"], output["attempts"]) == ("builtin", 0)
    assert output["fallback_reason"].startswith(
        f"openai (stub-model) was not asked: the model server at {endpoint} was busy for 30"
    )
    assert stub.report()["requests"] == 0
