"""Member records staff manage: add, list, leg-session goal, deactivate, activate. PINs live in
auth."""

from __future__ import annotations

import re
from datetime import date

from legdash import settings
from legdash.db import Connection, command_on, dict_rows
from legdash.ingest.limits import EARLIEST_DATE
from legdash.settings import name_problem

# One rule for member IDs, in `member add`, `import --member` and the files' member columns (as a
# DuckDB regexp): one line that the kiosk can take, an e-mail address welcome, and a letter or
# digit first, so that no ID starts like a spreadsheet formula.
MEMBER_ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}"
MEMBER_ID_RULE = (
    "must be 1-64 letters, digits, '.', '_', '-', '@' or '+', the first a letter or digit"
)
_MEMBER_ID = re.compile(MEMBER_ID_PATTERN)
# Leg sessions a week a member may aim for: one, up to a session every day.
LEG_GOALS = range(1, 8)


class MemberError(ValueError):
    """A member command that cannot be carried out; the message says why."""


def typed_id(text: str) -> str:
    """A member ID as typed (command line, kiosk) read as a file's is: without the whitespace at
    its ends that str.strip drops (tabs, line ends, no-break spaces), so that " M7 " pasted from a
    spreadsheet is M7. Nothing left is MemberError saying the rule: no member has an empty ID."""
    member_id = text.strip()
    if not member_id:
        raise _breaks_rule(text)
    return member_id


def validate_id(text: str) -> str:
    """A typed ID (typed_id) when it follows the member ID rule, as a new member's must; else
    MemberError saying the rule. Looking a member up reads the ID with typed_id only, so that
    IDs stored before the rule existed still find their member."""
    member_id = typed_id(text)
    if not _MEMBER_ID.fullmatch(member_id):
        raise _breaks_rule(text)
    return member_id


def _breaks_rule(text: str) -> MemberError:
    return MemberError(f"member ID {text!r} {MEMBER_ID_RULE}")


def no_such_member(member_id: str) -> MemberError:
    """The one wording, in every command that names a member, for an ID no member has."""
    return MemberError(f"there is no member {member_id}")


# stored_id's rule for the `member_id` column of the relation {ids}, one typed ID or a file's:
# each ID that a stored member has regardless of case (`typed`), with that member's ID (`stored`).
# IDs are ASCII, so lower() matches them. The ID spelled exactly wins; should older data hold
# several spellings, the first stored. {stored} is `members`, or a relation with the member_id
# and created_at of more IDs (see commit.take_stored_member_ids).
STORED_SPELLING_SQL = """SELECT t.member_id AS typed,
        first(s.member_id ORDER BY s.member_id <> t.member_id, s.created_at, s.member_id) AS stored
    FROM {ids} t JOIN {stored} s ON lower(s.member_id) = lower(t.member_id)
    GROUP BY t.member_id"""


def stored_id(con: Connection, member_id: str) -> str:
    """The typed ID's member as stored, found regardless of case ("Ann@Gym.com" is the stored
    "ann@gym.com": e-mail addresses are typed either way; see STORED_SPELLING_SQL), else the ID
    read by typed_id, which no member has yet."""
    member_id = typed_id(member_id)
    spelling = STORED_SPELLING_SQL.format(ids="(SELECT $id AS member_id)", stored="members")
    row = con.execute(f"SELECT stored FROM ({spelling})", {"id": member_id}).fetchone()
    return row[0] if row else member_id


def validate_name(name: str | None) -> str | None:
    """A member's name, trimmed: one line of at most 100 characters."""
    if name is None:
        return None
    problem = name_problem(name)
    if problem:
        raise MemberError(f"a member name {problem}")
    return name.strip()


def validate_leg_goal(goal: str | int) -> int:
    """A leg-session goal as typed: a whole number of sessions a week, 1 to 7, in plain digits
    (not `2.5`, nor a full-width `３`, which int() would take)."""
    text = str(goal).strip()
    number = int(text) if text.isascii() and text.isdigit() else 0
    if number not in LEG_GOALS:
        raise MemberError(
            f"a leg-session goal is a whole number of sessions a week, {LEG_GOALS[0]} to"
            f" {LEG_GOALS[-1]}, not {str(goal)!r}"
        )
    return number


