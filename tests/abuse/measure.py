"""What a refusal cost: wall time, and peak memory of this process and of the sandboxed child."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gdnn.common import sandbox

MAX_SECONDS = 15.0
MAX_PEAK_BYTES = 600 * 1024 * 1024
# The test process already holds whatever the suite before it loaded (600 MB after ~900 tests), so
# for this process the bound is on what the refusal adds.
MAX_PARENT_GROWTH_BYTES = 100 * 1024 * 1024


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


@dataclass
class Cost:
    seconds: float = 0.0
    parent_start: int = 0  # this process's resident size when the call began
    parent_peak: int = 0  # this process's resident peak while the call ran (VmHWM after a reset)
    child_peak: int = 0  # the sandboxed child's peak, with its helpers (wait4's ru_maxrss)

    def __str__(self) -> str:
        return (f"{self.seconds:.2f} s, parent peak {self.parent_peak / 2**20:.0f} MB "
                f"(+{self.parent_growth / 2**20:.0f} MB), "
                f"child peak {self.child_peak / 2**20:.0f} MB")

    @property
    def parent_growth(self) -> int:
        return max(0, self.parent_peak - self.parent_start)

    def assert_cheap(self) -> None:
        assert self.seconds < MAX_SECONDS, str(self)
        assert self.parent_growth < MAX_PARENT_GROWTH_BYTES, str(self)
        assert self.child_peak < MAX_PEAK_BYTES, str(self)


@contextmanager
def cost() -> Iterator[Cost]:
    result = Cost()
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size
    result.parent_start = _status("VmRSS")
    sandbox.last_stats = sandbox.Stats()
    started = time.monotonic()
    yield result
    result.seconds = time.monotonic() - started
    result.parent_peak = _status("VmHWM")
    result.child_peak = sandbox.last_stats.peak_rss_bytes
    print(f"cost: {result}")
