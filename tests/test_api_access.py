"""Every API URL of the access matrix, asked with a personal token of each role instead of a session: the token
gets exactly the status the session gets (tests/test_access_matrix.py), and a request without either gets 401."""

import pytest
from django.urls import reverse

from api.tokens import token_create
from tests.test_access_matrix import MATRIX, ROLES

CASES = [
    pytest.param(name, kwargs, method, data, role, status, id=f"{name}-{method}-{role}")
    for name, kwargs, method, data, statuses in MATRIX
    if name.startswith("api:")
    for role, status in zip(ROLES, statuses, strict=True)
    if role != "anonymous"
]


@pytest.mark.parametrize("name, kwargs, method, data, role, expected", CASES)
def test_a_token_gets_what_the_session_gets(client, roles, name, kwargs, method, data, role, expected):
    key = token_create(user=getattr(roles, role), name="matrix", days=7)[1]
    url = reverse(name, kwargs=kwargs(roles) if callable(kwargs) else kwargs)
    response = getattr(client, method)(url, data, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == expected
    if expected == 200:
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_every_data_url_wants_a_token_or_a_session(client, db):
    for name, kwargs, method, _data, statuses in MATRIX:
        if name.startswith("api:") and method == "get" and name not in ("api:schema", "api:docs"):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            assert response.status_code == 401 == statuses[0], name
            assert response["WWW-Authenticate"] == "Token"
