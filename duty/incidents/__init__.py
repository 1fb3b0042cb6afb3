"""Abusive and threatening calls, and complaints, raised from any step of a call."""
