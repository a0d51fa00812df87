from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from legdash import auth, db, settings
from legdash.db import Connection
from legdash.members import MemberError
from tests.conftest import GYM_ZONE

NOW = datetime(2026, 3, 2, 18, 0)


@pytest.fixture
def con(db_file: Path) -> Iterator[Connection]:
    with db.write(db_file) as connection:
        connection.execute("INSERT INTO members (member_id) VALUES ('M1'), ('M2')")
        yield connection


def member_row(con: Connection, member_id: str) -> tuple:
    return con.execute(
        "SELECT failed_pins, locked_until FROM members WHERE member_id = ?", [member_id]
    ).fetchone()


@pytest.mark.parametrize(
    "value, kiosk",
    [
        *((on, True) for on in ("1", "true", "TRUE", "yes", "on", " Yes ", "kiosk", "ture")),
        *((off, False) for off in ("0", "", "false", "No", " off ")),
    ],
)
def test_kiosk_mode_and_role(monkeypatch: pytest.MonkeyPatch, value: str, kiosk: bool) -> None:
    monkeypatch.setenv("LEGDASH_KIOSK", value)
    assert auth.kiosk_mode() is kiosk
    assert auth.current_role() == ("kiosk" if kiosk else "owner")


def test_owner_without_kiosk_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEGDASH_KIOSK", raising=False)
    assert auth.current_role() == "owner"


def test_hash_and_verify_secret() -> None:
    hashed = auth.hash_secret("correct horse")
    assert "correct horse" not in hashed
    assert auth.verify_secret(hashed, "correct horse")
    assert not auth.verify_secret(hashed, "wrong horse")
    assert not auth.verify_secret("not a hash", "correct horse")


@pytest.mark.parametrize("pin", ["2580", "13579", "90210", "8901", "12121212"])
def test_validate_pin_accepts(pin: str) -> None:
    assert auth.validate_pin(pin) == pin


@pytest.mark.parametrize(
    "pin",
    ["123", "123456789", "12a4", "", "١٢٣٩", "0000", "777777", "1234", "0123", "4321", "98765"],
)
def test_validate_pin_rejects(pin: str) -> None:
    with pytest.raises(auth.AuthError):
        auth.validate_pin(pin)


def test_validate_password() -> None:
    assert auth.validate_password("ten chars!") == "ten chars!"
    with pytest.raises(auth.AuthError, match="at least 10"):
        auth.validate_password("nine char")


def test_add_staff_and_verify(con: Connection) -> None:
    auth.add_staff(con, "Ann", "staff", "long enough pw")
    assert auth.verify_staff(con, "ann", "long enough pw", NOW) == "staff"
    assert auth.verify_staff(con, "ann", "wrong password", NOW) is None
    assert auth.verify_staff(con, "nobody", "long enough pw", NOW) is None


def test_a_staff_account_is_dated_on_the_gym_clock(db_file: Path, gym_behind_server: date) -> None:
    """As a member's created_at: DuckDB's default would take the server's clock, a day ahead."""
    with db.write(db_file) as con:
        auth.add_staff(con, "ann", "staff", "long enough pw")
        created = con.execute("SELECT created_at FROM staff").fetchone()[0]
    assert abs(created - settings.wall_clock(GYM_ZONE)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "username, role, password, message",
    [
        ("ann", "staff", "long enough pw", "taken"),
        ("bob", "kiosk", "long enough pw", "role"),
        ("bob", "admin", "long enough pw", "role"),
        ("bob", "staff", "short", "at least 10"),
        ("bob smith", "staff", "long enough pw", "username"),
    ],
)
def test_add_staff_rejects(
    con: Connection, username: str, role: str, password: str, message: str
) -> None:
    auth.add_staff(con, "ann", "owner", "long enough pw")
    with pytest.raises(auth.AuthError, match=message):
        auth.add_staff(con, username, role, password)


def test_staff_lockout_and_password_reset(con: Connection) -> None:
    auth.add_staff(con, "ann", "owner", "long enough pw")
    for _ in range(auth.MAX_FAILURES):
        assert auth.verify_staff(con, "ann", "wrong password", NOW) is None
    with pytest.raises(auth.AccountLocked):
        auth.verify_staff(con, "ann", "long enough pw", NOW + timedelta(minutes=14))
    auth.set_staff_password(con, "ann", "a new password")
    assert auth.verify_staff(con, "ann", "a new password", NOW) == "owner"
    assert not auth.verify_staff(con, "ann", "long enough pw", NOW)


