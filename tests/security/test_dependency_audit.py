"""The offline dependency audit: pinned requirements against a vendored advisory list."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_an_advisory_covering_a_pin_fails_the_audit_unless_waived(tmp_path, capsys):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# Runtime\nDjango==5.2.19\nnh3==0.3.8  # sanitiser\n")
    advisories = tmp_path / "advisories.json"
    data = {
        "source": "test",
        "updated": "2026-12-06T00:00:00Z",
        "advisories": [
            {"id": "TEST-1", "package": "django", "affected": "<5.2.20", "summary": "made-up flaw"},
            {"id": "TEST-2", "package": "nh3", "affected": "<0.2", "summary": "an old one"},
        ],
        "waivers": [],
    }
    advisories.write_text(json.dumps(data))
    assert audit.check(requirements, advisories) == 1
    out = capsys.readouterr().out
    assert "  django==5.2.19: TEST-1 made-up flaw\n" in out
    assert "TEST-2" not in out
    data["waivers"] = [{"id": "TEST-1", "reason": "not reachable in our use"}]
    advisories.write_text(json.dumps(data))
    assert audit.check(requirements, advisories) == 0
    assert "(waived: not reachable in our use)" in capsys.readouterr().out


def test_the_committed_list_passes_for_the_committed_requirements():
    assert audit.check() == 0


def project(latest: str, releases: dict[str, bool], vulnerabilities: list[dict] | None = None) -> dict:
    """A project JSON as the index serves it: release -> yanked, and the latest release's vulnerabilities."""
    return {
        "info": {"version": latest},
        "releases": {
            version: [{"yanked": yanked, "yanked_reason": "broken wheel" if yanked else None}]
            for version, yanked in releases.items()
        },
        "vulnerabilities": vulnerabilities or [],
    }


def test_without_a_vulnerability_service_the_project_json_records_what_the_index_knows(tmp_path, capsys):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\nnh3==0.3.8\nMarkdown==3.11.4\n")
    advisories = tmp_path / "advisories.json"
    read_by_hand = {"id": "CVE-2026-1", "package": "django", "affected": ">=5.2,<5.2.20", "origin": "release notes"}
    advisories.write_text(json.dumps({"advisories": [read_by_hand], "waivers": []}))
    served = {
        "django": project("6.1.3", {"5.2.19": False, "5.2.20": False, "6.1.3": False, "5.2.21rc1": False}),
        "nh3": project("0.3.8", {"0.3.8": True}),
        "markdown": project(
            "3.11.4",
            {"3.11.4": False},
            [{"id": "PYSEC-9", "fixed_in": [], "summary": "still open", "withdrawn": None}],
        ),
    }

    assert audit.update_from_project_json(advisories, requirements, fetch=served.__getitem__) == 0

    data = json.loads(advisories.read_text())
    assert data["updated"] and "project endpoint" in data["source"]
    assert data["packages"]["django"]["newer_in_series"] == ["5.2.20"]
    assert data["packages"]["nh3"]["yanked"] is True
    assert {a["id"]: a["affected"] for a in data["advisories"]} == {
        "CVE-2026-1": ">=5.2,<5.2.20",
        "PYSEC-9": "<=3.11.4",
    }
    capsys.readouterr()
    assert audit.check(requirements, advisories) == 1
    out = capsys.readouterr().out
    assert "  django==5.2.19: CVE-2026-1" in out
    assert "  markdown==3.11.4: PYSEC-9 still open" in out
    assert "  nh3==0.3.8: yanked from the index (broken wheel)" in out
    assert "note: django==5.2.19 is behind 5.2.20 of its own series (latest 6.1.3)" in out


def test_an_unreachable_index_leaves_the_list_as_it_was(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.20\n")
    advisories = tmp_path / "advisories.json"
    advisories.write_text('{"advisories": [], "updated": null}')

    def unreachable(name: str) -> dict:
        raise OSError("no route to host")

    assert audit.update_from_project_json(advisories, requirements, fetch=unreachable) == 2
    assert json.loads(advisories.read_text()) == {"advisories": [], "updated": None}


def test_the_committed_list_records_every_runtime_pin_and_what_was_upgraded():
    data = json.loads((ROOT / "security" / "advisories.json").read_text())
    runtime = audit.pins(ROOT / "requirements.txt")
    assert data["updated"] and not data["not_audited"]
    assert {name: facts["pinned"] for name, facts in data["packages"].items()} == {
        n: str(v) for n, v in runtime.items()
    }
    assert not any(facts["newer_in_series"] for facts in data["packages"].values())
    assert not audit.findings(runtime, data)


def test_the_audit_reads_the_hashed_lock_with_its_transitive_pins(tmp_path, capsys):
    """requirements.txt is a pip-compile lock: `name==version \\` lines followed by hashes and "# via" notes."""
    lock = tmp_path / "requirements.txt"
    lock.write_text(
        "asgiref==3.13.0 \\\n    --hash=sha256:" + "a" * 64 + " \\\n    --hash=sha256:" + "b" * 64 + "\n"
        "    # via django\n"
        "django==5.2.19 \\\n    --hash=sha256:" + "c" * 64 + "\n    # via -r requirements.in\n"
    )
    advisories = tmp_path / "advisories.json"
    flaw = {"id": "TEST-3", "package": "asgiref", "affected": "<3.14", "summary": "a flaw in a dependency"}
    advisories.write_text(json.dumps({"advisories": [flaw], "waivers": []}))
    assert audit.check(lock, advisories) == 1
    out = capsys.readouterr().out
    assert out.startswith("Audited 2 pinned packages")
    assert "  asgiref==3.13.0: TEST-3 a flaw in a dependency\n" in out
