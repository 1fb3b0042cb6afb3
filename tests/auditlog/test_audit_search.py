import csv
import html
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from duty.audit import AuditEvent
from duty.auditlog import search
from duty.auth.models import Role
from duty.calls.models import Call
from duty.extensions import db
from tests.conftest import page, text_of

MARCH = datetime(2026, 3, 10, 12, 0)
IN_MARCH = {
    "from-day": "10",
    "from-month": "3",
    "from-year": "2026",
    "to-day": "10",
    "to-month": "3",
    "to-year": "2026",
}


def _event(action, user=None, at=MARCH, **fields) -> AuditEvent:
    """Store an audit event as duty.audit.record() would, at a fixed time."""
    event = AuditEvent(
        action=action,
        user_id=user.id if user else None,
        role=user.role if user else None,
        team_id=user.team_id if user else None,
        at=at,
        remote_addr=fields.pop("remote_addr", "10.1.2.3"),
        **fields,
    )
    db.session.add(event)
    db.session.commit()
    return event


def _call(team, user, case=None) -> Call:
    call = Call(
        team_id=team.id,
        answered_by_id=user.id,
        handler_id=user.id,
        case_id=case.id if case else None,
    )
    db.session.add(call)
    db.session.commit()
    return call


def _rows(response) -> list[str]:
    """Return the text of each row of the results table, top to bottom."""
    body = response.get_data(as_text=True)
    table = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', body, re.S)
    if table is None:
        return []
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table.group(1), re.S)
    texts = [re.sub(r"<[^>]+>", " ", row) for row in rows]
    return [html.unescape(re.sub(r"\s+", " ", text)).strip() for text in texts]


def _searches(manager) -> list[AuditEvent]:
    return db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.action.in_(["audit.search", "audit.export"]),
            AuditEvent.user_id == manager.id,
        )
        .order_by(AuditEvent.id)
    ).all()


def _typed(body: str, name: str) -> str:
    """Return the value the form shows in the named text input."""
    found = re.search(rf'<input[^>]* name="{name}"[^>]* value="([^"]*)"', body)
    assert found, f"no text input named {name}"
    return html.unescape(found.group(1))


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


# The page and its columns


def test_page_lists_newest_first(world, login_as):
    call = _call(world.team, world.admin, world.case)
    _event("case.view", world.owner, object_type="case", object_id="B1234567")
    _event(
        "call.start",
        world.admin,
        at=MARCH + timedelta(minutes=5),
        object_type="call",
        object_id=call.public_id,
        call_id=call.id,
        remote_addr="10.9.8.7",
    )
    client = login_as(world.manager)

    response = client.get("/audit", query_string=IN_MARCH)

    rows = _rows(response)
    assert response.status_code == 200
    assert page(response).title.startswith("Audit record")
    assert len(rows) == 2
    assert rows[0] == (
        f"10 March 2026 at 12:05 Priya Shah Administrative officer Call started "
        f"Call {call.public_id} {call.public_id} 10.9.8.7"
    )
    assert rows[1] == (
        "10 March 2026 at 12:00 Tom O'Connor Case owner Case viewed "
        "Case B1234567 10.1.2.3"
    )


def test_records_link_to_their_pages(world, login_as):
    call = _call(world.team, world.admin, world.case)
    _event("case.view", world.owner, object_type="case", object_id="B1234567")
    _event(
        "call.start",
        world.admin,
        object_type="call",
        object_id=call.public_id,
        call_id=call.id,
    )
    client = login_as(world.manager)

    body = client.get("/audit", query_string=IN_MARCH).get_data(as_text=True)

    assert 'href="/cases/B1234567"' in body
    assert body.count(f'href="/calls/{call.public_id}"') == 2


def test_other_teams_records_not_linked(world, build, login_as):
    other_call = _call(world.other, world.owner)
    _event("refused", world.owner, object_type="case", object_id="C7654321")
    _event("call.start", world.owner, call_id=other_call.id)
    client = login_as(world.manager)

    response = client.get("/audit", query_string=IN_MARCH)

    body = response.get_data(as_text=True)
    assert len(_rows(response)) == 2
    assert "Case C7654321" in text_of(response)
    assert 'href="/cases/C7654321"' not in body
    assert other_call.public_id in text_of(response)
    assert f'href="/calls/{other_call.public_id}"' not in body


