"""The converter's other half: run by a Python that has LibreOffice's `uno` module (Debian's
python3-uno gives it to /usr/bin/python3; GDNN's own venv cannot import it), never imported by GDNN.

Usage: python3 uno_bridge.py PIPE_NAME CONNECT_SECONDS

Connects to the LibreOffice listening on the named pipe (started by gdnn.reports.pdf with
`--accept=pipe,name=PIPE_NAME;urp;`), retrying until it answers or CONNECT_SECONDS pass, then
reads one JSON request a line on stdin, {"source": "/x.docx", "target": "/x.pdf"}, and writes one
JSON answer a line on stdout: {"ok": true}, or {"ok": false, "error": "...", "fatal": bool}. After
a fatal answer (the office is gone or broken) it exits; the caller restarts the office. At the end
of stdin (the worker stopped or died) it asks LibreOffice to quit and exits.

Standard library and `uno` only: this file runs under the system Python, outside the venv.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import time


def _answer(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _connect(pipe: str, seconds: float):  # UNO objects have no Python types
    import uno
    from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _props(**values: object) -> tuple:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _convert(desktop, source: str, target: str) -> None:
    import uno

    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                            _props(Hidden=True, ReadOnly=True, MacroExecutionMode=0,
                                                   UpdateDocMode=0))
    if document is None:
        raise ValueError("LibreOffice không mở được tệp DOCX")
    try:
        document.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="writer_pdf_Export"))
    finally:
        try:
            document.close(True)
        except Exception:  # a close veto: dispose instead
            document.dispose()


def main() -> int:
    # The worker's Ctrl-C or SIGTERM reaches its whole process group; the bridge waits for the end of
    # its input instead, so that it can still ask LibreOffice to quit (the worker kills it if need be).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pipe, seconds = sys.argv[1], float(sys.argv[2])
    try:
        desktop = _connect(pipe, seconds)
    except Exception as exc:
        _answer(ok=False, error=f"không kết nối được LibreOffice ({type(exc).__name__})", fatal=True)
        return 1
    _answer(ok=True, ready=True)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _convert(desktop, request["source"], request["target"])
        except Exception as exc:
            # A document LibreOffice cannot read is the document's fault; anything else (the bridge
            # disposed, the office gone) means the office must be restarted.
            name = type(exc).__name__
            fatal = not (isinstance(exc, ValueError) or name in {"IllegalArgumentException", "IOException"})
            _answer(ok=False, error=f"{name}: {exc}"[:300], fatal=fatal)
            if fatal:
                return 1
        else:
            _answer(ok=True)
    with contextlib.suppress(Exception):  # already gone
        desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
