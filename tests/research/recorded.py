"""Answers of the external services in the shapes they really send (trimmed to the fields the tool
reads, plus a few it ignores), recorded from the public APIs' documented responses."""

from __future__ import annotations

WAKEFIELD_DOI = "10.1016/s0140-6736(97)11096-0"
RETRACTION_NOTICE_DOI = "10.1016/s0140-6736(10)60175-4"

# Crossref REST API, GET /works/{doi}: a retracted article carries `updated-by` (here from the
# Retraction Watch database, as Crossref has included since 2023).
CROSSREF_RETRACTED_WORK = {
    "status": "ok",
    "message-type": "work",
    "message-version": "1.0.0",
    "message": {
        "indexed": {"date-parts": [[2025, 3, 1]], "date-time": "2025-03-01T10:11:12Z", "timestamp": 1740823872000},
        "reference-count": 40,
        "publisher": "Elsevier BV",
        "issue": "9103",
        "license": [],
        "content-domain": {"domain": ["thelancet.com"], "crossmark-restriction": True},
        "short-container-title": ["The Lancet"],
        "DOI": WAKEFIELD_DOI,
        "type": "journal-article",
        "created": {"date-parts": [[2002, 7, 25]], "date-time": "2002-07-25T20:36:05Z", "timestamp": 1027629365000},
        "page": "637-641",
        "source": "Crossref",
        "is-referenced-by-count": 2900,
        "title": [
            "RETRACTED: Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
            "developmental disorder in children"
        ],
        "prefix": "10.1016",
        "volume": "351",
        "author": [
            {"given": "AJ", "family": "Wakefield", "sequence": "first", "affiliation": []},
            {"given": "SH", "family": "Murch", "sequence": "additional", "affiliation": []},
        ],
        "member": "78",
        "container-title": ["The Lancet"],
        "language": "en",
        "link": [],
        "deposited": {"date-parts": [[2024, 1, 2]], "date-time": "2024-01-02T00:00:00Z", "timestamp": 1704153600000},
        "score": 1,
        "issued": {"date-parts": [[1998, 2]]},
        "URL": "https://doi.org/10.1016/s0140-6736(97)11096-0",
        "ISSN": ["0140-6736"],
        "issn-type": [{"type": "print", "value": "0140-6736"}],
        "published": {"date-parts": [[1998, 2]]},
        "updated-by": [
            {
                "updated": {
                    "date-parts": [[2010, 2, 6]],
                    "date-time": "2010-02-06T00:00:00Z",
                    "timestamp": 1265414400000,
                },
                "DOI": RETRACTION_NOTICE_DOI,
                "type": "retraction",
                "source": "retraction-watch",
                "label": "Retraction",
                "record-id": 9001,
            }
        ],
    },
}

CORRECTED_DOI = "10.1038/s41586-020-2012-7"
CROSSREF_CORRECTED_WORK = {
    "status": "ok",
    "message-type": "work",
    "message-version": "1.0.0",
    "message": {
        "publisher": "Springer Science and Business Media LLC",
        "DOI": CORRECTED_DOI,
        "type": "journal-article",
        "title": ["A pneumonia outbreak associated with a new coronavirus of probable bat origin"],
        "author": [{"given": "Peng", "family": "Zhou", "sequence": "first", "affiliation": []}],
        "container-title": ["Nature"],
        "volume": "579",
        "issue": "7798",
        "page": "270-273",
        "issued": {"date-parts": [[2020, 2, 3]]},
        "URL": "https://doi.org/10.1038/s41586-020-2012-7",
        "updated-by": [
            {
                "updated": {"date-parts": [[2020, 11, 17]], "date-time": "2020-11-17T00:00:00Z"},
                "DOI": "10.1038/s41586-020-2951-z",
                "type": "addendum",
                "source": "publisher",
                "label": "Addendum",
            }
        ],
    },
}

