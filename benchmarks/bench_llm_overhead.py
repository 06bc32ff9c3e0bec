"""What the LLM path adds around the model's own time, measured against an instant fake model server.

    python benchmarks/bench_llm_overhead.py [--turns 200]

A fake OpenAI-compatible server runs in its own process on 127.0.0.1 and streams a fixed 12-chunk reply
at once, so whatever time remains is ours: prompt assembly, redaction (remote case), HTTP and SSE parsing,
placeholder restoring and the reply checks. Reported:
  responder (local)    OpenAICompatibleResponder.stream() end to end, endpoint on this machine
  responder (remote)   the same with redaction and restoring switched on, as for a remote endpoint
  first chunk          from calling stream() to the first chunk in hand
  turn, llm / embedded Companion.reply() whole turns (triage, analysis, plan, responder, guard, SQLite
                       write) with the LLM responder and with the embedded one; the difference is what the
                       LLM path costs a turn beyond the model itself
Target: responder overhead p95 <= 15 ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPLY = ["That ", "waiting ", "sounds ", "really ", "hard, ", "and ", "it ", "is on your mind. ", "What ",
         "feels ", "hardest ", "right now?"]
MESSAGES = [
    "My boyfriend Sam hasn't texted back in {n} hours and I feel sick.",
    "She left me on read again and I keep checking if she's online.",
    "We had a fight about the dishes and now he's quiet. I just know he's losing interest.",
    "I want to look at his phone so badly tonight, {n} messages from someone called Alex.",
    "Honestly it's 2am and my chest is tight and I can't stop thinking about it.",
]


def stream_body(number: int) -> bytes:
    """The reply with a counter in it, so no two replies repeat a sentence (the responder refuses that)."""
    chunks = [*REPLY[:5], f"({number}) ", *REPLY[5:-1], f"right now ({number})?"]
    events = [{"choices": [{"index": 0, "delta": {"role": "assistant"}, "finish_reason": None}]}]
    events += [{"choices": [{"index": 0, "delta": {"content": c}, "finish_reason": None}]} for c in chunks]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    return ("".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n").encode()


def serve(port: int) -> None:
    counter = itertools.count()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            body = stream_body(next(counter))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(label: str, values_ms: list[float]) -> None:
    print(f"{label:<22} n={len(values_ms):<4} median {statistics.median(values_ms):6.2f} ms   "
          f"p95 {percentile(values_ms, 0.95):6.2f} ms   max {max(values_ms):6.2f} ms")


def timed(runs: int, action: Callable[[int], object]) -> list[float]:
    for warm in range(5):
        action(warm)
    samples = []
    for index in range(runs):
        started = time.perf_counter()
        action(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    import httpx

    logging.getLogger("steadyheart").setLevel(logging.ERROR)  # fallbacks are counted below, not logged

    from steadyheart.companion import Companion
    from steadyheart.dialogue.plan import Move, MoveName, Plan
    from steadyheart.responders.base import ExchangeLine, RenderRequest
    from steadyheart.responders.openai_compatible import OpenAICompatibleResponder
    from steadyheart.responders.settings import LLMSettings
    from steadyheart.understanding.analysis import Analysis, Scored, TrapFinding

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)])
    try:
        base = f"http://127.0.0.1:{port}/v1"
        for _ in range(100):
            try:
                httpx.get(base, timeout=0.5)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        settings = LLMSettings(base_url=base, model="instant")
        local = OpenAICompatibleResponder(settings)
        remote = OpenAICompatibleResponder(settings, redact=True)
        analysis = Analysis(emotions=(Scored("anxiety", 0.8), Scored("sadness", 0.4)),
                            traps=(TrapFinding("mind_reading", 0.7, "", ""),), intensity=0.7)
        recent = tuple(ExchangeLine("user" if i % 2 == 0 else "assistant", MESSAGES[i % 5].format(n=i)) for i in range(6))

        def request(i: int) -> RenderRequest:
            plan = Plan((Move(MoveName.REFLECT), Move(MoveName.NAME_TRAP), Move(MoveName.ASK)))
            return RenderRequest(plan=plan, user_text=MESSAGES[i % 5].format(n=i), analysis=analysis, recent=recent,
                                 snippets=("Mind reading means guessing what someone thinks without asking.",))

        print(f"python {sys.version.split()[0]}, {args.turns} runs each, fake model streams {len(REPLY) + 1} chunks at once")
        report("responder (local)", timed(args.turns, lambda i: "".join(local.stream(request(i)))))
        report("responder (remote)", timed(args.turns, lambda i: "".join(remote.stream(request(i)))))
        report("first chunk", timed(args.turns, lambda i: next(iter(local.stream(request(i))))))

        with tempfile.TemporaryDirectory() as tmp:
            with_llm = Companion.open(Path(tmp) / "llm", responder=local)
            embedded = Companion.open(Path(tmp) / "embedded")
            turns = max(20, args.turns // 2)
            llm_turns = timed(turns, lambda i: with_llm.reply(MESSAGES[i % 5].format(n=i)))
            embedded_turns = timed(turns, lambda i: embedded.reply(MESSAGES[i % 5].format(n=i)))
            answered = {t.responder for c in with_llm.conversations() for t in with_llm.turns(c.id)}
            fallbacks = sum(1 for c in with_llm.conversations() for t in with_llm.turns(c.id) if t.responder != "llm")
        report("turn, llm", llm_turns)
        report("turn, embedded", embedded_turns)
        print(f"responders that answered the llm turns: {sorted(answered)}; turns not answered by it: {fallbacks}")
        print(f"llm path minus embedded path, medians: "
              f"{statistics.median(llm_turns) - statistics.median(embedded_turns):+.2f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
