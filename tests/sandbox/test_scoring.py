"""Every scenario scored from recorded call data: handled right, then a mistake."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from duty.sandbox.record import CallRecord, RecordedEvent, RecordedStep
from duty.sandbox.scenarios import all_scenarios
from duty.sandbox.scoring import score

START = datetime(2026, 12, 1, 10, 0)


def _steps(*items) -> list[RecordedStep]:
    return [
        RecordedStep(*ref.split("."), answers, START + timedelta(seconds=n))
        for n, (ref, answers) in enumerate(items)
    ]


def _events(*kinds) -> list[RecordedEvent]:
    return [
        RecordedEvent(kind, START + timedelta(minutes=5, seconds=n))
        for n, kind in enumerate(kinds)
    ]


def _answered(name, caller_type, reference, enquiry="Enquiry noted") -> list:
    return [
        ("initial.greeting", {}),
        ("initial.short_questions", {"caller_name": name}),
        ("initial.caller_type", {"caller_type": caller_type}),
        ("initial.reference", {"has_reference": "yes", "reference": reference}),
        ("initial.team_check", {"enquiry": enquiry, "same_team": "yes"}),
    ]


def _passed(name, caller_type, reference, to, *later, outcome="passed", **fields):
    return CallRecord(
        caller_type=caller_type,
        case_reference=reference,
        outcome=outcome,
        passed_to_name=to,
        steps=_steps(
            *_answered(name, caller_type, reference),
            ("initial.route", {"route_kind": "owner", "passed_to": to}),
            *later,
        ),
        **fields,
    )


CORRECT = {
    "offender-with-reference": lambda: _passed(
        "Dariusz Wiśniewski", "offender", "P1000001", "Ruth Ellison"
    ),
    "offender-without-reference": lambda: CallRecord(
        caller_type="offender",
        case_reference="P1000002",
        outcome="passed",
        passed_to_name="Ruth Ellison",
        steps=_steps(
            ("initial.greeting", {}),
            ("initial.short_questions", {"caller_name": "Ionut Popescu-Dragomir"}),
            ("initial.caller_type", {"caller_type": "offender"}),
            ("initial.reference", {"has_reference": "no", "match_count": 0}),
            ("initial.identify", {"full_name": "Ionut Popescu Dragomir"}),
            ("initial.team_check", {"enquiry": "Asks whether he still reports weekly"}),
            ("initial.route", {"route_kind": "owner"}),
        ),
    ),
    "wrong-team": lambda: CallRecord(
        caller_type="representative",
        case_reference="P1000003",
        outcome="redirected",
        redirected_team_name="Practice casework South",
        steps=_steps(
            *_answered("Helen Finch", "representative", "P1000003"),
            ("initial.redirect", {"redirected": "yes"}),
        ),
    ),
    "absent-case-owner": lambda: _passed(
        "Kwame Mensah", "offender", "P1000004", "Mina Desai"
    ),
    "press-call": lambda: CallRecord(
        caller_type="press",
        outcome="press_office",
        steps=_steps(
            ("initial.greeting", {}),
            ("initial.short_questions", {"caller_name": "Martin Hale"}),
            ("initial.caller_type", {"caller_type": "press"}),
            ("initial.press", {"organisation": "Gazette", "press_referred": "yes"}),
        ),
    ),
    "verification-mismatch": lambda: _passed(
        "Yaw Boateng",
        "offender",
        "P1000006",
        "Ruth Ellison",
        (
            "offender.verify",
            {
                "full_name": "match",
                "date_of_birth": "mismatch",
                "place": "mismatch",
                "identity": "doubt",
            },
        ),
        ("offender.result", {"handler_doubt": "no"}),
        ("offender.doubt", {"address_given": "yes", "due_in": "5"}),
        outcome="write_in",
    ),
    "representative-on-record": lambda: _passed(
        "Sunil Mehta",
        "representative",
        "P1000007",
        "Ruth Ellison",
        (
            "representative.verify",
            {"organisation": "match", "reference": "match", "identity": "verified"},
        ),
        (
            "representative.discuss",
            {
                "discussion": "It is with the senior caseworker for a decision",
                "call_outcome": "promised",
            },
        ),
        ("representative.promise", {"promise_kind": "call_back", "due_in": "2"}),
        outcome="promised",
    ),
    "representative-not-on-record": lambda: _passed(
        "Claire Dunmore",
        "representative",
        "P1000008",
        "Ruth Ellison",
        (
            "representative.verify",
            {"organisation": "mismatch", "reference": "mismatch", "identity": "doubt"},
        ),
        ("representative.call_back", {"due_in": "today"}),
        outcome="promised",
    ),
    "third-party-without-authority": lambda: _passed(
        "Abena Asante",
        "third_party",
        "P1000009",
        "Ruth Ellison",
        ("third_party.identify", {"party_name": "Abena Asante", "identity": "doubt"}),
        ("third_party.doubt", {"address_given": "yes"}),
        outcome="write_in",
    ),
    "third-party-written-to": lambda: _passed(
        "Grace Okoro",
        "third_party",
        "P1000010",
        "Ruth Ellison",
        ("third_party.check", {"letter_subject": "match", "identity": "verified"}),
        (
            "third_party.discuss_letter",
            {"discussion": "Took the names of the children's schools"},
        ),
        outcome="handled",
    ),
    "removal-within-72-hours": lambda: _passed(
        "Priya Raman",
        "representative",
        "P1000011",
        "Ruth Ellison",
        ("representative.verify", {"identity": "verified"}),
        (
            "representative.removal",
            {"promise_detail": "Wants to know who handles it", "due_in": "today"},
        ),
        outcome="handled",
    ),
    "offender-wants-to-go-home": lambda: _passed(
        "Andrius Kazlauskas",
        "offender",
        "P1000016",
        "Ruth Ellison",
        ("handling.take_over", {"discussion": "Gave the FRS hotline 020 8760 8513"}),
        outcome="handled",
    ),
    "prison-officer": lambda: _passed(
        "Sean Whitaker", "other", "P1000012", "Ruth Ellison"
    ),
    "abusive-caller": lambda: CallRecord(
        caller_type="offender",
        case_reference="P1000013",
        outcome="abusive_terminated",
        steps=_steps(*_answered("Gary Duncan", "offender", "P1000013")),
        events=_events("started", "abuse_noted", "abuse_warning", "abuse_terminated"),
    ),
    "threat-to-staff": lambda: CallRecord(
        caller_type="third_party",
        case_reference="P1000014",
        outcome="ended_early",
        steps=_steps(
            *_answered("Lee Duncan", "third_party", "P1000014"),
            (
                "incidents.threat",
                {"categories": ["staff_or_minister"], "recipient": "dsu"},
            ),
        ),
        events=_events("started", "threat_reported"),
    ),
    "complaint": lambda: CallRecord(
        caller_type="offender",
        case_reference="P1000015",
        outcome="ended_early",
        steps=_steps(*_answered("Bogdan Ivanov", "offender", "P1000015")),
        events=_events("started", "complaint_recorded"),
    ),
}


def _with_text(record: CallRecord, key: str, text: str) -> CallRecord:
    """Add a step where the handler recorded what they told the caller."""
    step = RecordedStep(
        "handling", "take_over", {key: text}, START + timedelta(minutes=1)
    )
    return replace(record, steps=[*record.steps, step])


def _without(record: CallRecord, pattern: str) -> CallRecord:
    steps = [s for s in record.steps if pattern not in f"{s.ref} {s.answers}"]
    return replace(record, steps=steps)


# scenario id: (mistake made, check that must catch it, words the finding must use)
MISTAKES = {
    "offender-with-reference": (
        lambda r: replace(r, caller_type="third_party"),
        "caller_type",
        "You recorded: Family member or other third party",
    ),
    "offender-without-reference": (
        lambda r: _with_text(r, "enquiry", "Told him reporting goes monthly soon"),
        "no_disclosure",
        "the change to his reporting",
    ),
    "wrong-team": (
        lambda r: replace(r, outcome="ended_early", redirected_team_name=None),
        "redirect",
        "Practice casework South",
    ),
    "absent-case-owner": (
        lambda r: replace(r, passed_to_name="Owen Pryce"),
        "route",
        "You passed the call to Owen Pryce",
    ),
    "press-call": (
        lambda r: replace(
            r,
            case_reference="P1000005",
            steps=[*r.steps, *_steps(("initial.reference", {"reference": "P1000005"}))],
        ),
        "no_case_lookup",
        "not even whether a case exists",
    ),
    "verification-mismatch": (
        lambda r: _with_text(r, "discussion", "Told him the charter flight to Accra"),
        "no_disclosure",
        "removal details",
    ),
    "representative-on-record": (
        lambda r: replace(
            r,
            steps=_steps(
                *_answered("Sunil Mehta", "representative", "P1000007"),
                (
                    "representative.discuss",
                    {"discussion": "With the senior caseworker for a decision"},
                ),
                ("representative.verify", {"identity": "verified"}),
            ),
        ),
        "no_disclosure",
        "before the representative was verified",
    ),
    "representative-not-on-record": (
        lambda r: _without(r, "doubt"),
        "signal",
        "Did not check the caller against the representative on record",
    ),
    "third-party-without-authority": (
        lambda r: _with_text(r, "discussion", "Said he is at Kestrel House"),
        "no_disclosure",
        "where the offender is detained",
    ),
    "third-party-written-to": (
        lambda r: _without(r, "verified"),
        "signal",
        "Did not check the caller's identity against the letter",
    ),
    "removal-within-72-hours": (
        lambda r: _with_text(r, "follow_up", "Gave her the unit's line, 020 7946 0321"),
        "never_give",
        "Number given: 020 7946 0321",
    ),
    "offender-wants-to-go-home": (
        lambda r: _without(r, "8760"),
        "signal",
        "Did not record giving the facilitated returns scheme hotline",
    ),
    "prison-officer": (
        lambda r: _with_text(r, "enquiry", "Told him we are minded to detain him"),
        "no_disclosure",
        "the plan for detention",
    ),
    "abusive-caller": (
        lambda r: replace(
            r, events=_events("started", "abuse_noted", "abuse_terminated")
        ),
        "signal",
        "Did not warn the caller",
    ),
    "threat-to-staff": (
        lambda r: replace(r, steps=r.steps[:-1]),
        "signal",
        "Did not report the threat to staff to the departmental security unit",
    ),
    "complaint": (
        lambda r: replace(r, events=_events("started")),
        "signal",
        "Did not record the caller's complaint",
    ),
}


def test_every_scenario_has_cases():
    assert set(CORRECT) == set(all_scenarios())
    assert set(MISTAKES) == set(all_scenarios())


@pytest.mark.parametrize("scenario_id", sorted(CORRECT))
def test_correct_handling_gets_full_marks(app, scenario_id):
    scenario = all_scenarios()[scenario_id]

    debrief = score(scenario, CORRECT[scenario_id]())

    assert [f.text for f in debrief.broken] == []
    assert debrief.score == scenario.max_score


@pytest.mark.parametrize("scenario_id", sorted(MISTAKES))
def test_typical_mistake_is_caught_and_named(app, scenario_id):
    scenario = all_scenarios()[scenario_id]
    make_mistake, check, words = MISTAKES[scenario_id]

    debrief = score(scenario, make_mistake(CORRECT[scenario_id]()))

    broken = [f for f in debrief.broken if f.check == check]
    assert broken, f"no {check} finding broken"
    assert any(words in f.text for f in broken), [f.text for f in broken]
    assert all(f.topic_title for f in broken)
    assert debrief.score < scenario.max_score


def test_disclosure_after_verification_is_allowed(app):
    scenario = all_scenarios()["representative-on-record"]
    record = CORRECT["representative-on-record"]()

    findings = {f.check: f for f in score(scenario, record).findings}

    assert findings["no_disclosure"].passed


def test_termination_before_warning_is_named(app):
    scenario = all_scenarios()["abusive-caller"]
    record = replace(
        CORRECT["abusive-caller"](),
        events=_events("started", "abuse_terminated", "abuse_warning"),
    )

    broken = [f.text for f in score(scenario, record).broken]

    assert any("ended it before warning" in text for text in broken)


def test_staff_direct_line_counts_as_never_give(app):
    scenario = all_scenarios()["wrong-team"]
    record = _with_text(CORRECT["wrong-team"](), "enquiry", "Gave 020-7946-0561")

    broken = [f for f in score(scenario, record).broken if f.check == "never_give"]

    assert broken and "020 7946 0561" in broken[0].text


def test_skipped_greeting_is_named(app):
    scenario = all_scenarios()["offender-with-reference"]
    record = _without(CORRECT["offender-with-reference"](), "greeting")

    broken = [f.text for f in score(scenario, record).broken]

    assert "The call was not answered with the mandated greeting." in broken


def test_findings_link_to_known_topics(app):
    from duty.guidance.topics import topic_slugs

    for scenario_id, make in CORRECT.items():
        for finding in score(all_scenarios()[scenario_id], make()).findings:
            assert finding.topic in topic_slugs()
