"""A local SMTP sink for the delivery scenario: accepts every message, keeps only a
count, prints ``BENCH_JSON {"messages": n}`` when stopped (SIGTERM or SIGINT).

    python -m bench.smtp_sink --port 8225
"""

from __future__ import annotations

import argparse
import json
import signal
import threading

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self) -> None:
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages += 1
        return "250 OK"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8225)
    args = parser.parse_args(argv)
    handler = Counter()
    controller = Controller(handler, hostname=args.host, port=args.port)
    controller.start()
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    print("ready", flush=True)
    stopped.wait()
    controller.stop()
    print("BENCH_JSON " + json.dumps({"messages": handler.messages}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
