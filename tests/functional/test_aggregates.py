"""Aggregates and zones through the API on a cloud of four fake hosts:
zones pin boots, flavor extra specs pin flavors, per-aggregate RAM ratios
change what fits, and tenant isolation keeps other projects away."""

import pytest

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib
from tests.functional import conftest

FILTERS = ('AvailabilityZoneFilter,ComputeFilter,RamFilter,CoreFilter,'
           'DiskFilter,AggregateInstanceExtraSpecsFilter,'
           'AggregateRamFilter,AggregateMultiTenancyIsolation')
ISOLATED = 'iso:proj-iso'
OTHER = 'bob:proj-other'


# MariaDB keeps whole seconds only: the scheduler's aggregate cache must
# still see changes made just before a boot.
@pytest.fixture(scope='module', params=['sqlite-inproc', 'mysql-rabbit'])
def agg_cloud(request, tmp_path_factory):
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('aggregates'), simulated_hosts=4,
        options={'filter_scheduler.enabled_filters': FILTERS},
        **conftest.SHAPES[request.param])
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope='module')
def hosts(agg_cloud):
    services = agg_cloud.api.get('/os-services?binary=nova-compute').json()
    return sorted(s['host'] for s in services['services'])


def _aggregate(admin, name, hosts, metadata=None, zone=None):
    body = {'aggregate': {'name': name}}
    if zone:
        body['aggregate']['availability_zone'] = zone
    resp = admin.post('/os-aggregates', json=body)
    assert resp.status_code == 200, resp.text
    agg_id = resp.json()['aggregate']['id']
    for host in hosts:
        _action(admin, agg_id, {'add_host': {'host': host}})
    if metadata:
        _action(admin, agg_id, {'set_metadata': {'metadata': metadata}})
    return agg_id


