"""A reviewer hands over the article in whatever form they have it: every format gives its text."""

from __future__ import annotations

import codecs
from datetime import date

import pytest

from claims.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from claims.importing import extract_article
from claims.segmentation import split_text
from tests.importing.conftest import ARTICLE_PARAGRAPHS, CLUTTERED_PAGE, make_pdf

TEXT = "Café owners in Zürich said “naïve” plans cost 5,000 francs – or more.\n\nThe council met on 3 May 2024."


def test_a_cluttered_web_page_yields_only_its_article_text_with_title_author_and_date():
    extracted = extract_article(data=CLUTTERED_PAGE.encode("utf-8"), filename="dam.html")
    assert extracted.body == (
        "River dam fails after storm\n\n"
        "The Kessel dam failed on 3 March 2024 after two days of heavy rain, officials said.\n\n"
        "About 1,200 residents were evacuated from three villages, according to the regional government.\n\n"
        "Engineers had warned in 2019 that the spillway was too small for a flood of that size."
    )
    for clutter in (
        "Home",
        "Sport results",
        "Share on Facebook",
        "Tweet",
        "disgrace",
        "Most read",
        "Copyright",
        "UA-1",
    ):
        assert clutter not in extracted.body
    assert (extracted.import_format, extracted.title, extracted.author, extracted.published, extracted.language) == (
        "html",
        "River dam fails after storm",
        "Jane Roe",
        date(2024, 3, 12),
        "en",
    )


def test_an_html_upload_is_recognised_by_its_content_when_it_has_no_name():
    extracted = extract_article(data=CLUTTERED_PAGE.encode("utf-8"))
    assert extracted.import_format == "html"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "utf-16-bom", "utf-16-without-bom"],
)
def test_plain_text_in_any_common_encoding_decodes_to_the_same_body(encoded, encoding):
    extracted = extract_article(data=encoded, filename="article.txt")
    assert (extracted.body, extracted.encoding, extracted.import_format) == (TEXT, encoding, "txt")


RUSSIAN = "Советская армия взяла в плен около 594 000 японских солдат в августе 1945 года. Многие умерли в Сибири."
JAPANESE = "ソ連軍は1945年8月に約59万4000人の日本兵を捕虜にした。多くはシベリアの収容所に送られた。"


@pytest.mark.parametrize(
    ("text", "codec", "encoding"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8-r", "koi8_r"),
        (JAPANESE, "shift_jis", "cp932"),
        ("Die Gefangenen kehrten zwischen 1946 und 1956 zurück; über 60.000 überlebten nicht.", "latin-1", "cp1252"),
        ("Пленные вернулись домой в 1956 году.", "koi8-r", "koi8_r"),
        ("Ο σοβιετικός στρατός αιχμαλώτισε 594.000 Ιάπωνες το 1945.", "cp1253", "cp1253"),
        ("Ośrodek w Łodzi przyjął 120 osób.", "cp1250", "cp1250"),
        ("Pražský hrad navštívilo 2 miliony lidí, řekl ředitel.", "cp1250", "cp1250"),
        ("“Smart quotes” – and a dash — cost €5.", "cp1252", "cp1252"),
        ("Zürich", "cp1252", "cp1252"),
    ],
    ids=["russian-cp1251", "russian-koi8-r", "japanese-shift-jis", "german-latin-1", "short-russian-koi8-r",
         "greek-cp1253", "polish-cp1250", "czech-cp1250", "smart-quotes-cp1252", "six-bytes-not-utf-16"],
)  # fmt: skip
def test_legacy_encodings_are_detected_even_on_short_texts(text, codec, encoding):
    """Short texts fit several code pages; the decoding that reads as real prose wins."""
    extracted = extract_article(data=text.encode(codec), filename="article.txt")
    assert (extracted.body, extracted.encoding) == (text, encoding)