def test_times_shown_in_uk_time(world, login_as):
    _event("case.view", world.owner, at=datetime(2026, 6, 1, 11, 30))
    client = login_as(world.manager)

    response = client.get("/audit", query_string={"action": "case.view"})

    assert _rows(response)[0].startswith("1 June 2026 at 12:30 Tom O'Connor")


def test_team_and_staff_records_named(world, login_as):
    _event("line.settings", world.manager, object_type="team", object_id=world.team.id)
    _event(
        "staff.direct_line", world.manager, object_type="user", object_id=world.owner.id
    )
    client = login_as(world.manager)

    response = client.get("/audit", query_string=IN_MARCH)

    text = text_of(response)
    assert "Line settings changed Team: Criminal casework North West" in text
    assert "Direct line changed Staff member: Tom O'Connor" in text


def test_detail_never_shown(world, login_as):
    _event("call.verify", world.admin, detail="offender: verified; secret-detail")
    client = login_as(world.manager)

    response = client.get("/audit", query_string=IN_MARCH)

    assert len(_rows(response)) == 1
    assert "secret-detail" not in response.get_data(as_text=True)


def test_page_explains_record_and_scope(world, login_as):
    client = login_as(world.manager)

    text = text_of(client.get("/audit"))

    assert "It holds no values from cases or calls" in text
    assert "failed sign-ins to your team's accounts" in text
    assert "username that does not exist is not listed" in text


# Filters


@pytest.mark.parametrize("typed", ["tom o'connor", "TOM O’CONNOR", "oconnor", "owner"])
def test_person_filter_folds_name_and_username(world, login_as, typed):
    _event("case.view", world.owner)
    _event("case.view", world.admin)
    client = login_as(world.manager)

    response = client.get("/audit", query_string={**IN_MARCH, "person": typed})

    rows = _rows(response)
    assert len(rows) == 1
    assert "Tom O'Connor" in rows[0]


def test_person_filter_lists_failed_sign_ins(world, login_as):
    _event("login.failure", object_type="user", object_id=str(world.owner.id))
    _event("login.failure", object_type="user", object_id=str(world.admin.id))
    client = login_as(world.manager)

    response = client.get("/audit", query_string={**IN_MARCH, "person": "Tom"})

    assert _rows(response) == [
        "10 March 2026 at 12:00 Not signed in Failed sign-in "
        "Staff member: Tom O'Connor 10.1.2.3"
    ]


def test_person_filter_matching_nobody(world, login_as):
    _event("case.view", world.owner)
    client = login_as(world.manager)

    response = client.get("/audit", query_string={**IN_MARCH, "person": "Zebedee"})

    assert response.status_code == 200
    assert _rows(response) == []
    assert "No events match these filters." in text_of(response)


def test_action_filter(world, login_as):
    _event("case.view", world.owner)
    _event("case.search", world.owner)
    client = login_as(world.manager)

    response = client.get("/audit", query_string={**IN_MARCH, "action": "case.search"})

    rows = _rows(response)
    assert len(rows) == 1
    assert "Cases searched" in rows[0]
    assert '<option value="case.search" selected>' in response.get_data(as_text=True)


def test_action_select_lists_labels(world, login_as):
    client = login_as(world.manager)

    body = client.get("/audit").get_data(as_text=True)

    assert '<option value="login.failure">Failed sign-in</option>' in body
    assert '<option value="disclosure">Case details shown on a call</option>' in body
    assert '<option value="">Any action</option>' in body


def test_record_filter_matches_case_and_its_calls(world, login_as):
    on_case = _call(world.team, world.admin, world.case)
    other = _call(world.team, world.admin)
    _event("case.view", world.owner, object_type="case", object_id="B1234567")
    _event(
        "disclosure",
        world.admin,
        object_type="call",
        object_id=on_case.public_id,
        call_id=on_case.id,
    )
    _event(
        "disclosure",
        world.admin,
        object_type="call",
        object_id=other.public_id,
        call_id=other.id,
    )
    _event("case.view", world.owner, object_type="case", object_id="B7777777")
    client = login_as(world.manager)

    response = client.get("/audit", query_string={**IN_MARCH, "record": " b1234567 "})

    rows = _rows(response)
    assert len(rows) == 2
    assert any("Case B1234567" in row for row in rows)
    assert any(on_case.public_id in row for row in rows)
    assert not any(other.public_id in row for row in rows)


