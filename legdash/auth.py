"""Who is using legdash: roles, staff passwords, member PINs and lockout after repeated failures.

Sign-in is legdash's own because a gym kiosk runs offline; secrets are stored as argon2 hashes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import pairwise

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from legdash import settings
from legdash.db import Connection
from legdash.members import MemberError, no_such_member, stored_id

ROLES = ("owner", "staff", "kiosk")
STAFF_ROLES = ("owner", "staff")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
_hasher = PasswordHasher()


class AuthError(ValueError):
    """A sign-in or account change a person got wrong; the message says what to do."""


class AccountLocked(AuthError):
    """Too many wrong PINs or passwords in a row; sign-in waits until `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"too many wrong attempts; try again after {until:%H:%M}")
        self.until = until


# The LEGDASH_KIOSK values that leave kiosk mode off; any other value turns it on.
KIOSK_OFF = ("", "0", "false", "no", "off")


def kiosk_mode() -> bool:
    """True on the floor touch screen, where members sign in and the menu is hidden.

    Any value but an explicit "off" means kiosk: a screen in public view that was meant to be a
    kiosk (`yes`, `on`, a typo) must never open the owner pages with member names on them.
    """
    return os.environ.get("LEGDASH_KIOSK", "").strip().lower() not in KIOSK_OFF


def current_role() -> str:
    """The role pages are shown for; staff sign-in will replace the "owner" default here."""
    return "kiosk" if kiosk_mode() else "owner"


def is_staff() -> bool:
    """Whether the screen is an owner's or staff member's: they see paths, commands and review
    counts; a member at the kiosk does not."""
    return current_role() in STAFF_ROLES


def hash_secret(secret: str) -> str:
    """An argon2 hash with its own salt: the only form in which a secret is stored."""
    return _hasher.hash(secret)


def verify_secret(secret_hash: str, secret: str) -> bool:
    """True when `secret` matches; a damaged or foreign hash counts as no match."""
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return hash_secret("not a real secret")


def validate_pin(pin: str) -> str:
    """A PIN of 4-8 digits that is not a repeated digit or a straight run like 1234 or 9876."""
    pin = pin.strip()
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise AuthError("a PIN is 4 to 8 digits")
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if steps in ({0}, {1}, {-1}):
        raise AuthError("that PIN is too easy to guess (repeated digits or a straight run)")
    return pin


def validate_password(password: str) -> str:
    """Staff passwords guard member data, so they need some length."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


def _username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise AuthError(
            "a username is 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return name


@dataclass(frozen=True)
class StaffAccount:
    """An account as stored, never its password: what `staff add` and `staff passwd` report."""

    username: str
    role: str


def add_staff(con: Connection, username: str, role: str, password: str) -> StaffAccount:
    """Create a staff or owner account."""
    name = _username(username)
    if role not in STAFF_ROLES:
        raise AuthError(f"role must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
    validate_password(password)
    if con.execute("SELECT 1 FROM staff WHERE username = ?", [name]).fetchone():
        raise AuthError(f"username {name!r} is taken")
    # created_at on the gym's clock, as a member's: DuckDB's own default is the server's.
    con.execute(
        "INSERT INTO staff (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
        [name, role, hash_secret(password), settings.wall_clock(settings.load(con).time_zone)],
    )
    return StaffAccount(name, role)


def set_staff_password(con: Connection, username: str, password: str) -> StaffAccount:
    """Change a password; this also lifts a lockout."""
    name = _username(username)
    validate_password(password)
    updated = con.execute(
        "UPDATE staff SET password_hash = ?, failed_logins = 0, locked_until = NULL"
        " WHERE username = ? RETURNING role",
        [hash_secret(password), name],
    ).fetchone()
    if updated is None:
        raise AuthError(f"no staff account {name!r}")
    return StaffAccount(name, updated[0])


def set_member_pin(con: Connection, member_id: str, pin: str) -> None:
    """Set a member's kiosk PIN; this also lifts a lockout."""
    clean = validate_pin(pin)
    stored = stored_id(con, member_id)
    updated = con.execute(
        "UPDATE members SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE member_id = ?"
        " RETURNING member_id",
        [hash_secret(clean), stored],
    ).fetchone()
    if updated is None:
        raise no_such_member(stored)


def verify_member_pin(con: Connection, member_id: str, pin: str, now: datetime) -> bool:
    """True when the PIN is right; wrong PINs count towards a lockout (AccountLocked), whichever
    case the ID is typed in and with whatever whitespace around it (members.typed_id). A blank ID,
    which no member has, is False like any unknown one: a kiosk form sent empty is no crash."""
    try:
        stored = stored_id(con, member_id)
    except MemberError:
        return False
    row = con.execute(
        "SELECT pin_hash, failed_pins, locked_until FROM members WHERE member_id = ? AND active",
        [stored],
    ).fetchone()
    return _check(con, _MEMBER, stored, row, pin, now)


def verify_staff(con: Connection, username: str, password: str, now: datetime) -> str | None:
    """The account's role when the password is right, else None; lockout as for PINs."""
    name = username.strip().lower()
    row = con.execute(
        "SELECT password_hash, failed_logins, locked_until, role FROM staff WHERE username = ?",
        [name],
    ).fetchone()
    return row[3] if _check(con, _STAFF, name, row, password, now) else None


# (table, key column, hash column, failure counter) for the two kinds of account.
_MEMBER = ("members", "member_id", "pin_hash", "failed_pins")
_STAFF = ("staff", "username", "password_hash", "failed_logins")


def _check(
    con: Connection,
    account: tuple[str, str, str, str],
    key: str,
    row: tuple | None,
    secret: str,
    now: datetime,
) -> bool:
    table, key_col, hash_col, count_col = account
    if row is None or row[0] is None:
        verify_secret(_dummy_hash(), secret)  # same time as a real check: no probing for ids
        return False
    secret_hash, failures, locked_until = row[0], row[1], row[2]
    if locked_until is not None and now < locked_until:
        raise AccountLocked(locked_until)
    if verify_secret(secret_hash, secret):
        new_hash = hash_secret(secret) if _hasher.check_needs_rehash(secret_hash) else secret_hash
        con.execute(
            f"UPDATE {table} SET {hash_col} = ?, {count_col} = 0, locked_until = NULL"
            f" WHERE {key_col} = ?",
            [new_hash, key],
        )
        return True
    failures += 1
    locked = now + LOCKOUT if failures >= MAX_FAILURES else None
    con.execute(
        f"UPDATE {table} SET {count_col} = ?, locked_until = ? WHERE {key_col} = ?",
        [0 if locked else failures, locked, key],
    )
    return False
