"""Server action microversions over HTTP on the all-in-one (two fake
hosts): 2.14 and 2.29 evacuate."""

import contextlib
import time

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import idle
from tests.functional.actions_helpers import settled
from tests.functional import volume_helpers

OWNER = 'alice:proj-mv-actions'


def _host(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _compute_hosts(admin):
    return sorted(s['host'] for s in admin.get(
        '/os-services?binary=nova-compute').json()['services'])


def _other(admin, host):
    (other,) = [h for h in _compute_hosts(admin) if h != host]
    return other


@contextlib.contextmanager
def _forced_down(admin, host):
    def put(down):
        resp = admin.as_user('admin:admin', '2.11').put(
            '/os-services/force-down', json={
                'host': host, 'binary': 'nova-compute',
                'forced_down': down})
        assert resp.status_code == 200, resp.text
    put(True)
    try:
        yield
    finally:
        put(False)


@contextlib.contextmanager
def _disabled(admin, host):
    def put(action):
        resp = admin.put('/os-services/%s' % action, json={
            'host': host, 'binary': 'nova-compute'})
        assert resp.status_code == 200, resp.text
    put('disable')
    try:
        yield
    finally:
        put('enable')


def _last_action_events(admin, server_id):
    actions = admin.get('/servers/%s/os-instance-actions' % server_id).json()
    latest = actions['instanceActions'][0]
    detail = admin.get('/servers/%s/os-instance-actions/%s' % (
        server_id, latest['request_id'])).json()['instanceAction']
    return latest['action'], {e['event']: e['result']
                              for e in detail['events']}


def _evacuated(aio, name, version, bodies_refused, body):
    """Boot a server, take its host down and evacuate it at version:
    bodies_refused answer 400, body 200; returns that answer."""
    admin = aio.api
    server_id = boot(aio.api.as_user(OWNER), name)
    source = _host(admin, server_id)
    client = admin.as_user('admin:admin', version)
    with _forced_down(admin, source):
        for refused in bodies_refused:
            resp = act(client, server_id, {'evacuate': refused})
            assert resp.status_code == 400, resp.text
        resp = act(client, server_id, {'evacuate': body})
        assert resp.status_code == 200, resp.text
        settled(admin, server_id, 'ACTIVE')
        assert _host(admin, server_id) == _other(admin, source)
    delete(admin, server_id)
    return resp


def test_2_14_evacuate_without_shared_storage_flag_or_password(aio):
    # 2.13: onSharedStorage is required and the password comes back.
    resp = _evacuated(aio, 'evac-213', '2.13', [{}], {
        'onSharedStorage': False, 'adminPass': 'Pa55word'})
    assert resp.json() == {'adminPass': 'Pa55word'}
    # 2.14: the flag is refused and the answer has no body.
    resp = _evacuated(aio, 'evac-214', '2.14', [
        {'onSharedStorage': False}], {'adminPass': 'N3wpass'})
    assert resp.content == b''


def test_2_29_evacuate_checks_the_named_host_unless_forced(aio):
    admin = aio.api
    server_id = boot(aio.api.as_user(OWNER), 'evac-229')
    source = _host(admin, server_id)
    dest = _other(admin, source)
    v228 = admin.as_user('admin:admin', '2.28')
    v229 = admin.as_user('admin:admin', '2.29')
    with _forced_down(admin, source), _disabled(admin, dest):
        # force is unknown before 2.29, and needs a host from 2.29.
        resp = act(v228, server_id, {'evacuate': {'host': dest,
                                                  'force': True}})
        assert resp.status_code == 400, resp.text
        resp = act(v229, server_id, {'evacuate': {'force': True}})
        assert resp.status_code == 400, resp.text
        assert 'non-provided destination' in resp.json()[
            'badRequest']['message']
        # 2.29 without force: the scheduler's ComputeFilter refuses the
        # disabled host, the server stays where it was.
        resp = act(v229, server_id, {'evacuate': {'host': dest}})
        assert resp.status_code == 200, resp.text
        assert resp.content == b''
        server = idle(admin, server_id)
        assert server['OS-EXT-SRV-ATTR:host'] == source
        assert _last_action_events(admin, server_id) == (
            'evacuate', {'conductor_rebuild_server': 'Error'})
        # Forced, the disabled host takes it, as any named host did
        # before 2.29.
        resp = act(v229, server_id, {'evacuate': {'host': dest,
                                                  'force': True}})
        assert resp.status_code == 200, resp.text
        settled(admin, server_id, 'ACTIVE')
        assert _host(admin, server_id) == dest
    delete(admin, server_id)


def test_2_28_evacuate_to_a_disabled_host_skips_the_scheduler(aio):
    admin = aio.api
    server_id = boot(aio.api.as_user(OWNER), 'evac-228')
    source = _host(admin, server_id)
    dest = _other(admin, source)
    with _forced_down(admin, source), _disabled(admin, dest):
        resp = act(admin.as_user('admin:admin', '2.28'), server_id,
                   {'evacuate': {'host': dest}})
        assert resp.status_code == 200, resp.text
        settled(admin, server_id, 'ACTIVE')
        assert _host(admin, server_id) == dest
    delete(admin, server_id)


def _console(api, server_id):
    resp = act(api, server_id, {'os-getConsoleOutput': {}})
    assert resp.status_code == 200, resp.text
    return resp.json()['output']


def test_2_17_trigger_crash_dump(aio):
    api = aio.api.as_user(OWNER, '2.17')
    server_id = boot(api, 'crash-217')
    resp = act(aio.api.as_user(OWNER, '2.16'), server_id,
               {'trigger_crash_dump': None})
    assert resp.status_code == 400, resp.text
    assert 'trigger_crash_dump' in resp.json()['badRequest']['message']
    assert 'NMI' not in _console(api, server_id)

    resp = act(api, server_id, {'trigger_crash_dump': None})
    assert resp.status_code == 202, resp.text
    assert resp.content == b''
    # The action is recorded, its compute step succeeds (the cast is
    # waited for on the event), and the fake hypervisor's guest prints
    # what a kernel does on an NMI.
    done = ('trigger_crash_dump', {'compute_trigger_crash_dump': 'Success'})
    deadline = time.time() + 30
    while _last_action_events(aio.api, server_id) != done:
        assert time.time() < deadline, _last_action_events(aio.api,
                                                           server_id)
        time.sleep(0.05)
    assert 'NMI' in _console(api, server_id)
    assert idle(api, server_id)['status'] == 'ACTIVE'

    # Only a guest that runs (or is paused, rescued, resized or in error)
    # takes an NMI: a stopped one is refused.
    resp = act(api, server_id, {'os-stop': None})
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'SHUTOFF')
    resp = act(api, server_id, {'trigger_crash_dump': None})
    assert resp.status_code == 409, resp.text
    assert 'stopped' in resp.json()['conflict']['message']
    delete(api, server_id)


