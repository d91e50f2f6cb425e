"""Bytes or pasted text -> the article body to store, plus what the file says about itself.

`extract_article(...)` detects the format (extension, then content type, then the bytes
themselves), refuses what it cannot read with a domain error (claims.errors), extracts the
text and normalises it once with `normalise_body`. The result is pure data; nothing here
touches the database, so the split_article command can use it without one.
"""

from claims.importing.extract import ExtractedArticle, check_document_limits, check_pasted_text, extract_article
from claims.importing.normalise import normalise_body

__all__ = ["ExtractedArticle", "check_document_limits", "check_pasted_text", "extract_article", "normalise_body"]
