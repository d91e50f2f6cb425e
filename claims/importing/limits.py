"""Limits checked before a document is parsed, and parsing under a time and memory budget.

A DOCX is a zip: its central directory declares each entry's uncompressed size, and Python's
zipfile never inflates an entry past its declared size, so refusing on the declared figures
(total uncompressed size, number of entries, compression ratio) stops a decompression bomb before
any byte is inflated. A PDF declares no sizes, so its Flate streams are inflated in 1 MB steps,
counting, up to the same total and ratio (nothing is kept), and it is refused above a page count.
Then the parser runs in a forked child
process with an address-space and CPU limit and a wall-clock deadline, so whatever slipped
through costs at most that budget. Pure Python: settings are passed in by the caller.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import resource
import signal
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from claims.errors import DomainError, InvalidInput, PayloadTooLarge

T = TypeVar("T")


@dataclass(frozen=True)
class DocumentLimits:
    max_uncompressed_bytes: int = 50 * 1024 * 1024
    max_entries: int = 2000
    max_compression_ratio: int = 100
    max_pdf_pages: int = 500
    parse_seconds: int = 20
    parse_memory_bytes: int = 1024 * 1024 * 1024


def check_zip(data: bytes, limits: DocumentLimits) -> None:
    """Refuse a zip (DOCX) whose declared content is too big, too many or too compressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise InvalidInput("The Word document is damaged or not a .docx file.") from error
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise PayloadTooLarge(
            f"The document holds {len(entries):,} files inside; at most {limits.max_entries:,} are accepted.",
            code="document_too_complex",
        )
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise PayloadTooLarge(
            f"The document expands to {total:,} bytes; at most {limits.max_uncompressed_bytes:,} are accepted.",
            code="document_too_large",
        )
    compressed = sum(entry.compress_size for entry in entries)
    if total > 1024 * 1024 and total > limits.max_compression_ratio * max(compressed, 1):
        raise PayloadTooLarge(
            f"The document is compressed {total // max(compressed, 1):,} to 1; at most "
            f"{limits.max_compression_ratio} to 1 is accepted (a decompression bomb?).",
            code="document_too_compressed",
        )


# The start of a stream's data ("stream" then an end of line), not the "endstream" that closes one.
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_STEP = 1024 * 1024


def pdf_inflated_size(data: bytes, stop_above: int) -> int:
    """The bytes the PDF's Flate streams inflate to, counted in steps and abandoned past `stop_above`.

    Streams in other encodings (images, fonts under other filters) count as nothing; whatever they
    hide is bounded by the parsing budget.
    """
    total = 0
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        decompressor = zlib.decompressobj()
        pending = data[start:end]
        try:
            while pending and not decompressor.eof:
                total += len(decompressor.decompress(pending, _STEP))
                if total > stop_above:
                    return total
                pending = decompressor.unconsumed_tail
        except zlib.error:
            continue
    return total


def check_pdf(data: bytes, limits: DocumentLimits) -> None:
    """Refuse a PDF whose streams inflate too far or too steeply, or with more pages than the limit
    (counted without extracting any text)."""
    total = pdf_inflated_size(data, limits.max_uncompressed_bytes)
    if total > limits.max_uncompressed_bytes:
        raise PayloadTooLarge(
            f"The document expands to more than {limits.max_uncompressed_bytes:,} bytes; at most "
            f"{limits.max_uncompressed_bytes:,} are accepted.",
            code="document_too_large",
        )
    if total > 1024 * 1024 and total > limits.max_compression_ratio * len(data):
        raise PayloadTooLarge(
            f"The document is compressed {total // len(data):,} to 1; at most "
            f"{limits.max_compression_ratio} to 1 is accepted (a decompression bomb?).",
            code="document_too_compressed",
        )
    from pypdf import PdfReader  # imported only for a PDF that passed the checks above
    from pypdf.errors import PdfReadError

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise InvalidInput("The PDF is damaged and could not be read.") from error
    if pages > limits.max_pdf_pages:
        raise PayloadTooLarge(
            f"The PDF has {pages:,} pages; at most {limits.max_pdf_pages:,} are accepted.", code="document_too_large"
        )


def _virtual_size() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _child(connection: Any, function: Callable[..., Any], args: tuple[Any, ...], seconds: int, memory: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (_virtual_size() + memory, resource.RLIM_INFINITY))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        connection.send(("ok", function(*args)))
    except DomainError as error:
        connection.send(("error", error))
    except MemoryError:
        connection.send(("memory", None))
    except Exception as error:  # noqa: BLE001 - any parser failure is a damaged document
        connection.send(("failed", repr(error)[:200]))
    finally:
        connection.close()
        os._exit(0)


def run_with_budget(function: Callable[..., T], *args: Any, limits: DocumentLimits) -> T:
    """function(*args) in a forked child limited to limits.parse_seconds (CPU and wall clock) and
    limits.parse_memory_bytes more address space; refusals are PayloadTooLarge / InvalidInput."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, function, args, limits.parse_seconds, limits.parse_memory_bytes), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.parse_seconds + 1):
            raise PayloadTooLarge(
                f"The document took longer than {limits.parse_seconds} s to read; split it or paste its text.",
                code="document_too_slow",
            )
        try:
            kind, value = receiver.recv()
        except EOFError:
            # Killed by its limits before it could answer: the CPU limit sends SIGXCPU (then SIGKILL);
            # anything else is taken as running out of memory.
            process.join(5)
            cpu_signals = (-signal.SIGXCPU, -signal.SIGKILL)
            kind, value = ("slow" if process.exitcode in cpu_signals else "memory"), None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    if kind == "slow":
        raise PayloadTooLarge(
            f"The document took longer than {limits.parse_seconds} s to read; split it or paste its text.",
            code="document_too_slow",
        )
    if kind == "memory":
        raise PayloadTooLarge(
            "The document needs more memory to read than this server allows; split it or paste its text.",
            code="document_too_large",
        )
    raise InvalidInput("The document is damaged and could not be read.")
