"""An address ending in "/" is redirected to the same without it: the pages of a name in
the path (/locations/NAME, /companies/NAME) had read the slash as part of the name."""

from __future__ import annotations

import http.client

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Server


@pytest.mark.parametrize(
    ("asked", "meant"),
    [
        ("/locations/", "/locations"),
        ("/locations/?q=seattle", "/locations?q=seattle"),
        (
            "/locations/Seattle-Tacoma-Bellevue,%20WA/?role=ml_engineer",
            "/locations/Seattle-Tacoma-Bellevue,%20WA?role=ml_engineer",
        ),
        ("/companies/", "/companies"),
        ("/companies/Google/", "/companies/Google"),
        ("/companies/Google//", "/companies/Google"),
    ],
)
def test_a_trailing_slash_redirects_to_the_address_without_it(
    client: TestClient, asked: str, meant: str
) -> None:
    # "/locations/" was 404 "no metro area is called ''", and a metro's address with a
    # slash 404 with a suggestion.
    got = client.get(asked, follow_redirects=False)
    assert got.status_code == 307, got.text
    assert got.headers["location"] == meant
    assert got.headers["x-content-type-options"] == "nosniff"  # inside the security headers
    assert client.get(asked).status_code == 200


def test_a_name_ending_in_a_slash_sent_encoded_is_not_redirected(client: TestClient) -> None:
    # links.company_url sends a "/" in a name as %2F: that is the name, not a trailing slash
    # (a name the data holds is redirected to its own spelling by the company page itself).
    got = client.get("/companies/Zzqxw%2F", follow_redirects=False)
    assert got.status_code == 404
    assert "Zzqxw/" in got.text


def test_the_redirect_stays_on_this_server(server: Server) -> None:
    # "//elsewhere.example/" without its slash would be "//elsewhere.example", another host.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "//elsewhere.example/")
    answer = connection.getresponse()
    assert answer.status == 307
    assert answer.getheader("location") == "/elsewhere.example"
    connection.close()