def test_record_filter_matches_other_ids(world, login_as):
    _event("follow_up.done", world.owner, object_type="follow_up", object_id="42")
    _event("follow_up.done", world.owner, object_type="follow_up", object_id="43")
    client = login_as(world.manager)

    response = client.get("/audit", query_string={**IN_MARCH, "record": "42"})

    assert [row.split(" Case owner ")[1] for row in _rows(response)] == [
        "Follow-up done Follow-up 42 10.1.2.3"
    ]


def test_call_filter(world, login_as):
    searched = _call(world.team, world.admin)
    other = _call(world.team, world.admin)
    _event("call.start", world.admin, call_id=searched.id)
    _event("call.pass", world.admin, call_id=searched.id)
    _event("call.start", world.admin, call_id=other.id)
    client = login_as(world.manager)

    response = client.get("/audit", query_string={"call": searched.public_id})

    rows = _rows(response)
    assert len(rows) == 2
    assert all(searched.public_id in row for row in rows)


def test_unknown_call_id_matches_nothing(world, login_as):
    _event("call.start", world.admin, call_id=_call(world.team, world.admin).id)
    client = login_as(world.manager)

    response = client.get("/audit", query_string={"call": "no-such-call"})

    assert response.status_code == 200
    assert _rows(response) == []


def test_date_range_uses_uk_days(world, login_as):
    # 1 June 2026 is British Summer Time: the UK day starts at 23:00 UTC.
    _event("case.view", world.owner, at=datetime(2026, 5, 31, 22, 59), detail="before")
    first = _event("case.view", world.owner, at=datetime(2026, 5, 31, 23, 0))
    last = _event("case.view", world.owner, at=datetime(2026, 6, 1, 22, 59))
    _event("case.view", world.owner, at=datetime(2026, 6, 1, 23, 0))
    client = login_as(world.manager)

    june_first = {"day": "1", "month": "6", "year": "2026"}
    query = {
        f"{name}-{part}": value
        for name in ("from", "to")
        for part, value in june_first.items()
    }
    response = client.get("/audit", query_string=query)

    rows = _rows(response)
    assert len(rows) == 2
    assert rows[0].startswith("1 June 2026 at 23:59")
    assert rows[1].startswith("1 June 2026 at 00:00")
    assert first.id < last.id


def test_open_ended_date_range(world, login_as):
    _event("case.view", world.owner, at=datetime(2026, 3, 9, 12, 0))
    _event("case.view", world.owner, at=datetime(2026, 3, 11, 12, 0))
    client = login_as(world.manager)

    response = client.get(
        "/audit",
        query_string={
            "action": "case.view",
            "from-day": "10",
            "from-month": "3",
            "from-year": "2026",
        },
    )

    rows = _rows(response)
    assert len(rows) == 1
    assert rows[0].startswith("11 March 2026")


def test_filters_kept_in_form(world, login_as):
    client = login_as(world.manager)

    response = client.get(
        "/audit",
        query_string={**IN_MARCH, "person": "Tom", "record": "B1", "call": "abc"},
    )

    body = response.get_data(as_text=True)
    assert _typed(body, "person") == "Tom"
    assert _typed(body, "record") == "B1"
    assert _typed(body, "call") == "abc"
    assert _typed(body, "from-month") == "3"


# Scope


def test_other_teams_events_not_shown(world, build, login_as):
    other_manager = build.user("manager.mid", Role.MANAGER, world.other)
    _event("case.view", world.other_owner, object_type="case", object_id="C7654321")
    _event("line.settings", other_manager, object_type="team", object_id=world.other.id)
    _event("login.failure", object_type="user", object_id=str(world.other_owner.id))
    _event("login.failure", detail="unknown username")
    _event("login.throttled")
    _event("case.view", world.owner, object_type="case", object_id="B1234567")
    client = login_as(world.manager)

    response = client.get("/audit", query_string=IN_MARCH)

    rows = _rows(response)
    assert len(rows) == 1
    assert "Tom O'Connor" in rows[0]


def test_events_on_team_records_shown(world, build, login_as):
    other_manager = build.user("manager.mid", Role.MANAGER, world.other)
    call = _call(world.team, world.admin)
    _event("call.take", world.other_owner, call_id=call.id)
    _event("refused", other_manager, object_type="team", object_id=world.team.id)
    _event("login.failure", object_type="user", object_id=str(world.owner.id))
    client = login_as(world.manager)

    response = client.get("/audit", query_string=IN_MARCH)

    text = " | ".join(_rows(response))
    assert len(_rows(response)) == 3
    assert "Chloé Martin Case owner Passed call taken" in text
    assert "Manager Mid Manager Access refused" in text
    assert "Not signed in Failed sign-in Staff member: Tom O'Connor" in text


