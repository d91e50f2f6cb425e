"""Every enumerated value of the product, as TextChoices.

The values (not the labels) are part of the stable interface of docs/PRODUCT.md: the API,
the exports and the command line use them verbatim.
"""

from django.db import models


class ClaimStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "Unreviewed"
    IN_REVIEW = "in_review", "In review"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


class ClaimKind(models.TextChoices):
    STATISTIC = "statistic", "Statistic"
    EVENT = "event", "Event"
    CAUSAL = "causal", "Causal"
    ATTRIBUTION = "attribution", "Attribution"
    OPINION = "opinion", "Opinion"
    OTHER = "other", "Other"


class ClaimOrigin(models.TextChoices):
    SPLITTER = "splitter", "Found by the splitter"
    MANUAL = "manual", "Made from a span by a reviewer"
    SPLIT = "split", "Made by splitting a claim"
    MERGE = "merge", "Made by merging claims"
    IMPORT = "import", "Restored from a report"


class SegmentKind(models.TextChoices):
    SENTENCE = "sentence", "Sentence"
    BOILERPLATE = "boilerplate", "Boilerplate (repeated paragraph)"
    CAPTION = "caption", "Image caption"
    METADATA = "metadata", "Metadata line"
    CALL_TO_ACTION = "call_to_action", "Call to action"
    HEADING = "heading", "Heading"
    FOOTER = "footer", "Footer"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    MIXED = "mixed", "Mixed"
    CONTEXT = "context", "Context"


class Confidence(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class VerdictState(models.TextChoices):
    """Where one verdict proposal stands; the claim's status is the workflow state."""

    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Sent back"
    SUPERSEDED = "superseded", "Superseded"


class ImportFormat(models.TextChoices):
    TEXT = "text", "Pasted text"
    TXT = "txt", "Plain text file"
    HTML = "html", "HTML"
    MARKDOWN = "md", "Markdown"
    DOCX = "docx", "Word document"
    PDF = "pdf", "PDF"
    REPORT = "report", "factcheck JSON report"


class SourceType(models.TextChoices):
    """CSL 1.0.2 item types used by a fact-checking desk."""

    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"
    ARTICLE_JOURNAL = "article-journal", "Journal article"
    ARTICLE_MAGAZINE = "article-magazine", "Magazine article"
    ARTICLE_NEWSPAPER = "article-newspaper", "News article"
    REPORT = "report", "Report"
    THESIS = "thesis", "Thesis"
    MANUSCRIPT = "manuscript", "Archival document"
    DATASET = "dataset", "Dataset"
    WEBPAGE = "webpage", "Web page"
    DOCUMENT = "document", "Government record"
    LEGISLATION = "legislation", "Legislation"
    PAPER_CONFERENCE = "paper-conference", "Conference paper"
    ENTRY_ENCYCLOPEDIA = "entry-encyclopedia", "Encyclopedia entry"
    INTERVIEW = "interview", "Interview"
    BROADCAST = "broadcast", "Broadcast"


class ArticleEventAction(models.TextChoices):
    EDITED = "edited", "Metadata edited"
    DELETED = "deleted", "Deleted"


class ClaimEventAction(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    SPLIT = "split", "Split"
    MERGED = "merged", "Merged"
    DISCARDED = "discarded", "Discarded"
    RESTORED = "restored", "Restored"
    ASSIGNED = "assigned", "Assigned"
    STARTED = "start", "Review started"
    SUBMITTED = "submit", "Verdict submitted"
    APPROVED = "approve", "Verdict approved"
    CHANGES_REQUESTED = "request_changes", "Changes requested"
    REOPENED = "reopen", "Reopened"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    EVIDENCE_EDITED = "evidence_edited", "Evidence edited"
    EVIDENCE_REMOVED = "evidence_removed", "Evidence removed"
    SOURCE_MERGED = "source_merged", "Cited source merged"
    RESCORED = "rescored", "Check-worthiness rescored"
    MATCH_LINKED = "match_linked", "Linked to an earlier claim"
    MATCH_CONFIRMED = "match_confirmed", "Match confirmed"
    MATCH_REJECTED = "match_rejected", "Match rejected"
    VERDICT_REUSED = "verdict_reused", "Verdict reused from an earlier claim"


class SourceEventAction(models.TextChoices):
    CREATED = "created", "Created"
    EDITED = "edited", "Edited"
    VETTED = "vetted", "Vetted"
    ARCHIVED = "archived", "Archived"
    UNARCHIVED = "unarchived", "Unarchived"
    MERGED = "merged", "Merged into this record"
    IMPORTED = "imported", "Imported"
    DELETED = "deleted", "Deleted"
