"""The team's name appears once in addresses and the recorded message."""

from duty.teams.lines import recommended_message
from duty.teams.models import Team


def test_recorded_message_names_the_team_once():
    team = Team(name="Criminal casework North West")

    message = recommended_message(team)

    assert "criminal casework North West. Our office is now closed." in message
    assert message.lower().count("criminal casework") == 1


def test_postal_lines_name_the_team_once():
    team = Team(
        name="Criminal casework North West",
        postal_address="Criminal casework North West\nPO Box 4960\nManchester\nM1 1AA",
    )

    assert team.postal_lines == [
        "Criminal casework North West",
        "PO Box 4960",
        "Manchester",
        "M1 1AA",
    ]


def test_postal_lines_add_the_name_when_missing():
    team = Team(name="Midlands", postal_address="PO Box 1\nBirmingham")

    assert team.postal_lines == ["Midlands", "PO Box 1", "Birmingham"]
