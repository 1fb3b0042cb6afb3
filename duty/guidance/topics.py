"""The guidance's reference topics, loaded from topics.toml."""

import tomllib
from functools import cache
from pathlib import Path

TOPICS_FILE = Path(__file__).parent / "topics.toml"


@cache
def load_topics() -> dict:
    data = tomllib.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    data["by_slug"] = {topic["slug"]: topic for topic in data["topics"]}
    return data


def topic_slugs() -> set[str]:
    return set(load_topics()["by_slug"])
