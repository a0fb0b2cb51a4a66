"""Property-based tests of the HTTP API from its own OpenAPI document (schemathesis): every
operation, with valid and invalid parameters, on the sample store (SQLite, and PostgreSQL when
``MARSAD_TEST_PG_URL`` is set), answers without a server error and as its schema says.

The operations are walked by hand rather than with ``@schema.parametrize()``: the lazy
(fixture-based) loader that a store built per test module needs reads ``node._nodeid``,
which pytest 9 no longer has.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from conftest import PG_ENV, _pg_schema
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection
from web_sample import build

from marsad.web import create_app

# FastAPI parses query parameters leniently, as most HTTP APIs do: `offset=+0.0` is read as 0
# and a scalar parameter given twice takes its last value. The OpenAPI document cannot say so,
# and schemathesis's negative_data_rejection check then reports such requests as "accepted";
# they are answered correctly, so that one check is left out (every other default check, the
# 5xx one first, stays).
LAX = [negative_data_rejection]
EXAMPLES = 10  # per operation and generation mode: the whole file stays well under a minute


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def api_schema(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[schemathesis.BaseSchema]:
    if request.param == "sqlite":
        yield from _schema(build(tmp_path_factory.mktemp("schemathesis") / "m.db"))
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    for url in _pg_schema(os.environ[PG_ENV]):
        yield from _schema(build(url))


def _schema(db: str) -> Iterator[schemathesis.BaseSchema]:
    app = create_app(db, token="s3cret")
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.store.close()


def operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_lists_every_operation(api_schema):
    names = {op.label for op in operations(api_schema)}
    assert {"GET /api/articles", "GET /api/actors", "POST /api/articles"} <= names
    assert len(names) >= 18


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_answers_as_documented(api_schema, mode):
    failed: dict[str, str] = {}
    for op in operations(api_schema):

        @given(case=op.as_strategy(generation_mode=mode))
        # derandomize: the same examples on every run, so CI is repeatable (explore more with
        # a higher EXAMPLES and derandomize off)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(excluded_checks=LAX)

        try:
            check()
        except Unsatisfiable:
            # no invalid request exists (no parameters, or only free text such as an actor
            # id); only the negative mode can meet this, the positive one always has a case
            assert mode is GenerationMode.NEGATIVE, op.label
        # a failed check (FailureGroup), or an exception the app raised (the ASGI transport
        # passes it on): the message says which request did it
        except (Exception, BaseExceptionGroup) as exc:
            failed[op.label] = f"{type(exc).__name__}: {str(exc)[:2000]}"
    assert not failed, "\n\n".join(f"{k}:\n{v}" for k, v in failed.items())
