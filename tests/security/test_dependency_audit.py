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
