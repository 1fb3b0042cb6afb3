"""Promises made to callers and the follow-up actions after a call."""
