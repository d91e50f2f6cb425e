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
the packages pip-audit could not audit. When pip-audit can audit nothing (from this network the
index serves no per-version JSON, which is what pip-audit asks for), `update` falls back to the
project JSON (`/pypi/<name>/json`, one request per pinned package): its "vulnerabilities" are
those of the package's latest release, and its release list shows whether a pin is yanked or
behind a newer release of its own series. Those facts are recorded per package under "packages",
so `check` can say which pins are behind a patch release (a fix may be in it that the latest
release's record no longer lists). With neither reachable it leaves the list as it was (exit 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
DEV_REQUIREMENTS = ROOT / "requirements-dev.txt"
ADVISORIES = ROOT / "security" / "advisories.json"
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"


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
    yanked, behind, stale = release_notes(pinned, data.get("packages", {}))
    for line in behind + stale:
        print(line)
    for key, line in yanked:
        note = f" (waived: {waived[key]})" if key in waived else ""
        print(line + note)
        failing += key not in waived
    waived_count = sum(1 for item in matched if item["id"] in waived)
    print(f"{failing} unwaived findings, {waived_count} waived advisories.")
    return 1 if failing else 0


def release_notes(pinned: dict[str, Version], packages: dict) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """What the recorded release lists say about the pins: yanked (a finding), behind a patch, stale facts."""
    yanked: list[tuple[str, str]] = []
    behind: list[str] = []
    stale: list[str] = []
    for name, version in sorted(pinned.items()):
        facts = packages.get(name)
        if facts is None:
            continue
        if facts["pinned"] != str(version):
            stale.append(
                f"  {name}=={version}: pin changed since the list was updated (it recorded {facts['pinned']})."
            )
            continue
        if facts.get("yanked"):
            reason = facts.get("yanked_reason") or "no reason given"
            yanked.append((f"yanked:{name}=={version}", f"  {name}=={version}: yanked from the index ({reason})"))
        if facts.get("newer_in_series"):
            behind.append(
                f"  note: {name}=={version} is behind {', '.join(facts['newer_in_series'])} of its own series "
                f"(latest {facts['latest']}); read its release notes for security fixes."
            )
    return yanked, behind, stale


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


def fetch_project(name: str) -> dict:
    """The index's project JSON; its "vulnerabilities" are those of the latest release."""
    with urllib.request.urlopen(PROJECT_JSON.format(name=name), timeout=60) as response:  # noqa: S310
        return json.load(response)


def project_facts(name: str, pinned: Version, project: dict) -> tuple[dict, list[dict]]:
    """Facts about one pin from its project JSON, and the advisories it lists for the latest release."""
    releases: dict[Version, list[dict]] = {}
    for key, files in project.get("releases", {}).items():
        try:
            releases[Version(key)] = files
        except InvalidVersion:
            continue
    available = [
        version
        for version, files in releases.items()
        if files and not version.is_prerelease and not all(f.get("yanked") for f in files)
    ]
    latest = Version(project["info"]["version"])
    files = releases.get(pinned, [])
    reasons = [f.get("yanked_reason") for f in files if f.get("yanked_reason")]
    vulnerabilities = [v for v in project.get("vulnerabilities") or [] if not v.get("withdrawn")]
    facts = {
        "pinned": str(pinned),
        "latest": str(latest),
        "newer_in_series": [str(v) for v in sorted(available) if v > pinned and v.release[:2] == pinned.release[:2]],
        "yanked": bool(files) and all(f.get("yanked") for f in files),
        "yanked_reason": reasons[0] if reasons else None,
        "latest_release_vulnerabilities": len(vulnerabilities),
    }
    advisories = []
    for vulnerability in vulnerabilities:
        fixed = sorted(vulnerability.get("fixed_in") or [], key=Version)
        advisories.append(
            {
                "id": vulnerability["id"],
                "package": name,
                "affected": f"<{fixed[0]}" if fixed else f"<={latest}",
                "fixed": fixed,
                "aliases": vulnerability.get("aliases") or [],
                "summary": (vulnerability.get("summary") or vulnerability.get("details") or "")[:300],
                "link": vulnerability.get("link"),
                "origin": "pypi-json",
            }
        )
    return facts, advisories


def update_from_project_json(
    advisories: Path = ADVISORIES, requirements: Path = REQUIREMENTS, fetch=fetch_project
) -> int:
    """Record what the project JSON of every runtime pin says; leave the list alone if none answered."""
    pinned = pins(requirements)
    packages: dict[str, dict] = {}
    found: dict[str, dict] = {}
    failed: list[str] = []
    for name, version in sorted(pinned.items()):
        try:
            facts, listed = project_facts(name, version, fetch(name))
        except (OSError, ValueError, KeyError, urllib.error.URLError) as error:
            print(f"  {name}: no project JSON ({error})")
            failed.append(name)
            continue
        packages[name] = facts
        found.update({advisory["id"]: advisory for advisory in listed})
    if not packages:
        print("The index answered for none of the pins; the advisory list is unchanged.")
        return 2
    data = json.loads(advisories.read_text()) if advisories.exists() else {}
    # Advisories read by a person (release notes of a newer release) stay; the index's own are replaced.
    kept = {a["id"]: a for a in data.get("advisories", []) if a.get("origin") != "pypi-json"}
    found = {**kept, **found}
    data.update(
        source=(
            "PyPI JSON API, project endpoint /pypi/<name>/json (vulnerabilities of each package's latest "
            "release, release and yank lists; pip-audit's per-version endpoint is not served from here), plus "
            "advisories read from the release notes of newer releases (see each advisory's origin)"
        ),
        updated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        advisories=sorted(found.values(), key=lambda a: (a["package"], a["id"])),
        packages=packages,
        not_audited=failed,
    )
    data.setdefault("waivers", [])
    advisories.write_text(json.dumps(data, indent=2) + "\n")
    behind = sorted(name for name, facts in packages.items() if facts["newer_in_series"])
    print(
        f"{len(packages)} pins audited from their project JSON, {len(failed)} not; {len(found)} advisories "
        f"recorded; behind a release of their own series: {', '.join(behind) or 'none'}."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", nargs="?", choices=["check", "update"], default="check")
    parser.add_argument("--service", choices=["pypi", "osv"], default="pypi")
    arguments = parser.parse_args(argv)
    if arguments.action == "update":
        status = update(arguments.service)
        if status == 2 and arguments.service == "pypi":
            status = update_from_project_json()
        return status
    return check()


if __name__ == "__main__":
    sys.exit(main())
