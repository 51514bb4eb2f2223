"""Microversions 2.53 to 2.60 over HTTP, each at its version and the one
before. Tests of API shape run on the all-in-one (`aio`); the ones that
store or move something (2.53, 2.56, 2.58, 2.59, 2.60) run on every
deployment shape (`cloud`), sharing the session's clouds."""

import base64
import os
import subprocess
import time

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled
from tests.functional import cloud as cloud_lib
from tests.functional import volume_helpers as vh
from tests.functional.microversion_helpers import clients as _clients
from tests.functional.microversion_helpers import message as _message

OWNER = 'alice:proj-mv-253'
ADMIN = 'admin:admin'


def _image(api):
    """The seeded public image (the images proxy answers up to 2.35
    only; the shared clouds hold other tests' images too)."""
    images = api.as_user(ADMIN, '2.1').get('/images').json()['images']
    return next(i['id'] for i in images if i['name'] == 'cirros')


def _booted(api, name, **server):
    """A new ACTIVE server created at api's version."""
    # From 2.37 networks is required: none keeps these servers cheap.
    resp = api.post('/servers', json={'server': dict(
        {'name': name, 'imageRef': _image(api), 'flavorRef': '1',
         'networks': 'none'}, **server)})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(api, server_id, 'ACTIVE')
    return server_id


# 2.55 flavor description ---------------------------------------------------

def _flavor_body(name, **extra):
    return {'flavor': dict({'name': name, 'ram': 64, 'vcpus': 1,
                            'disk': 1}, **extra)}


def test_2_55_flavor_description(aio):
    old, new = _clients(aio, '2.55')
    resp = old.post('/flavors', json=_flavor_body('mv255-old',
                                                  description='no'))
    assert resp.status_code == 400, resp.text
    resp = old.post('/flavors', json=_flavor_body('mv255-old'))
    assert resp.status_code == 200, resp.text
    old_id = resp.json()['flavor']['id']
    assert 'description' not in resp.json()['flavor']

    resp = new.post('/flavors', json=_flavor_body(
        'mv255-new', description='small\tand cheap'))
    assert _message(resp, 400)  # control characters are refused
    resp = new.post('/flavors', json=_flavor_body(
        'mv255-new', description='small and cheap'))
    assert resp.status_code == 200, resp.text
    flavor = resp.json()['flavor']
    assert flavor['description'] == 'small and cheap'
    flavor_id = flavor['id']

    listed = {f['id']: f for f in new.get('/flavors').json()['flavors']}
    assert listed[flavor_id]['description'] == 'small and cheap'
    assert listed[old_id]['description'] is None
    detail = {f['id']: f
              for f in new.get('/flavors/detail').json()['flavors']}
    assert detail[flavor_id]['description'] == 'small and cheap'
    assert detail[flavor_id]['ram'] == 64
    for flavor in old.get('/flavors/detail').json()['flavors']:
        assert 'description' not in flavor
    assert 'description' not in old.get(
        '/flavors/%s' % flavor_id).json()['flavor']

    # PUT: only the description, at 2.55, by administrators.
    path = '/flavors/%s' % flavor_id
    body = {'flavor': {'description': 'now bigger'}}
    assert old.put(path, json=body).status_code == 404
    user = aio.api.as_user(OWNER, '2.55')
    assert user.put(path, json=body).status_code == 403
    resp = new.put(path, json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json()['flavor']['description'] == 'now bigger'
    assert resp.json()['flavor']['vcpus'] == 1
    assert new.get(path).json()['flavor']['description'] == 'now bigger'
    resp = new.put(path, json={'flavor': {'description': 'x',
                                          'ram': 128}})
    assert resp.status_code == 400, resp.text
    assert new.put(path, json={'flavor': {}}).status_code == 400
    assert new.put('/flavors/no-such', json=body).status_code == 404
    resp = new.put(path, json={'flavor': {'description': None}})
    assert resp.json()['flavor']['description'] is None
    assert new.get(path).json()['flavor']['description'] is None
    for made in (flavor_id, old_id):
        assert new.delete('/flavors/%s' % made).status_code == 202


# 2.54 rebuild key_name, 2.57 rebuild user_data and no personality -------

def _keypair(api, name):
    resp = api.post('/os-keypairs', json={'keypair': {'name': name}})
    assert resp.status_code in (200, 201), resp.text
    return resp.json()['keypair']


def _rebuild(api, server_id, **extra):
    return act(api, server_id, {'rebuild': dict({'imageRef': _image(api)},
                                                **extra)})


def _rebuilt(api, server_id, **extra):
    resp = _rebuild(api, server_id, **extra)
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'ACTIVE')
    return resp.json()['server']


