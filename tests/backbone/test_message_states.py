import pytest

from dist_core import message_states as ms


def _all_pairs(direction):
    states = [code for code, _label in ms.STATES]
    for current in ms.TRANSITIONS[direction]:
        for target in states:
            yield current, target


def test_inbound_happy_path_is_legal():
    ms.check_transition(ms.INBOUND, ms.RECEIVED, ms.PARSED)
    ms.check_transition(ms.INBOUND, ms.PARSED, ms.PROCESSED)


def test_outbound_happy_path_is_legal():
    for current, target in [
        (ms.PENDING, ms.GENERATED),
        (ms.GENERATED, ms.SENT),
        (ms.SENT, ms.ACCEPTED),
    ]:
        ms.check_transition(ms.OUTBOUND, current, target)
    ms.check_transition(ms.OUTBOUND, ms.SENT, ms.REJECTED)


@pytest.mark.parametrize("direction", [ms.INBOUND, ms.OUTBOUND])
def test_every_pair_is_either_legal_or_raises(direction):
    for current, target in _all_pairs(direction):
        legal = target in ms.TRANSITIONS[direction][current]
        if legal:
            ms.check_transition(direction, current, target)
        else:
            with pytest.raises(ms.IllegalTransition):
                ms.check_transition(direction, current, target)


@pytest.mark.parametrize(
    ("direction", "current", "target"),
    [
        (ms.INBOUND, ms.RECEIVED, ms.SENT),
        (ms.INBOUND, ms.PROCESSED, ms.PARSED),
        (ms.INBOUND, ms.DUPLICATE, ms.RECEIVED),
        (ms.OUTBOUND, ms.PENDING, ms.SENT),
        (ms.OUTBOUND, ms.ACCEPTED, ms.REJECTED),
        (ms.OUTBOUND, ms.CANCELLED, ms.PENDING),
        (ms.OUTBOUND, ms.RECEIVED, ms.PARSED),
    ],
)
def test_illegal_transitions_raise(direction, current, target):
    with pytest.raises(ms.IllegalTransition):
        ms.check_transition(direction, current, target)


def test_terminal_states_have_no_exit():
    for direction in (ms.INBOUND, ms.OUTBOUND):
        assert ms.TRANSITIONS[direction][ms.DUPLICATE] == frozenset()
        assert ms.TRANSITIONS[direction][ms.CANCELLED] == frozenset()


def test_exhausted_retries_lead_to_dead_and_replay_leaves_it():
    ms.check_transition(ms.INBOUND, ms.ERROR_TRANSIENT, ms.DEAD)
    ms.check_transition(ms.INBOUND, ms.DEAD, ms.RECEIVED)
    ms.check_transition(ms.OUTBOUND, ms.DEAD, ms.GENERATED)


def test_every_target_is_a_known_state():
    known = {code for code, _label in ms.STATES}
    for table in ms.TRANSITIONS.values():
        assert set(table) <= known
        for targets in table.values():
            assert targets <= known
