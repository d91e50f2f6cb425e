"""The import page: pasted text and files become an article; every bad input is explained
with its HTTP status and stores nothing; the same text twice leads to the existing article."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Claim
from tests.conftest import SEED_ARTICLE_PATH
from tests.importing.conftest import CLUTTERED_PAGE, make_pdf


def post_import(client, **data):
    return client.post(reverse("article-new"), {"title": "", "text": "", **data})


def test_the_import_page_offers_text_and_file(login, reviewer):
    html = login(reviewer).get(reverse("article-new")).content.decode()
    assert 'name="text"' in html
    assert 'accept=".txt,.html,.htm,.md,.markdown,.docx,.pdf"' in html
    assert 'enctype="multipart/form-data"' in html


def test_pasted_text_becomes_an_article_with_claims(login, reviewer):
    response = post_import(
        login(reviewer),
        title="Flood report",
        text="The river flooded 300 homes in March 2021. The mayor said 40% of them were insured.",
        publisher="Daily Example",
        published="2021-03-04",
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("article-workspace", args=[article.pk])
    assert (article.title, article.publisher, str(article.published)) == ("Flood report", "Daily Example", "2021-03-04")
    assert Claim.objects.filter(article=article).count() >= 1


def test_a_file_upload_takes_its_title_from_the_file_name(login, reviewer):
    upload = SimpleUploadedFile("seed-article.txt", SEED_ARTICLE_PATH.read_bytes(), content_type="text/plain")
    response = login(reviewer).post(reverse("article-new"), {"title": "", "file": upload})
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.title == "seed-article"


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"title": "Empty"}, 400, "Paste the article text or choose a file."),
        (
            {"title": "Blank", "text": "   \n\t  "},
            400,
            "The pasted text is empty (only whitespace). Nothing was stored.",
        ),
        ({"title": "", "text": "Some text."}, 400, "Give the article a title."),
    ],
)
def test_bad_pasted_input_is_explained_and_nothing_is_stored(login, reviewer, data, status, message):
    response = post_import(login(reviewer), **data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "content_type", "status", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png", 415, "cannot be imported"),
        ("notes.txt", b"\x00\x01\x02\x03binary\x00\xff\xfe" * 50, "text/plain", 400, "binary data"),
        ("empty.txt", b"", "text/plain", 400, "The submitted file is empty."),
    ],
)
def test_bad_files_are_explained_and_nothing_is_stored(login, reviewer, name, content, content_type, status, message):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = login(reviewer).post(reverse("article-new"), {"title": "Bad", "file": upload})
    assert response.status_code == status
    assert message in response.content.decode()
    assert 'class="alert alert-error"' in response.content.decode()
    assert Article.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_with_413(login, reviewer, settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("long.txt", b"The army had 300 tanks. " * 100, content_type="text/plain")
    response = login(reviewer).post(reverse("article-new"), {"title": "Long", "file": upload})
    assert response.status_code == 413
    assert "larger than the limit of 1,000 bytes" in response.content.decode()
    assert Article.objects.count() == 0


def test_the_same_text_twice_leads_to_the_existing_article(login, reviewer):
    client = login(reviewer)
    text = "The river flooded 300 homes in March 2021."
    post_import(client, title="First", text=text)
    first = Article.objects.get()
    response = post_import(client, title="Second", text=text + "\n")
    assert response.status_code == 302
    assert response["Location"] == reverse("article-workspace", args=[first.pk])
    assert Article.objects.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "This text was imported before as “First”; here it is." in html


def word_document() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.core_properties.title = "Dam report"
    document.add_paragraph("The Kessel dam failed on 3 March 2024 after two days of heavy rain, officials said.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "title"),
    [
        ("dam.txt", "The Kessel dam failed on 3 March 2024 – officials said.".encode("cp1252"), "text/plain", "dam"),
        ("dam.html", CLUTTERED_PAGE.encode(), "text/html", "River dam fails after storm"),
        ("dam.md", b"# Dam\n\nThe Kessel dam failed on **3 March 2024**, officials said.\n", "text/markdown", "Dam"),
        ("dam.docx", None, "application/octet-stream", "Dam report"),
        ("dam.pdf", make_pdf(["The Kessel dam failed on 3 March 2024, officials said."], title="Dam report"),
         "application/pdf", "Dam report"),
    ],
    ids=["txt-windows-1252", "html", "markdown", "docx", "pdf"],
)  # fmt: skip
def test_every_supported_format_imports_from_the_page(login, reviewer, name, content, content_type, title):
    upload = SimpleUploadedFile(name, content if content is not None else word_document(), content_type=content_type)
    response = login(reviewer).post(reverse("article-new"), {"title": "", "file": upload})
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.title == title
    assert "The Kessel dam failed on" in article.body
    assert "3 March 2024" in article.body
    assert "Ã" not in article.body and "\ufffd" not in article.body  # decoded, not mojibake
    if name == "dam.txt":
        assert "2024 – officials" in article.body  # the Windows-1252 en dash
    assert "Share on Facebook" not in article.body  # the page's clutter stays out
    assert Claim.objects.filter(article=article, quote__contains="3 March 2024").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.txt", b"\xef\xbb\xbfabc \xff\xfe broken", "The file starts as utf-8-sig but is not valid utf-8-sig."),
        ("broken.docx", b"PK\x03\x04 not really a word file", "The Word document is damaged or not a .docx file."),
        ("broken.pdf", b"%PDF-1.4\n garbage", "The PDF is damaged and could not be read."),
        ("scan.pdf", make_pdf([]), "The PDF has no text layer (a scan?); run OCR on it first or paste the text."),
        ("old.doc", b"some bytes", "Files of type .doc cannot be imported; use .txt, .html, .md, .docx or .pdf."),
    ],
    ids=["undecodable", "broken-docx", "broken-pdf", "pdf-without-text", "unsupported-type"],
)
def test_each_unreadable_file_is_explained_on_the_page(login, reviewer, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = login(reviewer).post(reverse("article-new"), {"title": "Bad", "file": upload})
    assert response.status_code in (400, 415)
    assert message in response.content.decode()
    assert 'value="Bad"' in response.content.decode()  # what the person typed is kept
    assert Article.objects.count() == 0
