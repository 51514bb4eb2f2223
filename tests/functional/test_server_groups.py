"""Server groups through the API on clouds of four fake hosts: anti-affinity
spreads servers and explains why a fifth finds no host, affinity keeps
them together, multi-create respects the policy, and quotas apply."""

import concurrent.futures

import pytest

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib

OWNER = 'alice:proj-groups'
HOSTS = 4


@pytest.fixture(scope='module', params=['sqlite-inproc',
                                        'postgresql-rabbit'])
def groups_cloud(request, tmp_path_factory):
    shape = {'sqlite-inproc': dict(database='sqlite'),
             'postgresql-rabbit': dict(database='postgresql', split=True)}
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('groups'),
                              simulated_hosts=HOSTS, **shape[request.param])
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def api(groups_cloud):
    return groups_cloud.api.as_user(OWNER)


def _group(api, policy, name='g'):
    resp = api.post('/os-server-groups', json={'server_group': {
        'name': name, 'policies': [policy]}})
    assert resp.status_code == 200, resp.text
    return resp.json()['server_group']['id']


def _post_boot(api, name, group_id, flavor='1', **extra):
    image = api.get('/images').json()['images'][0]['id']
    server = dict({'name': name, 'imageRef': image, 'flavorRef': flavor},
                  **extra)
    hints = {'group': group_id} if group_id else {}
    return api.post('/servers', json={
        'server': server, 'os:scheduler_hints': hints})


def _boot(api, name, group_id, flavor='1'):
    """The server once ACTIVE or ERROR."""
    resp = _post_boot(api, name, group_id, flavor=flavor)
    assert resp.status_code == 202, resp.text
    return api.wait_for_status(resp.json()['server']['id'],
                               ['ACTIVE', 'ERROR'])


