"""Structured logs that cannot carry what people write: one JSON object per line, content left out.

The formatter writes the log call's fixed template (`record.msg`), never the interpolated message. Its
arguments and `extra` fields are kept only when they are numbers, booleans or short identifier-like
strings (a tier, a reason code, a module name); anything with spaces or longer than 64 characters is
replaced by its length. Exceptions are reduced to their type and where they happened, because their text
may quote input. So even a careless `log.debug("got %s", message)` logs `"got %s"` and `[text, 23 chars]`.
Imports only the standard library.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from typing import IO, Any

_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_.:/@+-]{0,64}")
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def safe_value(value: object) -> object:
    """A value fit for a log line: numbers and identifiers as they are, text only as its length."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if _SAFE_TOKEN.fullmatch(value) else f"[text, {len(value)} chars]"
    if isinstance(value, list | tuple | set | frozenset):
        return [safe_value(v) for v in list(value)[:20]]
    return f"[{type(value).__name__}]"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.msg if isinstance(record.msg, str) else f"[{type(record.msg).__name__}]",
        }
        args = record.args if isinstance(record.args, tuple) else (record.args,) if record.args else ()
        if args:
            entry["args"] = [safe_value(a) for a in args]
        for name, value in vars(record).items():
            if name not in _RECORD_FIELDS and not name.startswith("_"):
                entry[name] = safe_value(value)
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["where"] = [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}"
                              for f in traceback.extract_tb(record.exc_info[2])][-5:]
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str | int | None = None, stream: IO[str] | None = None) -> logging.Handler:
    """Send the `steadyheart` loggers to one JSON-lines handler (standard error by default).

    The level comes from the argument, else $STEADYHEART_LOG_LEVEL, else WARNING. Calling it again
    replaces the handler it installed before, so it is safe to call once per process start.
    """
    chosen = level if level is not None else os.environ.get("STEADYHEART_LOG_LEVEL", "WARNING")
    logger = logging.getLogger("steadyheart")
    for handler in list(logger.handlers):
        if getattr(handler, "_steadyheart_json", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler._steadyheart_json = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(chosen.upper() if isinstance(chosen, str) else chosen)
    return handler
