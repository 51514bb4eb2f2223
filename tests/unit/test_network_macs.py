"""New interfaces get MACs no live interface has."""

import pytest

from nova.db import address_allocation as allocate_db

from nova.db import networks as networks_db
from nova.network import errors
from nova.network import manage
from tests.unit import test_network_db


def _mac_of(ctx, uuid):
    [(vif, _network, _fixed, _floating)] = networks_db.interfaces_by_instances(
        ctx, [uuid])[uuid]
    return vif.address


def test_mac_collision_picks_another(admin_context, monkeypatch):
    """Root cause: a new interface took one random MAC (24 random bits)
    and a collision with a live interface hit the unique constraint,
    failing large boots (500); _free_mac now skips taken addresses."""
    ctx = admin_context
    [network] = manage.create_networks(ctx, 'macs', '10.9.0.0/28')
    first = test_network_db._instance(ctx)
    allocate_db.allocate_for_instance(ctx, first, [(network.id, None)])
    taken = _mac_of(ctx, first)
    # The generator repeats the taken MAC for a whole round first.
    sequence = iter([taken] * allocate_db._MACS_PER_ROUND +
                    ['fa:16:3e:00:00:01'] * allocate_db._MACS_PER_ROUND)
    monkeypatch.setattr(allocate_db, 'random_mac', lambda: next(sequence))
    second = test_network_db._instance(ctx)
    allocate_db.allocate_for_instance(ctx, second, [(network.id, None)])
    assert _mac_of(ctx, second) == 'fa:16:3e:00:00:01'


def test_no_free_mac_is_a_clear_conflict(admin_context, monkeypatch):
    ctx = admin_context
    [network] = manage.create_networks(ctx, 'macs2', '10.9.1.0/28')
    first = test_network_db._instance(ctx)
    allocate_db.allocate_for_instance(ctx, first, [(network.id, None)])
    taken = _mac_of(ctx, first)
    monkeypatch.setattr(allocate_db, 'random_mac', lambda: taken)
    with pytest.raises(errors.MacAddressesExhausted):
        allocate_db.allocate_for_instance(
            ctx, test_network_db._instance(ctx), [(network.id, None)])
