"""Microversions 2.73 to 2.87 over HTTP, each at its version and the one
before, on one all-in-one cloud of this module (two simulated hosts)."""

import json
import os
import time

import pytest
import requests

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import seeded_image
from tests.functional.actions_helpers import settled
from tests.functional import cloud as cloud_lib
from tests.functional import volume_helpers as vh
from tests.functional.microversion_helpers import booted as _booted
from tests.functional.microversion_helpers import clients as _clients
from tests.functional.microversion_helpers import message as _message

OWNER = 'alice:proj-mv-273'
OTHER = 'bob:proj-mv-273'
ADMIN = 'admin:admin'
# A well-formed uuid nothing has.
OWNER_UUID = '6b1e1d2c-8f0e-4c1b-9a51-0d6c0f7e2a73'


@pytest.fixture(scope='module')
def mv(tmp_path_factory):
    workdir = tmp_path_factory.mktemp('mv273')
    running = cloud_lib.Cloud(
        workdir, simulated_hosts=2,
        options={'fake_driver.fail_spawn_for_names': 'mv284-fail'})
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _server(api, server_id):
    resp = api.get('/servers/%s' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['server']


def _ids(api, query):
    resp = api.get('/servers/detail' + query)
    assert resp.status_code == 200, resp.text
    return {s['id'] for s in resp.json()['servers']}


def _wait(predicate, what, timeout=30):
    return cloud_lib.wait_for(predicate, timeout, 0.1, what)


# 2.73 lock reason and the locked filter -----------------------------------

def test_2_73_locked_reason(mv):
    old, new = _clients(mv, '2.73', OWNER)
    locked_id = _booted(new, 'mv273-locked')
    free_id = _booted(new, 'mv273-free')
    body = {'lock': {'locked_reason': 'maintenance window'}}
    assert act(old, locked_id, body).status_code == 400
    assert 'locked_reason' not in _server(old, free_id)
    assert _server(new, free_id)['locked_reason'] is None
    for bad in ('', 'x' * 256):
        resp = act(new, locked_id, {'lock': {'locked_reason': bad}})
        assert resp.status_code == 400, resp.text
    assert act(new, locked_id, body).status_code == 202
    shown = _server(new, locked_id)
    assert (shown['locked'], shown['locked_reason']) == (
        True, 'maintenance window')
    listed = {s['id']: s for s in new.get(
        '/servers/detail').json()['servers']}
    assert listed[locked_id]['locked_reason'] == 'maintenance window'
    assert listed[free_id]['locked_reason'] is None
    resp = new.put('/servers/%s' % locked_id,
                   json={'server': {'name': 'mv273-renamed'}})
    assert resp.json()['server']['locked_reason'] == 'maintenance window'

    # The locked filter, from 2.73 only (ignored before it).
    assert _ids(new, '?locked=true') >= {locked_id}
    assert locked_id not in _ids(new, '?locked=false')
    assert free_id in _ids(new, '?locked=false')
    assert free_id in _ids(old, '?locked=true')
    assert new.get('/servers?locked=maybe').status_code == 400
    names = [s['id'] for s in new.get('/servers?locked=1').json()['servers']]
    assert names == [locked_id]

    # The reason goes at unlock; a lock without one shows null.
    assert act(new, locked_id, {'unlock': None}).status_code == 202
    assert _server(new, locked_id)['locked_reason'] is None
    assert act(new, locked_id, {'lock': None}).status_code == 202
    shown = _server(new, locked_id)
    assert shown['locked'] and shown['locked_reason'] is None
    assert act(new, locked_id, {'unlock': None}).status_code == 202
    for server_id in (locked_id, free_id):
        delete(new, server_id)


# 2.74 host and hypervisor_hostname at create ------------------------------

def _compute_hosts(admin):
    return sorted(s['host'] for s in admin.get(
        '/os-services?binary=nova-compute').json()['services'])


def _host_of(admin, server_id):
    shown = _server(admin, server_id)
    return (shown['OS-EXT-SRV-ATTR:host'],
            shown['OS-EXT-SRV-ATTR:hypervisor_hostname'])


def _node_of_host(admin, host):
    hypervisors = admin.get('/os-hypervisors/detail').json()['hypervisors']
    return next(h['hypervisor_hostname'] for h in hypervisors
                if h['service']['host'] == host)


def _create_body(api, name, **server):
    return {'server': dict({'name': name, 'imageRef': seeded_image(api),
                            'flavorRef': '1', 'networks': 'none'},
                           **server)}


def test_2_74_requested_destination(mv):
    old, new = _clients(mv, '2.74')
    hosts = _compute_hosts(new)
    assert len(hosts) == 2
    for host in hosts:
        node = _node_of_host(new, host)
        server_id = _booted(new, 'mv274-%s' % host, host=host)
        assert _host_of(new, server_id)[0] == host
        delete(new, server_id)
        server_id = _booted(new, 'mv274-node', hypervisor_hostname=node)
        assert _host_of(new, server_id) == (host, node)
        delete(new, server_id)

    resp = old.post('/servers', json=_create_body(old, 'mv274-old',
                                                  host=hosts[0]))
    assert resp.status_code == 400, resp.text
    user = mv.api.as_user(OWNER, '2.74')
    resp = user.post('/servers', json=_create_body(user, 'mv274-user',
                                                   host=hosts[0]))
    assert resp.status_code == 403, resp.text
    for wrong in ({'host': 'no-such-host'},
                  {'hypervisor_hostname': 'no-such-node'},
                  {'host': hosts[0],
                   'hypervisor_hostname': _node_of_host(new, hosts[1])}):
        resp = new.post('/servers', json=_create_body(new, 'mv274-x',
                                                      **wrong))
        assert 'could not be found' in _message(resp, 400), wrong
    resp = new.post('/servers', json=_create_body(new, 'mv274-x',
                                                  host='bad host!'))
    assert resp.status_code == 400, resp.text

    # Unlike a forced host, the filters still run: a disabled host
    # cannot take it.
    body = {'host': hosts[0], 'binary': 'nova-compute'}
    v21 = mv.api.as_user(ADMIN, '2.1')
    assert v21.put('/os-services/disable', json=body).status_code == 200
    try:
        resp = new.post('/servers', json=_create_body(new, 'mv274-off',
                                                      host=hosts[0]))
        assert resp.status_code == 202, resp.text
        server_id = resp.json()['server']['id']
        server = new.wait_for_status(server_id, ['ERROR', 'ACTIVE'])
        assert server['status'] == 'ERROR'
        assert 'fault' in server
    finally:
        assert v21.put('/os-services/enable', json=body).status_code == 200
    delete(new, server_id)


# 2.75 strict list queries, full views from update and rebuild ------------

def test_2_75_strict_queries_and_full_views(mv):
    old, new = _clients(mv, '2.75')
    server_id = _booted(new, 'mv275')
    for path in ('/servers', '/servers/detail'):
        assert old.get(path + '?foo=bar').status_code == 200
        resp = new.get(path + '?foo=bar')
        assert 'foo' in _message(resp, 400)
        for known in ('?name=mv275', '?vm_state=active', '?locked=false',
                      '?node=x', '?power_state=1'):
            assert new.get(path + known).status_code == 200, known

    changed = {'server': {'name': 'mv275-renamed'}}
    resp = old.put('/servers/%s' % server_id, json=changed)
    assert resp.status_code == 200, resp.text
    assert 'OS-EXT-STS:power_state' not in resp.json()['server']
    assert 'OS-EXT-SRV-ATTR:host' not in resp.json()['server']
    resp = new.put('/servers/%s' % server_id, json=changed)
    assert resp.status_code == 200, resp.text
    updated = resp.json()['server']
    shown = _server(new, server_id)
    assert set(updated) == set(shown)
    for key in ('OS-EXT-STS:power_state', 'OS-EXT-SRV-ATTR:host',
                'OS-EXT-AZ:availability_zone', 'host_status', 'key_name',
                'OS-SRV-USG:launched_at'):
        assert updated[key] == shown[key], key

    rebuild = {'rebuild': {'imageRef': seeded_image(new)}}
    resp = act(new, server_id, rebuild)
    assert resp.status_code == 202, resp.text
    rebuilt = resp.json()['server']
    assert rebuilt['OS-EXT-STS:task_state'] == 'rebuilding'
    # All of show's fields but the administrators' user_data attribute
    # (rebuild's own user_data key, 2.57, stands for it), as upstream.
    assert set(shown) - {'OS-EXT-SRV-ATTR:user_data'} <= set(rebuilt)
    assert 'OS-EXT-SRV-ATTR:user_data' not in rebuilt
    settled(new, server_id, 'ACTIVE')
    resp = act(old, server_id, rebuild)
    assert 'OS-EXT-STS:vm_state' not in resp.json()['server']
    settled(new, server_id, 'ACTIVE')

    # Flavors: no swap is 0 (was "").
    assert old.get('/flavors/1').json()['flavor']['swap'] == ''
    assert new.get('/flavors/1').json()['flavor']['swap'] == 0

    # with_servers lists even an empty servers list.
    query = '/os-hypervisors/detail?with_servers=true'
    with_servers = [h for h in new.get(query).json()['hypervisors']]
    assert all('servers' in h for h in with_servers)
    assert [] in [h['servers'] for h in with_servers]
    assert not all('servers' in h
                   for h in old.get(query).json()['hypervisors'])
    delete(new, server_id)


# 2.76 power-update external event -----------------------------------------

def _events(api, *events):
    return api.post('/os-server-external-events',
                    json={'events': list(events)})


def test_2_76_power_update(mv):
    old, new = _clients(mv, '2.76')
    user = mv.api.as_user(OWNER, '2.76')
    server_id = _booted(user, 'mv276')
    off = {'name': 'power-update', 'server_uuid': server_id,
           'tag': 'POWER_OFF'}
    assert _events(old, off).status_code == 400
    resp = _events(new, off)
    assert resp.status_code == 200, resp.text
    assert resp.json()['events'][0]['code'] == 200
    server = settled(user, server_id, 'SHUTOFF')
    assert server['OS-EXT-STS:power_state'] == 4
    actions = user.get('/servers/%s/os-instance-actions'
                       % server_id).json()['instanceActions']
    assert actions[0]['action'] == 'stop'

    # Already off: nothing happens. A bad or missing tag fails the event.
    resp = _events(new, off, dict(off, tag='SLEEP'),
                   {'name': 'power-update', 'server_uuid': server_id})
    assert resp.status_code == 207, resp.text
    assert [e['code'] for e in resp.json()['events']] == [200, 400, 400]
    resp = _events(new, dict(off, tag='POWER_ON'))
    assert resp.status_code == 200, resp.text
    server = settled(user, server_id, 'ACTIVE')
    assert server['OS-EXT-STS:power_state'] == 1
    actions = user.get('/servers/%s/os-instance-actions'
                       % server_id).json()['instanceActions']
    assert [a['action'] for a in actions[:2]] == ['start', 'stop']
    # The guest itself follows: a later stop and start work as usual.
    assert act(user, server_id, {'os-stop': None}).status_code == 202
    settled(user, server_id, 'SHUTOFF')
    delete(user, server_id)


# 2.77 unshelve to an availability zone ------------------------------------

def _aggregate(admin, name, zone, host):
    resp = admin.post('/os-aggregates', json={'aggregate': {
        'name': name, 'availability_zone': zone}})
    assert resp.status_code == 200, resp.text
    agg_id = resp.json()['aggregate']['id']
    resp = admin.post('/os-aggregates/%s/action' % agg_id,
                      json={'add_host': {'host': host}})
    assert resp.status_code == 200, resp.text
    return agg_id


def _drop_aggregate(admin, agg_id, host):
    admin.post('/os-aggregates/%s/action' % agg_id,
               json={'remove_host': {'host': host}})
    assert admin.delete('/os-aggregates/%s' % agg_id).status_code == 200


def test_2_77_unshelve_to_zone(mv):
    old, new = _clients(mv, '2.77', OWNER)
    admin = mv.api.as_user(ADMIN, '2.77')
    hosts = _compute_hosts(admin)
    agg_id = _aggregate(admin, 'mv277', 'mv277-zone', hosts[1])
    try:
        server_id = _booted(new, 'mv277')
        body = {'unshelve': {'availability_zone': 'mv277-zone'}}
        # Not offloaded: the zone is refused.
        assert 'shelved_offloaded' in _message(act(new, server_id, body),
                                               409)
        assert act(new, server_id, {'shelve': None}).status_code == 202
        settled(new, server_id, 'SHELVED_OFFLOADED')
        assert act(old, server_id, body).status_code == 400
        resp = act(new, server_id,
                   {'unshelve': {'availability_zone': 'no-such-zone'}})
        assert 'availability zone' in _message(resp, 400)
        assert act(new, server_id, body).status_code == 202
        server = settled(new, server_id, 'ACTIVE')
        assert server['OS-EXT-AZ:availability_zone'] == 'mv277-zone'
        assert _host_of(admin, server_id)[0] == hosts[1]
        # A plain unshelve still works at 2.77.
        assert act(new, server_id, {'shelve': None}).status_code == 202
        settled(new, server_id, 'SHELVED_OFFLOADED')
        assert act(new, server_id, {'unshelve': None}).status_code == 202
        settled(new, server_id, 'ACTIVE')
        assert _host_of(admin, server_id)[0] == hosts[1]
        delete(new, server_id)
    finally:
        _drop_aggregate(admin, agg_id, hosts[1])


# 2.78 server topology -------------------------------------------------------

def test_2_78_topology(mv):
    old, new = _clients(mv, '2.78', OWNER)
    server_id = _booted(new, 'mv278')
    path = '/servers/%s/topology' % server_id
    assert old.get(path).status_code == 404
    resp = new.get(path)
    assert resp.status_code == 200, resp.text
    # No NUMA placement here: upstream's answer for such a server.
    assert resp.json() == {'nodes': [], 'pagesize_kb': None}
    assert mv.api.as_user(ADMIN, '2.78').get(path).status_code == 200
    other = mv.api.as_user(OTHER.replace('proj-mv-273', 'proj-x'), '2.78')
    assert other.get(path).status_code == 404
    assert new.get('/servers/%s/topology' % OTHER).status_code == 404
    delete(new, server_id)


# 2.79 delete_on_termination at attach, 2.85 changing it ------------------

def _attachments(api, server_id):
    resp = api.get('/servers/%s/os-volume_attachments' % server_id)
    assert resp.status_code == 200, resp.text
    return {a['volumeId']: a for a in resp.json()['volumeAttachments']}


def _two_attached(mv, name):
    """(client at 2.79, volumes client, server id, {'kept', 'gone'}): a
    server with a volume of each delete_on_termination."""
    old, new = _clients(mv, '2.79', OWNER)
    volumes = mv.api.as_user(OWNER, '2.1')
    vh.wait_volume_service(mv.api)
    server_id = _booted(new, name)
    kept = vh.create_volume(volumes, name + '-kept')
    gone = vh.create_volume(volumes, name + '-gone')
    resp = vh.attach(old, server_id, kept['id'], delete_on_termination=True)
    assert resp.status_code == 400, resp.text
    resp = vh.attach(old, server_id, kept['id'])
    assert resp.status_code == 200, resp.text
    assert 'delete_on_termination' not in resp.json()['volumeAttachment']
    vh.wait_volume(volumes, kept['id'], 'in-use')
    resp = vh.attach(new, server_id, gone['id'], delete_on_termination=True)
    assert resp.status_code == 200, resp.text
    assert resp.json()['volumeAttachment']['delete_on_termination'] is True
    vh.wait_volume(volumes, gone['id'], 'in-use')
    listed = _attachments(new, server_id)
    assert listed[kept['id']]['delete_on_termination'] is False
    assert listed[gone['id']]['delete_on_termination'] is True
    assert all('delete_on_termination' not in a
               for a in _attachments(old, server_id).values())
    shown = new.get('/servers/%s/os-volume_attachments/%s'
                    % (server_id, gone['id'])).json()['volumeAttachment']
    assert shown['delete_on_termination'] is True
    return new, volumes, server_id, kept, gone


def test_2_79_delete_on_termination(mv):
    new, volumes, server_id, kept, gone = _two_attached(mv, 'mv279')
    delete(new, server_id)
    vh.wait_volume(volumes, gone['id'], 'deleted')
    assert vh.wait_volume(volumes, kept['id'], 'available')
    assert volumes.delete('/os-volumes/%s' % kept['id']).status_code == 202


def test_2_85_update_delete_on_termination(mv):
    before_85, at_85 = _clients(mv, '2.85', OWNER)
    new, volumes, server_id, kept, gone = _two_attached(mv, 'mv285')

    # 2.85: the owner flips it with the same volumeId (no swap).
    path = '/servers/%s/os-volume_attachments/%s' % (server_id, kept['id'])
    flip = {'volumeAttachment': {'volumeId': kept['id'],
                                 'delete_on_termination': True}}
    assert before_85.put(path, json=flip).status_code == 400
    resp = at_85.put(path, json=flip)
    assert resp.status_code == 202, resp.text
    assert _attachments(at_85, server_id)[kept['id']][
        'delete_on_termination'] is True
    unflip = {'volumeAttachment': {'volumeId': gone['id'],
                                   'delete_on_termination': False}}
    gone_path = path.replace(kept['id'], gone['id'])
    assert at_85.put(gone_path, json=unflip).status_code == 202
    # Another volumeId is a swap: administrators only.
    swap = {'volumeAttachment': {'volumeId': gone['id']}}
    assert at_85.put(path, json=swap).status_code == 403
    missing = path.replace(kept['id'], server_id)
    resp = at_85.put(missing, json={'volumeAttachment': {
        'volumeId': server_id, 'delete_on_termination': True}})
    assert resp.status_code == 404, resp.text

    # Deleting the server deletes 'kept' (now true) and keeps 'gone'.
    delete(new, server_id)
    vh.wait_volume(volumes, kept['id'], 'deleted')
    assert vh.wait_volume(volumes, gone['id'], 'available')
    assert volumes.delete('/os-volumes/%s' % gone['id']).status_code == 202


# 2.80 migrations by user and project --------------------------------------

def test_2_80_migration_owner(mv):
    old, new = _clients(mv, '2.80')
    user = mv.api.as_user(OWNER, '2.80')
    server_id = _booted(user, 'mv280')
    # The owner resizes, then an administrator migrates it.
    for api, body in ((user, {'resize': {'flavorRef': '2'}}),
                      (new, {'migrate': None})):
        assert act(api, server_id, body).status_code == 202
        settled(api, server_id, 'VERIFY_RESIZE')
        assert act(api, server_id, {'confirmResize': None}).status_code \
            == 204
        settled(api, server_id, 'ACTIVE')
    mine = '/os-migrations?instance_uuid=%s' % server_id
    migrated, resized = new.get(mine).json()['migrations']
    assert (resized['user_id'], resized['project_id']) == (
        'alice', OWNER.split(':')[1])
    assert (migrated['user_id'], migrated['project_id']) == (
        'admin', 'admin')
    for listed in old.get(mine).json()['migrations']:
        assert 'user_id' not in listed and 'project_id' not in listed
    assert new.get(mine + '&project_id=%s' % OWNER.split(':')[1]).json()[
        'migrations'] == [resized]
    assert new.get(mine + '&user_id=admin').json()['migrations'] == [
        migrated]
    assert new.get(mine + '&user_id=bob').json()['migrations'] == []
    assert old.get(mine + '&user_id=alice').status_code == 400
    shown = new.get('/servers/%s/migrations' % server_id)
    assert shown.status_code == 200, shown.text
    delete(user, server_id)


# 2.81 aggregate image cache -------------------------------------------------

def _cached(cloud, host):
    path = os.path.join(cloud.state_path, 'fake-hypervisor-image-cache',
                        '%s.json' % host)
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


def test_2_81_aggregate_image_cache(mv):
    old, new = _clients(mv, '2.81')
    hosts = _compute_hosts(new)
    resp = new.post('/os-aggregates', json={'aggregate': {'name': 'mv281'}})
    agg_id = resp.json()['aggregate']['id']
    assert new.post('/os-aggregates/%s/action' % agg_id, json={
        'add_host': {'host': hosts[0]}}).status_code == 200
    image_id = seeded_image(new)
    path = '/os-aggregates/%s/images' % agg_id
    body = {'cache': [{'id': image_id}]}
    try:
        assert old.post(path, json=body).status_code == 404
        user = mv.api.as_user(OWNER, '2.81')
        assert user.post(path, json=body).status_code == 403
        for bad in ({'cache': []}, {'cache': [{'id': 'not-a-uuid'}]},
                    {'cache': [{'id': image_id}, {'id': image_id}]},
                    {'images': [{'id': image_id}]}):
            assert new.post(path, json=bad).status_code == 400, bad
        resp = new.post(path, json={'cache': [{'id': OWNER_UUID}]})
        assert 'could not be found' in _message(resp, 400)
        resp = new.post('/os-aggregates/999999/images', json=body)
        assert resp.status_code == 404, resp.text

        resp = new.post(path, json=body)
        assert resp.status_code == 202, resp.text
        assert resp.content == b''
        assert _wait(lambda: _cached(mv, hosts[0]) == [image_id],
                     'the image cached on %s' % hosts[0])
        # Only the aggregate's hosts fetch it; asking again is harmless.
        assert new.post(path, json=body).status_code == 202
        time.sleep(0.5)
        assert _cached(mv, hosts[0]) == [image_id]
        assert _cached(mv, hosts[1]) == []
    finally:
        new.post('/os-aggregates/%s/action' % agg_id,
                 json={'remove_host': {'host': hosts[0]}})
        new.delete('/os-aggregates/%s' % agg_id)


# 2.82 accelerator-request-bound event --------------------------------------

def test_2_82_accelerator_request_bound(mv):
    old, new = _clients(mv, '2.82')
    server_id = _booted(new, 'mv282')
    event = {'name': 'accelerator-request-bound', 'server_uuid': server_id,
             'tag': OWNER_UUID}
    assert _events(old, event).status_code == 400
    resp = _events(new, event)
    assert resp.status_code == 200, resp.text
    assert resp.json()['events'] == [dict(event, status='completed',
                                          code=200)]
    untagged = {'name': 'accelerator-request-bound',
                'server_uuid': server_id}
    resp = _events(new, untagged, event)
    assert resp.status_code == 207, resp.text
    assert [e['code'] for e in resp.json()['events']] == [400, 200]
    delete(new, server_id)


# 2.83 more list filters for everyone ---------------------------------------

def test_2_83_owner_filters(mv):
    old, new = _clients(mv, '2.83', OWNER)
    keyed = new.post('/os-keypairs', json={'keypair': {'name': 'mv283'}})
    assert keyed.status_code in (200, 201), keyed.text
    with_key = _booted(new, 'mv283-key', key_name='mv283')
    plain = _booted(new, 'mv283-plain')
    assert act(new, plain, {'os-stop': None}).status_code == 202
    settled(new, plain, 'SHUTOFF')
    created = _server(new, with_key)['created'][:10]
    mine = {with_key, plain}

    def found(api, query):
        return _ids(api, query) & mine

    # Before 2.83 non-administrators' filters are ignored.
    assert found(old, '?key_name=mv283') == mine
    assert found(new, '?key_name=mv283') == {with_key}
    assert found(new, '?power_state=4') == {plain}
    assert found(new, '?vm_state=stopped') == {plain}
    assert found(new, '?vm_state=active&vm_state=stopped') == mine
    assert found(new, '?task_state=deleting') == set()
    assert found(new, '?progress=0') <= mine
    assert found(new, '?config_drive=false') == mine
    assert found(new, '?config_drive=true') == set()
    assert found(new, '?user_id=alice') == mine
    assert found(new, '?user_id=bob') == set()
    assert found(new, '?created_at=%s' % created) == mine
    assert found(new, '?created_at=1999-01-01') == set()
    assert found(new, '?launched_at=%s' % created) == mine
    assert found(new, '?terminated_at=%s' % created) == set()
    zone = _server(new, plain)['OS-EXT-AZ:availability_zone']
    assert found(new, '?availability_zone=no-such-zone') == set()
    assert zone
    for bad in ('?power_state=on', '?progress=x', '?config_drive=maybe'):
        assert new.get('/servers' + bad).status_code == 400, bad
    # Still only the caller's own project.
    other = mv.api.as_user('eve:proj-mv-283-other', '2.83')
    assert _ids(other, '?key_name=mv283') == set()
    # Administrators could always use them.
    admin_old = mv.api.as_user(ADMIN, '2.82')
    assert _ids(admin_old, '?all_tenants=1&power_state=4') & mine == {
        plain}
    for server_id in mine:
        delete(new, server_id)


# 2.84 event details ---------------------------------------------------------

def test_2_84_event_details(mv):
    old, new = _clients(mv, '2.84', OWNER)
    resp = new.post('/servers', json=_create_body(new, 'mv284-fail'))
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    assert new.wait_for_status(server_id, ['ERROR', 'ACTIVE'])[
        'status'] == 'ERROR'
    path = '/servers/%s/os-instance-actions' % server_id
    request_id = new.get(path).json()['instanceActions'][-1]['request_id']
    events = new.get('%s/%s' % (path, request_id)).json()[
        'instanceAction']['events']
    failed = [e for e in events if e['result'] == 'Error']
    assert failed and all('details' in e for e in events)
    assert any('Simulated spawn failure' in (e['details'] or '')
               for e in failed), failed
    assert all(e['details'] is None for e in events
               if e['result'] == 'Success')
    assert 'traceback' not in failed[0]
    assert all('details' not in e for e in old.get(
        '%s/%s' % (path, request_id)).json()['instanceAction']['events'])
    delete(new, server_id)


# 2.86 flavor extra spec validation -----------------------------------------

def test_2_86_extra_spec_validation(mv):
    old, new = _clients(mv, '2.86')
    resp = new.post('/flavors', json={'flavor': {
        'name': 'mv286', 'ram': 64, 'vcpus': 2, 'disk': 1}})
    assert resp.status_code == 200, resp.text
    flavor_id = resp.json()['flavor']['id']
    path = '/flavors/%s/os-extra_specs' % flavor_id
    good = {'hw:numa_nodes': '2', 'hw:cpu_policy': 'dedicated',
            'resources1:VCPU': '1', 'trait:HW_CPU_X86_AVX2': 'required',
            'aggregate_instance_extra_specs:ssd': 'true',
            'hide_hypervisor_id': 'true', 'my_filter:anything': 'x',
            'plain': 'y'}
    resp = new.post(path, json={'extra_specs': good})
    assert resp.status_code == 200, resp.text
    bad = [('hw:numa_nodes', '0'), ('hw:numa_nodes', 'two'),
           ('hw:no_such_thing', '1'), ('hw:cpu_policy', 'greedy'),
           ('trait:HW_CPU_X86_AVX2', 'wanted'), ('quota:cpu_quota', '-1'),
           ('resources:VCPU', 'many'), ('hide_hypervisor_id', 'maybe')]
    for key, value in bad:
        resp = new.post(path, json={'extra_specs': {key: value}})
        assert key in _message(resp, 400), (key, value)
        resp = new.put('%s/%s' % (path, key), json={key: value})
        assert resp.status_code == 400, (key, value)
        # 2.85 took anything.
        resp = old.post(path, json={'extra_specs': {key: value}})
        assert resp.status_code == 200, (key, value)
    resp = new.put('%s/hw:numa_nodes' % path, json={'hw:numa_nodes': 1})
    assert resp.status_code == 200, resp.text
    assert new.delete('/flavors/%s' % flavor_id).status_code == 202


# 2.87 rescue of volume-backed servers --------------------------------------

def _rescue_image(cloud, **properties):
    headers = {'X-Auth-Token': ADMIN}
    resp = requests.post(cloud.image_endpoint + '/v2/images', json=dict(
        {'name': 'mv287-rescue', 'disk_format': 'qcow2',
         'container_format': 'bare', 'visibility': 'public'},
        **properties), headers=headers, timeout=30)
    assert resp.status_code == 201, resp.text
    image_id = resp.json()['id']
    resp = requests.put(
        '%s/v2/images/%s/file' % (cloud.image_endpoint, image_id),
        data=b'rescue disk', timeout=30, headers=dict(
            headers, **{'Content-Type': 'application/octet-stream'}))
    assert resp.status_code == 204, resp.text
    return image_id


def test_2_87_rescue_volume_backed(mv):
    old, new = _clients(mv, '2.87', OWNER)
    vh.wait_volume_service(mv.api)
    resp = new.post('/servers', json={'server': {
        'name': 'mv287', 'flavorRef': '1', 'networks': 'none',
        'block_device_mapping_v2': [{
            'source_type': 'image', 'destination_type': 'volume',
            'uuid': seeded_image(new), 'boot_index': 0, 'volume_size': 1,
            'delete_on_termination': True}]}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(new, server_id, 'ACTIVE')
    stable = _rescue_image(mv, hw_rescue_bus='virtio')
    plain = _rescue_image(mv)

    resp = act(old, server_id, {'rescue': {'rescue_image_ref': stable}})
    assert 'volume-backed' in _message(resp, 400)
    resp = act(new, server_id, {'rescue': None})
    assert 'hw_rescue' in _message(resp, 400)
    resp = act(new, server_id, {'rescue': {'rescue_image_ref': plain}})
    assert 'hw_rescue' in _message(resp, 400)
    resp = act(new, server_id, {'rescue': {'rescue_image_ref': stable}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['adminPass']
    settled(new, server_id, 'RESCUE')
    assert act(new, server_id, {'unrescue': None}).status_code == 202
    settled(new, server_id, 'ACTIVE')

    # An image-backed server rescues from its own image as before.
    image_backed = _booted(new, 'mv287-image')
    assert act(new, image_backed, {'rescue': None}).status_code == 200
    settled(new, image_backed, 'RESCUE')
    for made in (server_id, image_backed):
        delete(new, made)
    for image_id in (stable, plain):
        requests.delete('%s/v2/images/%s' % (mv.image_endpoint, image_id),
                        headers={'X-Auth-Token': ADMIN}, timeout=30)
