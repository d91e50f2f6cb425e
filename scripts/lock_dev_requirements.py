#!/usr/bin/env python3
"""Turn pip-compile's development lock into "the runtime lock plus tests and tools" (run by `make lock`).

pip-compile writes every package the tools need into requirements-dev.txt, runtime ones included
(pinned alike: requirements-dev.in is constrained by requirements.txt). This drops the packages the
runtime lock already pins, at the same version, and includes that file instead, so each pin is
written once and `pip install -r requirements-dev.txt` installs both sets. A runtime package pinned
at another version is an error: the two locks would disagree.

    python scripts/lock_dev_requirements.py [requirements.txt] [requirements-dev.txt]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCLUDE = "-r requirements.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def blocks(text: str) -> list[list[str]]:
    """The file as blocks: a requirement with its hash and "# via" lines, or one other line."""
    result: list[list[str]] = []
    for line in text.splitlines():
        if result and line.startswith(" ") and PIN.match(result[-1][0]):
            result[-1].append(line)
        else:
            result.append([line])
    return result


def runtime_pins(text: str) -> dict[str, str]:
    return {canonical(match[1]): match[2] for line in text.splitlines() if (match := PIN.match(line))}


def split(runtime: str, development: str) -> str:
    pinned = runtime_pins(runtime)
    kept: list[str] = []
    included = False
    for block in blocks(development):
        match = PIN.match(block[0])
        if block[0].strip() == INCLUDE:
            continue
        if match is None:
            if not included and block[0].strip() and not block[0].startswith("#"):
                kept.extend([INCLUDE, ""])
                included = True
            kept.extend(block)
            continue
        name, version = canonical(match[1]), match[2]
        if name in pinned:
            if pinned[name] != version:
                raise SystemExit(f"{match[1]} is {pinned[name]} in the runtime lock and {version} in the dev lock")
            continue
        if not included:
            kept.extend([INCLUDE, ""])
            included = True
        kept.extend(block)
    return "\n".join(kept).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    runtime = Path(argv[0]) if argv else ROOT / "requirements.txt"
    development = Path(argv[1]) if len(argv) > 1 else ROOT / "requirements-dev.txt"
    development.write_text(split(runtime.read_text(), development.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
