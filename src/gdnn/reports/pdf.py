"""DOCX → PDF through LibreOffice headless, with a private profile and a time limit.

Each process keeps one LibreOffice running (started on its first PDF) and converts through UNO:
LibreOffice listens on a private pipe, and a small script of ours (uno_bridge.py) run by a Python
that has the `uno` module (Debian's python3-uno; the venv's Python cannot import it) talks to it,
one JSON line a conversion on its stdin/stdout. That saves the ≈1.4 s CPU a fresh `soffice
--convert-to pdf` costs each report. A hung or crashed LibreOffice is killed, restarted and the
conversion retried once. Each running converter holds a profile slot under
DATA_DIR/libreoffice (a lock file), so processes never share a LibreOffice profile. Without a
Python with `uno`, or when the converter cannot start, each PDF goes through the one-shot
`soffice --convert-to pdf` as before. `converter_shutdown()` (the worker's shutdown, and atexit)
stops LibreOffice so that none is left behind.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from gdnn.common.errors import DomainError

logger = logging.getLogger(__name__)
TIMEOUT_S = 180
CONVERT_TIMEOUT_S = 120  # one conversion through the running LibreOffice
START_TIMEOUT_S = 60  # LibreOffice (a new profile included) until it accepts the bridge
# Pythons that may have LibreOffice's `uno` module: Debian's python3-uno, LibreOffice's own.
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python")
BRIDGE = Path(__file__).with_name("uno_bridge.py")
SLOTS = 64


def soffice_path() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise DomainError("Không tìm thấy LibreOffice (soffice) để tạo PDF; cài gói libreoffice "
                          "(`make install`) hoặc chọn định dạng docx.")
    return found


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    """The PDF LibreOffice makes of the DOCX; DomainError when soffice is missing, fails or hangs.
    Through this process's running LibreOffice when a Python with `uno` is there, else one-shot."""
    soffice = soffice_path()
    converter = _converter(soffice)
    if converter is not None:
        try:
            return converter.convert(docx, timeout=min(timeout, CONVERT_TIMEOUT_S))
        except ConverterUnavailable as exc:
            logger.warning("persistent LibreOffice converter unavailable (%s); using one-shot soffice", exc)
            _converter_disable()
    return docx_to_pdf_oneshot(docx, soffice=soffice, timeout=timeout)


