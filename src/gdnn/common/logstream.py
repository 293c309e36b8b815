"""The console log handler: one line per record on the process's standard output or error.

`logging.StreamHandler` keeps the stream object it was given. Configured while something had
replaced sys.stdout (a command run in-process with its output captured, as the tests do), it keeps
writing to that object after it is closed, and every record then turns into a "Logging error"
traceback on whatever stderr is at the time. This handler looks the stream up at each record.
"""

from __future__ import annotations

import logging
import sys
from typing import Any


class ConsoleHandler(logging.StreamHandler):
    def __init__(self, stream_name: str = "stdout") -> None:
        self.stream_name = "stderr" if stream_name == "stderr" else "stdout"
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return getattr(sys, self.stream_name)

    @stream.setter
    def stream(self, value: Any) -> None:
        """StreamHandler sets its stream; the current one is read at each record instead."""
