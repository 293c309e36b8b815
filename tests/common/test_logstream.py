"""The console log handler writes to the standard stream of the moment, not to the one it saw when
logging was configured (a command run with captured output used to leave a closed stream behind,
and every later record became a "Logging error" traceback)."""

import io
import logging
import sys

from gdnn.common.logstream import ConsoleHandler


def test_records_go_to_the_current_stream_after_the_configured_one_is_closed(monkeypatch):
    captured = io.StringIO()
    monkeypatch.setattr(sys, "stdout", captured)
    handler = ConsoleHandler("stdout")
    logger = logging.getLogger("gdnn.test.logstream")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("first")
        captured.close()
        now, errors = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdout", now)
        monkeypatch.setattr(sys, "stderr", errors)
        logger.warning("second")
    finally:
        logger.removeHandler(handler)
    assert now.getvalue() == "second\n" and errors.getvalue() == ""


def test_the_stream_is_chosen_by_name():
    assert ConsoleHandler("stderr").stream is sys.stderr and ConsoleHandler().stream is sys.stdout
