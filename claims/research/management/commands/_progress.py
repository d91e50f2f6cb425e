"""A one-line progress bar for the research commands (the job runner passes its own callback)."""

from __future__ import annotations

from typing import Protocol


class Writable(Protocol):
    def write(self, text: str) -> object: ...

    def flush(self) -> object: ...


class ProgressBar:
    def __init__(self, stream: Writable, *, width: int = 30) -> None:
        self.stream = stream
        self.width = width

    def __call__(self, done: int, total: int, message: str) -> None:
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"[{bar}] {done}/{total} {message[:70]}\n")
        self.stream.flush()
