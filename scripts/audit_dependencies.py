#!/usr/bin/env python3
"""Dependency audit that works offline: pinned requirements against a vendored advisory list.

    python scripts/audit_dependencies.py            # check (offline; what CI runs)
    python scripts/audit_dependencies.py update     # refresh security/advisories.json with pip-audit

`check` reads every `name==version` pin of requirements.txt and every advisory of
security/advisories.json ({"id", "package", "affected": PEP 440 specifier, "fixed", "summary"}),
prints each pin an advisory covers and exits 1 when one is not waived in the file's "waivers"
({"id", "reason"}). It needs nothing but Python and `packaging`, and no network.

`update` runs pip-audit against the requirements (vulnerability service: PyPI's JSON API, or OSV
with --service osv), turns every finding into an advisory (affected: below the lowest fixed
version, or the exact version when there is no fix) and records when and how it ran, including
the packages pip-audit could not audit. With no service reachable it says so and leaves the
advisories as they were (exit 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
DEV_REQUIREMENTS = ROOT / "requirements-dev.txt"
ADVISORIES = ROOT / "security" / "advisories.json"


def pins(path: Path) -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in path.read_text().splitlines():
        # A lock line is `name==version \` followed by its `--hash=...` lines.
        line = line.split("#", 1)[0].strip().removesuffix("\\").strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        exact = [spec for spec in requirement.specifier if spec.operator == "=="]
        if exact:
            found[canonicalize_name(requirement.name)] = Version(exact[0].version)
    return found


def findings(pinned: dict[str, Version], data: dict) -> list[dict]:
    matched = []
    for advisory in data.get("advisories", []):
        name = canonicalize_name(advisory["package"])
        version = pinned.get(name)
        if version is not None and version in SpecifierSet(advisory["affected"]):
            matched.append({**advisory, "installed": str(version)})
    return matched


def check(requirements: Path | None = None, advisories: Path = ADVISORIES) -> int:
    """Runtime and development pins (requirements.txt, requirements-dev.txt) unless a file is given."""
    data = json.loads(advisories.read_text())
    if requirements is None:
        pinned = {**pins(REQUIREMENTS), **(pins(DEV_REQUIREMENTS) if DEV_REQUIREMENTS.exists() else {})}
    else:
        pinned = pins(requirements)
    waived = {waiver["id"]: waiver["reason"] for waiver in data.get("waivers", [])}
    matched = findings(pinned, data)
    print(
        f"Audited {len(pinned)} pinned packages against {len(data.get('advisories', []))} advisories "
        f"(list updated {data.get('updated') or 'never'}; source: {data.get('source', 'unknown')})."
    )
    failing = 0
    for item in matched:
        note = f" (waived: {waived[item['id']]})" if item["id"] in waived else ""
        print(f"  {item['package']}=={item['installed']}: {item['id']} {item.get('summary', '')}{note}")
        failing += item["id"] not in waived
    print(f"{failing} unwaived advisories, {len(matched) - failing} waived.")
    return 1 if failing else 0


def update(service: str, advisories: Path = ADVISORIES, requirements: Path = REQUIREMENTS) -> int:
    command = [
        sys.executable, "-m", "pip_audit", "-r", str(requirements), "--format", "json",
        "--progress-spinner", "off", "--vulnerability-service", service, "--no-deps", "--disable-pip",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)  # noqa: S603
        report = json.loads(result.stdout or "{}")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
        print(f"pip-audit could not run ({error}); the advisory list is unchanged.")
        return 2
    dependencies = report.get("dependencies", [])
    skipped = sorted(d["name"] for d in dependencies if d.get("skip_reason"))
    if dependencies and len(skipped) == len(dependencies):
        print(
            f"pip-audit could audit none of the {len(dependencies)} packages with the {service} service "
            "(it is not reachable from here); the advisory list is unchanged."
        )
        return 2
    data = json.loads(advisories.read_text()) if advisories.exists() else {}
    known = {advisory["id"]: advisory for advisory in data.get("advisories", [])}
    for dependency in dependencies:
        for vulnerability in dependency.get("vulns", []):
            fixed = sorted(vulnerability.get("fix_versions", []), key=Version)
            known[vulnerability["id"]] = {
                "id": vulnerability["id"],
                "package": dependency["name"],
                "affected": f"<{fixed[0]}" if fixed else f"=={dependency['version']}",
                "fixed": fixed,
                "aliases": vulnerability.get("aliases", []),
                "summary": (vulnerability.get("description") or "")[:300],
            }
    data.update(
        source=f"pip-audit --vulnerability-service {service}",
        updated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        advisories=sorted(known.values(), key=lambda a: (a["package"], a["id"])),
        not_audited=skipped,
    )
    data.setdefault("waivers", [])
    advisories.write_text(json.dumps(data, indent=2) + "\n")
    print(f"{len(known)} advisories recorded; {len(skipped)} packages could not be audited.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", nargs="?", choices=["check", "update"], default="check")
    parser.add_argument("--service", choices=["pypi", "osv"], default="pypi")
    arguments = parser.parse_args(argv)
    if arguments.action == "update":
        return update(arguments.service)
    return check()


if __name__ == "__main__":
    sys.exit(main())
