"""A benchmark-only middleware: per request, the SQL statements sent (BEGIN, COMMIT, ROLLBACK
and savepoints included), how long the statement that takes the event's row lock (`… FROM
"events_event" … FOR UPDATE`) took (`lock_statement_ms`: waiting for the lock, then whatever the
statement does holding it) and the time from its end to the end of the commit (`lock_ms`; 0
for a statement that is its own transaction: the server commits it as it ends).

Switched on by bench/floor_settings.py when BENCH_SQL_METER_DIR is set; each worker appends one
JSON line per request to <dir>/<pid>.jsonl, read by bench/registration_rush.py. Never part of
the portal's own settings.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse

LOCK_MARKERS = ('"events_event"', "FOR UPDATE")


class SqlMeterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.out = Path(os.environ["BENCH_SQL_METER_DIR"]) / f"{os.getpid()}.jsonl"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection = connections["default"]
        meter = {"statements": 0, "locked_at": None, "lock_ms": None, "lock_statement_ms": None}

        def execute(run: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
            meter["statements"] += 1
            started = time.perf_counter()
            result = run(sql, params, many, context)
            if meter["locked_at"] is None and all(m in sql for m in LOCK_MARKERS):
                meter["locked_at"] = time.perf_counter()
                meter["lock_statement_ms"] = (meter["locked_at"] - started) * 1000
                if not connection.in_atomic_block:
                    # A statement of its own (events.services.registrations): the server
                    # committed it and let the lock go as it ended; nothing held it after.
                    meter["lock_ms"] = 0.0
            return result

        def ending(method: Callable[[], None]) -> Callable[[], None]:
            def end() -> None:
                method()
                # COMMIT (or ROLLBACK), and the BEGIN psycopg sent before the first statement
                meter["statements"] += 2
                if meter["locked_at"] is not None and meter["lock_ms"] is None:
                    meter["lock_ms"] = (time.perf_counter() - meter["locked_at"]) * 1000

            return end

        connection.commit = ending(type(connection).commit.__get__(connection))
        connection.rollback = ending(type(connection).rollback.__get__(connection))
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(execute):
                response = self.get_response(request)
        finally:
            del connection.commit, connection.rollback
        record = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "statements": meter["statements"],
            "lock_ms": meter["lock_ms"],
            "lock_statement_ms": meter["lock_statement_ms"],
            "ms": (time.perf_counter() - started) * 1000,
        }
        with self.out.open("a") as out:
            out.write(json.dumps(record) + "\n")
        return response
