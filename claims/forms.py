"""Browser forms: they parse and validate what a person typed, nothing more.

No business rule lives here. A form turns POST data into the keyword arguments of a
service (claims/services/); the service decides whether the change is allowed and valid.
Forms that edit a versioned object carry its version as a hidden field so the service can
refuse a stale write (StaleVersion) instead of silently overwriting someone else's change.
"""

from __future__ import annotations

from typing import Any

from django import forms

from claims.bibliography.fields import SOURCE_RECORD_FIELDS
from claims.choices import ClaimKind, ClaimStatus, Confidence, SourceType, Stance
from claims.models import ReliabilityTier

RESTATEMENT_DISPLAY_LIMIT = 75  # characters search engines show of a ClaimReview's claimReviewed
IMPORT_EXTENSIONS = (".txt", ".html", ".htm", ".md", ".markdown", ".docx", ".pdf")


class ArticleImportForm(forms.Form):
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Left empty for a file, the file's own title (or its name) is used.",
        widget=forms.TextInput(attrs={"placeholder": "Headline of the article"}),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": "Paste the article text here…", "spellcheck": "false"}),
    )
    file = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
        help_text="Plain text, HTML, Markdown, Word (.docx) or PDF with a text layer.",
    )
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https", label="URL")
    fetch_url = forms.BooleanField(
        required=False, label="Fetch the article from this URL", help_text="Instead of pasting it or uploading a file."
    )
    publisher = forms.CharField(required=False, max_length=300)
    author = forms.CharField(required=False, max_length=300)
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    language = forms.CharField(required=False, max_length=16, widget=forms.TextInput(attrs={"placeholder": "en"}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # the stubs type clean() as Optional; Django returns this dict
        has_text = bool((cleaned.get("text") or "").strip())
        upload = cleaned.get("file")
        if cleaned.get("fetch_url"):
            if has_text or upload is not None:
                raise forms.ValidationError("Fetch from the URL, paste text or upload a file: only one of them.")
            if not cleaned.get("url"):
                raise forms.ValidationError("Give the URL to fetch the article from.")
            return cleaned
        if not has_text and upload is None:
            if cleaned.get("text"):
                raise forms.ValidationError("The pasted text is empty (only whitespace). Nothing was stored.")
            raise forms.ValidationError("Paste the article text or choose a file.")
        if has_text and upload is not None:
            raise forms.ValidationError("Give either pasted text or a file, not both.")
        return cleaned


class ClaimEditForm(forms.Form):
    restatement = forms.CharField(
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "data-limit": RESTATEMENT_DISPLAY_LIMIT}),
        help_text="The claim in neutral words, as a reader would search for it.",
    )
    kind = forms.ChoiceField(choices=ClaimKind.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClaimSpanForm(forms.Form):
    """Offsets are Unicode code points into the article body (what the browser script computes)."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(choices=[("", "Let the splitter decide"), *ClaimKind.choices], required=False)
    restatement = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # the stubs type clean() as Optional; Django returns this dict
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            raise forms.ValidationError("Select some text: the end must come after the start.")
        return cleaned


class ClaimSplitForm(forms.Form):
    """`position` counts code points from the start of the quote; the view makes it absolute."""

    position = forms.IntegerField(min_value=1, label="Split after character")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class ClaimVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ClaimMergeForm(forms.Form):
    other_claim_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class ClaimAssignForm(forms.Form):
    """Empty `assignee` unassigns; the version makes a reassignment from a stale page a conflict (412)."""

    assignee = forms.IntegerField(required=False, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class ArticleMetadataForm(forms.Form):
    """The details of an article a person may correct after import (never its text)."""

    title = forms.CharField(max_length=500)
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https", label="URL")
    publisher = forms.CharField(required=False, max_length=300)
    author = forms.CharField(required=False, max_length=300)
    published = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    language = forms.CharField(required=False, max_length=16)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=30)
    rating = forms.CharField(required=False, max_length=50)
    rationale = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))
    confidence = forms.ChoiceField(choices=Confidence.choices, required=False, initial=Confidence.MEDIUM)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    correction = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    verdict_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_query = forms.CharField(
        required=False,
        label="Source",
        widget=forms.TextInput(
            attrs={"placeholder": "Author, title, DOI, ISBN or year…", "autocomplete": "off", "data-typeahead": "1"}
        ),
    )
    stance = forms.ChoiceField(choices=Stance.choices)
    locator = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"placeholder": "p. 123 / ch. 4"})
    )
    quote = forms.CharField(required=False, label="Quoted passage", widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # the stubs type clean() as Optional; Django returns this dict
        if not cleaned.get("source_id") and not (cleaned.get("source_query") or "").strip():
            self.add_error("source_query", "Choose a source from the library (or add a new one).")
        return cleaned


class EvidenceEditForm(forms.Form):
    """Stance, locator, quoted passage and note of attached evidence; the version guards against lost edits."""

    stance = forms.ChoiceField(choices=Stance.choices)
    locator = forms.CharField(required=False, max_length=200)
    quote = forms.CharField(required=False, label="Quoted passage", widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 1}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EvidenceRemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def parse_authors(text: str, *, organisations: bool = False) -> list[dict[str, str]]:
    """'Family, Given; Family, Given' (or one name per line) -> CSL-JSON name objects.

    A name in braces, `{Ministry of Health, Labour and Welfare}`, is an organisation kept whole (a
    name with no given part, which citations print as a CSL `literal`); `organisations=True` keeps
    every name whole (names are then separated by semicolons or lines only).
    """
    authors: list[dict[str, str]] = []
    for chunk in _name_chunks(text):
        name = chunk.strip()
        if not name:
            continue
        if organisations or (name.startswith("{") and name.endswith("}")):
            literal = " ".join(name.strip("{}").split())
            if literal:
                authors.append({"family": literal})
            continue
        if "," in name:
            family, given = (part.strip() for part in name.split(",", 1))
        elif " " in name:
            given, family = name.rsplit(" ", 1)
        else:
            family, given = name, ""
        authors.append({"family": family, "given": given} if given else {"family": family})
    return authors


def _name_chunks(text: str) -> list[str]:
    """Split on semicolons and line breaks, but not inside braces."""
    chunks: list[str] = []
    current: list[str] = []
    depth = 0
    for character in text:
        if character == "{":
            depth += 1
        elif character == "}":
            depth = max(0, depth - 1)
        if character in ";\n" and depth == 0:
            chunks.append("".join(current))
            current = []
        else:
            current.append(character)
    chunks.append("".join(current))
    return chunks


def format_authors(authors: list[dict[str, str]] | None) -> str:
    """The form's text for stored names; an organisation (no given part) is braced when it holds a comma."""
    parts = []
    for author in authors or []:
        family = author.get("family", "") or author.get("literal", "")
        given = author.get("given", "")
        if not given:
            parts.append(f"{{{family}}}" if "," in family else family)
        else:
            parts.append(f"{family}, {given}")
    return "; ".join(parts)


# The record's fields SourceForm.service_data() sets by hand: the type, the title and the parsed names.
SET_ABOVE = frozenset({"csl_type", "title", "authors"})


class SourceForm(forms.Form):
    """The fields a reviewer can fill while researching; editors get the same form to edit."""

    csl_type = forms.ChoiceField(choices=SourceType.choices, label="Type", initial=SourceType.BOOK)
    title = forms.CharField(max_length=1000)
    authors = forms.CharField(
        required=False,
        label="Authors",
        help_text="Family, Given; Family, Given — an organisation in braces: {Ministry of Health, Labour and Welfare}",
        widget=forms.TextInput(attrs={"placeholder": "Barshay, Andrew E.; Katsumata, Hiroshi"}),
    )
    authors_are_organisations = forms.BooleanField(
        required=False, label="The authors are organisations (keep each name whole)"
    )
    year = forms.IntegerField(required=False, min_value=1, max_value=3000)
    container_title = forms.CharField(required=False, max_length=1000, label="Journal / book / site")
    publisher = forms.CharField(required=False, max_length=500)
    publisher_place = forms.CharField(required=False, max_length=300, label="Place")
    volume = forms.CharField(required=False, max_length=50)
    issue = forms.CharField(required=False, max_length=50)
    pages = forms.CharField(required=False, max_length=50)
    edition = forms.CharField(required=False, max_length=50)
    doi = forms.CharField(required=False, max_length=300, label="DOI")
    isbn = forms.CharField(required=False, max_length=20, label="ISBN")
    url = forms.CharField(required=False, max_length=2000, label="URL")
    archived_url = forms.CharField(required=False, max_length=2000, label="Archived URL")
    language = forms.CharField(required=False, max_length=16)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reliability_tier = forms.ModelChoiceField(
        queryset=ReliabilityTier.objects.all(), required=False, label="Reliability tier", empty_label="— unrated —"
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def service_data(self, *, include_blank: bool = False) -> dict[str, Any]:
        """The `data` dict of source_create / source_update: CSL-like keys; blanks only when editing (to clear)."""
        cleaned = self.cleaned_data
        data: dict[str, Any] = {"type": cleaned["csl_type"], "title": cleaned["title"]}
        data["authors"] = parse_authors(
            cleaned.get("authors") or "", organisations=bool(cleaned.get("authors_are_organisations"))
        )
        # The record's fields this form has, in the record's order (type, title and names are above).
        for key in (name for name in SOURCE_RECORD_FIELDS if name in self.fields and name not in SET_ABOVE):
            value = cleaned.get(key)
            if value not in (None, "") or include_blank:
                data[key] = value if value is not None else ("" if key != "year" else None)
        tier = cleaned.get("reliability_tier")
        if tier is not None or include_blank:
            data["reliability_tier"] = tier.slug if tier is not None else None
        return data

    @classmethod
    def initial_for(cls, source: Any) -> dict[str, Any]:
        initial = {
            name: getattr(source, name)
            for name in cls.base_fields
            if name not in {"authors", "reliability_tier", "version"} and hasattr(source, name)
        }
        initial["authors"] = format_authors(source.authors)
        initial["reliability_tier"] = source.reliability_tier_id
        initial["version"] = source.version
        return initial


class SourceMergeForm(forms.Form):
    duplicate_id = forms.IntegerField(min_value=1, label="Merge record #")


CLAIM_SORTS = [("position", "Position in the text"), ("score", "Check-worthiness")]


class ClaimListFilterForm(forms.Form):
    """The workspace claim list's triage controls (GET). A value that does not parse is ignored,
    not an error: the list is shown without that filter."""

    q = forms.CharField(required=False, max_length=200, strip=True)
    status = forms.ChoiceField(required=False, choices=[("", "all"), *ClaimStatus.choices])
    kind = forms.ChoiceField(required=False, choices=[("", "all"), *ClaimKind.choices])
    assignee = forms.RegexField(required=False, regex=r"^(me|none|\d{1,12})$")
    min = forms.FloatField(required=False, min_value=0.0, max_value=1.0)
    sort = forms.ChoiceField(required=False, choices=CLAIM_SORTS)
    all = forms.BooleanField(required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def values(self) -> dict[str, Any]:
        """The valid values, defaults for the rest."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "q": cleaned.get("q") or "",
            "status": cleaned.get("status") or "",
            "kind": cleaned.get("kind") or "",
            "assignee": cleaned.get("assignee") or "",
            "min": cleaned.get("min"),
            "sort": cleaned.get("sort") or "position",
            "all": bool(cleaned.get("all")),
            "page": cleaned.get("page") or 1,
        }


class ClaimListThresholdForm(forms.Form):
    threshold = forms.FloatField(min_value=0.0, max_value=1.0)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
