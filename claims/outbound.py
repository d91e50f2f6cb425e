"""The one outbound HTTP client: every lookup, archive, link check and import by URL goes through `fetch`.

What it guarantees, whoever calls it:
- `FACTCHECK_OFFLINE=1` means no outbound request at all (OutboundDisabled, before any DNS lookup);
- only http and https URLs; the host is resolved once and every address is checked: private,
  loopback, link-local, reserved, multicast, shared and unspecified addresses are refused
  (OutboundRefused) unless `FACTCHECK_OUTBOUND_ALLOW_PRIVATE=1` (tests only). The connection
  is then made to the checked address itself (the Host header and TLS server name keep the
  name), so a second DNS answer cannot swap in an internal address (DNS rebinding);
- redirects are followed by hand, at most `FACTCHECK_OUTBOUND_MAX_REDIRECTS`, each hop checked
  the same way;
- a connect/read timeout and an overall deadline; the body is read in chunks and abandoned past
  the size limit (OutboundTooLarge, 413), after decompression, so a small gzip bomb cannot fill
  memory;
- idempotent requests are retried on connection errors, timeouts, 429 and 502/503/504 with
  exponential back-off (Retry-After honoured up to a cap);
- a user agent naming the tool, its public URL and the contact e-mail (`FACTCHECK_CONTACT_EMAIL`),
  which Crossref and NCBI ask of polite clients.

Built on urllib3 (already installed as a dependency of trafilatura), so no second HTTP stack.
Errors are domain errors (claims.errors) with their HTTP status, so surfaces report them as they
report any other refusal; the message says what to do (enter the source by hand, try later).
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import urllib3
from django.conf import settings

from claims.errors import DomainError, PayloadTooLarge

TOOL_NAME = "factcheck"
TOOL_VERSION = "1.0"
CHUNK_BYTES = 64 * 1024
RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_AFTER_CAP_SECONDS = 30.0
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})

# The external services of docs/PRODUCT.md: the setting that holds each one's base URL.
SERVICES = {
    "crossref": "CROSSREF_API_URL",
    "doi": "DOI_RESOLVER_URL",
    "openlibrary": "OPENLIBRARY_URL",
    "eutils": "EUTILS_URL",
    "arxiv": "ARXIV_API_URL",
    "save_page_now": "SAVE_PAGE_NOW_URL",
}


class OutboundError(DomainError):
    """The remote side failed (unreachable, timed out, answered with an error)."""

    status_code = 502
    code = "outbound_failed"

    def __init__(self, message: str, *, http_status: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.http_status = http_status


class OutboundDisabled(OutboundError):
    """Offline mode, or the service's setting is empty."""

    status_code = 503
    code = "outbound_disabled"


class OutboundRefused(OutboundError):
    """The URL itself is not allowed (scheme, private address)."""

    status_code = 400
    code = "outbound_refused"


class OutboundTooLarge(PayloadTooLarge):
    code = "outbound_too_large"


@dataclass
class OutboundResponse:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-cased names
    content: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return "utf-8"

    def text(self) -> str:
        try:
            return self.content.decode(self.charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError as error:
            raise OutboundError(f"{self.final_url} did not answer with valid JSON.", code="bad_answer") from error


def is_offline() -> bool:
    return bool(getattr(settings, "FACTCHECK_OFFLINE", False))


def user_agent() -> str:
    contact = getattr(settings, "FACTCHECK_CONTACT_EMAIL", "")
    site = getattr(settings, "FACTCHECK_PUBLIC_BASE_URL", "")
    details = "; ".join(part for part in (f"+{site}" if site else "", f"mailto:{contact}" if contact else "") if part)
    return f"{TOOL_NAME}/{TOOL_VERSION} ({details})" if details else f"{TOOL_NAME}/{TOOL_VERSION}"


def service_url(name: str) -> str:
    """The base URL of an external service; OutboundDisabled when offline or its setting is empty."""
    setting = SERVICES[name]
    if is_offline():
        raise OutboundDisabled(
            "The tool is in offline mode (FACTCHECK_OFFLINE=1): nothing is fetched. Enter the details by hand."
        )
    base = (getattr(settings, setting, "") or "").rstrip("/")
    if not base:
        raise OutboundDisabled(f"This lookup is switched off ({setting} is empty). Enter the details by hand.")
    return base


def service_enabled(name: str) -> bool:
    try:
        service_url(name)
    except OutboundDisabled:
        return False
    return True


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified
    )


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query
    addresses: tuple[str, ...]  # the checked IPs to connect to, in the resolver's order (IPv4 first)


