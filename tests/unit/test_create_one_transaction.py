"""A plain create (image boot, no server group, addresses in the compute
database) writes its rows, addresses and create action in one
transaction (nova.compute.create): one commit, and a failure anywhere
leaves nothing behind."""

from sqlalchemy import event

from nova.compute import api as compute_api
from nova import context as nova_context
from nova.db import api as db_api
from nova.db import instance_actions as actions_db
from nova.db import instances as instances_db
from nova.db import networks as networks_db
from nova import exception
from nova.network import errors
from nova.network import manage
from nova import objects
import pytest


class _Conductor:
    """Takes the build cast (nothing builds in these tests)."""

    def __init__(self):
        self.built = []

    def build_instances(self, context, instances, *args):
        self.built.extend(i.uuid for i in instances)


def _flavor():
    return objects.Flavor(
        id=1000, flavorid='1', name='tiny', vcpus=1, memory_mb=512,
        root_gb=1, ephemeral_gb=0, swap=0, extra_specs={}, disabled=False,
        is_public=True)


@pytest.fixture
def api(any_db):
    api = compute_api.API()
    api._conductor = _Conductor()
    return api


@pytest.fixture
def context(any_db):
    return nova_context.RequestContext(user_id='u', project_id='p')


@pytest.fixture
def image(api, any_db):
    return api.images.create(nova_context.get_admin_context(), {
        'name': 'boot', 'visibility': 'public', 'disk_format': 'qcow2',
        'container_format': 'bare'}, data=b'qcow2-ish')


def _commits():
    counted = []
    engine = db_api.get_engine()

    def commit(conn):
        counted.append(1)
    event.listen(engine, 'commit', commit)
    return counted, lambda: event.remove(engine, 'commit', commit)


def _live_instances(context):
    return instances_db.instance_get_all_by_filters(
        nova_context.get_admin_context(), {'project_id': context.project_id,
                                           'deleted': False})


def test_a_plain_create_commits_once(api, context, image, any_db):
    """Once on MariaDB and PostgreSQL; on SQLite, whose one writer at a
    time would hold the services' heartbeats back, in steps."""
    [network] = manage.create_networks(nova_context.get_admin_context(),
                                       'tiny', '10.1.0.0/29')
    # The first makes the project's default security group (a write of
    # its own, once).
    api.create(context, _flavor(), image['id'], 'first')
    counted, stop = _commits()
    try:
        instances, _ = api.create(context, _flavor(), image['id'], 'one')
    finally:
        stop()
    if any_db == 'sqlite':
        assert len(counted) > 1
    else:
        assert len(counted) == 1
    [instance] = instances
    assert api.conductor.built[-1] == instance.uuid
    info = networks_db.interfaces_by_instances(context, [instance.uuid])
    addresses = [f.address for _, _, fixed, _ in info[instance.uuid]
                 for f in fixed]
    assert len(addresses) == 1 and addresses[0].startswith('10.1.0.')
    assert [a.action for a in actions_db.actions_get(
        context, instance.uuid)] == ['create']
    assert networks_db.network_free_count(context, network.uuid) == 3


def test_a_failed_allocation_rolls_everything_back(api, context, image):
    """Root cause to guard: with the addresses in the rows' transaction,
    a failed allocation must leave no instance, action or address."""
    admin = nova_context.get_admin_context()
    [network] = manage.create_networks(admin, 'tiny', '10.1.0.0/30')
    # A /30 has one address that is neither network, gateway nor
    # broadcast: the first create takes it, the second finds none.
    api.create(context, _flavor(), image['id'], 'first')
    assert networks_db.network_free_count(admin, network.uuid) == 0
    before = {i.uuid for i in _live_instances(context)}
    with pytest.raises((errors.NoMoreFixedIps, exception.NovaException)):
        api.create(context, _flavor(), image['id'], 'second')
    assert {i.uuid for i in _live_instances(context)} == before
    assert len(api.conductor.built) == 1