def docx_to_pdf_oneshot(docx: bytes, *, soffice: str, timeout: float = TIMEOUT_S) -> bytes:
    """A fresh `soffice --convert-to pdf` with a new profile: the fallback, ≈1.4 s CPU each."""
    with tempfile.TemporaryDirectory(prefix="gdnn-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bao-cao.docx"
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DomainError(f"LibreOffice không tạo xong PDF trong {int(timeout)} giây.") from exc
        target = work / "out" / "bao-cao.pdf"
        if done.returncode != 0 or not target.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise DomainError(f"LibreOffice không chuyển được báo cáo sang PDF ({detail[-1] if detail else 'lỗi'}).")
        return target.read_bytes()


class ConverterUnavailable(Exception):
    """The persistent converter could not start (no profile slot, LibreOffice never answered)."""


class _Crash(Exception):
    """LibreOffice or the bridge died, broke or overran the time limit: restart and retry."""


def uno_python(candidates: tuple[str, ...] | None = None) -> str | None:
    """The first Python that can `import uno`, or None (then PDFs go through one-shot soffice)."""
    for path in candidates if candidates is not None else UNO_PYTHONS:
        if not os.access(path, os.X_OK):
            continue
        try:
            done = subprocess.run([path, "-c", "import uno"], capture_output=True, timeout=30, env=_bridge_env(),
                                  check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return path
    return None


def _bridge_env() -> dict[str, str]:
    """The environment without the venv's Python settings (the bridge runs another Python)."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


class UnoConverter:
    """One LibreOffice kept running for this process, and the bridge that drives it through UNO."""

    def __init__(self, *, soffice: str, python: str, profile_root: Path, start_timeout: float = START_TIMEOUT_S):
        self.soffice, self.python, self.profile_root = soffice, python, Path(profile_root)
        self.start_timeout = start_timeout
        self.office: subprocess.Popen | None = None
        self.bridge: subprocess.Popen | None = None
        self.profile: Path | None = None
        self._slot: IO[bytes] | None = None
        self._buffer = b""
        self._lock = threading.Lock()
        self.starts = 0  # LibreOffice launches so far (a restart counts)
        self.closed = False  # after close(), start() does nothing (a warm-up racing the shutdown)

    # ---- the conversion -------------------------------------------------------------------------
    def convert(self, docx: bytes, *, timeout: float = CONVERT_TIMEOUT_S) -> bytes:
        """The PDF of the DOCX; a crashed or hung LibreOffice is restarted and the conversion
        retried once. DomainError (Vietnamese) when it still fails; ConverterUnavailable when
        LibreOffice cannot be started at all."""
        with self._lock, tempfile.TemporaryDirectory(prefix="gdnn-pdf-") as tmp:
            source, target = Path(tmp) / "bao-cao.docx", Path(tmp) / "bao-cao.pdf"
            source.write_bytes(docx)
            for attempt in (1, 2):
                if not self.running():
                    self._start()
                try:
                    self._request(source, target, timeout=timeout)
                    break
                except _Crash as exc:
                    logger.warning("LibreOffice conversion failed (attempt %d): %s; restarting it", attempt, exc)
                    self._stop_processes()
                    if attempt == 2:
                        raise DomainError("LibreOffice không chuyển được báo cáo sang PDF (đã khởi động lại và "
                                          f"thử lại một lần): {exc}") from exc
            if not target.exists() or target.stat().st_size == 0:
                raise DomainError("LibreOffice không tạo ra tệp PDF cho báo cáo này.")
            return target.read_bytes()

    def start(self) -> None:
        """Start LibreOffice now, if it is not running (a worker warming up before its first PDF)."""
        with self._lock:
            if not self.closed and not self.running():
                self._start()

    def running(self) -> bool:
        return (self.office is not None and self.office.poll() is None
                and self.bridge is not None and self.bridge.poll() is None)

    def _request(self, source: Path, target: Path, *, timeout: float) -> None:
        assert self.bridge is not None and self.bridge.stdin is not None
        target.unlink(missing_ok=True)
        line = json.dumps({"source": str(source), "target": str(target)}) + "\n"
        try:
            self.bridge.stdin.write(line.encode())
            self.bridge.stdin.flush()
        except OSError as exc:
            raise _Crash(f"cầu nối UNO đã dừng ({exc})") from exc
        answer = self._answer(time.monotonic() + timeout, what=f"LibreOffice không tạo xong PDF trong "
                                                                 f"{int(timeout)} giây")
        if answer.get("ok"):
            return
        if answer.get("fatal", True):
            raise _Crash(str(answer.get("error") or "lỗi không rõ"))
        raise DomainError(f"LibreOffice không chuyển được báo cáo sang PDF ({answer.get('error')}).")

    def _answer(self, deadline: float, *, what: str) -> dict:
        """The bridge's next JSON line, or _Crash when it dies or `deadline` passes."""
        assert self.bridge is not None and self.bridge.stdout is not None
        fd = self.bridge.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Crash(what)
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise _Crash("LibreOffice hoặc cầu nối UNO đã dừng đột ngột")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            answer = json.loads(line)
        except ValueError as exc:
            raise _Crash(f"câu trả lời lạ từ cầu nối UNO: {line[:100]!r}") from exc
        return answer if isinstance(answer, dict) else {"ok": False, "error": "câu trả lời lạ", "fatal": True}

    # ---- starting and stopping ------------------------------------------------------------------
    def _start(self) -> None:
        self._stop_processes()
        if self._slot is None:
            self._slot_take()
        assert self.profile is not None
        profile_url = self.profile.as_uri()
        _kill_offices_of(profile_url)  # left by an earlier owner of this slot that was killed outright
        pipe = f"gdnn-{os.getpid()}-{secrets.token_hex(6)}"
        command = [self.soffice, f"-env:UserInstallation={profile_url}", "--headless", "--invisible",
                   "--nocrashreport", "--nodefault", "--nologo", "--nofirststartwizard", "--norestore",
                   f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
        self.starts += 1
        try:
            # A session of its own, so that LibreOffice and its oosplash parent are killed together.
            self.office = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, start_new_session=True)
            self.bridge = subprocess.Popen([self.python, str(BRIDGE), pipe, str(self.start_timeout)],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_bridge_env())
        except OSError as exc:
            self._stop_processes()
            raise ConverterUnavailable(f"không chạy được LibreOffice ({exc})") from exc
        self._buffer = b""
        try:
            answer = self._answer(time.monotonic() + self.start_timeout + 5,
                                  what=f"LibreOffice không sẵn sàng sau {int(self.start_timeout)} giây")
        except _Crash as exc:
            self._stop_processes()
            raise ConverterUnavailable(str(exc)) from exc
        if not answer.get("ready"):
            self._stop_processes()
            raise ConverterUnavailable(str(answer.get("error") or "cầu nối UNO không sẵn sàng"))
        logger.debug("LibreOffice converter started (pid %s, profile %s)", self.office.pid, self.profile)

    def _slot_take(self) -> None:
        """Lock the first free profile slot; the lock lasts as long as this process holds it open."""
        try:
            self.profile_root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConverterUnavailable(f"không tạo được thư mục hồ sơ LibreOffice {self.profile_root} ({exc})") from exc
        for n in range(SLOTS):
            try:
                handle = (self.profile_root / f"slot-{n}.lock").open("ab")
            except OSError as exc:
                raise ConverterUnavailable(f"không ghi được vào {self.profile_root} ({exc})") from exc
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self._slot, self.profile = handle, self.profile_root / f"profile-{n}"
            return
        raise ConverterUnavailable(f"hết chỗ hồ sơ LibreOffice trong {self.profile_root}")

    def _stop_processes(self, *, graceful: bool = False) -> None:
        """Stop the bridge and LibreOffice (its whole session) and reap both: no zombie is left.
        Graceful: the bridge, at the end of its input, asks LibreOffice to quit; else both are killed."""
        bridge, office, self.bridge, self.office = self.bridge, self.office, None, None
        graceful = graceful and bridge is not None and bridge.poll() is None  # else no one asks it to quit
        if office is not None and not graceful:
            _end(office, grace=0, group=True)
        if bridge is not None:
            for stream in (bridge.stdin, bridge.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):  # a broken pipe to a dead bridge
                        stream.close()
            _end(bridge, grace=3.0 if graceful else 0, group=False)
        if office is not None and graceful:
            _end(office, grace=5.0, group=True)

    def close(self) -> None:
        """Stop LibreOffice and give the profile slot back."""
        with self._lock:
            self.closed = True
            self._stop_processes(graceful=True)
            if self._slot is not None:
                self._slot.close()
                self._slot = None


def _end(process: subprocess.Popen, *, grace: float, group: bool) -> None:
    """Give `process` `grace` seconds to end, then SIGKILL it (with `group`, its whole session, as
    oosplash starts soffice.bin beside it); always reap it."""
    if grace > 0:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _kill_offices_of(profile_url: str) -> None:
    """Kill LibreOffice processes still running on `profile_url` (their owner died without stopping them)."""
    wanted = f"-env:UserInstallation={profile_url}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if wanted in (entry / "cmdline").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


# ---- this process's converter ---------------------------------------------------------------------
_state: dict[str, object] = {}
_state_lock = threading.Lock()


def _converter(soffice: str) -> UnoConverter | None:
    """This process's converter, made on the first PDF; None when no Python has `uno` (or it failed)."""
    with _state_lock:
        if "converter" not in _state:
            from django.conf import settings

            python = uno_python()
            if python is None:
                logger.info("no Python with the uno module (Debian: python3-uno); PDFs use one-shot soffice")
                _state["converter"] = None
            else:
                _state["converter"] = UnoConverter(soffice=soffice, python=python,
                                                   profile_root=Path(settings.DATA_DIR) / "libreoffice")
                atexit.register(converter_shutdown)
        converter = _state["converter"]
        return converter if isinstance(converter, UnoConverter) else None


def _converter_disable() -> None:
    with _state_lock:
        converter = _state.get("converter")
        _state["converter"] = None
    if isinstance(converter, UnoConverter):
        converter.close()


def converter_shutdown() -> None:
    """Stop this process's LibreOffice, if one was started (the worker's shutdown; atexit)."""
    with _state_lock:
        converter = _state.pop("converter", None)
    if isinstance(converter, UnoConverter):
        converter.close()


def converter_warm() -> None:
    """Start this process's LibreOffice and load the report code before the first PDF is asked for
    (a worker loop at start), so the first report does not wait ~10 s for both. Never raises: a
    LibreOffice that cannot start is left to the first PDF, which falls back to one-shot soffice."""
    try:
        converter = _converter(soffice_path())
        if converter is not None:
            converter.start()
        from gdnn.reports import charts, docx_writer, generator  # noqa: F401  (imported for their load time)

        charts.chart_png({"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"y": {"field": "a"}}})
    except Exception:  # the first PDF will try again and report what fails
        logger.warning("could not warm the PDF converter up", exc_info=True)
