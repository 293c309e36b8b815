"""Parse untrusted files in a child process with CPU, memory and wall-clock limits.

A hostile upload (a zip bomb, a workbook inflated to millions of cells, a PDF of thousands of blank
pages) must cost seconds and megabytes, never a worker. `sandbox_call` runs a function named by its
dotted path in a fresh `python -m gdnn.common.sandbox` process that first lowers its own limits
(RLIMIT_CPU, RLIMIT_AS, RLIMIT_FSIZE), then runs the function; the parent kills the whole process
group when the wall-clock limit passes (OCR helpers included) and removes the child's private
temporary folder.

The child does not set up Django: the function must be plain Python on its arguments. A function
refuses a file by raising `Refused` (or any exception with `errors` or `reason`); the parent raises
`Refused` with the same messages. Every other failure, and every limit reached, raises
`LimitExceeded` or `Refused` with a generic message: no path, no traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

_RESULT_MAX_BYTES = 256 * 1024 * 1024


class Refused(Exception):
    """The file was refused; `errors` are messages for the user (never a server path)."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class LimitExceeded(Refused):
    """The child hit its CPU, memory or time limit (or died): the file costs too much to read."""

    def __init__(self, what: str, errors: list[str]):
        self.what = what
        super().__init__(errors)


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int = 30
    memory_bytes: int = 512 * 1024 * 1024
    wall_seconds: float = 60.0
    file_bytes: int = 256 * 1024 * 1024  # the largest file the child may write (OCR page images)


@dataclass
class Stats:
    """What the last call cost: wall time, CPU time and peak memory of the child and its helpers."""

    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_bytes: int = 0
    outcome: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


last_stats = Stats()


def limits_from_settings(prefix: str = "GDNN_PARSE") -> Limits:
    """The limits configured in Django settings (GDNN_PARSE_CPU_SECONDS, _MEMORY_MB, _WALL_SECONDS)."""
    from django.conf import settings

    return Limits(
        cpu_seconds=int(getattr(settings, f"{prefix}_CPU_SECONDS", 30)),
        memory_bytes=int(getattr(settings, f"{prefix}_MEMORY_MB", 512)) * 1024 * 1024,
        wall_seconds=float(getattr(settings, f"{prefix}_WALL_SECONDS", 60)),
    )


def _too_costly(what: str) -> LimitExceeded:
    reason = {"cpu": "vượt quá thời gian xử lý cho phép", "memory": "cần quá nhiều bộ nhớ",
              "wall": "xử lý quá lâu", "crash": "làm trình đọc tệp dừng bất thường"}[what]
    return LimitExceeded(what, [f"Tệp {reason}; tệp có thể hỏng hoặc được tạo để làm quá tải hệ thống, "
                                "nên đã bị từ chối. Hãy kiểm tra lại tệp."])


def sandbox_call(func: str, /, *, limits: Limits | None = None, **kwargs: Any) -> Any:
    """`func` ("package.module:function") called with kwargs in a limited child; its return value."""
    global last_stats
    limits = limits or Limits()
    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="gdnn-sandbox-")
    os.chmod(tmp, 0o700)
    request = {"func": func, "kwargs": kwargs, "limits": limits, "tmp": tmp}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "SECRET_"))}
    # The child imports what the parent can (cwd is its private temporary folder).
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env.update({"TMPDIR": tmp, "OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    stats = Stats()
    try:
        with open(os.path.join(tmp, "in"), "w+b") as fin, open(os.path.join(tmp, "out"), "w+b") as fout:
            pickle.dump(request, fin, protocol=pickle.HIGHEST_PROTOCOL)
            fin.seek(0)
            proc = subprocess.Popen([sys.executable, "-m", "gdnn.common.sandbox"], stdin=fin, stdout=fout,
                                    stderr=subprocess.DEVNULL, env=env, cwd=tmp, start_new_session=True,
                                    close_fds=True)
            status, usage = _wait(proc, limits.wall_seconds)
            stats.wall_seconds = time.monotonic() - started
            if usage is not None:
                stats.cpu_seconds = usage.ru_utime + usage.ru_stime
            # Killed: its own report is lost; its address space (RLIMIT_AS) bounded it.
            stats.peak_rss_bytes = limits.memory_bytes
            if status is None:
                stats.outcome = "wall"
                raise _too_costly("wall")
            if os.WIFSIGNALED(status):
                sig = os.WTERMSIG(status)
                over = sig == signal.SIGXCPU or (sig == signal.SIGKILL and stats.cpu_seconds >= limits.cpu_seconds)
                stats.outcome = "cpu" if over else "crash"
                raise _too_costly(stats.outcome)
            fout.seek(0, os.SEEK_END)
            if fout.tell() > _RESULT_MAX_BYTES:
                stats.outcome = "memory"
                raise _too_costly("memory")
            fout.seek(0)
            try:
                kind, payload, peak = pickle.load(fout)
                stats.peak_rss_bytes = peak
            except Exception as exc:  # the child died before writing its answer
                stats.outcome = "crash"
                raise _too_costly("crash") from exc
    finally:
        last_stats = stats
        shutil.rmtree(tmp, ignore_errors=True)
    stats.outcome = kind
    if kind == "ok":
        return payload
    if kind == "refused":
        raise Refused(payload)
    if kind == "memory":
        raise _too_costly("memory")
    raise _too_costly("crash")


def _wait(proc: subprocess.Popen, wall_seconds: float) -> tuple[int | None, Any]:
    """Wait for the child (reaping it with its resource usage); kill its process group at the deadline."""
    deadline = time.monotonic() + wall_seconds
    delay = 0.005
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            proc.returncode = status  # reaped here: Popen must not wait for it again
            return status, usage
        if time.monotonic() >= deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = status
            return None, usage
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def _set_limits(limits: Limits) -> None:
    cpu = max(1, int(limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _messages(exc: BaseException) -> list[str] | None:
    """The user-facing messages of a refusal raised by the parsing code, else None."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, list) and errors:
        return [str(e) for e in errors]
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str) and reason:
        return [reason]
    if isinstance(exc, Refused):
        return exc.errors
    return None


def _peak_rss() -> int:
    """This process's resident peak since `_child` started, or its helpers' (OCR), whichever is larger.

    wait4's ru_maxrss cannot be used: Linux carries the parent's peak into a child across exec."""
    own = 0
    with contextlib.suppress(OSError, ValueError, IndexError), open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) * 1024
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)


def _child() -> int:
    # Reset the resident peak (VmHWM) to what this process holds now.
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")
    request = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    _set_limits(request["limits"])
    try:
        module, _, name = request["func"].partition(":")
        result: tuple[str, Any] = ("ok", getattr(importlib.import_module(module), name)(**request["kwargs"]))
    except MemoryError:
        result = ("memory", None)
    except Exception as exc:
        messages = _messages(exc)
        result = ("refused", messages) if messages is not None else ("crash", type(exc).__name__)
    try:
        pickle.dump((*result, _peak_rss()), out, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        out.seek(0)
        out.truncate()
        pickle.dump(("memory", None, _peak_rss()), out)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