def _check_url(url: str) -> _Target:
    """Parse, resolve and vet one URL; the address returned is the one to connect to."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise OutboundRefused(f"Only http and https addresses can be fetched, not {url[:200]!r}.")
    host = parts.hostname
    if not host:
        raise OutboundRefused(f"{url[:200]!r} has no host name.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as error:
        raise OutboundRefused(f"{url[:200]!r} has an invalid port.") from error
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundError(f"The host {host!r} could not be found.") from error
    addresses = sorted(dict.fromkeys(str(info[4][0]) for info in infos), key=lambda address: ":" in address)
    if not addresses:
        raise OutboundError(f"The host {host!r} could not be found.")
    if not getattr(settings, "FACTCHECK_OUTBOUND_ALLOW_PRIVATE", False):
        refused = [address for address in addresses if not address_is_public(address)]
        if refused:
            raise OutboundRefused(
                f"{host} resolves to a private, loopback or otherwise internal address ({refused[0]}); "
                "the tool only fetches public addresses.",
                code="private_address",
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme=scheme, host=host, port=port, path=path, addresses=tuple(addresses))


def _pool(target: _Target, address: str, timeout: float) -> urllib3.HTTPConnectionPool:
    options: dict[str, Any] = {
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
    }
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address, target.port, server_hostname=target.host, assert_hostname=target.host, **options
        )
    return urllib3.HTTPConnectionPool(address, target.port, **options)


def _host_header(target: _Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    parsed = email.utils.parsedate_to_datetime(value) if value else None
    return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _read_body(response: urllib3.BaseHTTPResponse, *, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise OutboundTooLarge(f"{url} is {int(declared):,} bytes, more than the limit of {max_bytes:,} bytes.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.stream(CHUNK_BYTES, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise OutboundTooLarge(f"{url} is larger than the limit of {max_bytes:,} bytes.")
        if time.monotonic() > deadline:
            raise OutboundError(f"{url} took too long to answer; try again later.")
        chunks.append(chunk)
    return b"".join(chunks)


def _once(
    *, method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: float, max_bytes: int
) -> tuple[int, dict[str, str], bytes]:
    target = _check_url(url)
    deadline = time.monotonic() + timeout * 3
    for position, address in enumerate(target.addresses):
        pool = _pool(target, address, timeout)
        try:
            response = pool.urlopen(
                method,
                target.path,
                body=body,
                headers={**headers, "Host": _host_header(target)},
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                release_conn=False,
            )
            try:
                status = response.status
                response_headers = {name.lower(): value for name, value in response.headers.items()}
                content = (
                    b""
                    if status in REDIRECT_STATUSES
                    else _read_body(response, url=url, max_bytes=max_bytes, deadline=deadline)
                )
            finally:
                response.release_conn()
                response.close()
        except urllib3.exceptions.NewConnectionError as error:
            if position + 1 < len(target.addresses):
                continue  # the host's next (checked) address
            raise OutboundError(f"{target.host} could not be reached; try again later.") from error
        except urllib3.exceptions.TimeoutError as error:
            raise OutboundError(f"{target.host} did not answer within {timeout:g} seconds; try again later.") from error
        except urllib3.exceptions.HTTPError as error:
            raise OutboundError(
                f"{target.host} could not be reached ({type(error).__name__}); try again later."
            ) from error
        finally:
            pool.close()
        return status, response_headers, content
    raise OutboundError(f"The host {target.host!r} could not be found.")


def fetch(
    url: str,
    *,
    method: str = "GET",
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    accept: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    retries: int | None = None,
    raise_for_status: bool = True,
    follow_redirects: bool = True,
) -> OutboundResponse:
    """One request with the guarantees of the module docstring; raises an OutboundError subclass."""
    if is_offline():
        raise OutboundDisabled("The tool is in offline mode (FACTCHECK_OFFLINE=1): nothing is fetched.")
    method = method.upper()
    timeout = settings.FACTCHECK_OUTBOUND_TIMEOUT if timeout is None else timeout
    max_bytes = settings.FACTCHECK_OUTBOUND_MAX_BYTES if max_bytes is None else max_bytes
    max_redirects = settings.FACTCHECK_OUTBOUND_MAX_REDIRECTS if max_redirects is None else max_redirects
    retries = settings.FACTCHECK_OUTBOUND_RETRIES if retries is None else retries
    if method not in IDEMPOTENT_METHODS:
        retries = 0
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urlencode(params, doseq=True)}"
    request_headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate", **(headers or {})}
    if accept:
        request_headers["Accept"] = accept

    first_url, current = url, url
    redirects: list[str] = []
    attempt = 0
    while True:
        try:
            status, response_headers, content = _once(
                method=method, url=current, headers=request_headers, body=body, timeout=timeout, max_bytes=max_bytes
            )
        except (OutboundRefused, OutboundTooLarge, OutboundDisabled):
            raise
        except OutboundError:
            if attempt >= retries:
                raise
            _sleep(attempt, None)
            attempt += 1
            continue
        if follow_redirects and status in REDIRECT_STATUSES and response_headers.get("location"):
            if len(redirects) >= max_redirects:
                raise OutboundError(f"{first_url} redirected more than {max_redirects} times; giving up.")
            current = urljoin(current, response_headers["location"])
            redirects.append(current)
            if status == 303:
                method, body = "GET", None
            continue
        if status in RETRY_STATUSES and attempt < retries:
            _sleep(attempt, _retry_after(response_headers.get("retry-after")))
            attempt += 1
            continue
        break
    response = OutboundResponse(
        url=first_url, final_url=current, status=status, headers=response_headers, content=content, redirects=redirects
    )
    if raise_for_status and status >= 400:
        raise OutboundError(f"{current} answered HTTP {status}.", http_status=status)
    return response


def _sleep(attempt: int, retry_after: float | None) -> None:
    backoff = settings.FACTCHECK_OUTBOUND_BACKOFF * (2**attempt)
    delay = min(RETRY_AFTER_CAP_SECONDS, retry_after) if retry_after is not None else backoff
    if delay > 0:
        time.sleep(delay)
