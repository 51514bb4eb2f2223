"""Admins force servers onto a host with availability_zone
"zone:host[:node]", over HTTP on an all-in-one cloud of three simulated
hosts: the server lands there, filters or not; others are refused."""

import pytest

from tests.functional import cloud as cloud_lib

USER = 'alice:proj-forced'


@pytest.fixture(scope='module')
def three(tmp_path_factory):
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('forced'),
                              simulated_hosts=3)
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope='module')
def nodes(three):
    """{host: node} of the three compute hosts."""
    hypervisors = three.api.get('/os-hypervisors/detail').json()[
        'hypervisors']
    found = {h['service']['host']: h['hypervisor_hostname']
             for h in hypervisors}
    assert len(found) == 3, hypervisors
    return found


def _post(api, name, zone):
    image = api.get('/images').json()['images'][0]['id']
    return api.post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1',
        'availability_zone': zone}})


def _boot(api, name, zone):
    """The server once ACTIVE or ERROR, seen by the admin."""
    resp = _post(api, name, zone)
    assert resp.status_code == 202, resp.text
    return api.wait_for_status(resp.json()['server']['id'],
                               ['ACTIVE', 'ERROR'])


def _delete(api, server):
    assert api.delete('/servers/%s' % server['id']).status_code == 204
    api.wait_for_deletion(server['id'])


@pytest.mark.parametrize('form', ['nova:{host}', ':{host}',
                                  'nova:{host}:{node}', 'nova::{node}'])
def test_admin_boots_onto_each_named_host(three, nodes, form):
    admin = three.api
    for host, node in sorted(nodes.items()):
        server = _boot(admin, 'pinned-%s' % host,
                       form.format(host=host, node=node))
        try:
            assert server['status'] == 'ACTIVE', server.get('fault')
            assert server['OS-EXT-SRV-ATTR:host'] == host
            assert server['OS-EXT-SRV-ATTR:hypervisor_hostname'] == node
        finally:
            _delete(admin, server)


def test_non_admin_may_not_force_a_host(three, nodes):
    user = three.api.as_user(USER)
    host = sorted(nodes)[0]
    resp = _post(user, 'not-mine', 'nova:%s' % host)
    assert resp.status_code == 403, resp.text
    assert 'os_compute_api:servers:create:forced_host' in \
        resp.json()['forbidden']['message']
    # Nothing was created on the way.
    assert user.get('/servers').json()['servers'] == []
    # The zone alone stays the user's choice.
    server = _boot(user, 'zone-only', 'nova')
    assert server['status'] == 'ACTIVE', server.get('fault')
    _delete(user, server)


def test_unknown_host_ends_in_error_naming_it(three, nodes):
    admin = three.api
    server = _boot(admin, 'nowhere', 'nova:no-such-host')
    try:
        assert server['status'] == 'ERROR'
        assert server['OS-EXT-SRV-ATTR:host'] is None
        assert server['fault']['message'] == (
            'No valid host was found. The forced host no-such-host is not '
            'a compute host of this cloud.')
    finally:
        _delete(admin, server)


def test_zone_part_is_still_checked(three, nodes):
    resp = _post(three.api, 'bad-zone', 'no-such-zone:%s' % sorted(nodes)[0])
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == (
        'The requested availability zone is not available')


def test_disabled_host_can_still_be_forced(three, nodes):
    admin = three.api
    disabled = sorted(nodes)[1]
    resp = admin.put('/os-services/disable', json={
        'host': disabled, 'binary': 'nova-compute'})
    assert resp.status_code == 200, resp.text
    try:
        # The filters keep unforced boots away from the disabled host...
        free = _boot(admin, 'unforced', 'nova')
        assert free['status'] == 'ACTIVE', free.get('fault')
        assert free['OS-EXT-SRV-ATTR:host'] != disabled
        _delete(admin, free)
        # ...a forced host skips them (upstream: ComputeFilter too).
        server = _boot(admin, 'forced', 'nova:%s' % disabled)
        assert server['status'] == 'ACTIVE', server.get('fault')
        assert server['OS-EXT-SRV-ATTR:host'] == disabled
        _delete(admin, server)
    finally:
        resp = admin.put('/os-services/enable', json={
            'host': disabled, 'binary': 'nova-compute'})
        assert resp.status_code == 200, resp.text
