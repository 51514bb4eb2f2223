"""The remaining scheduler filters and the weighers, by behaviour through
the public API (flavors, extra specs, images, aggregates, hints) on
all-in-one clouds of simulated fake hosts.

Not reachable here: MetricsWeigher (no fake host reports metrics; only the
readable MetricsFilter failure is tested) and the soft server group
weighers (soft-affinity policies come with microversion 2.15; this API
stops at 2.12).
"""

import json
import time
import uuid

import pytest
import requests

from nova.image import qcow2
from tests.functional import cloud as cloud_lib

# Cloud A: filters tied to images, aggregates and hints; spreading weighers
# with multipliers of distinct magnitudes (disk > CPU > RAM), so a test can
# pit one weigher against the others.
FILTER_HOST = 'flt'
ISOLATED_HOST = FILTER_HOST + '-4'
ISOLATED_IMAGE = str(uuid.uuid4())
FILTERS_A = ('ComputeFilter,RamFilter,CoreFilter,DiskFilter,RetryFilter,'
             'IsolatedHostsFilter,JsonFilter,SimpleCIDRAffinityFilter,'
             'ImagePropertiesFilter,AggregateImagePropertiesIsolation,'
             'AggregateTypeAffinityFilter,AggregateCoreFilter,'
             'AggregateDiskFilter')
OPTIONS_A = {
    'host': FILTER_HOST,
    'filter_scheduler.enabled_filters': FILTERS_A,
    'filter_scheduler.weight_classes': 'RAMWeigher,CPUWeigher,DiskWeigher',
    'filter_scheduler.ram_weight_multiplier': 1.0,
    'filter_scheduler.cpu_weight_multiplier': 10.0,
    'filter_scheduler.disk_weight_multiplier': 100.0,
    'filter_scheduler.isolated_hosts': ISOLATED_HOST,
    'filter_scheduler.isolated_images': ISOLATED_IMAGE,
    'fake_driver.fail_spawn_for_names': 'fail-everywhere',
    'scheduler.max_attempts': 3,
}

# Cloud B: stacking by RAM, busy hosts avoided, one flavor per host.
STACK_HOST = 'stk'
# Long enough that the busy hosts stay busy however loaded the test
# machine is (2 s was not, at a load average of 30); only the servers
# named for it spawn slowly.
SPAWN_SECONDS = 12.0
IO_OPS_LIMIT = 2
OPTIONS_B = {
    'host': STACK_HOST,
    'filter_scheduler.enabled_filters':
        'AllHostsFilter,ComputeFilter,RamFilter,TypeAffinityFilter,'
        'IoOpsFilter',
    'filter_scheduler.weight_classes': 'RAMWeigher,IoOpsWeigher',
    'filter_scheduler.ram_weight_multiplier': -1.0,
    # Stronger than the stacking: a spawning host loses.
    'filter_scheduler.io_ops_weight_multiplier': -2.0,
    'filter_scheduler.max_io_ops_per_host': IO_OPS_LIMIT,
    'fake_driver.spawn_seconds': SPAWN_SECONDS,
    'fake_driver.spawn_seconds_only_for': 'slow,busy',
}


def _start(tmp_path_factory, name, hosts, options):
    running = cloud_lib.Cloud(tmp_path_factory.mktemp(name),
                              database='sqlite', split=False,
                              simulated_hosts=hosts, options=options)
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    return running


@pytest.fixture(scope='module')
def filters_cloud(tmp_path_factory):
    running = _start(tmp_path_factory, 'filters', 4, OPTIONS_A)
    yield running
    running.stop()


@pytest.fixture(scope='module')
def stack_cloud(tmp_path_factory):
    running = _start(tmp_path_factory, 'stack', 3, OPTIONS_B)
    yield running
    running.stop()


def _hosts(prefix, count):
    return ['%s-%d' % (prefix, i) for i in range(1, count + 1)]


def _default_image(api):
    # By name: the images made by these tests are listed too.
    images = api.get('/images?name=cirros').json()['images']
    assert len(images) == 1, images
    return images[0]['id']


def _image(cloud, properties, image_id=None):
    """An active image with these properties, made through the image
    API."""
    headers = {'X-Auth-Token': 'admin:admin'}
    body = dict(properties, name='img-%s' % uuid.uuid4().hex[:6],
                disk_format='qcow2', container_format='bare',
                visibility='public')
    if image_id:
        body['id'] = image_id
    resp = requests.post('%s/v2/images' % cloud.image_endpoint, json=body,
                         headers=headers, timeout=30)
    assert resp.status_code == 201, resp.text
    image = resp.json()
    resp = requests.put(
        '%s/v2/images/%s/file' % (cloud.image_endpoint, image['id']),
        data=qcow2.empty_image(1024 ** 3), timeout=30,
        headers=dict(headers, **{'Content-Type': 'application/octet-stream'}))
    assert resp.status_code == 204, resp.text
    return image['id']


