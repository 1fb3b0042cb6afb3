"""Encrypted storage, in the session cookie, of answers posted after a session ended.

Flask's session cookie is signed but readable by anyone holding it, so the
draft (which may hold a caller's name or a case reference) is sealed with
Fernet under a key derived from SECRET_KEY. The draft expires with the
session lifetime (SESSION_MAX_HOURS).
"""

import base64
import json
from datetime import UTC

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, session

from duty.timeutil import utcnow

SESSION_KEY = "draft"


def _fernet() -> Fernet:
    secret = current_app.secret_key
    if isinstance(secret, str):
        secret = secret.encode()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"duty call draft"
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def _now_seconds() -> int:
    return int(utcnow().replace(tzinfo=UTC).timestamp())


def save_draft(draft: dict) -> None:
    """Seal the draft into the session."""
    plain = json.dumps(draft).encode()
    session[SESSION_KEY] = _fernet().encrypt_at_time(plain, _now_seconds()).decode()


def load_draft() -> dict | None:
    """Return the session's draft, or None when there is none or it cannot be opened."""
    sealed = session.get(SESSION_KEY)
    if not isinstance(sealed, str):
        return None
    max_age = current_app.config["SESSION_MAX_HOURS"] * 3600
    try:
        plain = _fernet().decrypt_at_time(sealed.encode(), max_age, _now_seconds())
    except InvalidToken:
        # The draft expired or was sealed under another SECRET_KEY, so it is lost.
        session.pop(SESSION_KEY, None)
        return None
    return json.loads(plain)


def discard_draft() -> None:
    session.pop(SESSION_KEY, None)
