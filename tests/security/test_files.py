"""Hostile files: DOCX and PDF decompression bombs, too many zip entries, oversized uploads on every path.
Each is refused with a clear 413 and stores nothing."""

from __future__ import annotations

import io
import resource
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from claims.errors import PayloadTooLarge
from claims.importing import extract_article
from claims.importing.limits import DocumentLimits, check_pdf, check_zip, run_with_budget
from claims.models import Article
from tests.api.conftest import problem_of, token_client

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_bomb(expanded_bytes: int) -> bytes:
    """A .docx-shaped zip whose one extra part inflates to `expanded_bytes` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        chunk = b"\0" * (1024 * 1024)
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as part:
            for _ in range(expanded_bytes // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


def pdf_bomb(expanded_bytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `expanded_bytes` of drawing operators."""
    compressor = zlib.compressobj(9)
    operators = b"0 0 m\n" * (1024 * 1024 // 6)
    stream = b"".join(compressor.compress(operators) for _ in range(expanded_bytes // len(operators)))
    stream += compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    document = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(document.tell())
        document.write(b"%d 0 obj\n%b\nendobj\n" % (number, body))
    xref = document.tell()
    document.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    document.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    document.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return document.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return docx_bomb(300 * 1024 * 1024)


class ParseWork:
    """The work an import did on a file, counted instead of timed (a loaded machine cannot flake it):
    the bytes zlib inflated (zipfile and the PDF check both inflate through zlib.decompressobj) and
    how often the parser started (run_with_budget, where python-docx and pypdf run)."""

    def __init__(self) -> None:
        self.inflated = 0
        self.parses = 0


@pytest.fixture
def parse_work(monkeypatch) -> ParseWork:
    from claims.importing import extract

    work = ParseWork()
    real_decompressobj, real_run_with_budget = zlib.decompressobj, extract.run_with_budget

    class CountingDecompressor:
        def __init__(self, *args, **kwargs):
            self._inner = real_decompressobj(*args, **kwargs)

        def decompress(self, data, max_length=0):
            inflated = self._inner.decompress(data, max_length)
            work.inflated += len(inflated)
            return inflated

        def flush(self, *args):
            inflated = self._inner.flush(*args)
            work.inflated += len(inflated)
            return inflated

        def __getattr__(self, name):
            return getattr(self._inner, name)

    def counting_run_with_budget(*args, **kwargs):
        work.parses += 1
        return real_run_with_budget(*args, **kwargs)

    monkeypatch.setattr(zlib, "decompressobj", CountingDecompressor)
    monkeypatch.setattr(extract, "run_with_budget", counting_run_with_budget)
    return work


# The PDF check inflates in steps of 1 MB and stops past the limit (50 MB): at most one step more.
PDF_CHECK_BUDGET = 50 * 1024 * 1024 + 1024 * 1024


def test_a_docx_bomb_is_refused_from_its_zip_directory_alone_within_200_mb(reviewer, bomb, parse_work):
    assert len(bomb) < 1024 * 1024  # 300 MB of zeros in well under 1 MB
    api = token_client(reviewer)
    # The first request of a process imports the views; measure the refusal, not the start-up.
    assert api.post("/api/articles/", {"title": "Warm-up"}, format="multipart").status_code == 400
    tracemalloc.start()
    response = api.post(
        "/api/articles/",
        {"title": "Bomb", "file": SimpleUploadedFile("bomb.docx", bomb)},
        format="multipart",
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 413
    assert problem_of(response) == {
        "detail": f"The document expands to {300 * 1024 * 1024 + len(DOCX_CONTENT_TYPES):,} bytes; "
        "at most 52,428,800 are accepted.",
        "code": "document_too_large",
    }
    assert (parse_work.inflated, parse_work.parses) == (0, 0)  # not one byte inflated, no parser started
    assert peak < 200 * 1024 * 1024
    assert Article.objects.count() == 0


def test_a_pdf_bomb_is_refused_after_inflating_a_sixth_of_it_within_200_mb(reviewer, parse_work):
    bomb = pdf_bomb(300 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    api = token_client(reviewer)
    assert api.post("/api/articles/", {"title": "Warm-up"}, format="multipart").status_code == 400
    tracemalloc.start()
    response = api.post(
        "/api/articles/", {"title": "Bomb", "file": SimpleUploadedFile("bomb.pdf", bomb)}, format="multipart"
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "The document expands to more than 52,428,800 bytes; at most 52,428,800 are accepted."
    )
    assert 0 < parse_work.inflated <= PDF_CHECK_BUDGET and parse_work.parses == 0
    assert peak < 200 * 1024 * 1024
    assert Article.objects.count() == 0
    # Below the size limit, the ratio gives a bomb away before the parser sees it.
    with pytest.raises(PayloadTooLarge) as refused:
        check_pdf(pdf_bomb(40 * 1024 * 1024), DocumentLimits())
    assert refused.value.code == "document_too_compressed"


def test_the_browser_import_refuses_the_bombs_too(client, reviewer, bomb, parse_work):
    client.force_login(reviewer)
    for name, data, budget in (("bomb.docx", bomb, 0), ("bomb.pdf", pdf_bomb(300 * 1024 * 1024), PDF_CHECK_BUDGET)):
        parse_work.inflated = 0
        response = client.post("/articles/new/", {"title": "Bomb", "file": SimpleUploadedFile(name, data)}, follow=True)
        assert "The document expands to" in response.content.decode(), name
        assert parse_work.inflated <= budget, name
    assert parse_work.parses == 0
    assert Article.objects.count() == 0


def test_too_many_entries_and_too_high_a_ratio_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(30):
            archive.writestr(f"part{number}.xml", "<a/>")
    with pytest.raises(PayloadTooLarge) as refused:
        check_zip(buffer.getvalue(), DocumentLimits(max_entries=20))
    assert refused.value.message == "The document holds 30 files inside; at most 20 are accepted."
    small_bomb = docx_bomb(8 * 1024 * 1024)
    with pytest.raises(PayloadTooLarge) as refused:
        check_zip(small_bomb, DocumentLimits(max_compression_ratio=100))
    assert refused.value.code == "document_too_compressed"


def _eat_memory(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def _spin() -> None:
    while True:
        pass


def test_parsing_runs_under_a_memory_and_time_budget():
    limits = DocumentLimits(parse_seconds=1, parse_memory_bytes=64 * 1024 * 1024)
    assert run_with_budget(_eat_memory, 16, limits=limits) == 16 * 1024 * 1024
    with pytest.raises(PayloadTooLarge) as refused:
        run_with_budget(_eat_memory, 512, limits=limits)
    assert refused.value.message == (
        "The document needs more memory to read than this server allows; split it or paste its text."
    )
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with pytest.raises(PayloadTooLarge) as refused:
        run_with_budget(_spin, limits=limits)
    assert refused.value.code == "document_too_slow"
    # The spinning child was stopped by its budget: the CPU time it used (not the wall clock, which a loaded
    # machine stretches) is within the CPU limit's hard ceiling.
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    assert used <= limits.parse_seconds + 1


def test_a_real_docx_still_imports_through_the_budget(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("In 1946 the camp held 500 prisoners.")
    path = tmp_path / "camp.docx"
    document.save(path)
    extracted = extract_article(data=path.read_bytes(), filename="camp.docx")
    assert extracted.body == "In 1946 the camp held 500 prisoners."


@override_settings(FACTCHECK_MAX_UPLOAD_BYTES=100_000, FACTCHECK_UPLOAD_SLACK_BYTES=1_000)
def test_an_oversized_body_is_refused_before_it_is_read_on_every_path(client, reviewer):
    api = token_client(reviewer)
    big = SimpleUploadedFile("big.txt", b"The camp held 500 prisoners. " * 10_000)
    response = api.post("/api/articles/", {"title": "Big", "file": big}, format="multipart")
    assert response.status_code == 413
    assert problem_of(response) == {
        "detail": "The upload is too large: files up to 0.0953674 MB are accepted. Nothing was stored.",
        "code": "too_large",
    }
    assert response["Connection"] == "close"
    big.seek(0)
    response = api.post("/api/sources/import/", {"file": big}, format="multipart")
    assert response.status_code == 413
    client.force_login(reviewer)
    big.seek(0)
    page = client.post("/articles/new/", {"title": "Big", "file": big})
    assert page.status_code == 413
    assert "The upload is too large" in page.content.decode()
    assert Article.objects.count() == 0


@override_settings(FACTCHECK_MAX_BIBLIOGRAPHY_ENTRIES=100)
def test_a_bibliography_with_too_many_entries_is_refused_before_parsing(reviewer):
    entries = "".join(f"@book{{b{n},\n  title = {{Book {n}}},\n  year = {{1990}}\n}}\n" for n in range(150))
    response = token_client(reviewer).post(
        "/api/sources/import/",
        {"file": SimpleUploadedFile("many.bib", entries.encode())},
        format="multipart",
    )
    assert response.status_code == 413
    assert problem_of(response) == {
        "detail": "The file holds 150 entries; at most 100 are imported at once. Split it into smaller files.",
        "code": "too_many_entries",
    }


@override_settings(FACTCHECK_MAX_ARTICLE_CHARS=1000)
def test_a_text_too_long_to_split_in_one_request_is_refused(reviewer):
    response = token_client(reviewer).post(
        "/api/articles/", {"title": "Long", "text": "The camp held 500 prisoners. " * 50}, format="json"
    )
    assert response.status_code == 413
    assert problem_of(response) == {
        "detail": "The article's text is 1,449 characters; at most 1,000 are split into claims at once. "
        "Import it in parts.",
        "code": "article_too_long",
    }
    assert Article.objects.count() == 0


@override_settings(FACTCHECK_MAX_ARTICLE_CHARS=1000, FACTCHECK_JOB_IMPORT_BYTES=500)
def test_a_pasted_text_too_long_to_split_is_refused_before_a_job_is_queued(reviewer, client):
    """Above the job threshold the import would answer 202 and fail in the worker: it is refused at once."""
    from claims.jobs.models import Job

    text = "The camp held 500 prisoners. " * 50
    response = token_client(reviewer).post("/api/articles/", {"title": "Long", "text": text}, format="json")
    assert response.status_code == 413
    assert problem_of(response)["code"] == "article_too_long"

    client.force_login(reviewer)
    page = client.post("/articles/new/", {"title": "Long", "text": text})
    assert page.status_code == 413
    assert "at most 1,000 are split into claims at once" in page.content.decode()
    assert (Job.objects.count(), Article.objects.count()) == (0, 0)


@override_settings(FACTCHECK_JOB_IMPORT_BYTES=500)
def test_a_bomb_over_the_job_threshold_is_refused_before_a_job_is_queued(reviewer, client, bomb, parse_work):
    """The browser and the API queue a large import through one service, which refuses a bomb first:
    the same 413 and message on both, no job, nothing inflated."""
    from claims.jobs.models import Job

    detail = (
        f"The document expands to {300 * 1024 * 1024 + len(DOCX_CONTENT_TYPES):,} bytes; "
        "at most 52,428,800 are accepted."
    )
    response = token_client(reviewer).post(
        "/api/articles/", {"title": "Bomb", "file": SimpleUploadedFile("bomb.docx", bomb)}, format="multipart"
    )
    assert response.status_code == 413
    assert problem_of(response) == {"detail": detail, "code": "document_too_large"}
    client.force_login(reviewer)
    page = client.post("/articles/new/", {"title": "Bomb", "file": SimpleUploadedFile("bomb.docx", bomb)})
    assert page.status_code == 413
    assert detail in page.content.decode()
    assert (parse_work.inflated, parse_work.parses) == (0, 0)
    assert (Job.objects.count(), Article.objects.count()) == (0, 0)
