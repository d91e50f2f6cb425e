"""make bench: run every bench/bench_*.py and write docs/benchmarks.md.

Each module exposes `run() -> str`, returning a Markdown section. Medians of several runs
and ratios against a baseline measured in the same run, because the machines are shared.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "1")


def machine_description() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.split("\n")[1]
        memory = " ".join(memory.split()[:2])
    except (OSError, IndexError):
        pass
    return f"{platform.node()}: {os.cpu_count()} cores, {cpu}, {memory}, Python {platform.python_version()}"


def main() -> int:
    only = set(sys.argv[1:])
    sections = []
    for path in sorted((ROOT / "bench").glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        print(f"== {name}", flush=True)
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        section = module.run()
        print(section, flush=True)
        sections.append(section)
    header = (
        "# Benchmarks\n\n"
        f"Written by `make bench` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.\n\n"
        f"Machine: {machine_description()}.\n\n"
        "Figures are medians of several runs; ratios compare with a baseline measured in the same run, "
        "because the machines are shared and noisy.\n"
    )
    output = ROOT / "docs" / "benchmarks.md"
    if only and output.exists():
        # Keep the sections not re-run.
        existing = output.read_text()
        for section in sections:
            title = section.splitlines()[0]
            if title in existing:
                start = existing.index(title)
                next_start = existing.find("\n## ", start + 1)
                existing = (
                    existing[:start] + section.rstrip() + "\n" + (existing[next_start:] if next_start >= 0 else "")
                )
            else:
                existing += "\n" + section
        output.write_text(existing)
    else:
        output.write_text(header + "\n" + "\n".join(sections))
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
