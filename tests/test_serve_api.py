"""REST API: filters, pagination, time series, errors, auth, limits, safe UI."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dyad.serve.app import create_app
from dyad.store import EventStore
from tests.test_store_duckdb import make_document


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "serve.duckdb"
    with EventStore(path) as store:
        store.write([
            make_document("Trump met Kim in Singapore.", "CONSULT", published="2018-06-12"),
            make_document("Trump hit Kim with sanctions.", "SANCTION", published="2018-09-10"),
            make_document("Biden met Xi in Bali.", "CONSULT", recipient="CHN", published="2022-11-14"),
        ])
    return path


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db), token="s3cret"))


def test_serve_events_filters_and_pagination(client: TestClient) -> None:
    body = client.get("/api/events", params={"actor": "USA", "recipient": "PRK", "view": "mentions"}).json()
    assert body["total"] == 2 and {e["event_type"] for e in body["items"]} == {"CONSULT", "SANCTION"}
    page = client.get("/api/events", params={"limit": 1, "offset": 1, "view": "mentions"}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert client.get("/api/events", params={"type": "SANCTION", "view": "mentions"}).json()["total"] == 1
    assert client.get("/api/events", params={"since": "2022-01-01", "view": "mentions"}).json()["total"] == 1
    assert client.get("/api/events", params={"q": "Bali", "view": "mentions"}).json()["total"] == 1


def test_serve_merged_view_is_default(db: Path) -> None:
    from dyad.store.clusters import merge_store

    with EventStore(db) as store:
        merge_store(store)
    client = TestClient(create_app(str(db)))
    merged = client.get("/api/events").json()
    assert merged["view"] == "merged" and merged["total"] == 3
    assert all("corroboration" in item for item in merged["items"])
    first = client.get("/api/events", params={"view": "mentions", "q": "Bali"}).json()["items"][0]
    assert client.get(f"/api/events/{first['id']}").json()["merged"]["corroboration"]["n_articles"] == 1


def test_serve_event_detail_has_article_text(client: TestClient) -> None:
    first = client.get("/api/events", params={"q": "Bali", "view": "mentions"}).json()["items"][0]
    detail = client.get(f"/api/events/{first['id']}").json()
    assert detail["article"]["text"] == "Biden met Xi in Bali."
    assert client.get("/api/events/nope").status_code == 404


def test_serve_series_counts_and_intensity(client: TestClient) -> None:
    items = client.get("/api/series", params={"actor": "USA", "recipient": "PRK", "period": "month"}).json()["items"]
    assert [(i["period"], i["count"], i["cooperation"], i["conflict"]) for i in items] == [
        ("2018-06-01", 1, 1, 0), ("2018-09-01", 1, 0, 1)]
    assert items[0]["mean_intensity"] > 0 > items[1]["mean_intensity"]


def test_serve_one_error_shape(client: TestClient) -> None:
    for response in (client.get("/api/events", params={"limit": 0}),
                     client.get("/api/events", params={"type": "NOPE"}),
                     client.get("/api/articles/missing"),
                     client.get("/api/series", params={"period": "decade"})):
        assert response.status_code in (404, 422)
        error = response.json()["error"]
        assert set(error) == {"code", "message", "status"} and error["status"] == response.status_code


def test_serve_writes_need_token(db: Path) -> None:
    read_only = TestClient(create_app(str(db), token=None))
    r = read_only.post("/api/articles", json={"text": "Iran and France held talks in Paris on Monday."})
    assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]
    read_only.app.state.store.close()
    writable = TestClient(create_app(str(db), token="s3cret"))
    assert writable.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_serve_request_size_limit(db: Path) -> None:
    small = TestClient(create_app(str(db), token="s3cret", max_body=1000))
    r = small.post("/api/articles", json={"text": "a" * 5000}, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 413 and r.json()["error"]["status"] == 413


def test_serve_post_article_codes_and_stores(client: TestClient) -> None:
    payload = {"text": "Iran and France held talks in Paris on Monday, officials said.", "published": "2021-03-02"}
    r = client.post("/api/articles", json=payload, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 201 and r.json()["stored"] is True
    again = client.post("/api/articles", json=payload, headers={"X-API-Token": "s3cret"}).json()
    assert again["already_stored"] is True and again["stored"] is False
    assert client.get("/api/articles").json()["total"] == 4


def test_serve_ui_and_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    js = client.get("/ui/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js
    assert client.get("/ui/../../etc/passwd").status_code == 404


def test_serve_openapi_lists_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/series", "/api/dyads",
                 "/api/export", "/api/articles/batch"):
        assert path in paths