def test_the_body_is_normalised_once_nfc_lf_and_no_trailing_space():
    decomposed = "Cafe\u0301 owners met.  \r\nThey agreed.\rDone.\u2028End.\n\n\n"
    extracted = extract_article(text=decomposed)
    assert extracted.body == "Café owners met.\nThey agreed.\nDone.\nEnd."
    assert extracted.import_format == "text"


def test_markdown_becomes_plain_paragraphs_with_list_items_marked():
    markdown = (
        b"# River dam fails\n\nThe dam *failed* on **3 March 2024**.\n\n- 1,200 evacuated\n- 3 villages\n\n"
        b"1. Close the road\n2. Open the shelters\n\n> Officials said so.\n"
    )
    extracted = extract_article(data=markdown, filename="dam.md")
    # List items keep a marker, as trafilatura writes HTML lists: the splitter reads them as list items.
    assert extracted.body == (
        "River dam fails\n\nThe dam failed on 3 March 2024.\n\n- 1,200 evacuated\n\n- 3 villages\n\n"
        "1. Close the road\n\n2. Open the shelters\n\nOfficials said so."
    )
    assert extracted.title == "River dam fails"


@pytest.mark.parametrize(
    "front_matter",
    [
        b'---\ntitle: "Rooftop solar, a year on"\nauthor: Tom Achterberg\ndate: 2024-04-02\ntags: [solar]\n---\n',
        b'+++\ntitle = "Rooftop solar, a year on"\nauthors = ["Tom Achterberg", "Ana Costa"]\n'
        b"date = 2024-04-02T08:00:00Z\n+++\n",
    ],
    ids=["yaml", "toml"],
)
def test_the_front_matter_of_a_blog_post_is_its_metadata_not_its_text(front_matter):
    extracted = extract_article(data=front_matter + b"\nWe installed 14 panels in March 2023.\n", filename="solar.md")
    assert (extracted.body, extracted.title, extracted.author, extracted.published) == (
        "We installed 14 panels in March 2023.",
        "Rooftop solar, a year on",
        "Tom Achterberg",
        date(2024, 4, 2),
    )


def test_a_word_document_gives_paragraphs_tables_and_properties(docx_bytes):
    extracted = extract_article(data=docx_bytes, filename="dam.docx")
    assert extracted.body == "\n\n".join(["River dam fails after storm", *ARTICLE_PARAGRAPHS, "Evacuated | 1,200"])
    assert (extracted.import_format, extracted.title, extracted.author) == ("docx", "Dam report", "Jane Roe")


def test_a_pdf_gives_its_text_layer(pdf_bytes):
    extracted = extract_article(data=pdf_bytes, filename="dam.pdf")
    assert extracted.body == (
        "The Kessel dam failed on 3 March 2024 after two days of heavy rain,\n"
        "officials said. About 1,200 residents were evacuated from three villages."
    )
    assert (extracted.import_format, extracted.title, extracted.author) == ("pdf", "Dam report", "Jane Roe")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": ""}, "The article is empty: no text was found in it."),
        ({"text": " \n\t\u00a0\r\n "}, "The article is empty: no text was found in it."),
        ({"data": b"   \n\n  ", "filename": "blank.txt"}, "The file is empty."),
        ({"data": b"", "filename": "empty.txt"}, "The file is empty."),
        ({"data": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "filename": "photo.txt"},
         "The file holds binary data (an image, archive or program), not text."),
        ({"data": bytes(range(256)) * 8, "filename": "noise.txt"}, "The file holds binary data, not text."),
        ({"data": b"\xef\xbb\xbfabc \xff\xfe broken", "filename": "bad.txt"},
         "The file starts as utf-8-sig but is not valid utf-8-sig."),
        ({"data": b"PK\x03\x04 not really a word file", "filename": "broken.docx"},
         "The Word document is damaged or not a .docx file."),
        ({"data": b"%PDF-1.4\n garbage", "filename": "broken.pdf"}, "The PDF is damaged and could not be read."),
        ({"data": make_pdf([]), "filename": "scan.pdf"},
         "The PDF has no text layer (a scan?); run OCR on it first or paste the text."),
        ({"data": b"<html><body><script>var a = 1;</script></body></html>", "filename": "empty.html"},
         "The article is empty: no text was found in it."),
        ({}, "Give the article's text or a file."),
        ({"text": "pasted\x00\x01\x02\x03 binary"}, "The text holds binary data."),
    ],
    ids=["empty-text", "whitespace-text", "whitespace-file", "empty-file", "png-as-txt", "random-bytes",
         "bad-utf8-after-bom", "broken-docx", "broken-pdf", "pdf-without-text", "html-without-text", "nothing",
         "pasted-binary"],
)  # fmt: skip
def test_bad_input_is_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(InvalidInput) as raised:
        extract_article(**kwargs)
    assert raised.value.message == message
    assert raised.value.status_code == 400


