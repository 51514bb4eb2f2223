"""Servers boot, list, show, update and delete through the whole stack
(HTTP -> API -> conductor -> scheduler -> compute -> fake driver), on every
deployment shape."""

import pytest


def _image_id(api):
    images = api.get('/images').json()['images']
    assert images, 'the cloud was seeded without an image'
    return images[0]['id']


def _boot(api, name, **extra):
    body = {'server': dict({'name': name, 'imageRef': _image_id(api),
                            'flavorRef': '1'}, **extra)}
    resp = api.post('/servers', json=body)
    assert resp.status_code == 202, resp.text
    return resp.json()


def test_boot_to_active_and_delete(cloud):
    api = cloud.api
    created = _boot(api, 'lifecycle')['server']
    assert created['adminPass']
    assert created['links'][0]['rel'] == 'self'
    server = api.wait_for_status(created['id'], 'ACTIVE')
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['OS-EXT-STS:task_state'] is None
    assert server['OS-EXT-SRV-ATTR:host'].startswith('func-')
    assert server['hostId']
    assert server['flavor']['id'] == '1'
    assert server['OS-SRV-USG:launched_at']

    listed = api.get('/servers').json()['servers']
    assert created['id'] in [s['id'] for s in listed]

    resp = api.delete('/servers/%s' % created['id'])
    assert resp.status_code == 204
    api.wait_for_deletion(created['id'])
    assert created['id'] not in [
        s['id'] for s in api.get('/servers/detail').json()['servers']]


def test_failed_build_is_rescheduled_then_errors_with_fault(cloud):
    api = cloud.api
    created = _boot(api, 'fail-always')['server']
    server = api.wait_for_status(created['id'], 'ERROR')
    fault = server['fault']
    assert fault['code'] == 500
    # Both simulated hosts were tried before giving up, and the fault
    # names them and the driver's error.
    assert 'failed on 2 host(s)' in fault['message'], fault
    assert 'Simulated spawn failure' in fault['message'], fault
    assert fault['created']
    api.delete('/servers/%s' % created['id'])
    api.wait_for_deletion(created['id'])


def test_capacity_is_released_after_delete(cloud):
    api = cloud.api
    # Every project's servers: the shared cloud also holds other modules'.
    ids = [s['id'] for s in
           api.get('/servers?all_tenants=1').json()['servers']]
    for server_id in ids:
        api.delete('/servers/%s' % server_id)
    for server_id in ids:
        api.wait_for_deletion(server_id)
    created = [_boot(api, 'cap-%d' % i)['server']['id'] for i in range(3)]
    for server_id in created:
        api.wait_for_status(server_id, 'ACTIVE')
    nodes = api.get('/os-hypervisors/detail').json()['hypervisors']
    assert sum(n['running_vms'] for n in nodes) == 3
    for server_id in created:
        api.delete('/servers/%s' % server_id)
    for server_id in created:
        api.wait_for_deletion(server_id)
    # Usage is recounted from the database: nothing stays claimed.
    nodes = api.get('/os-hypervisors/detail').json()['hypervisors']
    assert len(nodes) == 2
    assert [n['running_vms'] for n in nodes] == [0, 0]
    assert [n['vcpus_used'] for n in nodes] == [0, 0]


@pytest.mark.parametrize('count', [3])
def test_multi_create_with_reservation_id(cloud, count):
    api = cloud.api
    body = _boot(api, 'multi', min_count=count, max_count=count,
                 return_reservation_id=True)
    reservation = body['reservation_id']
    assert reservation.startswith('r-')
    servers = api.get('/servers/detail?reservation_id=%s'
                      % reservation).json()['servers']
    assert sorted(s['name'] for s in servers) == [
        'multi-%d' % i for i in range(1, count + 1)]
    for server in servers:
        api.wait_for_status(server['id'], 'ACTIVE')
        api.delete('/servers/%s' % server['id'])
    for server in servers:
        api.wait_for_deletion(server['id'])
