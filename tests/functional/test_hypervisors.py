"""os-hypervisors and os-services management over HTTP on the all-in-one
cloud with two simulated compute hosts: capacity and usage follow the
servers, and a disabled compute service receives no new servers."""

import time

import pytest


def _image_id(api):
    return api.get('/images').json()['images'][0]['id']


def _boot(api, name):
    resp = api.post('/servers', json={'server': {
        'name': name, 'imageRef': _image_id(api), 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    return api.wait_for_status(resp.json()['server']['id'], 'ACTIVE')


def _delete(api, server_ids):
    for server_id in server_ids:
        api.delete('/servers/%s' % server_id)
    for server_id in server_ids:
        api.wait_for_deletion(server_id)


def _hypervisors(api):
    resp = api.get('/os-hypervisors/detail')
    assert resp.status_code == 200, resp.text
    return {h['hypervisor_hostname']: h for h in resp.json()['hypervisors']}


def _servers_per_node(api):
    servers = api.get('/servers/detail?all_tenants=1').json()['servers']
    counts = {}
    for server in servers:
        node = server['OS-EXT-SRV-ATTR:hypervisor_hostname']
        counts[node] = counts.get(node, 0) + 1
    return counts


def _wait_for(check, timeout=30):
    """Poll check() until it returns a true value; fail after timeout."""
    deadline = time.time() + timeout
    while True:
        result = check()
        if result or time.time() > deadline:
            assert result, 'condition not met within %ss' % timeout
            return result
        time.sleep(0.2)


def _settled(api):
    """Hypervisors once each node's running_vms matches its servers."""
    def check():
        hypervisors = _hypervisors(api)
        counts = _servers_per_node(api)
        if all(h['running_vms'] == counts.get(name, 0)
               for name, h in hypervisors.items()):
            return hypervisors
    return _wait_for(check)


def _compute_hosts(api):
    services = api.get('/os-services?binary=nova-compute').json()['services']
    return sorted(s['host'] for s in services)


def test_both_hosts_listed_with_capacity(aio):
    api = aio.api
    hosts = _compute_hosts(api)
    assert len(hosts) == 2
    hypervisors = _hypervisors(api)
    assert sorted(h['service']['host'] for h in hypervisors.values()) == hosts
    for hypervisor in hypervisors.values():
        assert (hypervisor['state'], hypervisor['status']) == ('up',
                                                               'enabled')
        assert hypervisor['vcpus'] > 0 and hypervisor['memory_mb'] > 0
        assert hypervisor['local_gb'] > 0
        assert hypervisor['hypervisor_type'] == 'fake'
    listed = api.get('/os-hypervisors').json()['hypervisors']
    assert sorted(h['hypervisor_hostname'] for h in listed) == \
        sorted(hypervisors)
    stats = api.get('/os-hypervisors/statistics').json()[
        'hypervisor_statistics']
    assert stats['count'] == 2
    assert stats['memory_mb'] == sum(h['memory_mb']
                                     for h in hypervisors.values())
    some = listed[0]
    uptime = api.get('/os-hypervisors/%s/uptime' % some['id'])
    assert uptime.status_code == 200, uptime.text
    assert ' up ' in uptime.json()['hypervisor']['uptime']


def test_usage_follows_servers(aio):
    api = aio.api
    ram = api.get('/flavors/1').json()['flavor']['ram']
    before = _settled(api)
    server = _boot(api, 'hv-usage')
    node = server['OS-EXT-SRV-ATTR:hypervisor_hostname']
    try:
        after = _wait_for(lambda: (lambda h: h if h['running_vms'] ==
                                   before[node]['running_vms'] + 1 else
                                   None)(_hypervisors(api)[node]))
        assert after['memory_mb_used'] == \
            before[node]['memory_mb_used'] + ram
        assert after['free_ram_mb'] == before[node]['free_ram_mb'] - ram
        found = api.get('/os-hypervisors/%s/servers' % node).json()
        hosted = found['hypervisors'][0]['servers']
        assert server['id'] in [s['uuid'] for s in hosted]
    finally:
        _delete(api, [server['id']])
    restored = _wait_for(lambda: (lambda h: h if h['running_vms'] ==
                                  before[node]['running_vms'] else
                                  None)(_hypervisors(api)[node]))
    assert restored['memory_mb_used'] == before[node]['memory_mb_used']


def _set_enabled(api, host, enabled):
    resp = api.put('/os-services/%s' % ('enable' if enabled else 'disable'),
                   json={'host': host, 'binary': 'nova-compute'})
    assert resp.status_code == 200, resp.text
    return resp.json()['service']


def test_disabled_host_receives_no_new_servers(aio):
    api = aio.api
    disabled, other = _compute_hosts(api)
    booted = []
    try:
        assert _set_enabled(api, disabled, False)['status'] == 'disabled'
        hypervisors = _hypervisors(api)
        assert {h['service']['host']: h['status']
                for h in hypervisors.values()} == {disabled: 'disabled',
                                                   other: 'enabled'}
        for i in range(4):
            server = _boot(api, 'hv-disabled-%d' % i)
            booted.append(server['id'])
            assert server['OS-EXT-SRV-ATTR:host'] == other
        assert _set_enabled(api, disabled, True)['status'] == 'enabled'
        # RAM spreading now prefers the emptier, re-enabled host.
        hosts = []
        for i in range(3):
            server = _boot(api, 'hv-enabled-%d' % i)
            booted.append(server['id'])
            hosts.append(server['OS-EXT-SRV-ATTR:host'])
        assert disabled in hosts
    finally:
        _set_enabled(api, disabled, True)
        _delete(api, booted)


def test_management_is_admin_only(aio):
    user = aio.api.as_user('alice:proj-a')
    host = _compute_hosts(aio.api)[0]
    assert user.get('/os-hypervisors').status_code == 403
    resp = user.put('/os-services/disable',
                    json={'host': host, 'binary': 'nova-compute'})
    assert resp.status_code == 403
    assert all(h['status'] == 'enabled'
               for h in _hypervisors(aio.api).values())


@pytest.mark.parametrize('path', ['/os-hypervisors/no-such-host/search',
                                  '/os-hypervisors/no-such-host/servers',
                                  '/os-hypervisors/99999'])
def test_unknown_hypervisors_are_404(aio, path):
    resp = aio.api.get(path)
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['code'] == 404
