"""Ids beyond what the database stores are 'not found', on every route that takes one."""

import pytest

HUGE = "99999999999999999999"


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and "GET" in rule.methods and rule.arguments:
            yield rule


def test_every_get_route_with_an_id_answers_404_for_a_huge_id(app, client, login_as):
    login_as("admin")
    checked = 0
    for rule in _int_rules(app):
        if any(type(rule._converters[a]).__name__ != "DatabaseIdConverter" for a in rule.arguments):
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<int:{argument}>", HUGE).replace(
                f"<int(max={2**31 - 1}):{argument}>", HUGE
            )
        assert "<" not in path, f"could not fill {rule.rule}"
        response = client.get(path)
        assert response.status_code == 404, f"{path} answered {response.status_code}"
        checked += 1
    assert checked >= 5, "expected several routes with ids"


@pytest.mark.parametrize("value", ["1", "2147483647"])
def test_ids_within_range_still_route(app, value):
    endpoint, args = app.url_map.bind("localhost").match(f"/attempts/{value}/review")
    assert endpoint == "quiz.review" and args == {"attempt_id": int(value)}


@pytest.mark.parametrize("query", ["page=" + HUGE, "page=-3", "page=abc", "page=²"])
@pytest.mark.parametrize("path", ["/banks/", "/results/", "/admin/users"])
def test_page_numbers_out_of_range_show_the_first_page(client, login_as, path, query):
    login_as("admin")
    assert client.get(f"{path}?{query}").status_code == 200


def test_huge_bank_and_version_arguments_are_harmless(client, login_as, make_bank):
    admin = login_as("admin")
    bank = make_bank(owner=admin)
    assert client.get(f"/banks/upload?bank={HUGE}").status_code in (200, 404)
    assert client.get(f"/banks/{bank.id}/preview?version={HUGE}").status_code in (200, 404)