def add(
    con: Connection,
    member_id: str,
    name: str | None = None,
    joined: date | None = None,
    leg_goal: str | int | None = None,
) -> bool:
    """Add a member, or fill in name, joined date and leg-session goal of one an import created
    (without `leg_goal` the goal stays as stored); True for the latter, so that staff learn the
    ID was already in the data (a typo would not be).

    Adding claims the row from its import batch (batch_id NULL), so undoing that import keeps
    the member and adding the same ID again is reported as a duplicate. A deactivated member
    stays so: signing in again is staff's decision, taken with `activate`.
    """
    validate_id(member_id)
    name = validate_name(name)
    if leg_goal is not None:
        validate_leg_goal(leg_goal)
    now = settings.wall_clock(settings.load(con).time_zone)  # the gym's clock
    if joined is not None:
        _check_joined(joined, now.date())
    member_id = stored_id(con, member_id)
    row = con.execute(
        "SELECT batch_id IS NULL OR name IS NOT NULL OR pin_hash IS NOT NULL, active FROM members"
        " WHERE member_id = ?",
        [member_id],
    ).fetchone()
    if row and not row[1]:
        raise MemberError(
            f"member {member_id} is deactivated:"
            f" `{command_on(con, f'member activate {member_id}')}`"
            " lets them sign in again"
        )
    if row and row[0]:
        raise MemberError(f"member {member_id} exists already")
    # created_at on the gym's clock, as imports' times: the first stored spelling of an ID wins.
    con.execute(
        """INSERT INTO members (member_id, name, joined, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (member_id) DO UPDATE SET name = excluded.name,
            joined = coalesce(excluded.joined, members.joined), batch_id = NULL""",
        [member_id, name, joined, now],
    )
    if leg_goal is not None:
        set_leg_goal(con, member_id, leg_goal)
    return row is not None


def set_leg_goal(con: Connection, member_id: str, goal: str | int) -> int:
    """Set how many leg sessions a week the member aims for; returns the goal stored. Staff
    decided it, so the member is theirs as after `add`: undoing the import that brought the
    member in keeps them."""
    goal = validate_leg_goal(goal)
    member_id = stored_id(con, member_id)
    updated = con.execute(
        "UPDATE members SET leg_goal = ?, batch_id = NULL WHERE member_id = ? RETURNING member_id",
        [goal, member_id],
    ).fetchone()
    if updated is None:
        raise no_such_member(member_id)
    return goal


def leg_goal(con: Connection, member_id: str) -> int | None:
    """The member's leg sessions a week aimed for; None for an ID without a member record."""
    row = con.execute(
        "SELECT leg_goal FROM members WHERE member_id = ?", [stored_id(con, member_id)]
    ).fetchone()
    return row[0] if row else None


def _check_joined(joined: date, today: date) -> None:
    """A joined date from the limit no data passes to the gym's `today`: a member who joins on
    the gym's Monday morning has joined, whatever day the server's clock says it is."""
    earliest = date.fromisoformat(EARLIEST_DATE)
    if not earliest <= joined <= today:
        raise MemberError(
            f"a member cannot have joined on {joined}: the dates are {earliest} to {today}"
            " (today at the gym)"
        )


def list_members(con: Connection) -> list[dict[str, object]]:
    cursor = con.execute(
        """SELECT m.member_id, m.name, m.joined, m.leg_goal, m.active,
            m.pin_hash IS NOT NULL AS has_pin, m.is_demo, count(s.set_id) AS sets, max(s.performed_at)::DATE AS last_set
        FROM members m LEFT JOIN sets s USING (member_id)
        GROUP BY ALL ORDER BY m.member_id"""
    )
    return dict_rows(cursor)


def deactivate(con: Connection, member_id: str) -> bool:
    """Stop a member signing in at the kiosk; their history stays in every figure. False when the
    member was deactivated already."""
    return _set_active(con, member_id, False)


def activate(con: Connection, member_id: str) -> bool:
    """Let a deactivated member (one who came back) sign in at the kiosk again. False when the
    member was active already."""
    return _set_active(con, member_id, True)


def _set_active(con: Connection, member_id: str, active: bool) -> bool:
    """True when the member's state changed, so that staff are not told of a change not made."""
    member_id = stored_id(con, member_id)
    row = con.execute("SELECT active FROM members WHERE member_id = ?", [member_id]).fetchone()
    if row is None:
        raise no_such_member(member_id)
    if row[0] == active:
        return False
    con.execute("UPDATE members SET active = ? WHERE member_id = ?", [active, member_id])
    return True