# The Surgisphere hydroxychloroquine study as Crossref showed it on 4 June 2020: an expression of
# concern (the retraction followed a day later).
CONCERN_DOI = "10.1016/s0140-6736(20)31180-6"
CROSSREF_CONCERN_WORK = {
    "status": "ok",
    "message-type": "work",
    "message-version": "1.0.0",
    "message": {
        "publisher": "Elsevier BV",
        "DOI": CONCERN_DOI,
        "type": "journal-article",
        "title": [
            "Hydroxychloroquine or chloroquine with or without a macrolide for treatment of COVID-19: "
            "a multinational registry analysis"
        ],
        "author": [{"given": "Mandeep R", "family": "Mehra", "sequence": "first", "affiliation": []}],
        "container-title": ["The Lancet"],
        "issued": {"date-parts": [[2020, 5]]},
        "URL": "https://doi.org/10.1016/s0140-6736(20)31180-6",
        "updated-by": [
            {
                "updated": {"date-parts": [[2020, 6, 3]], "date-time": "2020-06-03T00:00:00Z"},
                "DOI": "10.1016/s0140-6736(20)31290-3",
                "type": "expression_of_concern",
                "source": "publisher",
                "label": "Expression of Concern",
            }
        ],
    },
}

# A work with no `updated-by`; its retraction is found only through the notice's `update-to`
# (GET /works?filter=updates:{doi}).
OLD_DEPOSIT_DOI = "10.1126/science.1197258"
CROSSREF_PLAIN_WORK = {
    "status": "ok",
    "message-type": "work",
    "message-version": "1.0.0",
    "message": {
        "publisher": "American Association for the Advancement of Science (AAAS)",
        "DOI": OLD_DEPOSIT_DOI,
        "type": "journal-article",
        "title": ["A Bacterium That Can Grow by Using Arsenic Instead of Phosphorus"],
        "author": [{"given": "Felisa", "family": "Wolfe-Simon", "sequence": "first", "affiliation": []}],
        "container-title": ["Science"],
        "volume": "332",
        "issue": "6034",
        "page": "1163-1166",
        "issued": {"date-parts": [[2011, 6, 3]]},
        "URL": "https://doi.org/10.1126/science.1197258",
    },
}
CROSSREF_NOTICES_FOR_OLD_DEPOSIT = {
    "status": "ok",
    "message-type": "work-list",
    "message-version": "1.0.0",
    "message": {
        "facets": {},
        "total-results": 1,
        "items": [
            {
                "DOI": "10.1126/science.adq5929",
                "type": "journal-article",
                "title": ["Editorial retraction"],
                "update-to": [
                    {
                        "updated": {"date-parts": [[2025, 7, 24]], "date-time": "2025-07-24T00:00:00Z"},
                        "DOI": OLD_DEPOSIT_DOI,
                        "type": "retraction",
                        "source": "publisher",
                        "label": "Retraction",
                    }
                ],
            }
        ],
        "items-per-page": 20,
        "query": {"start-index": 0, "search-terms": None},
    },
}
CROSSREF_NO_NOTICES = {
    "status": "ok",
    "message-type": "work-list",
    "message-version": "1.0.0",
    "message": {"facets": {}, "total-results": 0, "items": [], "items-per-page": 20},
}

# https://doi.org/{doi} with Accept: application/vnd.citationstyles.csl+json
BARSHAY_DOI = "10.1525/9780520956612"
DOI_CSL_JSON = {
    "indexed": {"date-parts": [[2024, 5, 2]], "date-time": "2024-05-02T12:00:00Z", "timestamp": 1714651200000},
    "publisher-location": "Berkeley",
    "publisher": "University of California Press",
    "DOI": BARSHAY_DOI,
    "type": "book",
    "source": "Crossref",
    "title": "The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, 1945-1956",
    "prefix": "10.1525",
    "author": [{"given": "Andrew E.", "family": "Barshay", "sequence": "first", "affiliation": []}],
    "member": "1010",
    "container-title": [],
    "ISBN": ["9780520956612", "9780520276017"],
    "issued": {"date-parts": [[2013, 8, 30]]},
    "URL": "https://doi.org/10.1525/9780520956612",
    "id": "https://doi.org/10.1525/9780520956612",
}

