"""The source library: create, edit, vet, archive, delete, merge, import.

Identifiers are normalised here (DOI, ISBN, URL); duplicates are found by DOI, ISBN or a
fuzzy title + year + first-author match. A cited source is never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from claims.models import Source


@dataclass
class SourceImportResult:
    created: list[Source] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)  # {"entry": key/title, "existing": Source}
    invalid: list[dict[str, Any]] = field(default_factory=list)  # {"entry": key/title, "reason": str}


def source_create(*, actor: AbstractBaseUser, data: dict[str, Any]) -> Source:
    raise NotImplementedError


def source_update(*, actor: AbstractBaseUser, source_id: int, expected_version: int, data: dict[str, Any]) -> Source:
    raise NotImplementedError


def source_set_vetted(*, actor: AbstractBaseUser, source_id: int, is_vetted: bool = True) -> Source:
    raise NotImplementedError


def source_set_archived(*, actor: AbstractBaseUser, source_id: int, is_archived: bool = True) -> Source:
    raise NotImplementedError


def source_delete(*, actor: AbstractBaseUser, source_id: int) -> None:
    """Refused with Conflict (409) listing the citing claims when the source is cited."""
    raise NotImplementedError


def source_merge(*, actor: AbstractBaseUser, survivor_id: int, duplicate_id: int) -> Source:
    raise NotImplementedError


def sources_import(*, actor: AbstractBaseUser | None, data: bytes, filename: str) -> SourceImportResult:
    """BibTeX, RIS or CSL-JSON; a malformed file stores nothing and says where it broke."""
    raise NotImplementedError
