"""The openstack CLI drives a server through its whole life against the
all-in-one: every lifecycle command a user types, one after another."""

import datetime

from tests.functional import osc
from tests.functional.test_clients import _env
from tests.functional.test_clients import openstack


def _settled(aio, server_id, status):
    """Wait for status with no task running; the server body."""
    server = aio.api.wait_for_status(server_id, status)
    for _ in range(200):
        if server['OS-EXT-STS:task_state'] is None:
            return server
        server = aio.api.wait_for_status(server_id, status)
    raise AssertionError('%s stays in task %s' % (
        server_id, server['OS-EXT-STS:task_state']))


def _cli(aio, *args):
    return _text(aio, *args)


def test_openstack_cli_server_lifecycle(aio):
    server = openstack(aio, 'server', 'create', '--flavor', 'm1.tiny',
                       '--image', 'cirros', '--wait', 'life-vm')
    server_id = server['id']
    steps = [
        (('server', 'reboot', '--wait', server_id), 'ACTIVE'),
        (('server', 'reboot', '--hard', '--wait', server_id), 'ACTIVE'),
        (('server', 'stop', server_id), 'SHUTOFF'),
        (('server', 'start', server_id), 'ACTIVE'),
        (('server', 'pause', server_id), 'PAUSED'),
        (('server', 'unpause', server_id), 'ACTIVE'),
        (('server', 'suspend', server_id), 'SUSPENDED'),
        (('server', 'resume', server_id), 'ACTIVE'),
        (('server', 'lock', server_id), 'ACTIVE'),
        (('server', 'unlock', server_id), 'ACTIVE'),
        (('server', 'rescue', server_id), 'RESCUE'),
        (('server', 'unrescue', server_id), 'ACTIVE'),
        (('server', 'rebuild', '--image', 'cirros', '--wait', server_id),
         'ACTIVE'),
        (('server', 'set', '--property', 'role=web', server_id), 'ACTIVE'),
        (('server', 'resize', '--flavor', 'm1.small', '--wait', server_id),
         'VERIFY_RESIZE'),
        (('server', 'resize', 'confirm', server_id), 'ACTIVE'),
        (('server', 'migrate', '--wait', server_id), 'VERIFY_RESIZE'),
        (('server', 'resize', 'revert', server_id), 'ACTIVE'),
        (('server', 'shelve', server_id), 'SHELVED_OFFLOADED'),
        (('server', 'unshelve', server_id), 'ACTIVE'),
    ]
    for command, status in steps:
        _cli(aio, *command)
        _settled(aio, server_id, status)

    shown = openstack(aio, 'server', 'show', server_id)
    # The client's own version embeds the flavor (2.47).
    assert shown['flavor']['original_name'] == 'm1.small', shown['flavor']
    assert shown['properties'] == {'role': 'web'}, shown['properties']

    image = openstack(aio, 'server', 'image', 'create', '--name',
                      'life-snap', '--wait', server_id)
    assert image['name'] == 'life-snap'
    assert openstack(aio, 'image', 'show', 'life-snap')['status'] == \
        'active'
    _settled(aio, server_id, 'ACTIVE')

    log = _text(aio, 'console', 'log', 'show', server_id)
    assert log.strip(), 'empty console log'

    events = openstack(aio, 'server', 'event', 'list', server_id)
    recorded = {event['Action'] for event in events}
    assert {'create', 'reboot', 'stop', 'start', 'pause', 'unpause',
            'suspend', 'resume', 'rescue', 'unrescue', 'rebuild',
            'resize', 'confirmResize', 'migrate', 'revertResize', 'shelve',
            'unshelve', 'createImage'} <= recorded, recorded

    limits = openstack(aio, 'limits', 'show', '--absolute')
    used = {row['Name']: row['Value'] for row in limits}
    # openstacksdk's names; the server now has m1.small's 2048 MiB.
    assert used['total_instances_used'] >= 1
    assert used['total_ram_used'] >= 2048
    # `openstack quota show` looks the project up in Keystone, which a
    # noauth cloud has not; novaclient asks the Compute API directly.
    nova = _novaclient(aio)
    quota = nova.quotas.get('admin')
    assert quota.instances == 10 and quota.cores == 20, quota
    now = datetime.datetime.utcnow()
    usage = nova.usage.get('admin', now - datetime.timedelta(hours=1),
                           now + datetime.timedelta(minutes=1))
    assert server_id in [u['instance_id'] for u in usage.server_usages]
    assert usage.total_hours > 0

    _cli(aio, 'server', 'delete', '--wait', server_id)
    _cli(aio, 'image', 'delete', 'life-snap')


def _text(aio, *args):
    """A command's plain output (for commands without a json format)."""
    result = osc.run(args, _env(aio))
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def _novaclient(aio):
    from keystoneauth1 import noauth
    from keystoneauth1 import session
    from novaclient import client
    return client.Client('2.1', session=session.Session(
        auth=noauth.NoAuth(endpoint=aio.endpoint)))