# Open Library, GET /api/books?bibkeys=ISBN:...&format=json&jscmd=data
KATZ_ISBN = "9780262033848"
OPEN_LIBRARY_BOOK = {
    f"ISBN:{KATZ_ISBN}": {
        "url": "https://openlibrary.org/books/OL22841234M/Introduction_to_algorithms",
        "key": "/books/OL22841234M",
        "title": "Introduction to algorithms",
        "authors": [
            {"url": "https://openlibrary.org/authors/OL2626996A/Thomas_H._Cormen", "name": "Thomas H. Cormen"},
            {"url": "https://openlibrary.org/authors/OL405780A/Charles_E._Leiserson", "name": "Charles E. Leiserson"},
        ],
        "number_of_pages": 1292,
        "identifiers": {"isbn_13": [KATZ_ISBN], "isbn_10": ["0262033844"], "openlibrary": ["OL22841234M"]},
        "publishers": [{"name": "MIT Press"}],
        "publish_places": [{"name": "Cambridge, Mass"}],
        "publish_date": "2009",
        "subjects": [{"name": "Computer programming", "url": "https://openlibrary.org/subjects/computer_programming"}],
    }
}

# NCBI E-utilities, GET esummary.fcgi?db=pubmed&id=...&retmode=json
PUBMED_ID = "9500320"
EUTILS_SUMMARY = {
    "header": {"type": "esummary", "version": "0.3"},
    "result": {
        "uids": [PUBMED_ID],
        PUBMED_ID: {
            "uid": PUBMED_ID,
            "pubdate": "1998 Feb 28",
            "epubdate": "",
            "source": "Lancet",
            "authors": [
                {"name": "Wakefield AJ", "authtype": "Author", "clusterid": ""},
                {"name": "Murch SH", "authtype": "Author", "clusterid": ""},
            ],
            "lastauthor": "Walker-Smith JA",
            "title": "Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental "
            "disorder in children.",
            "volume": "351",
            "issue": "9103",
            "pages": "637-41",
            "lang": ["eng"],
            "issn": "0140-6736",
            "pubtype": ["Journal Article", "Retracted Publication"],
            "articleids": [
                {"idtype": "pubmed", "idtypen": 1, "value": PUBMED_ID},
                {"idtype": "doi", "idtypen": 3, "value": "10.1016/s0140-6736(97)11096-0"},
            ],
            "fulljournalname": "Lancet (London, England)",
            "sortpubdate": "1998/02/28 00:00",
        },
    },
}

# arXiv API, GET query?id_list=...
ARXIV_ID = "1706.03762"
ARXIV_ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list%3D1706.03762" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=1706.03762&amp;start=0&amp;max_results=10</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-05-02T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/1706.03762v7</id>
    <updated>2023-08-02T00:41:18Z</updated>
    <published>2017-06-12T17:57:34Z</published>
    <title>Attention Is All You
  Need</title>
    <summary>  The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks in an encoder-decoder configuration.
</summary>
    <author><name>Ashish Vaswani</name></author>
    <author><name>Noam Shazeer</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">15 pages, 5 figures</arxiv:comment>
    <link href="http://arxiv.org/abs/1706.03762v7" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/1706.03762v7" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""

ARTICLE_HTML = """<!doctype html><html lang="en"><head><title>Prisoners in Siberia</title>
<meta name="author" content="Kenji Sato"></head><body><article><h1>Prisoners in Siberia</h1>
<p>About 575,000 Japanese soldiers were taken to camps in Siberia after August 1945.</p>
<p>Roughly 55,000 of them died in captivity, most during the first winter of 1945 to 1946.</p>
<p>The last prisoners returned to Japan in December 1956, eleven years after the war ended.</p>
</article></body></html>"""

ARCHIVE_PAGE_HTML = """<!doctype html><html lang="en"><head><title>Repatriation records</title></head><body>
<main><h1>Repatriation records</h1><p>The ministry's records list 472,942 repatriated internees by 1950.</p>
<p>Further ships arrived at Maizuru until December 1956.</p></main></body></html>"""