def _flavor(admin, flavor_id, ram=64, vcpus=1, disk=1, extra_specs=None):
    resp = admin.post('/flavors', json={'flavor': {
        'name': flavor_id, 'ram': ram, 'vcpus': vcpus, 'disk': disk,
        'id': flavor_id}})
    assert resp.status_code == 200, resp.text
    if extra_specs:
        resp = admin.post('/flavors/%s/os-extra_specs' % flavor_id,
                          json={'extra_specs': extra_specs})
        assert resp.status_code == 200, resp.text
    return flavor_id


def _post(api, name, flavor='1', image=None, hints=None, count=1):
    body = {'server': {'name': name, 'flavorRef': flavor,
                       'imageRef': image or _default_image(api)}}
    if count > 1:
        body['server']['min_count'] = count
    if hints:
        body['os:scheduler_hints'] = hints
    resp = api.post('/servers', json=body)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def _boot(api, name, **kw):
    """Post a boot; the server once ACTIVE or ERROR."""
    return api.wait_for_status(_post(api, name, **kw), ['ACTIVE', 'ERROR'])


def _on(*hosts):
    """A JsonFilter hint keeping a boot to these hosts."""
    query = ['or'] + [['=', '$host', host] for host in hosts]
    return {'query': json.dumps(query)}


def _host(admin, server_id):
    return admin.get('/servers/%s' % server_id).json()['server'][
        'OS-EXT-SRV-ATTR:host']


def _active_on(admin, server):
    assert server['status'] == 'ACTIVE', server.get('fault')
    return _host(admin, server['id'])


def _refused_by(server, filter_name):
    assert server['status'] == 'ERROR', server['status']
    message = server['fault']['message']
    assert 'No valid host was found' in message, message
    assert filter_name in message, message


def _delete(admin, servers):
    ids = [s if isinstance(s, str) else s['id'] for s in servers]
    for server_id in ids:
        admin.delete('/servers/%s' % server_id)
    for server_id in ids:
        admin.wait_for_deletion(server_id)


def _aggregate(admin, name, hosts, metadata):
    resp = admin.post('/os-aggregates', json={'aggregate': {'name': name}})
    assert resp.status_code == 200, resp.text
    agg_id = resp.json()['aggregate']['id']
    for host in hosts:
        _agg_action(admin, agg_id, {'add_host': {'host': host}})
    _agg_action(admin, agg_id, {'set_metadata': {'metadata': metadata}})
    return agg_id


def _agg_action(admin, agg_id, body):
    resp = admin.post('/os-aggregates/%s/action' % agg_id, json=body)
    assert resp.status_code == 200, resp.text


def _drop_aggregate(admin, agg_id, hosts):
    for host in hosts:
        _agg_action(admin, agg_id, {'remove_host': {'host': host}})
    assert admin.delete('/os-aggregates/%s' % agg_id).status_code == 200


