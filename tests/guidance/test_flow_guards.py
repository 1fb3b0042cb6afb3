import shutil
from pathlib import Path

import pytest

from duty.calls.actions import ACTIONS, PANELS
from duty.guidance.engine import FlowError, FlowRegistry, caller_flow_id, check_numbers
from duty.guidance.topics import topic_slugs

FLOWS = Path(__file__).resolve().parents[2] / "duty" / "guidance" / "flows"


def _load(folder):
    return FlowRegistry.load(folder, set(ACTIONS), PANELS, topic_slugs())


def _copy_flows(tmp_path) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(FLOWS, folder)
    return folder


def test_shipped_flows_load():
    registry = _load(FLOWS)

    assert {"offender", "representative", "third_party", "other", "wrap_up"} <= set(
        registry.flows
    )


def test_unlisted_phone_number_is_refused(tmp_path):
    folder = _copy_flows(tmp_path)
    path = folder / "representative.toml"
    text = path.read_text().replace(
        'script = "I will look into this and call you back."',
        'script = "Ring the removals unit on 020 7946 0999."',
    )
    path.write_text(text)

    with pytest.raises(FlowError, match="020 7946 0999"):
        _load(folder)


def test_allowed_numbers_pass():
    check_numbers("The FRS team hotline is 020 8760 8513.", "here")
    check_numbers("News desk 020 7035 3535", "here")


@pytest.mark.parametrize("number", ["+44 20 7946 0999", "02079460999", "0161 496 0000"])
def test_number_forms_are_caught(number):
    with pytest.raises(FlowError):
        check_numbers(f"Call {number}", "here")


def test_reserved_answer_name_is_refused(tmp_path):
    folder = _copy_flows(tmp_path)
    path = folder / "other.toml"
    path.write_text(
        path.read_text().replace('name = "organisation"', 'name = "identity"')
    )

    with pytest.raises(FlowError, match="kept for the server"):
        _load(folder)


def test_caller_flow_needs_every_caller_type_flow(tmp_path):
    folder = _copy_flows(tmp_path)
    (folder / "third_party.toml").unlink()

    with pytest.raises(FlowError, match="third_party"):
        _load(folder)


def test_caller_flow_ids():
    assert caller_flow_id("offender") == "offender"
    assert caller_flow_id("third_party") == "third_party"
    assert caller_flow_id(None) == "other"


def test_prompt_placeholders_are_checked(tmp_path):
    folder = _copy_flows(tmp_path)
    path = folder / "offender.toml"
    path.write_text(path.read_text().replace("{frs_hotline}", "{oscu_number}"))

    with pytest.raises(FlowError, match="oscu_number"):
        _load(folder)


def test_missing_answer_messages_keep_proper_nouns():
    from duty.guidance.questions import as_object

    assert as_object("Home Office reference") == "Home Office reference"
    assert as_object("Caller's name") == "caller's name"
    assert as_object("FRS hotline") == "FRS hotline"


def test_question_label_needs_own_message():
    from duty.guidance.questions import Question

    with pytest.raises(ValueError, match="needs a required_message"):
        Question.from_data(
            {"name": "enquiry", "label": "What is the call about?", "type": "textarea"}
        )
