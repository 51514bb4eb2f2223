"""Server group microversions over HTTP: 2.13 shows a group's owner, 2.15
adds the soft policies, which the scheduler's soft weighers honour without
ever refusing a server (three fake hosts, soft weighers stronger than the
RAM weigher so they decide)."""

import pytest

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib

OWNER = 'alice:proj-mv-groups'
HOSTS = 3


@pytest.fixture(scope='module')
def soft_cloud(tmp_path_factory):
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('soft-groups'), simulated_hosts=HOSTS,
        options={
            'filter_scheduler.soft_affinity_weight_multiplier': 5.0,
            'filter_scheduler.soft_anti_affinity_weight_multiplier': 5.0})
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _create(api, policy, name='g'):
    return api.post('/os-server-groups', json={'server_group': {
        'name': name, 'policies': [policy]}})


def _boot(api, name, group_id):
    image = api.get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={
        'server': {'name': name, 'imageRef': image, 'flavorRef': '1'},
        'os:scheduler_hints': {'group': group_id}})
    assert resp.status_code == 202, resp.text
    server = api.wait_for_status(resp.json()['server']['id'],
                                 ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    return server['id']


def _hosts(admin, server_ids):
    return [admin.get('/servers/%s' % s).json()['server'][
        'OS-EXT-SRV-ATTR:host'] for s in server_ids]


def test_2_13_groups_show_their_owner(soft_cloud):
    old = soft_cloud.api.as_user(OWNER, '2.12')
    new = soft_cloud.api.as_user(OWNER, '2.13')
    resp = _create(old, 'affinity')
    assert resp.status_code == 200, resp.text
    group = resp.json()['server_group']
    assert 'user_id' not in group and 'project_id' not in group
    group_id = group['id']
    shown = old.get('/os-server-groups/%s' % group_id).json()['server_group']
    assert 'user_id' not in shown and 'project_id' not in shown

    created = _create(new, 'anti-affinity').json()['server_group']
    assert (created['user_id'], created['project_id']) == (
        'alice', 'proj-mv-groups')
    shown = new.get('/os-server-groups/%s' % group_id).json()['server_group']
    assert (shown['user_id'], shown['project_id']) == (
        'alice', 'proj-mv-groups')
    listed = new.get('/os-server-groups').json()['server_groups']
    assert {(g['id'], g['user_id'], g['project_id']) for g in listed} == {
        (group_id, 'alice', 'proj-mv-groups'),
        (created['id'], 'alice', 'proj-mv-groups')}
    for gid in (group_id, created['id']):
        assert new.delete('/os-server-groups/%s' % gid).status_code == 204


@pytest.mark.parametrize('policy', ['soft-affinity', 'soft-anti-affinity'])
def test_2_15_soft_policies_need_2_15(soft_cloud, policy):
    resp = _create(soft_cloud.api.as_user(OWNER, '2.14'), policy)
    assert resp.status_code == 400, resp.text
    assert 'badRequest' in resp.json()
    resp = _create(soft_cloud.api.as_user(OWNER, '2.15'), policy)
    assert resp.status_code == 200, resp.text
    group = resp.json()['server_group']
    assert group['policies'] == [policy]
    assert soft_cloud.api.as_user(OWNER, '2.15').delete(
        '/os-server-groups/%s' % group['id']).status_code == 204


def test_2_15_soft_affinity_keeps_servers_together(soft_cloud):
    api = soft_cloud.api.as_user(OWNER, '2.15')
    group_id = _create(api, 'soft-affinity').json()['server_group']['id']
    servers = [_boot(api, 'near-%d' % i, group_id) for i in range(3)]
    assert len(set(_hosts(soft_cloud.api, servers))) == 1
    for server_id in servers:
        actions_helpers.delete(api, server_id)


def test_2_15_soft_anti_affinity_spreads_but_never_refuses(soft_cloud):
    api = soft_cloud.api.as_user(OWNER, '2.15')
    group_id = _create(api, 'soft-anti-affinity').json()[
        'server_group']['id']
    servers = [_boot(api, 'apart-%d' % i, group_id) for i in range(HOSTS)]
    assert len(set(_hosts(soft_cloud.api, servers))) == HOSTS
    # A hard anti-affinity group would fail this one (no host left).
    servers.append(_boot(api, 'apart-extra', group_id))
    members = api.get('/os-server-groups/%s' % group_id).json()[
        'server_group']['members']
    assert sorted(members) == sorted(servers)
    for server_id in servers:
        actions_helpers.delete(api, server_id)
