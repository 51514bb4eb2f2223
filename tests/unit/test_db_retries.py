"""Deadlock retries run a transaction again only where it starts."""

from oslo_db import exception as db_exc
import pytest

from nova import context as nova_context
from nova.db import api


def _deadlocking_once():
    calls = []

    @api.retried(retry_interval=0.01)
    @api.writer
    def write(context):
        calls.append(api.in_transaction(context))
        if len(calls) == 1:
            raise db_exc.DBDeadlock()
        return 'written'
    return write, calls


def test_a_transaction_of_its_own_runs_again(db):
    write, calls = _deadlocking_once()
    context = nova_context.get_admin_context()
    assert not api.in_transaction(context)
    assert write(context) == 'written'
    assert calls == [True, True]


def test_inside_a_callers_transaction_the_deadlock_goes_up(db):
    # The server rolled back the caller's whole transaction: only the
    # caller may run it again, all of it.
    write, calls = _deadlocking_once()
    context = nova_context.get_admin_context()
    with pytest.raises(db_exc.DBDeadlock):
        with api.writer.using(context):
            write(context)
    assert calls == [True]

    write, calls = _deadlocking_once()

    @api.retried(retry_interval=0.01)
    def caller(context):
        with api.writer.using(context):
            return write(context)
    assert caller(context) == 'written'
    assert calls == [True, True]