def _wait_task_state(admin, server_id, task_state, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = admin.get('/servers/%s' % server_id).json()['server']
        if server['OS-EXT-STS:task_state'] == task_state:
            return
        time.sleep(0.05)
    raise AssertionError('server %s never reached task state %s'
                         % (server_id, task_state))


# Cloud A: filters.

def test_ram_weigher_spreads_over_hosts(filters_cloud):
    admin = filters_cloud.api
    servers = [_boot(admin, 'spread-%d' % i) for i in range(3)]
    hosts = [_active_on(admin, s) for s in servers]
    # Three free hosts for the default image: the isolated one refuses it.
    assert sorted(hosts) == _hosts(FILTER_HOST, 3)
    _delete(admin, servers)


def test_isolated_image_runs_only_on_isolated_host(filters_cloud):
    admin = filters_cloud.api
    image = _image(filters_cloud, {}, image_id=ISOLATED_IMAGE)
    servers = [_boot(admin, 'isolated-%d' % i, image=image)
               for i in range(2)]
    assert [_active_on(admin, s) for s in servers] == [ISOLATED_HOST] * 2
    # Other images never land there, even when asked to.
    refused = _boot(admin, 'not-isolated', hints=_on(ISOLATED_HOST))
    _refused_by(refused, 'IsolatedHostsFilter')
    _delete(admin, servers + [refused])


def test_json_filter_query(filters_cloud):
    admin = filters_cloud.api
    target = FILTER_HOST + '-2'
    server = _boot(admin, 'json-host', hints=_on(target))
    assert _active_on(admin, server) == target
    roomy = _boot(admin, 'json-ram', hints={'query': json.dumps(
        ['>=', '$free_ram_mb', 1024])})
    assert _active_on(admin, roomy) in _hosts(FILTER_HOST, 3)
    greedy = _boot(admin, 'json-too-much', hints={'query': json.dumps(
        ['>=', '$free_ram_mb', 10 ** 9])})
    _refused_by(greedy, 'JsonFilter')
    _delete(admin, [server, roomy, greedy])


def test_simple_cidr_affinity(filters_cloud):
    admin = filters_cloud.api
    # Every simulated host reports host_ip 127.0.0.1 (see the hypervisors
    # API), so a neighbour on 127.0.0.0/24 matches them all...
    ips = {h['host_ip'] for h in admin.get(
        '/os-hypervisors/detail').json()['hypervisors']}
    assert ips == {'127.0.0.1'}
    near = _boot(admin, 'near', hints={'build_near_host_ip': '127.0.0.9',
                                       'cidr': '/24'})
    assert _active_on(admin, near) in _hosts(FILTER_HOST, 3)
    # ...and one on a documentation network matches none.
    far = _boot(admin, 'far', hints={'build_near_host_ip': '192.0.2.1',
                                     'cidr': '/24'})
    _refused_by(far, 'SimpleCIDRAffinityFilter')
    _delete(admin, [near, far])


def test_image_properties_filter(filters_cloud):
    admin = filters_cloud.api
    arm = _image(filters_cloud, {'hw_architecture': 'aarch64'})
    refused = _boot(admin, 'on-arm', image=arm)
    _refused_by(refused, 'ImagePropertiesFilter')
    x86 = _image(filters_cloud, {'hw_architecture': 'x86_64',
                                 'img_hv_type': 'fake'})
    fits = _boot(admin, 'on-x86', image=x86)
    assert _active_on(admin, fits) in _hosts(FILTER_HOST, 3)
    _delete(admin, [refused, fits])


def test_aggregate_image_properties_isolation(filters_cloud):
    admin = filters_cloud.api
    host = FILTER_HOST + '-1'
    agg_id = _aggregate(admin, 'windows-only', [host],
                        {'os_distro': 'windows'})
    # The default image says os_distro=cirros: not on that host.
    cirros = _boot(admin, 'cirros-there', hints=_on(host))
    _refused_by(cirros, 'AggregateImagePropertiesIsolation')
    windows = _boot(admin, 'windows-there', hints=_on(host),
                    image=_image(filters_cloud, {'os_distro': 'windows'}))
    assert _active_on(admin, windows) == host
    _delete(admin, [cirros, windows])
    _drop_aggregate(admin, agg_id, [host])


def test_aggregate_type_affinity(filters_cloud):
    admin = filters_cloud.api
    host = FILTER_HOST + '-1'
    _flavor(admin, 'agg-typed')
    _flavor(admin, 'agg-untyped')
    agg_id = _aggregate(admin, 'typed', [host],
                        {'instance_type': 'agg-typed'})
    refused = _boot(admin, 'untyped', flavor='agg-untyped', hints=_on(host))
    _refused_by(refused, 'AggregateTypeAffinityFilter')
    typed = _boot(admin, 'typed', flavor='agg-typed', hints=_on(host))
    assert _active_on(admin, typed) == host
    _delete(admin, [refused, typed])
    _drop_aggregate(admin, agg_id, [host])


@pytest.mark.parametrize('filter_name,ratio_key', [
    ('AggregateCoreFilter', 'cpu_allocation_ratio'),
    ('AggregateDiskFilter', 'disk_allocation_ratio')])
def test_aggregate_ratio_filters(filters_cloud, filter_name, ratio_key):
    admin = filters_cloud.api
    host = FILTER_HOST + '-3'
    # 16 vCPUs x 0.01 and 1024 GiB x 0.0001: less than one of each.
    ratio = '0.01' if ratio_key == 'cpu_allocation_ratio' else '0.0001'
    agg_id = _aggregate(admin, 'tight-' + ratio_key, [host],
                        {ratio_key: ratio})
    refused = _boot(admin, 'tight', hints=_on(host))
    _refused_by(refused, filter_name)
    # Without the aggregate's ratio the node's own applies again.
    _agg_action(admin, agg_id, {'set_metadata': {
        'metadata': {ratio_key: None}}})
    fits = _boot(admin, 'roomy', hints=_on(host))
    assert _active_on(admin, fits) == host
    _delete(admin, [refused, fits])
    _drop_aggregate(admin, agg_id, [host])


def test_retry_never_returns_to_a_failed_host(filters_cloud):
    admin = filters_cloud.api
    # The fake driver fails this name on every host: each attempt must
    # have gone to another one, then the build gives up.
    server = _boot(admin, 'fail-everywhere')
    assert server['status'] == 'ERROR'
    message = admin.get('/servers/%s' % server['id']).json()['server'][
        'fault']['message']
    assert 'Build failed on 3 host(s)' in message, message
    tried = message.split('(', 2)[2].split(')')[0].split(', ')
    assert sorted(tried) == _hosts(FILTER_HOST, 3), message
    _delete(admin, [server])


def _place(admin, name, flavor, host):
    server = _boot(admin, name, flavor=flavor, hints=_on(host))
    assert _active_on(admin, server) == host
    return server


def test_cpu_weigher_outweighs_ram(filters_cloud):
    admin = filters_cloud.api
    busy_cpu, busy_ram = FILTER_HOST + '-1', FILTER_HOST + '-2'
    placed = [
        _place(admin, 'cpus', _flavor(admin, 'w-cpu', vcpus=8), busy_cpu),
        _place(admin, 'ram', _flavor(admin, 'w-ram', ram=8192), busy_ram)]
    # Equal disk; more free RAM on busy_cpu, more free vCPUs on busy_ram:
    # the CPU weigher (multiplier 10 against 1) decides.
    server = _boot(admin, 'cpu-weighed', hints=_on(busy_cpu, busy_ram))
    assert _active_on(admin, server) == busy_ram
    _delete(admin, placed + [server])


def test_disk_weigher_outweighs_cpu_and_ram(filters_cloud):
    admin = filters_cloud.api
    busy_disk, busy_rest = FILTER_HOST + '-1', FILTER_HOST + '-2'
    placed = [
        _place(admin, 'disk', _flavor(admin, 'w-disk', disk=500), busy_disk),
        _place(admin, 'rest', _flavor(admin, 'w-rest', vcpus=8, ram=8192),
               busy_rest)]
    # More free vCPUs and RAM on busy_disk, more free disk on busy_rest:
    # the disk weigher (multiplier 100) decides.
    server = _boot(admin, 'disk-weighed', hints=_on(busy_disk, busy_rest))
    assert _active_on(admin, server) == busy_rest
    _delete(admin, placed + [server])


# Cloud B: stacking, busy hosts, one flavor per host.

def test_ram_weigher_stacks_with_negative_multiplier(stack_cloud):
    admin = stack_cloud.api
    servers = [_boot(admin, 'stacked-%d' % i) for i in range(3)]
    hosts = {_active_on(admin, s) for s in servers}
    assert len(hosts) == 1
    _delete(admin, servers)


def test_type_affinity_keeps_one_flavor_per_host(stack_cloud):
    admin = stack_cloud.api
    first = _boot(admin, 'tiny-1')
    home = _active_on(admin, first)
    # Stacking would pick home; another flavor may not go there.
    other = _boot(admin, 'small', flavor='2')
    assert _active_on(admin, other) != home
    again = _boot(admin, 'tiny-2')
    assert _active_on(admin, again) == home
    _delete(admin, [first, other, again])


def test_io_ops_weigher_prefers_idle_hosts(stack_cloud):
    admin = stack_cloud.api
    spawning = _post(admin, 'slow')
    _wait_task_state(admin, spawning, 'spawning')
    # Stacking alone would pick the spawning server's host.
    second = _boot(admin, 'beside-slow')
    first = admin.wait_for_status(spawning, ['ACTIVE', 'ERROR'])
    assert _active_on(admin, second) != _active_on(admin, first)
    _delete(admin, [first, second])


def test_io_ops_filter_refuses_busy_hosts(stack_cloud):
    admin = stack_cloud.api
    count = 3 * IO_OPS_LIMIT
    _post(admin, 'busy', count=count)
    busy = admin.get('/servers?name=^busy').json()['servers']
    assert len(busy) == count
    for server in busy:
        _wait_task_state(admin, server['id'], 'spawning')
    refused = _boot(admin, 'one-too-many')
    _refused_by(refused, 'IoOpsFilter removed 3')
    assert 'AllHostsFilter removed' not in refused['fault']['message']
    busy = [admin.wait_for_status(s['id'], ['ACTIVE', 'ERROR'])
            for s in busy]
    hosts = [_active_on(admin, s) for s in busy]
    assert sorted(hosts.count(h) for h in set(hosts)) == [IO_OPS_LIMIT] * 3
    _delete(admin, busy + [refused])


# A cloud of its own: MetricsFilter removes every host.

def test_metrics_filter_without_reported_metrics(tmp_path_factory):
    running = _start(tmp_path_factory, 'metrics', 1, {
        'filter_scheduler.enabled_filters': 'ComputeFilter,MetricsFilter',
        'filter_scheduler.weight_classes': 'MetricsWeigher',
        'metrics.weight_setting': 'cpu.frequency=1.0'})
    try:
        server = _boot(running.api, 'needs-metrics')
        _refused_by(server, 'MetricsFilter removed 1')
    finally:
        running.stop()
