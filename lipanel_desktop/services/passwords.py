"""Password rules: at least 12 characters, not a well-known password, not the user name."""

from __future__ import annotations

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.storage.kdf import MAX_PASSWORD_CHARS

MIN_LENGTH = 12

# A short built-in list of the most common long passwords and keyboard walks; lower case.
COMMON_PASSWORDS = frozenset(
    """
    password1234 password12345 password123456 passwordpassword password1! password123!
    123456789012 1234567890123 12345678901234 123456789abc 1q2w3e4r5t6y qwertyuiopas
    qwerty123456 qwertyuiop12 qwertyuiop123 1qaz2wsx3edc 1qazxsw23edc zaq12wsxcde3
    iloveyou1234 letmein12345 welcome12345 welcome2024! welcome2025! welcome2026!
    changeme1234 administrator admin1234567 adminadmin12 trustno1trustno1 monkey123456
    football1234 baseball1234 sunshine1234 princess1234 starwars1234 superman1234
    abcdefghijkl abc123abc123 aaaaaaaaaaaa 111111111111 000000000000 121212121212
    safeguarding safeguarding1 safeguarding123 stockport123 stockport1234 summer2026!!
    winter2026!! spring2026!! autumn2026!! password2026 password2025 passw0rd1234
    """.split()
)


def password_problem(password: str, user_name: str = "") -> str | None:
    """Why a new password is not acceptable, in plain words; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"The password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_PASSWORD_CHARS:
        return f"The password must be at most {MAX_PASSWORD_CHARS} characters long."
    if password.strip() != password or not password.strip():
        return "The password must not start or end with a space."
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        return "The password must not contain control characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        return "That password is too common or too easy to guess. Choose another one."
    if user_name and user_name.lower() in lowered:
        return "The password must not contain the user name."
    return None


def check_new_password(password: str, user_name: str = "", field: str = "password") -> None:
    problem = password_problem(password, user_name)
    if problem:
        raise ValidationError({field: problem}, problem)
