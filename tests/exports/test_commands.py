"""export_report and import_report: thin commands with clear errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article
from tests.exports.conftest import FURNACE_RESTATEMENT

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_report_prints_markdown(reviewed_seed):
    article, _ = reviewed_seed
    text = run("export_report", str(article.pk), "--format", "md", "--exclude-pending")
    assert text.startswith("# Fact-check report: Japanese prisoners of war in the Soviet Union\n")
    assert f"### 1. {FURNACE_RESTATEMENT}" not in text  # numbers follow the text: the furnace claim is not first
    assert f". {FURNACE_RESTATEMENT}\n" in text
    assert "Verdict: *Pending*" not in text


def test_export_report_writes_a_file_and_the_pdf_needs_one(reviewed_seed, tmp_path):
    article, _ = reviewed_seed
    target = tmp_path / "report.pdf"
    run("export_report", str(article.pk), "--format", "pdf", "-o", str(target), "--style", "chicago")
    assert target.read_bytes().startswith(b"%PDF-")
    with pytest.raises(CommandError, match="The PDF is binary: give a file with -o FILE."):
        run("export_report", str(article.pk), "--format", "pdf")


def test_export_report_refuses_bad_input(reviewed_seed):
    article, _ = reviewed_seed
    with pytest.raises(CommandError, match="Article 999999 does not exist."):
        run("export_report", "999999", "--format", "json")
    with pytest.raises(CommandError, match="invalid choice: 'docx'"):
        run("export_report", str(article.pk), "--format", "docx")
    with pytest.raises(CommandError, match="invalid int value: 'one'"):
        run("export_report", "one", "--format", "md")


def test_several_articles_make_one_csv(reviewed_seed, hostile_article):
    seed, _ = reviewed_seed
    hostile, _ = hostile_article
    text = run("export_report", str(seed.pk), str(hostile.pk), "--format", "csv", "--exclude-pending")
    assert len(text.strip().split("\r\n")) == 3  # header + one approved claim per article


def test_import_report_restores_a_backup(reviewed_seed, tmp_path):
    article, claim = reviewed_seed
    backup = tmp_path / "backup.json"
    run("export_report", str(article.pk), "--format", "json", "-o", str(backup))
    Article.objects.all().delete()
    new_id = run("import_report", str(backup)).strip()
    assert new_id == str(article.pk)
    restored = Article.objects.get(pk=int(new_id))
    assert restored.claims.get(pk=claim.pk).current_verdict.rating.slug == "false"
    with pytest.raises(CommandError, match=rf"already in the database \(id {new_id}\)"):
        run("import_report", str(backup))


def test_import_report_refuses_bad_files(tmp_path, editor):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"schema_version": 2, "articles": []}))
    with pytest.raises(CommandError, match="Unsupported schema_version 2"):
        run("import_report", str(broken))
    with pytest.raises(CommandError, match="Cannot read .*missing.json: No such file or directory."):
        run("import_report", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="No user named 'nobody'."):
        run("import_report", str(broken), "--user", "nobody")