def test_add_staff_and_set_staff_password_return_the_account_as_stored(con: Connection) -> None:
    """`staff add|passwd --json` report the role from these, not from a query of their own."""
    ann = auth.StaffAccount("ann", "owner")
    assert auth.add_staff(con, "Ann", "owner", "long enough pw") == ann
    assert auth.set_staff_password(con, "ANN", "a new password") == ann


def test_set_staff_password_unknown_user(con: Connection) -> None:
    with pytest.raises(auth.AuthError, match="no staff account"):
        auth.set_staff_password(con, "ghost", "long enough pw")


def test_member_pin(con: Connection) -> None:
    auth.set_member_pin(con, "M1", "2580")
    assert auth.verify_member_pin(con, "M1", "2580", NOW)
    assert not auth.verify_member_pin(con, "M1", "2581", NOW)
    assert member_row(con, "M1") == (1, None)
    assert auth.verify_member_pin(con, "M1", "2580", NOW)
    assert member_row(con, "M1") == (0, None)


def test_member_without_pin_unknown_or_inactive_cannot_sign_in(con: Connection) -> None:
    assert not auth.verify_member_pin(con, "M2", "2580", NOW)
    assert not auth.verify_member_pin(con, "M9", "2580", NOW)
    auth.set_member_pin(con, "M2", "2580")
    con.execute("UPDATE members SET active = false WHERE member_id = 'M2'")
    assert not auth.verify_member_pin(con, "M2", "2580", NOW)


def test_member_lockout_after_five_failures(con: Connection) -> None:
    auth.set_member_pin(con, "M1", "2580")
    for attempt in range(1, auth.MAX_FAILURES):
        assert not auth.verify_member_pin(con, "M1", "0001", NOW)
        assert member_row(con, "M1") == (attempt, None)
    assert not auth.verify_member_pin(con, "M1", "0001", NOW)
    assert member_row(con, "M1") == (0, NOW + timedelta(minutes=15))
    with pytest.raises(auth.AccountLocked) as locked:
        auth.verify_member_pin(con, "M1", "2580", NOW + timedelta(minutes=14, seconds=59))
    assert locked.value.until == NOW + timedelta(minutes=15)
    assert "18:15" in str(locked.value)
    assert auth.verify_member_pin(con, "M1", "2580", NOW + timedelta(minutes=15))
    assert member_row(con, "M1") == (0, None)


def test_new_pin_lifts_lockout(con: Connection) -> None:
    auth.set_member_pin(con, "M1", "2580")
    for _ in range(auth.MAX_FAILURES):
        auth.verify_member_pin(con, "M1", "0001", NOW)
    auth.set_member_pin(con, "M1", "9753")
    assert auth.verify_member_pin(con, "M1", "9753", NOW)


@pytest.mark.parametrize(
    "member_id, pin, error, message",
    [
        ("M9", "2580", MemberError, "^there is no member M9$"),
        ("M1", "1111", auth.AuthError, "too easy"),
    ],
)
def test_set_member_pin_rejects(
    con: Connection, member_id: str, pin: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        auth.set_member_pin(con, member_id, pin)


def test_wrong_pins_in_any_case_of_the_id_count_towards_one_lockout(con: Connection) -> None:
    con.execute("INSERT INTO members (member_id) VALUES ('ann@gym.com')")
    auth.set_member_pin(con, "ANN@gym.com", "2580")
    for typed in ("ann@gym.com", "ANN@GYM.COM", "Ann@Gym.com", "aNN@gym.com", "ann@GYM.com"):
        assert not auth.verify_member_pin(con, typed, "0000", NOW)
    with pytest.raises(auth.AccountLocked):
        auth.verify_member_pin(con, "ann@gym.com", "2580", NOW)


def test_kiosk_sign_in_reads_the_id_as_a_file_s(con: Connection) -> None:
    """Whitespace around a typed ID goes, as around the IDs in files (members.typed_id)."""
    auth.set_member_pin(con, "\tm1 ", "2580")
    assert auth.verify_member_pin(con, "\xa0M1\r\n", "2580", NOW)
    assert not auth.verify_member_pin(con, " M1 ", "0000", NOW)
    assert member_row(con, "M1") == (1, None)


@pytest.mark.parametrize("blank", ["", " \u3000", "\t\r\n"])
def test_a_blank_id_at_the_kiosk_is_a_failed_sign_in(con: Connection, blank: str) -> None:
    """No member has a blank ID: the kiosk form gets False, as for any unknown ID, not an error."""
    assert not auth.verify_member_pin(con, blank, "2580", NOW)
