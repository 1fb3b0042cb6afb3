"""Password hashing with Argon2id, and the password rules."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 12
COMMON_PASSWORDS = frozenset(
    """password password1 password123 passw0rd 123456789012 qwertyuiop123
    letmein12345 welcome12345 iloveyou1234 administrator changeme1234
    homeoffice123 password1234 qwerty123456 123456123456 abc123abc123
    trustno1trustno1 monkey123456 dragon123456 football1234 baseball1234
    sunshine1234 princess1234 superman1234 starwars1234 whatever1234""".split()
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """Return why a new password is not allowed, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if password.lower() in COMMON_PASSWORDS:
        return "Password is too common. Choose a different password"
    return None
