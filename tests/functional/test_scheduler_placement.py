"""Scheduler filters and readable no-host faults, through the public API
on an all-in-one with three simulated hosts."""

import pytest

from tests.functional import cloud as cloud_lib

OWNER = 'alice:proj-sched'
FILTERS = ('AvailabilityZoneFilter,ComputeFilter,RamFilter,CoreFilter,'
           'DiskFilter,ComputeCapabilitiesFilter,SameHostFilter,'
           'DifferentHostFilter,NumInstancesFilter,NUMATopologyFilter,'
           'PciPassthroughFilter')
PER_HOST = 2


# In process, and split over RabbitMQ: fault details must survive RPC.
SHAPES = {'sqlite-inproc': dict(database='sqlite', split=False),
          'postgresql-rabbit': dict(database='postgresql', split=True)}


@pytest.fixture(scope='module', params=list(SHAPES))
def sched(request, tmp_path_factory):
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('sched'), simulated_hosts=3,
        **SHAPES[request.param], options={
            'filter_scheduler.enabled_filters': FILTERS,
            'filter_scheduler.max_instances_per_host': PER_HOST,
            'fake_driver.numa_nodes': 2})
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _image(api):
    return api.get('/images').json()['images'][0]['id']


def _boot(api, name, flavor='1', hints=None, count=1):
    body = {'server': {'name': name, 'imageRef': _image(api),
                       'flavorRef': flavor, 'min_count': count}}
    if hints:
        body['os:scheduler_hints'] = hints
    resp = api.post('/servers', json=body)
    assert resp.status_code == 202, resp.text
    if count > 1:
        servers = api.get('/servers?name=^%s' % name).json()['servers']
        assert len(servers) == count
        return [api.wait_for_status(s['id'], ['ACTIVE', 'ERROR'])
                for s in servers]
    return api.wait_for_status(resp.json()['server']['id'],
                               ['ACTIVE', 'ERROR'])


def _host(admin, server):
    return admin.get('/servers/%s' % server['id']).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _delete_all(admin, servers):
    for server in servers:
        admin.delete('/servers/%s' % server['id'])
    for server in servers:
        admin.wait_for_deletion(server['id'])


def _flavor(admin, flavor_id, extra_specs):
    resp = admin.post('/flavors', json={'flavor': {
        'name': flavor_id, 'ram': 128, 'vcpus': 1, 'disk': 1,
        'id': flavor_id}})
    assert resp.status_code == 200, resp.text
    resp = admin.post('/flavors/%s/os-extra_specs' % flavor_id,
                      json={'extra_specs': extra_specs})
    assert resp.status_code == 200, resp.text


def test_same_and_different_host_hints(sched):
    admin = sched.api
    anchor = _boot(admin, 'anchor')
    assert anchor['status'] == 'ACTIVE', anchor.get('fault')
    home = _host(admin, anchor)
    booted = [anchor]
    for index in range(2):
        away = _boot(admin, 'away-%d' % index,
                     hints={'different_host': [anchor['id']]})
        booted.append(away)
        assert away['status'] == 'ACTIVE', away.get('fault')
        assert _host(admin, away) != home
    near = _boot(admin, 'near', hints={'same_host': anchor['id']})
    booted.append(near)
    assert near['status'] == 'ACTIVE', near.get('fault')
    assert _host(admin, near) == home
    _delete_all(admin, booted)


def test_capabilities_extra_spec(sched):
    admin = sched.api
    _flavor(admin, 'on-fake', {'capabilities:hypervisor_type': 's== fake'})
    _flavor(admin, 'on-kvm', {'capabilities:hypervisor_type': 's== kvm'})
    fits = _boot(admin, 'fits', flavor='on-fake')
    assert fits['status'] == 'ACTIVE', fits.get('fault')
    stuck = _boot(admin, 'stuck', flavor='on-kvm')
    assert stuck['status'] == 'ERROR'
    assert 'ComputeCapabilitiesFilter removed 3' in stuck['fault']['message']
    _delete_all(admin, [fits, stuck])


def test_impossible_flavor_fault_is_readable(sched):
    admin = sched.api
    # More RAM than a fake host offers (32 GiB x 1.5), within the quota.
    resp = admin.post('/flavors', json={'flavor': {
        'name': 'huge', 'ram': 50000, 'vcpus': 1, 'disk': 1,
        'id': 'huge'}})
    assert resp.status_code == 200, resp.text
    owner = admin.as_user(OWNER)
    server = _boot(owner, 'too-big', flavor='huge')
    assert server['status'] == 'ERROR'
    fault = server['fault']
    assert fault['message'].startswith('No valid host was found. There are '
                                       'not enough hosts available')
    assert 'RamFilter removed 3' in fault['message']
    assert 'the last host(s) were removed by RamFilter' in fault['message']
    hosts = [h['hypervisor_hostname'] for h in
             admin.get('/os-hypervisors').json()['hypervisors']]
    assert len(hosts) == 3
    # The owner sees counts, never host names nor details.
    assert 'details' not in fault
    assert not any(h in fault['message'] for h in hosts)
    # An administrator sees which filter removed which host.
    details = admin.get('/servers/%s' % server['id']).json()['server'][
        'fault']['details']
    assert 'For every instance: RamFilter removed' in details
    assert all(h in details for h in hosts)
    _delete_all(admin, [server])


def test_num_instances_per_host_limits_multi_create(sched):
    admin = sched.api
    full = _boot(admin, 'full', count=3 * PER_HOST)
    assert [s['status'] for s in full] == ['ACTIVE'] * len(full)
    hosts = [_host(admin, s) for s in full]
    assert sorted(hosts.count(h) for h in set(hosts)) == [PER_HOST] * 3
    extra = _boot(admin, 'extra')
    assert extra['status'] == 'ERROR'
    assert 'NumInstancesFilter removed 3' in extra['fault']['message']
    _delete_all(admin, full + [extra])
    again = _boot(admin, 'again')
    assert again['status'] == 'ACTIVE', again.get('fault')
    _delete_all(admin, [again])


def test_numa_and_pci_requests(sched):
    admin = sched.api
    _flavor(admin, 'numa-2', {'hw:numa_nodes': '2'})
    _flavor(admin, 'numa-4', {'hw:numa_nodes': '4'})
    _flavor(admin, 'gpu', {'pci_passthrough:alias': 'gpu:1'})
    fits = _boot(admin, 'two-cells', flavor='numa-2')
    assert fits['status'] == 'ACTIVE', fits.get('fault')
    # The simulated hosts have two NUMA cells and no PCI devices.
    too_many = _boot(admin, 'four-cells', flavor='numa-4')
    assert too_many['status'] == 'ERROR'
    assert 'NUMATopologyFilter removed 3' in too_many['fault']['message']
    gpu = _boot(admin, 'gpu', flavor='gpu')
    assert gpu['status'] == 'ERROR'
    assert 'PciPassthroughFilter removed 3' in gpu['fault']['message']
    _delete_all(admin, [fits, too_many, gpu])