def test_2_20_volumes_of_shelved_offloaded_servers(aio):
    api = aio.api.as_user(OWNER)
    v219 = aio.api.as_user(OWNER, '2.19')
    v220 = aio.api.as_user(OWNER, '2.20')
    volume_helpers.wait_volume_service(aio.api)
    server_id = boot(api, 'shelved-volumes')
    resp = act(api, server_id, {'shelve': None})
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'SHELVED_OFFLOADED')
    volume = volume_helpers.create_volume(api, 'for-shelved')

    resp = volume_helpers.attach(v219, server_id, volume['id'])
    assert 'shelved_offloaded' in volume_helpers.fault(resp, 409)
    resp = volume_helpers.attach(v220, server_id, volume['id'])
    assert resp.status_code == 200, resp.text
    assert volume_helpers.wait_volume(api, volume['id'], 'in-use')
    listed = api.get('/servers/%s/os-volume_attachments' % server_id).json()
    assert [a['volumeId'] for a in listed['volumeAttachments']] == [
        volume['id']]

    path = '/servers/%s/os-volume_attachments/%s' % (server_id,
                                                     volume['id'])
    assert 'shelved_offloaded' in volume_helpers.fault(v219.delete(path),
                                                       409)
    resp = v220.delete(path)
    assert resp.status_code == 202, resp.text
    volume_helpers.wait_volume(api, volume['id'], 'available')
    assert api.get('/servers/%s/os-volume_attachments' % server_id
                   ).json()['volumeAttachments'] == []

    # Attached while offloaded, the volume is plugged at unshelve.
    resp = volume_helpers.attach(v220, server_id, volume['id'])
    assert resp.status_code == 200, resp.text
    device = resp.json()['volumeAttachment']['device']
    resp = act(api, server_id, {'unshelve': None})
    assert resp.status_code == 202, resp.text
    settled(api, server_id, 'ACTIVE')
    volume_helpers.wait_devices(aio, server_id, [device])
    delete(api, server_id)


def test_volume_attached_before_shelve_is_back_after_unshelve(aio):
    """Regression: unshelving an offloaded server spawned the guest without
    its block devices (the unshelve passed no block_device_info), so its
    volumes stayed in-use but were gone from the guest."""
    api = aio.api.as_user(OWNER)
    volume_helpers.wait_volume_service(aio.api)
    server_id = boot(api, 'shelve-with-volume')
    volume = volume_helpers.create_volume(api, 'kept')
    resp = volume_helpers.attach(api, server_id, volume['id'])
    assert resp.status_code == 200, resp.text
    device = resp.json()['volumeAttachment']['device']
    volume_helpers.wait_devices(aio, server_id, [device])
    for action, status in (('shelve', 'SHELVED_OFFLOADED'),
                           ('unshelve', 'ACTIVE')):
        resp = act(api, server_id, {action: None})
        assert resp.status_code == 202, resp.text
        settled(api, server_id, status)
    volume_helpers.wait_devices(aio, server_id, [device])
    assert volume_helpers.wait_volume(api, volume['id'], 'in-use')
    delete(api, server_id)