def test_2_54_rebuild_key_name(aio):
    old, new = _clients(aio, '2.54', OWNER)
    first = _keypair(new, 'mv254-first')
    second = _keypair(new, 'mv254-second')
    server_id = _booted(new, 'mv254', key_name=first['name'])

    resp = _rebuild(old, server_id, key_name=second['name'])
    assert resp.status_code == 400, resp.text
    assert 'key_name' not in _rebuilt(old, server_id)
    assert _rebuilt(new, server_id, key_name=second['name'])[
        'key_name'] == second['name']
    shown = new.get('/servers/%s' % server_id).json()['server']
    assert shown['key_name'] == second['name']
    admin = aio.api.as_user(ADMIN, '2.54')
    # Another user's key pair is unknown to the caller.
    other = aio.api.as_user('bob:proj-mv-253', '2.54')
    _keypair(other, 'mv254-bobs')
    resp = _rebuild(new, server_id, key_name='mv254-bobs')
    assert 'Invalid key_name' in _message(resp, 400)
    resp = _rebuild(new, server_id, key_name='no-such-key')
    assert 'Invalid key_name' in _message(resp, 400)
    # null removes it; a rebuild without key_name keeps it.
    assert _rebuilt(new, server_id, key_name=None)['key_name'] is None
    assert admin.get('/servers/%s' % server_id).json()['server'][
        'key_name'] is None
    _rebuilt(new, server_id, key_name=first['name'])
    assert _rebuilt(new, server_id, name='kept')['key_name'] == \
        first['name']
    delete(new, server_id)


def test_2_57_user_data_and_no_personality(aio):
    old, new = _clients(aio, '2.57', OWNER)
    admin_old, admin_new = _clients(aio, '2.57')
    server_id = _booted(new, 'mv257')
    data = base64.b64encode(b'#!/bin/sh\necho hi\n').decode()

    def user_data():
        return admin_new.get('/servers/%s' % server_id).json()['server'][
            'OS-EXT-SRV-ATTR:user_data']

    assert _rebuild(old, server_id, user_data=data).status_code == 400
    assert _rebuilt(new, server_id, user_data=data)['user_data'] == data
    assert user_data() == data
    assert 'user_data' not in _rebuilt(old, server_id)
    resp = _rebuild(new, server_id, user_data='not base64!')
    assert 'base 64' in _message(resp, 400)
    _rebuilt(new, server_id, user_data=None)
    assert user_data() is None

    # Personality: taken up to 2.56, refused from 2.57.
    files = [{'path': '/etc/motd',
              'contents': base64.b64encode(b'hello').decode()}]
    assert _rebuild(new, server_id, personality=files).status_code == 400
    _rebuilt(old, server_id, personality=files)
    body = {'server': {'name': 'mv257-files', 'imageRef': _image(new),
                       'flavorRef': '1', 'personality': files,
                       'networks': 'none'}}
    assert new.post('/servers', json=body).status_code == 400
    resp = old.post('/servers', json=body)
    assert resp.status_code == 202, resp.text
    delete(old, resp.json()['server']['id'])
    delete(new, server_id)

    # The limits and quotas of personality files are gone.
    file_limits = {'maxPersonality', 'maxPersonalitySize'}
    assert file_limits <= set(
        old.get('/limits').json()['limits']['absolute'])
    assert not file_limits & set(
        new.get('/limits').json()['limits']['absolute'])
    file_quotas = {'injected_files', 'injected_file_content_bytes',
                   'injected_file_path_bytes'}
    project = OWNER.split(':')[1]
    for path in ('/os-quota-sets/%s' % project,
                 '/os-quota-sets/%s/detail' % project,
                 '/os-quota-sets/%s/defaults' % project):
        assert file_quotas <= set(admin_old.get(path).json()['quota_set'])
        shown = set(admin_new.get(path).json()['quota_set'])
        assert not file_quotas & shown and 'instances' in shown
    path = '/os-quota-class-sets/default'
    assert file_quotas <= set(
        admin_old.get(path).json()['quota_class_set'])
    assert not file_quotas & set(
        admin_new.get(path).json()['quota_class_set'])
    for path, key in (('/os-quota-sets/%s' % project, 'quota_set'),
                      ('/os-quota-class-sets/mv257', 'quota_class_set')):
        resp = admin_new.put(path, json={key: {'injected_files': 3}})
        assert resp.status_code == 400, resp.text
        resp = admin_old.put(path, json={key: {'injected_files': 3}})
        assert resp.status_code == 200, resp.text
        assert resp.json()[key]['injected_files'] == 3
        resp = admin_new.put(path, json={key: {'cores': 30}})
        assert resp.status_code == 200, resp.text
        assert 'injected_files' not in resp.json()[key]
    assert admin_new.delete(
        '/os-quota-sets/%s' % project).status_code == 202


