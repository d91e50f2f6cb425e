"""The public page links the web addresses of its citations (a DOI, a page URL) and nothing else."""

from __future__ import annotations

from claims.exports.citations import link_citation_urls, sanitise_citation_html


def link(url: str) -> str:
    return f'<a href="{url}" rel="noopener noreferrer">{url}</a>'


def test_a_doi_and_a_page_address_become_links_without_the_closing_full_stop():
    doi = "https://doi.org/10.4324/9780429270468-16"
    page = "https://www.japantimes.co.jp/news/2003/05/02/national/lists.html"
    markup = f"Kuznetsov, S. I. (n.d.). <i>Burial places</i>. Routledge. {doi}"
    assert link_citation_urls(markup) == f"Kuznetsov, S. I. (n.d.). <i>Burial places</i>. Routledge. {link(doi)}"
    assert link_citation_urls(f"(2003, May 2). <i>The Japan Times</i>. {page}.") == (
        f"(2003, May 2). <i>The Japan Times</i>. {link(page)}."
    )


def test_only_web_addresses_are_linked_and_a_hostile_title_stays_text():
    markup = sanitise_citation_html("<i>Camps</i> javascript:alert(1) https://ok.example/a and data:text/html,x")
    assert (
        link_citation_urls(markup)
        == f"<i>Camps</i> javascript:alert(1) {link('https://ok.example/a')} and data:text/html,x"
    )
    # An address glued to a quotation mark (a title trying to open an attribute) stays plain text.
    hostile = sanitise_citation_html('"https://evil.example/"onmouseover="alert(1)"')
    assert link_citation_urls(hostile) == hostile and "<a" not in hostile
    assert link_citation_urls("No address, no link.") == "No address, no link."
    already = '<a href="https://x.example/a">Archived</a> https://y.example/b'
    assert link_citation_urls(already) == already  # the style's own links are kept as they are