def test_other_manager_sees_own_team_only(world, build, login_as):
    other_manager = build.user("manager.mid", Role.MANAGER, world.other)
    _event("case.view", world.owner, object_type="case", object_id="B1234567")
    _event("case.view", world.other_owner, object_type="case", object_id="C7654321")
    client = login_as(other_manager)

    response = client.get("/audit", query_string=IN_MARCH)

    rows = _rows(response)
    assert len(rows) == 1
    assert "Chloé Martin" in rows[0]


def test_event_stays_with_team_after_move(world, build, login_as):
    other_manager = build.user("manager.mid", Role.MANAGER, world.other)
    _event("case.view", world.owner, object_type="case", object_id="B1234567")
    world.owner.team_id = world.other.id
    db.session.commit()
    _event("case.view", world.owner, object_type="case", object_id="C7654321")

    old_team = _rows(login_as(world.manager).get("/audit", query_string=IN_MARCH))
    new_team = _rows(login_as(other_manager).get("/audit", query_string=IN_MARCH))

    assert len(old_team) == 1
    assert "B1234567" in old_team[0]
    assert len(new_team) == 1
    assert "C7654321" in new_team[0]


def test_manager_without_team_sees_nothing(world, build, login_as):
    loner = build.user("manager.none", Role.MANAGER)
    _event("case.view", world.owner)
    _event("case.view", loner)
    client = login_as(loner)

    response = client.get("/audit")

    assert response.status_code == 200
    assert _rows(response) == []


# Pagination


def _many_views(world, count: int) -> None:
    for minute in range(count):
        db.session.add(
            AuditEvent(
                action="case.view",
                user_id=world.owner.id,
                role=world.owner.role,
                team_id=world.owner.team_id,
                at=MARCH + timedelta(minutes=minute),
                object_type="case",
                object_id=f"B{minute:07d}",
            )
        )
    db.session.commit()


def test_pagination_pages_of_fifty(world, login_as):
    _many_views(world, 120)
    client = login_as(world.manager)
    query = {"action": "case.view"}

    first = client.get("/audit", query_string=query)
    third = client.get("/audit", query_string={**query, "page": "3"})

    first_rows, third_rows = _rows(first), _rows(third)
    assert len(first_rows) == 50
    assert "Case B0000119" in first_rows[0]
    assert "Showing 1 to 50 of 120 events" in text_of(first)
    assert len(third_rows) == 20
    assert "Case B0000019" in third_rows[0]
    assert "Case B0000000" in third_rows[-1]
    assert "Showing 101 to 120 of 120 events" in text_of(third)


def test_pagination_links_keep_filters(world, login_as):
    _many_views(world, 120)
    client = login_as(world.manager)

    body = client.get(
        "/audit", query_string={"action": "case.view", "page": "2"}
    ).get_data(as_text=True)

    nav = re.search(r'<nav class="govuk-pagination".*?</nav>', body, re.S).group(0)
    assert 'href="/audit?action=case.view&amp;page=1"' in nav
    assert 'href="/audit?action=case.view&amp;page=3"' in nav
    assert 'aria-current="page"' in nav
    assert 'rel="prev"' in nav
    assert 'rel="next"' in nav


def test_no_pagination_on_one_page(world, login_as):
    _many_views(world, 3)
    client = login_as(world.manager)

    body = client.get("/audit", query_string={"action": "case.view"}).get_data(
        as_text=True
    )

    assert "govuk-pagination" not in body


@pytest.mark.parametrize("asked, shown", [("99", 3), ("0", 1), ("abc", 1), ("²", 1)])
def test_page_number_kept_in_range(world, login_as, asked, shown):
    _many_views(world, 120)
    client = login_as(world.manager)

    response = client.get("/audit", query_string={"action": "case.view", "page": asked})

    first_shown = (shown - 1) * 50 + 1
    assert response.status_code == 200
    assert f"Showing {first_shown} to" in text_of(response)


def test_count_stops_at_limit(world, login_as, monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNTED", 60)
    _many_views(world, 120)
    client = login_as(world.manager)

    first = client.get("/audit", query_string={"action": "case.view"})
    beyond = client.get("/audit", query_string={"action": "case.view", "page": "5"})

    assert "Showing 1 to 50 of more than 60 events" in text_of(first)
    assert "Narrow the dates to see older events" in text_of(first)
    assert "Showing 51 to 100 of more than 60 events" in text_of(beyond)


# Errors


def _error_summary(response) -> list[tuple[str, str]]:
    """Return (href, text) of each link in the error summary."""
    body = response.get_data(as_text=True)
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    assert summary, "no error summary on the page"
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary.group(0))
    return [(href, text.strip()) for href, text in links]


