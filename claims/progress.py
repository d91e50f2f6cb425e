"""Progress of long work on a terminal, for management commands.

    progress = terminal_progress(self.stderr)
    rescore_claims(progress=progress)

On a TTY: one bar redrawn in place (`[#####.....]  50%  3/6  Splitting ...`). Otherwise (logs,
CI, pipes): one line per step, written when the message changes, so a log shows each step
once instead of thousands of redraws. Writes to stderr, so stdout stays the command's output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BAR_WIDTH = 30


def terminal_progress(stream: Any) -> Callable[[int, int, str], None]:
    raw = getattr(stream, "_out", stream)  # Django's OutputWrapper wraps the real stream
    is_tty = bool(getattr(raw, "isatty", lambda: False)())
    last_message: list[str | None] = [None]

    def progress(done: int, total: int, message: str = "") -> None:
        if is_tty:
            filled = int(BAR_WIDTH * done / total) if total else 0
            percent = f"{100 * done / total:3.0f}%" if total else "   "
            line = f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent} {done}/{total} {message}"
            raw.write(line[:200].ljust(80))
            if total and done >= total:
                raw.write("\n")
            raw.flush()
            return
        if message != last_message[0]:
            last_message[0] = message
            raw.write(f"[{done}/{total}] {message}\n")
            raw.flush()

    return progress
