"""Commands show long work's progress: a bar on a terminal, one line per step otherwise."""

from __future__ import annotations

import io

from claims.progress import terminal_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_one_line_per_step():
    log = io.StringIO()
    progress = terminal_progress(log)
    for done in range(3):
        progress(done, 2, "Splitting" if done < 2 else "Stored")
    assert log.getvalue() == "[0/2] Splitting\n[2/2] Stored\n"


def test_a_terminal_gets_a_bar_redrawn_in_place():
    screen = Terminal()
    progress = terminal_progress(screen)
    progress(1, 4, "Laying out")
    progress(4, 4, "Done")
    first, second = screen.getvalue().split("\r")[1:]
    assert first.startswith("[" + "#" * 7 + "." * 23 + "]  25% 1/4 Laying out")
    assert second.startswith("[" + "#" * 30 + "] 100% 4/4 Done")
    assert second.endswith("\n")