def test_impossible_date_rejected(world, login_as):
    client = login_as(world.manager)
    query = {"person": "Tom", "from-day": "31", "from-month": "2", "from-year": "2026"}

    response = client.get("/audit", query_string=query)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page(response).title.startswith("Error: Audit record")
    assert _error_summary(response) == [("#from-day", "Start date must be a real date")]
    assert _typed(body, "from-day") == "31"
    assert _typed(body, "from-month") == "2"
    assert _typed(body, "from-year") == "2026"
    assert _typed(body, "person") == "Tom"
    assert "govuk-input--error" in body
    assert "<table" not in body


def test_part_of_date_missing(world, login_as):
    client = login_as(world.manager)

    response = client.get("/audit", query_string={"to-day": "4"})

    assert response.status_code == 422
    assert _error_summary(response) == [
        ("#to-day", "End date must include a month and year")
    ]


def test_end_before_start_rejected(world, login_as):
    client = login_as(world.manager)
    query = {
        "record": "B1234567",
        "from-day": "10",
        "from-month": "3",
        "from-year": "2026",
        "to-day": "9",
        "to-month": "3",
        "to-year": "2026",
    }

    response = client.get("/audit", query_string=query)

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_summary(response) == [
        ("#to-day", "End date must be the same as or after the start date")
    ]
    assert _typed(body, "to-day") == "9"
    assert _typed(body, "record") == "B1234567"


def test_unknown_action_rejected(world, login_as):
    client = login_as(world.manager)

    response = client.get(
        "/audit", query_string={"action": "case.delete", "call": "abc", **IN_MARCH}
    )

    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_summary(response) == [("#action", "Select an action from the list")]
    assert _typed(body, "call") == "abc"
    assert _typed(body, "to-year") == "2026"


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("call", "x" * 33, "The call id must be 32 characters or fewer"),
        (
            "record",
            "x" * 61,
            "The case reference or record id must be 60 characters or fewer",
        ),
        ("person", "x" * 201, "The person must be 200 characters or fewer"),
        ("person", "--", "Enter a name or username that has letters or numbers"),
    ],
)
def test_bad_text_rejected(world, login_as, field, typed, message):
    client = login_as(world.manager)

    response = client.get("/audit", query_string={field: typed})

    assert response.status_code == 422
    assert _error_summary(response) == [(f"#{field}", message)]
    assert _typed(response.get_data(as_text=True), field) == typed


def test_csv_with_bad_filters_shows_errors(world, login_as):
    client = login_as(world.manager)

    response = client.get("/audit.csv", query_string={"from-day": "32"})

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert _error_summary(response)[0][0] == "#from-day"


# CSV


def test_csv_has_labels_and_every_page(world, login_as):
    _many_views(world, 60)
    call = _call(world.team, world.admin)
    # A random id may start with "-", which the CSV formula guard escapes.
    call.public_id = "k1K11sW30IRMYiCA"
    db.session.commit()
    _event("call.start", world.admin, call_id=call.id, at=MARCH + timedelta(hours=3))
    client = login_as(world.manager)

    response = client.get("/audit.csv", query_string=IN_MARCH)

    rows = _csv(response)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        "attachment; filename=audit-record-" in response.headers["Content-Disposition"]
    )
    assert list(rows[0]) == [
        "when",
        "who",
        "role",
        "action",
        "record",
        "call",
        "address",
    ]
    assert len(rows) == 61
    assert rows[0] == {
        "when": "2026-03-10 15:00:00",
        "who": "Priya Shah",
        "role": "Administrative officer",
        "action": "Call started",
        "record": "",
        "call": call.public_id,
        "address": "10.1.2.3",
    }
    assert rows[-1]["record"] == "Case B0000000"
    assert rows[-1]["action"] == "Case viewed"


def test_csv_applies_filters_and_scope(world, login_as):
    _event("case.view", world.owner)
    _event("case.search", world.owner)
    _event("case.view", world.other_owner)
    client = login_as(world.manager)

    response = client.get(
        "/audit.csv", query_string={**IN_MARCH, "action": "case.view"}
    )

    rows = _csv(response)
    assert [row["who"] for row in rows] == ["Tom O'Connor"]