# 2.58 instance action paging ------------------------------------------------

def _actions(api, server_id, query=''):
    resp = api.get('/servers/%s/os-instance-actions%s' % (server_id, query))
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_2_58_instance_actions_paging(cloud):
    old, new = _clients(cloud, '2.58', OWNER)
    server_id = _booted(new, 'mv258')
    for action, status in (('os-stop', 'SHUTOFF'), ('os-start', 'ACTIVE')):
        assert act(new, server_id, {action: None}).status_code == 202
        settled(new, server_id, status)

    listed = _actions(old, server_id, '?limit=1')['instanceActions']
    assert [a['action'] for a in listed] == ['start', 'stop', 'create']
    assert 'updated_at' not in listed[0]
    full = _actions(new, server_id)
    assert 'instanceActions_links' not in full
    full = full['instanceActions']
    assert [a['action'] for a in full] == ['start', 'stop', 'create']
    assert all(a['updated_at'] for a in full)
    shown = new.get('/servers/%s/os-instance-actions/%s' % (
        server_id, full[0]['request_id'])).json()['instanceAction']
    assert shown['updated_at'] == full[0]['updated_at']
    assert 'updated_at' not in old.get(
        '/servers/%s/os-instance-actions/%s' % (
            server_id, full[0]['request_id'])).json()['instanceAction']

    page = _actions(new, server_id, '?limit=2')
    assert [a['action'] for a in page['instanceActions']] == [
        'start', 'stop']
    (link,) = page['instanceActions_links']
    assert link['rel'] == 'next'
    assert 'marker=%s' % full[1]['request_id'] in link['href']
    rest = _actions(new, server_id,
                    '?limit=2&marker=%s' % full[1]['request_id'])
    assert [a['action'] for a in rest['instanceActions']] == ['create']
    assert 'instanceActions_links' not in rest

    since = full[1]['updated_at']
    changed = _actions(new, server_id, '?changes-since=%s' % since)
    assert [a['request_id'] for a in changed['instanceActions']] == [
        a['request_id'] for a in full if a['updated_at'] >= since]
    assert _actions(new, server_id, '?changes-since=2999-01-01T00:00:00Z')[
        'instanceActions'] == []
    for query in ('?marker=no-such-request', '?limit=-1', '?limit=x',
                  '?changes-since=yesterday', '?sort_key=action'):
        resp = new.get('/servers/%s/os-instance-actions%s'
                       % (server_id, query))
        assert resp.status_code == 400, (query, resp.text)
    delete(new, server_id)


# 2.56 cold migration to a host, 2.59 migration paging --------------------