def _action(admin, agg_id, body):
    resp = admin.post('/os-aggregates/%s/action' % agg_id, json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()['aggregate']


def _boot(api, name, zone=None, flavor='1'):
    """Post a boot; the server once ACTIVE or ERROR."""
    image = api.get('/images').json()['images'][0]['id']
    server = {'name': name, 'imageRef': image, 'flavorRef': flavor}
    if zone:
        server['availability_zone'] = zone
    resp = api.post('/servers', json={'server': server})
    assert resp.status_code == 202, resp.text
    return api.wait_for_status(resp.json()['server']['id'],
                               ['ACTIVE', 'ERROR'])


def _host_of(admin, server):
    return admin.get('/servers/%s' % server['id']).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def test_zone_from_aggregate_pins_boots(agg_cloud, hosts):
    admin = agg_cloud.api
    _aggregate(admin, 'zone-a', [hosts[0]], zone='az-a')
    zones = {z['zoneName']: z for z in admin.get(
        '/os-availability-zone/detail').json()['availabilityZoneInfo']}
    assert list(zones['az-a']['hosts']) == [hosts[0]]
    assert hosts[0] not in zones['nova']['hosts']
    for index in range(3):
        server = _boot(admin, 'in-az-a-%d' % index, zone='az-a')
        assert server['status'] == 'ACTIVE', server.get('fault')
        assert _host_of(admin, server) == hosts[0]
        assert server['OS-EXT-AZ:availability_zone'] == 'az-a'
        actions_helpers.delete(admin, server['id'])


def test_unknown_zone_400(agg_cloud, hosts):
    image = agg_cloud.api.get('/images').json()['images'][0]['id']
    resp = agg_cloud.api.post('/servers', json={'server': {
        'name': 'nowhere', 'imageRef': image, 'flavorRef': '1',
        'availability_zone': 'no-such-zone'}})
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'The requested availability zone is not available'


def test_extra_specs_pin_flavor_to_aggregate(agg_cloud, hosts):
    admin = agg_cloud.api
    resp = admin.post('/flavors', json={'flavor': {
        'name': 'pinned', 'ram': 256, 'vcpus': 1, 'disk': 1,
        'id': 'pinned'}})
    assert resp.status_code == 200, resp.text
    resp = admin.post('/flavors/pinned/os-extra_specs', json={
        'extra_specs': {'aggregate_instance_extra_specs:pinned': 'true'}})
    assert resp.status_code == 200, resp.text
    # No host offers it yet.
    server = _boot(admin, 'pinned-early', flavor='pinned')
    assert server['status'] == 'ERROR'
    assert 'AggregateInstanceExtraSpecsFilter' in server['fault']['message']
    actions_helpers.delete(admin, server['id'])
    _aggregate(admin, 'pinned-hosts', [hosts[1]], {'pinned': 'true'})
    for index in range(3):
        server = _boot(admin, 'pinned-%d' % index, flavor='pinned')
        assert server['status'] == 'ACTIVE', server.get('fault')
        assert _host_of(admin, server) == hosts[1]
        actions_helpers.delete(admin, server['id'])


def test_aggregate_ram_ratio_changes_what_fits(agg_cloud, hosts):
    admin = agg_cloud.api
    agg_id = _aggregate(admin, 'tight', [hosts[2]],
                        {'ram_allocation_ratio': '0.01'}, zone='az-tight')
    server = _boot(admin, 'too-big', zone='az-tight')
    assert server['status'] == 'ERROR'
    assert 'AggregateRamFilter' in server['fault']['message']
    actions_helpers.delete(admin, server['id'])
    # Without the aggregate's ratio the node's own applies again.
    _action(admin, agg_id, {'set_metadata': {
        'metadata': {'ram_allocation_ratio': None}}})
    server = _boot(admin, 'fits', zone='az-tight')
    assert server['status'] == 'ACTIVE', server.get('fault')
    assert _host_of(admin, server) == hosts[2]
    actions_helpers.delete(admin, server['id'])


def test_multi_tenancy_isolation(agg_cloud, hosts):
    admin = agg_cloud.api
    _aggregate(admin, 'isolated', [hosts[3]],
               {'filter_tenant_id': 'proj-iso'}, zone='az-iso')
    other = _boot(admin.as_user(OTHER), 'not-mine', zone='az-iso')
    assert other['status'] == 'ERROR'
    mine = _boot(admin.as_user(ISOLATED), 'mine', zone='az-iso')
    assert mine['status'] == 'ACTIVE', mine.get('fault')
    assert _host_of(admin, mine) == hosts[3]
    for server in (other, mine):
        actions_helpers.delete(admin, server['id'])


def test_os_hosts_zones_and_disable(agg_cloud, hosts):
    admin = agg_cloud.api
    # The zone of test_zone_from_aggregate_pins_boots (a host may be in
    # several aggregates of the same zone).
    _aggregate(admin, 'hosts-zone', [hosts[0]], zone='az-a')
    listed = admin.get('/os-hosts').json()['hosts']
    zones = {h['host_name']: h['zone'] for h in listed
             if h['service'] == 'compute'}
    assert zones[hosts[0]] == 'az-a' and zones[hosts[1]] != 'az-a'
    assert 'internal' in {h['zone'] for h in listed}
    shown = admin.get('/os-hosts/%s' % hosts[0]).json()['host']
    assert [r['resource']['project'] for r in shown[:3]] == [
        '(total)', '(used_now)', '(used_max)']
    resp = admin.put('/os-hosts/%s' % hosts[0], json={'status': 'disable'})
    assert resp.json() == {'host': hosts[0], 'status': 'disabled'}
    try:
        services = admin.get('/os-services?host=%s' % hosts[0]).json()
        assert services['services'][0]['status'] == 'disabled'
        # The zone's only host is disabled: the zone is unavailable.
        image = admin.get('/images').json()['images'][0]['id']
        resp = admin.post('/servers', json={'server': {
            'name': 'disabled-zone', 'imageRef': image, 'flavorRef': '1',
            'availability_zone': 'az-a'}})
        assert resp.status_code == 400, resp.text
    finally:
        resp = admin.put('/os-hosts/%s' % hosts[0],
                         json={'status': 'enable'})
        assert resp.json()['status'] == 'enabled'
    assert admin.get('/os-hosts/%s/reboot' % hosts[0]).status_code == 501
