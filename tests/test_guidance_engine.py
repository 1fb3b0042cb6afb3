import shutil
from pathlib import Path

import pytest

from duty import create_app
from duty.guidance.engine import FlowError
from duty.text import fold

FLOWS = Path(__file__).resolve().parent.parent / "duty" / "guidance" / "flows"


def _broken_copy(tmp_path, old: str, new: str) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(FLOWS, folder)
    path = folder / "initial.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'goto = "identify"',
            'goto = "nowhere"',
            "initial.toml: step 'reference' goes to unknown step 'nowhere'",
        ),
        (
            'type = "radios"',
            'type = "slider"',
            "initial.toml: step 'caller_type': unknown question type 'slider'",
        ),
        (
            'action = "find_by_reference"',
            'action = "guess"',
            "initial.toml: step 'reference': unknown action 'guess'",
        ),
        (
            'guidance = "press-and-media"',
            'guidance = "nope"',
            "initial.toml: step 'press': unknown guidance topic 'nope'",
        ),
        (
            "{handler_name}",
            "{caller_secret}",
            "initial.toml: step 'greeting': unknown placeholder {caller_secret}",
        ),
    ],
)
def test_broken_flow_stops_the_app_naming_file_and_step(tmp_path, old, new, message):
    folder = _broken_copy(tmp_path, old, new)

    with pytest.raises(FlowError) as error:
        create_app(
            {"GUIDANCE_DIR": str(folder), "SQLALCHEMY_DATABASE_URI": "sqlite://"}
        )

    assert message in str(error.value)


def test_every_call_step_records_the_flow_version(world, login_as):
    from duty.calls.models import CallStep
    from duty.extensions import db
    from tests.calls.helpers import start, to_reference

    client = login_as(world.admin)
    to_reference(client, start(client, world.team))

    steps = db.session.query(CallStep).all()
    assert {s.flow_version for s in steps} == {"5.0-2"}
    assert steps[0].script_shown == (
        "Home Office Immigration Enforcement Priya Shah speaking. Can I help you?"
    )


@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("O'Brien", "O’Brien"),
        ("smith jones", "Smith-Jones"),
        ("SEAN", "Seán"),
        ("Dvorak", "Dvořák"),
    ],
)
def test_fold_treats_typing_variants_as_equal(typed, recorded):
    assert fold(typed) == fold(recorded)


def test_fold_keeps_different_names_apart():
    assert fold("O'Brien") != fold("O'Brian")


def test_old_call_shows_the_script_of_the_version_it_followed(world, app, tmp_path):
    from tests.calls.helpers import answer, start
    from tests.conftest import login, text_of

    client = app.test_client()
    login(client, "admin")
    public_id = start(client, world.team)
    answer(client, public_id, {})
    client.post(f"/calls/{public_id}/end", data={"reason": "Caller hung up"})
    folder = tmp_path / "flows-v2"
    shutil.copytree(FLOWS, folder)
    path = folder / "initial.toml"
    text = path.read_text().replace('version = "5.0-2"', 'version = "5.1-1"', 1)
    path.write_text(text.replace("Can I help you?", "How can I help?", 1))
    republished = create_app({**app.config, "GUIDANCE_DIR": str(folder)})

    fresh = republished.test_client()
    login(fresh, "admin")
    page = text_of(fresh.get(f"/calls/{public_id}"))

    assert (
        "Home Office Immigration Enforcement Priya Shah speaking. Can I help you?"
        in page
    )
    assert "guidance 5.0-2" in page
    assert "How can I help?" not in page