def test_csv_escapes_formulas(world, build, login_as):
    sly = build.user("sly", Role.CASE_OWNER, world.team, name="=HYPERLINK(1)")
    _event("case.view", sly, object_type="case", object_id="+B1", remote_addr="@1")
    client = login_as(world.manager)

    rows = _csv(client.get("/audit.csv", query_string=IN_MARCH))

    assert rows[0]["who"] == "'=HYPERLINK(1)"
    assert rows[0]["record"] == "Case +B1"
    assert rows[0]["address"] == "'@1"


# Auditing the search


def test_search_is_audited_without_typed_values(world, login_as):
    client = login_as(world.manager)
    query = {
        **IN_MARCH,
        "person": "Tom O'Connor",
        "record": "B1234567",
        "call": "abc123",
        "action": "case.view",
    }

    client.get("/audit", query_string=query)

    [searched] = _searches(world.manager)
    assert searched.action == "audit.search"
    assert searched.object_type == "team"
    assert searched.object_id == str(world.team.id)
    assert searched.detail == (
        "filters: person, record, call, action case.view, from 2026-03-10, "
        "to 2026-03-10; page 1, 0 events"
    )
    for typed in ("Tom", "B1234567", "abc123"):
        assert typed not in searched.detail


def test_invalid_search_is_audited(world, login_as):
    client = login_as(world.manager)

    client.get("/audit", query_string={"person": "Tom", "from-day": "31"})

    [searched] = _searches(world.manager)
    assert searched.detail == "filters: person; invalid: from-day"


def test_download_is_audited(world, login_as):
    client = login_as(world.manager)

    client.get("/audit.csv", query_string={"action": "logout", "person": "Tom"})

    [exported] = _searches(world.manager)
    assert exported.action == "audit.export"
    assert exported.object_id == str(world.team.id)
    assert exported.detail == "filters: person, action logout"


def test_own_search_appears_in_record(world, login_as):
    client = login_as(world.manager)
    client.get("/audit")

    response = client.get("/audit", query_string={"action": "audit.search"})

    rows = _rows(response)
    assert len(rows) == 1
    assert "Sarah Okafor Manager Audit record searched Team: " in rows[0]


# Who may use it


@pytest.mark.parametrize("path", ["/audit", "/audit.csv"])
@pytest.mark.parametrize(
    "role",
    [Role.ADMIN_OFFICER, Role.CASE_OWNER, Role.TEAM_LEADER, Role.ASSISTANT_DIRECTOR],
)
def test_other_roles_refused(world, build, login_as, path, role):
    user = build.user(f"someone.{role}", role, world.team)
    client = login_as(user)

    response = client.get(path)

    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/audit", "/audit.csv"])
def test_trainee_refused(world, build, client, path):
    from tests.security.helpers import act_as

    trainee = build.user("trainee", Role.TRAINEE, world.team)
    act_as(client, trainee)

    response = client.get(path)

    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/audit", "/audit.csv"])
def test_anonymous_sent_to_sign_in(world, client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_not_in_practice(world, login_as):
    client = login_as(world.manager)

    response = client.get("/practice/audit")

    assert response.status_code == 404


def test_managers_find_it_from_home_and_oversight(world, login_as):
    client = login_as(world.manager)

    home = client.get("/").get_data(as_text=True)
    oversight = client.get("/oversight").get_data(as_text=True)

    assert '<a class="govuk-link" href="/audit">Audit record</a>' in home
    assert 'href="/audit"' in oversight


def test_others_have_no_link(world, login_as):
    client = login_as(world.leader)

    home = client.get("/").get_data(as_text=True)

    assert 'href="/audit"' not in home


def test_refusal_without_record_shows_path(world, login_as):
    _event("refused", world.owner, detail="role: GET /lines/1/settings")
    _event("case.view", world.owner, detail="not shown")
    client = login_as(world.manager)

    rows = _rows(client.get("/audit", query_string=IN_MARCH))

    assert any("role: GET /lines/1/settings" in row for row in rows)
    assert not any("not shown" in row for row in rows)


def test_refusal_with_record_shows_path(world, login_as):
    _event(
        "refused",
        world.manager,
        object_type="team",
        object_id=world.team.id,
        detail="team of another manager: GET /lines/2/message",
    )
    client = login_as(world.manager)

    rows = _rows(client.get("/audit", query_string=IN_MARCH))

    assert any("GET /lines/2/message" in row for row in rows)
