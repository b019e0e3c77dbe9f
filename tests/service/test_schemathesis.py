"""The API against its own OpenAPI spec: generated requests, authenticated, never a 500,
and every answer matching the spec (status, content type, headers, body schema)."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.conftest import MakeToken, bearer

#: Generated requests per operation; bounded for CI (two databases, every operation).
EXAMPLES = 30


def _fuzz(operation: Any, token: str) -> int:
    """Runs the generated cases of one operation; how many ran (raises on a failure)."""
    # A file's content is beyond what a schema can say: an empty or unknown file is
    # schema-valid yet rightly refused (415), so uploads skip "valid data is accepted";
    # so does a record, whose field names and values only the catalogue knows (422).
    uploads = any("multipart" in body.media_type for body in operation.body)
    record = operation.path == "/api/v1/check"
    excluded = [positive_data_acceptance] if uploads or record else []
    ran = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: Any) -> None:
        nonlocal ran
        ran += 1
        case.call_and_validate(headers=bearer(token), excluded_checks=excluded)

    run()
    return ran


def test_every_operation_answers_within_its_spec(services: Any, make_token: MakeToken) -> None:
    from service.api import create_app

    token, _ = make_token("admin")
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(services))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    failures: dict[str, str] = {}
    cases = 0
    for operation in operations:
        try:
            cases += _fuzz(operation, token)
        except (Exception, BaseExceptionGroup) as err:  # schemathesis groups its failures
            failures[operation.label] = str(err)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{why}" for label, why in failures.items())
    assert cases >= 10 * len(operations)
