"""Helpers of the block storage functional tests."""

import json
import os
import time

from tests.functional import actions_helpers as actions


def wait_volume_service(api, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        services = api.get('/os-services').json()['services']
        if any(s['binary'] == 'nova-volume' and s['state'] == 'up'
               for s in services):
            return
        time.sleep(0.2)
    raise AssertionError('nova-volume did not come up')


def wait_volume(api, volume_id, statuses, timeout=60):
    statuses = [statuses] if isinstance(statuses, str) else statuses
    deadline = time.time() + timeout
    volume = None
    while time.time() < deadline:
        resp = api.get('/os-volumes/%s' % volume_id)
        if resp.status_code == 404 and 'deleted' in statuses:
            return None
        assert resp.status_code == 200, resp.text
        volume = resp.json()['volume']
        if volume['status'] in statuses:
            return volume
        time.sleep(0.05)
    raise AssertionError('volume %s stuck in %s, wanted %s' % (
        volume_id, volume and volume['status'], statuses))


def create_volume(api, name='vol', size=1, wait=True, **extra):
    body = dict({'size': size, 'display_name': name}, **extra)
    resp = api.post('/os-volumes', json={'volume': body})
    assert resp.status_code == 200, resp.text
    volume = resp.json()['volume']
    if wait:
        volume = wait_volume(api, volume['id'], ['available', 'error'])
        assert volume['status'] == 'available', volume
    return volume


def attach(api, server_id, volume_id, **extra):
    body = dict({'volumeId': volume_id}, **extra)
    return api.post('/servers/%s/os-volume_attachments' % server_id,
                    json={'volumeAttachment': body})


def fault(resp, code):
    assert resp.status_code == code, resp.text
    return next(iter(resp.json().values()))['message']


def hypervisor_devices(cloud, server_id):
    """{mountpoint: connection_info} the fake hypervisor has plugged into
    the server (read from the files the fake driver writes)."""
    folder = os.path.join(cloud.state_path, 'fake-hypervisor-volumes')
    devices = {}
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        try:
            with open(os.path.join(folder, name)) as f:
                devices.update(json.load(f).get(server_id, {}))
        except ValueError:
            continue  # being rewritten; the caller polls
    return devices


def wait_devices(cloud, server_id, expected, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        devices = hypervisor_devices(cloud, server_id)
        if sorted(devices) == sorted(expected):
            return devices
        time.sleep(0.05)
    raise AssertionError('server %s has devices %s, wanted %s' % (
        server_id, hypervisor_devices(cloud, server_id), expected))


boot = actions.boot
