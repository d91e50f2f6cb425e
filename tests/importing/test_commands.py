"""The command-line interfaces of docs/PRODUCT.md: split_article (no database) and import_article."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article
from tests.conftest import SEED_ARTICLE_PATH
from tests.importing.conftest import CLUTTERED_PAGE, SEED_CLAIM_COUNT


def run(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(*args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_split_article_prints_the_split_as_json_without_any_database():
    # No django_db mark: pytest-django makes any database access fail this test.
    output, _ = run("split_article", str(SEED_ARTICLE_PATH))
    document = json.loads(output)
    body = document["body"]
    assert body == SEED_ARTICLE_PATH.read_text(encoding="utf-8")
    assert len(document["claims"]) == SEED_CLAIM_COUNT
    for item in document["segments"] + document["claims"]:
        assert body[item["start"] : item["end"]] == item["text"]
    assert {"start", "end", "kind", "text"} <= set(document["segments"][0])
    assert {"start", "end", "text", "kind", "checkworthiness"} <= set(document["claims"][0])
    assert document["segments"][1] == {
        "start": 159,
        "end": 247,
        "kind": "sentence",
        "text": "At the same time, the Japanese Kwantung Army also broke out in war with the Soviet army.",
        "reason": "",
        "paragraph": 0,
        "boilerplate_of": None,
    }


def test_split_article_of_an_html_file_gives_the_extracted_body(tmp_path):
    page = tmp_path / "dam.html"
    page.write_text(CLUTTERED_PAGE, encoding="utf-8")
    document = json.loads(run("split_article", str(page))[0])
    assert document["body"].startswith("River dam fails after storm\n\nThe Kessel dam failed")
    assert [segment["kind"] for segment in document["segments"]] == ["heading", "sentence", "sentence", "sentence"]


@pytest.mark.parametrize("suffix", ["md", "docx", "pdf"])
def test_split_article_reads_every_supported_format(tmp_path, suffix, docx_bytes, pdf_bytes):
    content = {
        "md": b"# River dam fails\n\nThe Kessel dam failed on 3 March 2024, officials said.\n",
        "docx": docx_bytes,
        "pdf": pdf_bytes,
    }[suffix]
    path = tmp_path / f"dam.{suffix}"
    path.write_bytes(content)
    document = json.loads(run("split_article", str(path))[0])
    assert document["import_format"] == suffix
    body = document["body"]
    assert "The Kessel dam failed on 3 March 2024" in body
    for item in document["segments"] + document["claims"]:
        assert body[item["start"] : item["end"]] == item["text"]
    assert document["claims"][0]["text"].startswith("The Kessel dam failed on 3 March 2024")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "Cannot read"),
        ("empty.txt", b"  \n", "The file is empty."),
        ("photo.png", b"\x89PNG", "Files of type .png cannot be imported"),
        ("noise.txt", bytes(range(256)) * 4, "The file holds binary data, not text."),
    ],
)
def test_split_article_refuses_bad_files_with_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("split_article", str(path))


@pytest.mark.django_db
def test_import_article_prints_the_new_article_id(reviewer):
    output, _ = run(
        "import_article",
        str(SEED_ARTICLE_PATH),
        "--title",
        "Seed",
        "--url",
        "https://example.org/a",
        "--user",
        reviewer.username,
    )
    article = Article.objects.get()
    assert output.strip() == str(article.pk)
    assert (article.title, article.url, article.imported_by, article.claims.count()) == (
        "Seed",
        "https://example.org/a",
        reviewer,
        SEED_CLAIM_COUNT,
    )
    output, errors = run("import_article", str(SEED_ARTICLE_PATH), "--title", "Seed again")
    assert output.strip() == str(article.pk)
    # Not a terminal: one line per step (a bar on a TTY), then the note.
    assert errors.strip().splitlines() == [
        "[0/4] Reading the text",
        f"The same text was already imported as article {article.pk}.",
    ]


@pytest.mark.django_db
def test_import_article_refuses_bad_input_and_unknown_users(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty."):
        run("import_article", str(empty), "--title", "T")
    with pytest.raises(CommandError, match="No user named 'nobody'."):
        run("import_article", str(SEED_ARTICLE_PATH), "--title", "T", "--user", "nobody")
    assert Article.objects.count() == 0