def _host(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _members(api, group_id):
    resp = api.get('/os-server-groups/%s' % group_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server_group']['members']


def _delete_all(admin, server_ids):
    for server_id in server_ids:
        actions_helpers.delete(admin, server_id)


def test_anti_affinity_spreads_and_fifth_fails_readably(groups_cloud, api):
    admin = groups_cloud.api
    group_id = _group(api, 'anti-affinity')
    servers = [_boot(api, 'apart-%d' % i, group_id) for i in range(HOSTS)]
    assert [s['status'] for s in servers] == ['ACTIVE'] * HOSTS
    hosts = {_host(admin, s['id']) for s in servers}
    assert len(hosts) == HOSTS
    fifth = _boot(api, 'apart-extra', group_id)
    assert fifth['status'] == 'ERROR'
    assert 'ServerGroupAntiAffinityFilter removed %d' % HOSTS in \
        fifth['fault']['message'], fifth['fault']
    assert _host(admin, fifth['id']) is None
    everyone = [s['id'] for s in servers + [fifth]]
    assert sorted(_members(api, group_id)) == sorted(everyone)
    # Deleted servers leave the group, and their hosts take new members.
    _delete_all(admin, [servers[0]['id'], fifth['id']])
    assert sorted(_members(api, group_id)) == sorted(
        s['id'] for s in servers[1:])
    again = _boot(api, 'apart-again', group_id)
    assert again['status'] == 'ACTIVE', again.get('fault')
    assert _host(admin, again['id']) == _host_of_deleted(hosts, admin,
                                                         servers[1:])
    _delete_all(admin, [s['id'] for s in servers[1:]] + [again['id']])
    assert _members(api, group_id) == []


def _host_of_deleted(hosts, admin, remaining):
    (free,) = hosts - {_host(admin, s['id']) for s in remaining}
    return free


def test_affinity_keeps_servers_on_one_host(groups_cloud, api):
    admin = groups_cloud.api
    group_id = _group(api, 'affinity')
    servers = [_boot(api, 'together-%d' % i, group_id) for i in range(3)]
    assert [s['status'] for s in servers] == ['ACTIVE'] * 3
    assert len({_host(admin, s['id']) for s in servers}) == 1
    _delete_all(admin, [s['id'] for s in servers])


def test_multi_create_into_anti_affinity(groups_cloud, api):
    admin = groups_cloud.api
    group_id = _group(api, 'anti-affinity')
    resp = _post_boot(api, 'multi', group_id, min_count=3, max_count=3,
                      return_reservation_id=True)
    assert resp.status_code == 202, resp.text
    reservation = resp.json()['reservation_id']
    servers = api.get('/servers?reservation_id=%s' % reservation).json()[
        'servers']
    assert len(servers) == 3
    for server in servers:
        active = api.wait_for_status(server['id'], ['ACTIVE', 'ERROR'])
        assert active['status'] == 'ACTIVE', active.get('fault')
    assert len({_host(admin, s['id']) for s in servers}) == 3
    assert sorted(_members(api, group_id)) == sorted(
        s['id'] for s in servers)
    _delete_all(admin, [s['id'] for s in servers])


def test_delete_group_keeps_its_servers(groups_cloud, api):
    group_id = _group(api, 'affinity')
    server = _boot(api, 'grouped', group_id)
    assert server['status'] == 'ACTIVE', server.get('fault')
    resp = api.delete('/os-server-groups/%s' % group_id)
    assert resp.status_code == 204, resp.text
    assert api.get('/os-server-groups/%s' % group_id).status_code == 404
    assert group_id not in [g['id'] for g in api.get(
        '/os-server-groups').json()['server_groups']]
    assert api.get('/servers/%s' % server['id']).json()['server'][
        'status'] == 'ACTIVE'
    # Its id is no longer a valid hint.
    resp = _post_boot(api, 'late', group_id)
    assert resp.status_code == 400, resp.text
    assert group_id in resp.json()['badRequest']['message']
    _delete_all(groups_cloud.api, [server['id']])


def test_group_and_member_quotas(groups_cloud):
    admin = groups_cloud.api
    quota_user = admin.as_user('carol:proj-quota')
    resp = admin.put('/os-quota-sets/proj-quota', json={'quota_set': {
        'server_groups': 1, 'server_group_members': 2}})
    assert resp.status_code == 200, resp.text
    group_id = _group(quota_user, 'anti-affinity')
    resp = quota_user.post('/os-server-groups', json={'server_group': {
        'name': 'second', 'policies': ['affinity']}})
    assert resp.status_code == 403, resp.text
    assert 'server groups' in resp.json()['forbidden']['message']
    # Three servers cannot join a group limited to two members.
    resp = _post_boot(quota_user, 'crowd', group_id, min_count=3,
                      max_count=3)
    assert resp.status_code == 403, resp.text
    assert 'server_group_members' in resp.json()['forbidden']['message']
    assert _members(quota_user, group_id) == []
    assert quota_user.get('/servers').json()['servers'] == []
    first = _boot(quota_user, 'one', group_id)
    second = _boot(quota_user, 'two', group_id)
    resp = _post_boot(quota_user, 'three', group_id)
    assert resp.status_code == 403, resp.text
    _delete_all(admin, [first['id'], second['id']])


def test_unknown_or_foreign_group_hint_is_400(groups_cloud, api):
    other = groups_cloud.api.as_user('bob:proj-other')
    foreign = _group(other, 'affinity')
    for group_id in (foreign, '9b1c4c7e-0000-4000-8000-000000000000'):
        resp = _post_boot(api, 'nowhere', group_id)
        assert resp.status_code == 400, resp.text
    assert api.get('/servers?name=nowhere').json()['servers'] == []


def test_concurrent_boots_never_share_a_host(groups_cloud, api):
    """Boots posted together race through scheduling with the same view of
    the group; the conductor's late check moves any that collided."""
    admin = groups_cloud.api
    group_id = _group(api, 'anti-affinity', name='race')
    with concurrent.futures.ThreadPoolExecutor(HOSTS) as pool:
        posted = list(pool.map(
            lambda i: _post_boot(api, 'race-%d' % i, group_id),
            range(HOSTS)))
    assert [r.status_code for r in posted] == [202] * HOSTS
    servers = [api.wait_for_status(r.json()['server']['id'],
                                   ['ACTIVE', 'ERROR']) for r in posted]
    active = [s for s in servers if s['status'] == 'ACTIVE']
    hosts = [_host(admin, s['id']) for s in active]
    assert len(hosts) == len(set(hosts)), hosts
    for server in servers:
        if server['status'] == 'ERROR':
            assert 'nti-affinity' in server['fault']['message'], server
    assert len(active) == HOSTS, [s.get('fault') for s in servers]
    _delete_all(admin, [s['id'] for s in servers])


def test_migrated_member_keeps_away_from_the_group(groups_cloud, api):
    """Four hosts, three servers apart: a cold migration has exactly one
    host left, the one no member is on, though it has the least free RAM
    (the RAM weigher alone would pick another)."""
    admin = groups_cloud.api
    group_id = _group(api, 'anti-affinity', name='moving')
    servers = [_boot(api, 'mover-%d' % i, group_id) for i in range(3)]
    assert [s['status'] for s in servers] == ['ACTIVE'] * 3
    hosts = {s['id']: _host(admin, s['id']) for s in servers}
    everywhere = {s['host'] for s in admin.get(
        '/os-services?binary=nova-compute').json()['services']}
    (free,) = everywhere - set(hosts.values())
    # A bigger server outside the group lands on the emptiest host.
    filler = _boot(api, 'filler', None, flavor='2')
    assert _host(admin, filler['id']) == free
    moving = servers[0]['id']
    actions_helpers.accepted(admin, moving, {'migrate': None})
    moved = actions_helpers.settled(admin, moving, 'VERIFY_RESIZE')
    assert moved['OS-EXT-SRV-ATTR:host'] == free
    actions_helpers.accepted(api, moving, {'confirmResize': None})
    actions_helpers.settled(admin, moving, 'ACTIVE')
    _delete_all(admin, list(hosts) + [filler['id']])
