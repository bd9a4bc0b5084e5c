"""Property-based fuzzing of the REST API from its own OpenAPI spec: no request may cause a 500."""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the [test] extra")

from hypothesis import HealthCheck, settings  # noqa: E402

from dyad.serve.app import create_app  # noqa: E402
from dyad.store import EventStore  # noqa: E402
from tests.test_store_duckdb import make_document  # noqa: E402

_DB = Path(__file__).parent / ".fuzz.duckdb"


def _app():  # type: ignore[no-untyped-def]
    for suffix in ("", ".wal"):
        Path(str(_DB) + suffix).unlink(missing_ok=True)
    with EventStore(_DB) as store:
        store.write([make_document("Trump met Kim in Singapore.", "CONSULT", published="2018-06-12"),
                     make_document("Trump hit Kim with sanctions.", "SANCTION", published="2018-09-10")])
    # read-only server: write endpoints are fuzzed for their auth and validation paths
    return create_app(str(_DB), token=None)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_serve_fuzz_no_server_errors(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path} -> {response.status_code}: {response.text[:300]}"