@pytest.mark.parametrize(
    ("filename", "content_type", "message"),
    [
        ("photo.png", "image/png", "Files of type .png cannot be imported; use .txt, .html, .md, .docx or .pdf."),
        ("old.doc", "", "Files of type .doc cannot be imported; use .txt, .html, .md, .docx or .pdf."),
        (
            "",
            "application/zip",
            "Content of type application/zip cannot be imported; use .txt, .html, .md, .docx or .pdf.",
        ),
    ],
)
def test_unsupported_types_are_refused_as_415(filename, content_type, message):
    with pytest.raises(UnsupportedMediaType) as raised:
        extract_article(data=b"some bytes", filename=filename, content_type=content_type)
    assert (raised.value.message, raised.value.status_code) == (message, 415)


def test_files_and_texts_above_the_limit_are_refused_as_413(settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(PayloadTooLarge) as raised:
        extract_article(data=b"a" * 1001, filename="big.txt")
    assert (raised.value.message, raised.value.status_code) == (
        "The file is 1,001 bytes, larger than the limit of 1,000 bytes.",
        413,
    )
    with pytest.raises(PayloadTooLarge):
        extract_article(text="é" * 501)
    assert extract_article(data=b"a" * 1000, filename="fits.txt").body == "a" * 1000


def test_the_default_limit_is_five_megabytes(settings):
    assert settings.FACTCHECK_MAX_UPLOAD_BYTES == 5 * 1024 * 1024


def test_a_lone_surrogate_becomes_the_replacement_character_and_the_text_still_splits():
    """A text handed over by a command or a library may hold one; no encoding can store it."""
    from claims.segmentation import split_text

    body = extract_article(text="The mill employed 300 people in 2019 \ud800 and closed in 2021.").body
    assert body == "The mill employed 300 people in 2019 \ufffd and closed in 2021."
    assert split_text(body).claims


def test_a_pdf_page_of_wrapped_paragraphs_gives_whole_sentences_as_claims():
    """A PDF's text layer comes a line at a time, no blank line between paragraphs, under a title: the
    split joins the wrapped lines again, so that each claim is a whole sentence, not a line."""
    pdf = make_pdf(
        [
            "Govt attacks opposition over stimulus",
            "The federal government unleashed a furious attack on the opposition after it",
            "dropped a bombshell and announced it would block the government's $42",
            "billion lifeline to the economy. The opposition's decision to dig in forced the",
            "government to negotiate with the Greens and other crossbench senators to",
            "find a way to get the six bills enabling the plan through parliament.",
            "Opposition Leader Malcolm Turnbull told parliament that the package announced by",
            "Prime Minister Kevin Rudd on Tuesday was not a responsible way to run the economy.",
        ],
        title="Stimulus",
    )
    body = extract_article(data=pdf, filename="stimulus.pdf").body
    quotes = [" ".join(body[claim.start : claim.end].split()) for claim in split_text(body).claims]
    assert (
        "The federal government unleashed a furious attack on the opposition after it dropped a bombshell and "
        "announced it would block the government's $42 billion lifeline to the economy."
    ) in quotes
    assert not [quote for quote in quotes if quote.startswith(("billion lifeline", "find a way", "dropped"))]
