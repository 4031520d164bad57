"""The message state machine, as data: one table of legal transitions for both directions.

Inbound:  received -> parsed -> processed
Outbound: pending -> generated -> sent -> accepted | rejected
Either:   error_transient (will retry), error_permanent (needs a person), dead (retries exhausted),
          duplicate (a second delivery of something already received), cancelled.

Replays are transitions too: "reprocess with the current configuration" takes an inbound message
back to ``received``; "resend as-is" takes an outbound one back to ``generated`` (same payload, same
control numbers); "regenerate" takes it back to ``pending`` (new payload). See
``docs/message-states.md``.
"""

from __future__ import annotations

INBOUND = "inbound"
OUTBOUND = "outbound"

RECEIVED, PARSED, PROCESSED = "received", "parsed", "processed"
PENDING, GENERATED, SENT, ACCEPTED, REJECTED = (
    "pending",
    "generated",
    "sent",
    "accepted",
    "rejected",
)
ERROR_TRANSIENT, ERROR_PERMANENT, DEAD = "error_transient", "error_permanent", "dead"
DUPLICATE, CANCELLED = "duplicate", "cancelled"

STATES = (
    (RECEIVED, "Received"),
    (PARSED, "Parsed"),
    (PROCESSED, "Processed"),
    (PENDING, "Pending"),
    (GENERATED, "Generated"),
    (SENT, "Sent"),
    (ACCEPTED, "Accepted"),
    (REJECTED, "Rejected"),
    (ERROR_TRANSIENT, "Error (will retry)"),
    (ERROR_PERMANENT, "Error (needs a person)"),
    (DEAD, "Dead letter"),
    (DUPLICATE, "Duplicate"),
    (CANCELLED, "Cancelled"),
)

# DEAD directly from a working state: a policy of one attempt gives up on the first failure.
_FAILURES = {ERROR_TRANSIENT, ERROR_PERMANENT, DEAD, CANCELLED}

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    INBOUND: {
        RECEIVED: frozenset({PARSED, PROCESSED, DUPLICATE} | _FAILURES),
        PARSED: frozenset({PROCESSED, DUPLICATE} | _FAILURES),
        PROCESSED: frozenset({RECEIVED}),  # reprocess
        ERROR_TRANSIENT: frozenset({RECEIVED, PARSED, PROCESSED, DUPLICATE} | _FAILURES),
        ERROR_PERMANENT: frozenset({RECEIVED, CANCELLED}),  # reprocess after a fix
        DEAD: frozenset({RECEIVED, CANCELLED}),
        DUPLICATE: frozenset(),
        CANCELLED: frozenset(),
    },
    OUTBOUND: {
        PENDING: frozenset({GENERATED} | _FAILURES),
        GENERATED: frozenset({SENT, PENDING} | _FAILURES),
        SENT: frozenset(
            {ACCEPTED, REJECTED, GENERATED, PENDING}
        ),  # 997 verdict, resend, regenerate
        ACCEPTED: frozenset({GENERATED, PENDING}),
        REJECTED: frozenset({GENERATED, PENDING, CANCELLED}),
        ERROR_TRANSIENT: frozenset({PENDING, GENERATED, SENT} | _FAILURES),
        ERROR_PERMANENT: frozenset({PENDING, GENERATED, CANCELLED}),
        DEAD: frozenset({PENDING, GENERATED, CANCELLED}),
        DUPLICATE: frozenset(),
        CANCELLED: frozenset(),
    },
}

INITIAL = {INBOUND: RECEIVED, OUTBOUND: PENDING}
# States in which the engine still has work to do (a job may be pending for them).
ACTIVE = frozenset({RECEIVED, PARSED, PENDING, GENERATED, ERROR_TRANSIENT})
# States that need a person.
NEEDS_ATTENTION = frozenset({ERROR_PERMANENT, DEAD, REJECTED})
# States retention must never purge.
KEEP_PAYLOAD = frozenset({ERROR_TRANSIENT, ERROR_PERMANENT, DEAD, REJECTED} | ACTIVE)


class IllegalTransition(ValueError):
    """Raised for a transition the table does not allow; the state is left unchanged."""

    def __init__(self, direction: str, current: str, target: str):
        super().__init__(f"illegal {direction} transition {current} -> {target}")
        self.direction, self.current, self.target = direction, current, target


def allowed_targets(direction: str, current: str) -> frozenset[str]:
    try:
        return TRANSITIONS[direction][current]
    except KeyError:
        raise IllegalTransition(direction, current, "?") from None


def check_transition(direction: str, current: str, target: str) -> None:
    """Raise :class:`IllegalTransition` unless ``current -> target`` is legal for ``direction``."""
    if target not in allowed_targets(direction, current):
        raise IllegalTransition(direction, current, target)