def _host_of(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _compute_hosts(admin):
    return sorted(s['host'] for s in admin.get(
        '/os-services?binary=nova-compute').json()['services'])


def _migrated(admin, server_id, **argument):
    resp = act(admin, server_id, {'migrate': argument or None})
    assert resp.status_code == 202, resp.text
    settled(admin, server_id, 'VERIFY_RESIZE')
    resp = act(admin, server_id, {'confirmResize': None})
    assert resp.status_code == 204, resp.text
    settled(admin, server_id, 'ACTIVE')


def test_2_56_migrate_to_host(cloud):
    old, new = _clients(cloud, '2.56')
    server_id = _booted(new, 'mv256')
    source = _host_of(new, server_id)
    (target,) = [h for h in _compute_hosts(new) if h != source]

    resp = act(old, server_id, {'migrate': {'host': target}})
    assert resp.status_code == 400, resp.text
    for host, words in ((source, 'already on host'),
                        ('no-such-host', 'no-such-host')):
        resp = act(new, server_id, {'migrate': {'host': host}})
        assert words in _message(resp, 400)
    assert act(new, server_id, {'migrate': {'host': target,
                                            'force': True}}).status_code \
        == 400

    # The scheduler checks the named host: a disabled one is refused.
    service = '/os-services/disable'
    body = {'host': target, 'binary': 'nova-compute'}
    v21 = cloud.api.as_user(ADMIN, '2.1')
    assert v21.put(service, json=body).status_code == 200
    try:
        resp = act(new, server_id, {'migrate': {'host': target}})
        assert resp.status_code == 202, resp.text
        settled(new, server_id, 'ACTIVE')
        latest = _actions(new, server_id)['instanceActions'][0]
        assert (latest['action'], latest['message']) == ('migrate',
                                                         'Error')
    finally:
        assert v21.put('/os-services/enable', json=body).status_code == 200
    assert _host_of(new, server_id) == source
    migrations = new.get('/os-migrations?instance_uuid=%s' % server_id)
    assert [m['status'] for m in migrations.json()['migrations']] == [
        'error']

    _migrated(new, server_id, host=target)
    assert _host_of(new, server_id) == target
    _migrated(new, server_id, host=None)
    assert _host_of(new, server_id) == source
    delete(new, server_id)


def _migrations(api, query):
    resp = api.get('/os-migrations' + query)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_2_59_migrations_paging(cloud):
    old, new = _clients(cloud, '2.59')
    server_id = _booted(new, 'mv259')
    _migrated(new, server_id)
    _migrated(new, server_id)
    mine = '?instance_uuid=%s' % server_id

    listed = _migrations(old, mine + '&limit=1')['migrations']
    assert len(listed) == 2 and listed[0]['id'] < listed[1]['id']
    assert 'uuid' not in listed[0]
    full = _migrations(new, mine)
    assert 'migrations_links' not in full
    full = full['migrations']
    assert [m['id'] for m in full] == [listed[1]['id'], listed[0]['id']]
    assert all(len(m['uuid']) == 36 for m in full)

    page = _migrations(new, mine + '&limit=1')
    assert [m['uuid'] for m in page['migrations']] == [full[0]['uuid']]
    (link,) = page['migrations_links']
    assert 'marker=%s' % full[0]['uuid'] in link['href']
    rest = _migrations(new, mine + '&limit=1&marker=%s' % full[0]['uuid'])
    assert [m['uuid'] for m in rest['migrations']] == [full[1]['uuid']]
    last = _migrations(new, mine + '&limit=1&marker=%s' % full[1]['uuid'])
    assert last['migrations'] == [] and 'migrations_links' not in last

    since = full[0]['updated_at']
    changed = _migrations(new, mine + '&changes-since=%s' % since)
    assert [m['uuid'] for m in changed['migrations']] == [
        m['uuid'] for m in full if m['updated_at'] >= since]
    assert full[0]['uuid'] in [m['uuid'] for m in changed['migrations']]
    assert _migrations(new, '?changes-since=2999-01-01T00:00:00Z')[
        'migrations'] == []
    for query in ('?marker=%s' % server_id, '?limit=x', '?foo=bar',
                  '?changes-since=soon'):
        assert new.get('/os-migrations' + query).status_code == 400, query
    assert old.get('/os-migrations?foo=bar').status_code == 200
    delete(new, server_id)


# 2.53 services and hypervisors by uuid -------------------------------------

def _is_uuid(value):
    return isinstance(value, str) and len(value) == 36 and \
        value.count('-') == 4


def _service(api, host, binary='nova-compute'):
    (found,) = [s for s in api.get('/os-services').json()['services']
                if s['host'] == host and s['binary'] == binary]
    return found


def test_2_53_services_by_uuid(cloud):
    old, new = _clients(cloud, '2.53')
    server_id = _booted(new, 'mv253-services')
    host = _host_of(new, server_id)
    assert isinstance(_service(old, host)['id'], int)
    service = _service(new, host)
    assert _is_uuid(service['id'])
    path = '/os-services/%s' % service['id']

    # The host-and-binary actions end at 2.52; PUT by uuid starts at 2.53.
    body = {'host': host, 'binary': 'nova-compute'}
    assert new.put('/os-services/disable', json=body).status_code == 404
    assert old.put(path, json={'status': 'disabled'}).status_code == 404

    resp = new.put(path, json={'status': 'disabled',
                               'disabled_reason': 'maintenance'})
    assert resp.status_code == 200, resp.text
    shown = resp.json()['service']
    assert (shown['id'], shown['status'], shown['disabled_reason'],
            shown['forced_down'], shown['binary'], shown['host']) == (
        service['id'], 'disabled', 'maintenance', False, 'nova-compute',
        host)
    assert _service(old, host)['status'] == 'disabled'
    resp = new.put(path, json={'forced_down': True})
    assert resp.json()['service']['forced_down'] is True
    assert resp.json()['service']['state'] == 'down'
    resp = new.put(path, json={'status': 'enabled', 'forced_down': False})
    assert resp.status_code == 200, resp.text
    shown = resp.json()['service']
    assert (shown['status'], shown['disabled_reason'],
            shown['forced_down'], shown['state']) == (
        'enabled', None, False, 'up')

    resp = new.put(path, json={'status': 'enabled',
                               'disabled_reason': 'why'})
    assert 'disabled_reason' in _message(resp, 400)
    assert 'No updates' in _message(new.put(path, json={}), 400)
    for bad in ({'status': 'off'}, {'host': host}, {'forced_down': 'x'}):
        assert new.put(path, json=bad).status_code == 400, bad
    scheduler = [s for s in new.get('/os-services').json()['services']
                 if s['binary'] == 'nova-scheduler'][0]
    resp = new.put('/os-services/%s' % scheduler['id'],
                   json={'status': 'disabled'})
    assert 'Only nova-compute' in _message(resp, 400)
    assert 'Invalid uuid' in _message(
        new.put('/os-services/%s' % _service(old, host)['id'],
                json={'status': 'disabled'}), 400)
    unknown = '/os-services/00000000-0000-0000-0000-000000000000'
    assert new.put(unknown, json={'status': 'disabled'}).status_code == 404

    # Delete: by uuid from 2.53; a host with servers is kept.
    assert 'Invalid uuid' in _message(
        new.delete('/os-services/%s' % _service(old, host)['id']), 400)
    assert new.delete(unknown).status_code == 404
    assert old.delete(path).status_code == 404
    assert new.delete(path).status_code == 409
    delete(new, server_id)


def _hypervisors(api, query='', detail=False):
    path = '/os-hypervisors/detail' if detail else '/os-hypervisors'
    resp = api.get(path + query)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_2_53_hypervisors_by_uuid(cloud):
    old, new = _clients(cloud, '2.53')
    server_id = _booted(new, 'mv253-hypervisors')
    host = _host_of(new, server_id)
    old_list = _hypervisors(old)['hypervisors']
    listed = _hypervisors(new)['hypervisors']
    assert all(isinstance(h['id'], int) for h in old_list)
    assert all(_is_uuid(h['id']) for h in listed)
    (mine,) = [h for h in _hypervisors(new, detail=True)['hypervisors']
               if h['service']['host'] == host]
    assert _is_uuid(mine['service']['id'])
    assert mine['service']['id'] == _service(new, host)['id']
    name = mine['hypervisor_hostname']

    # Show and uptime by uuid; ids are no longer taken, nor uuids before.
    path = '/os-hypervisors/%s' % mine['id']
    shown = new.get(path).json()['hypervisor']
    assert (shown['id'], shown['hypervisor_hostname']) == (mine['id'], name)
    assert 'servers' not in shown
    servers = new.get(path + '?with_servers=true').json()['hypervisor'][
        'servers']
    assert server_id in [s['uuid'] for s in servers]
    assert all(s['name'].startswith('instance-') for s in servers)
    assert new.get(path + '/uptime').json()['hypervisor']['id'] == \
        mine['id']
    (old_mine,) = [h for h in old_list if h['hypervisor_hostname'] == name]
    assert 'Invalid uuid' in _message(
        new.get('/os-hypervisors/%s' % old_mine['id']), 400)
    assert old.get(path).status_code == 404
    assert new.get('/os-hypervisors/00000000-0000-0000-0000-000000000000'
                   ).status_code == 404

    # The search and servers routes become query parameters.
    for route in ('search', 'servers'):
        assert new.get('/os-hypervisors/%s/%s' % (name, route)
                       ).status_code == 404
        assert old.get('/os-hypervisors/%s/%s' % (name, route)
                       ).status_code == 200
    for detail in (False, True):
        found = _hypervisors(new, '?hypervisor_hostname_pattern=%s' % name,
                             detail)['hypervisors']
        assert [h['id'] for h in found] == [mine['id']]
        assert 'servers' not in found[0]
        found = _hypervisors(new, '?hypervisor_hostname_pattern=%s'
                             '&with_servers=1' % name, detail)['hypervisors']
        assert server_id in [s['uuid'] for s in found[0]['servers']]
    everywhere = _hypervisors(new, '?with_servers=true')['hypervisors']
    assert server_id in [s['uuid'] for h in everywhere
                         for s in h.get('servers', [])]
    resp = new.get('/os-hypervisors?hypervisor_hostname_pattern=no-such')
    assert resp.status_code == 404, resp.text
    resp = new.get('/os-hypervisors?hypervisor_hostname_pattern=%s'
                   '&limit=1' % name)
    assert 'Paging' in _message(resp, 400)
    assert new.get('/os-hypervisors?with_servers=maybe').status_code == 400

    # Paging: the marker is a uuid.
    page = _hypervisors(new, '?limit=1')
    (first,) = page['hypervisors']
    assert 'marker=%s' % first['id'] in page['hypervisors_links'][0]['href']
    rest = _hypervisors(new, '?marker=%s' % first['id'])['hypervisors']
    assert [h['id'] for h in rest] == [h['id'] for h in listed][1:]
    assert new.get('/os-hypervisors?marker=%s' % old_mine['id']
                   ).status_code == 400
    delete(new, server_id)


# 2.60 multiattach volumes ---------------------------------------------------

def _manage(cloud, *args):
    binary = os.path.join(cloud_lib.BIN, 'nova-manage')
    return subprocess.run([binary, '--config-file', cloud.config_file] +
                          list(args), capture_output=True, text=True,
                          check=True).stdout


def _attachments(api, volume_id):
    volume = api.get('/os-volumes/%s' % volume_id).json()['volume']
    return volume['status'], sorted(a.get('serverId') for a in
                                    volume['attachments'] if a)


def test_2_60_multiattach(cloud):
    old, new = _clients(cloud, '2.60', OWNER)
    v21 = cloud.api.as_user(OWNER, '2.1')
    vh.wait_volume_service(cloud.api)
    _manage(cloud, 'volume', 'type-create', 'multiattach',
            '--spec', 'multiattach=<is> True')
    volume = vh.create_volume(v21, 'shared', volume_type='multiattach')
    single = vh.create_volume(v21, 'single')
    first = _booted(new, 'mv260-first')
    second = _booted(new, 'mv260-second')

    assert 'only supported starting with compute API version 2.60' in \
        _message(vh.attach(old, first, volume['id']), 400)
    resp = old.post('/servers', json={'server': {
        'name': 'mv260-boot', 'imageRef': _image(old), 'flavorRef': '1',
        'networks': 'none',
        'block_device_mapping_v2': [
            {'boot_index': 0, 'uuid': _image(old), 'source_type': 'image',
             'destination_type': 'local'},
            {'boot_index': -1, 'uuid': volume['id'],
             'source_type': 'volume', 'destination_type': 'volume'}]}})
    assert 'version 2.60' in _message(resp, 400)
    assert _attachments(v21, volume['id']) == ('available', [])
    # A volume without the type's spec is not multiattach at any version.
    assert vh.attach(old, first, single['id']).status_code == 200

    for server_id in (first, second):
        resp = vh.attach(new, server_id, volume['id'])
        assert resp.status_code == 200, resp.text
        vh.wait_volume(v21, volume['id'], 'in-use')
    deadline = time.time() + 60
    while _attachments(v21, volume['id'])[1] != sorted([first, second]):
        assert time.time() < deadline, _attachments(v21, volume['id'])
        time.sleep(0.1)
    assert 'already attached' in _message(
        vh.attach(new, second, single['id']), 400)

    for server_id in (first, second):
        delete(new, server_id)
    vh.wait_volume(v21, volume['id'], 'available')
    vh.wait_volume(v21, single['id'], 'available')
    for made in (volume, single):
        assert v21.delete('/os-volumes/%s' % made['id']).status_code == 202
