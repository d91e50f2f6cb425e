"""Property-based tests against the OpenAPI schema, in-process: schemathesis reads /api/schema/
from the WSGI app and sends generated requests to every operation as an admin. No response may
be a server error, and every response must match the schema. Runs in CI; deselect locally with
`-m "not schemathesis"`."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from claims.services.articles import article_import
from tests.api.conftest import token_client
from tests.factories import SourceFactory

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

pytestmark = pytest.mark.schemathesis


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI handler must not close the connection holding the test transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(admin_user, editor, keep_test_connection) -> str:
    # A little data so that some generated ids (1, 2, ...) hit real rows.
    article = article_import(actor=editor, title="Camps", text="Corpses were burned in the mine furnace.").article
    SourceFactory()
    assert article.claims.exists()
    client = token_client(admin_user)
    return client._credentials["HTTP_AUTHORIZATION"]


@schemathesis.check
def not_a_server_error_unless_offline(ctx, response, case):
    """5xx is a bug, except 503 "outbound_disabled": the suite runs offline (FACTCHECK_OFFLINE), and a lookup
    or archive request then says so with 503, as documented."""
    if response.status_code == 503 and response.json().get("code") == "outbound_disabled":
        return None
    return not_a_server_error(ctx, response, case)


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_errors_and_matches_its_schema(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": admin_token},
        checks=[not_a_server_error_unless_offline, response_schema_conformance],
    )
