"""DOI, ISBN and URL normalisation: what the library stores, and what it refuses."""

from __future__ import annotations

import pytest

from claims.bibliography.identifiers import first_isbn, normalise_doi, normalise_isbn, normalise_url
from claims.errors import InvalidInput


@pytest.mark.parametrize(
    "value",
    [
        "10.1080/09668136.2012.691725",
        "https://doi.org/10.1080/09668136.2012.691725",
        "http://dx.doi.org/10.1080/09668136.2012.691725",
        "doi:10.1080/09668136.2012.691725",
        "DOI: 10.1080/09668136.2012.691725",
        "  https://DOI.org/10.1080/09668136.2012.691725 ",
    ],
)
def test_a_doi_loses_its_resolver_prefix(value: str) -> None:
    assert normalise_doi(value) == "10.1080/09668136.2012.691725"


def test_a_doi_is_lower_cased_because_dois_are_case_insensitive() -> None:
    assert normalise_doi("10.24411/2658-6789-2020-10008") == "10.24411/2658-6789-2020-10008"
    assert normalise_doi("10.1093/ACPROF:OSO/9780199.001.0001") == "10.1093/acprof:oso/9780199.001.0001"


@pytest.mark.parametrize(
    "value", ["11.1080/x", "10.10/short-registrant", "10.1080", "doi:", "https://example.org/10.1/x"]
)
def test_a_malformed_doi_is_refused_with_the_field_named(value: str) -> None:
    with pytest.raises(InvalidInput) as error:
        normalise_doi(value)
    assert error.value.fields == {"doi": "Not a valid DOI."}


def test_an_empty_identifier_stays_empty() -> None:
    assert normalise_doi("") == ""
    assert normalise_isbn(None) == ""
    assert normalise_url("  ") == ""


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("978-0-520-27615-4", "9780520276154"),  # Barshay, ISBN-13 with hyphens
        ("9780674986435", "9780674986435"),
        ("0-7146-5279-2", "9780714652795"),  # Glantz, ISBN-10 converted to ISBN-13
        ("4004312078", "9784004312079"),  # Kurihara
        ("ISBN 5-88439-093-9", "9785884390935"),
        ("080442957X", "9780804429573"),  # an ISBN-10 whose check digit is X
    ],
)
def test_isbns_are_stored_as_their_thirteen_digits(value: str, stored: str) -> None:
    assert normalise_isbn(value) == stored


@pytest.mark.parametrize("value", ["978-0-520-27615-5", "0-7146-5279-3", "4004312079"])
def test_an_isbn_with_a_wrong_check_digit_is_refused(value: str) -> None:
    with pytest.raises(InvalidInput, match="check digit is wrong"):
        normalise_isbn(value)


@pytest.mark.parametrize("value", ["12345", "978052027615", "not an isbn"])
def test_an_isbn_of_the_wrong_length_is_refused(value: str) -> None:
    with pytest.raises(InvalidInput, match="10 or 13 digits"):
        normalise_isbn(value)


def test_the_first_isbn_of_a_list_is_kept() -> None:
    assert first_isbn("978-0-520-27615-4 (cloth); 978-0-674-98643-5 (e-book)") == "9780520276154"


def test_only_http_and_https_urls_are_accepted() -> None:
    assert normalise_url("https://history.state.gov/x") == "https://history.state.gov/x"
    assert normalise_url("http://example.org/a?b=1") == "http://example.org/a?b=1"
    for value in ["javascript:alert(1)", "ftp://example.org/file", "file:///etc/passwd", "example.org", "https://"]:
        with pytest.raises(InvalidInput, match="only http:// and https://"):
            normalise_url(value)
