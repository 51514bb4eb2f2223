"""GET /os-hypervisors and its sub-resources: compute nodes' capacity,
usage, state and servers, for admins only, loaded in bulk."""

import contextlib
import datetime
import re

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import objects

USER = 'alice:proj-a'
DETAIL_KEYS = {
    'id', 'hypervisor_hostname', 'state', 'status', 'vcpus', 'memory_mb',
    'local_gb', 'vcpus_used', 'memory_mb_used', 'local_gb_used',
    'hypervisor_type', 'hypervisor_version', 'free_ram_mb', 'free_disk_gb',
    'current_workload', 'running_vms', 'disk_available_least', 'host_ip',
    'service', 'cpu_info'}


def _service(context, host, last_seen_up, disabled=False, reason=None):
    service = objects.Service(context=context, host=host,
                              binary='nova-compute', topic='compute',
                              disabled=disabled, disabled_reason=reason,
                              last_seen_up=last_seen_up)
    service.create()
    return service


def _node(context, service, vcpus=8, memory_mb=16384, local_gb=200,
          used=(0, 512, 0)):
    return services_db.compute_node_create(context, {
        'host': service.host, 'hypervisor_hostname': service.host + '.local',
        'service_id': service.id, 'hypervisor_type': 'fake',
        'hypervisor_version': 1000, 'host_ip': '192.0.2.%d' % service.id,
        'cpu_info': '{"arch": "x86_64"}', 'vcpus': vcpus,
        'memory_mb': memory_mb, 'local_gb': local_gb,
        'vcpus_used': used[0], 'memory_mb_used': used[1],
        'local_gb_used': used[2], 'free_ram_mb': memory_mb - used[1],
        'free_disk_gb': local_gb - used[2], 'disk_available_least': local_gb,
        'running_vms': 0, 'cpu_allocation_ratio': 1.0,
        'ram_allocation_ratio': 1.0, 'disk_allocation_ratio': 1.0})


def _instance(context, node, name):
    uuid = uuidutils.generate_uuid()
    row = instances_db.instance_create(context, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u', 'display_name': name,
        'host': node.host, 'node': node.hypervisor_hostname,
        'memory_mb': 512, 'vcpus': 1, 'root_gb': 1, 'ephemeral_gb': 0,
        'vm_state': 'active'})
    return {'uuid': uuid, 'name': 'instance-%08x' % row.id}


@pytest.fixture
def hosts(admin_context):
    now = timeutils.utcnow()
    stale = now - datetime.timedelta(minutes=10)
    up = _service(admin_context, 'cmp1', now)
    down = _service(admin_context, 'cmp2', stale, disabled=True,
                    reason='broken fan')
    other = _service(admin_context, 'other', now)
    return {
        'up': (up, _node(admin_context, up, used=(2, 2560, 20))),
        'down': (down, _node(admin_context, down, vcpus=4, memory_mb=8192,
                             local_gb=100)),
        'other': (other, _node(admin_context, other, vcpus=2,
                               memory_mb=4096, local_gb=50)),
    }


def _ok(resp):
    assert resp.status_int == 200, resp.body
    return resp.json


def test_index(api, hosts):
    listed = _ok(api.get('/v2.1/os-hypervisors'))['hypervisors']
    up_node, down_node = hosts['up'][1], hosts['down'][1]
    assert listed[:2] == [
        {'id': up_node.id, 'hypervisor_hostname': 'cmp1.local',
         'state': 'up', 'status': 'enabled'},
        {'id': down_node.id, 'hypervisor_hostname': 'cmp2.local',
         'state': 'down', 'status': 'disabled'}]
    assert len(listed) == 3


def test_detail_and_show(api, hosts):
    service, node = hosts['up']
    listed = _ok(api.get('/v2.1/os-hypervisors/detail'))['hypervisors']
    assert [set(h) for h in listed] == [DETAIL_KEYS] * 3
    shown = _ok(api.get('/v2.1/os-hypervisors/%d' % node.id))['hypervisor']
    assert shown == listed[0]
    assert shown == {
        'id': node.id, 'hypervisor_hostname': 'cmp1.local', 'state': 'up',
        'status': 'enabled', 'vcpus': 8, 'memory_mb': 16384, 'local_gb': 200,
        'vcpus_used': 2, 'memory_mb_used': 2560, 'local_gb_used': 20,
        'hypervisor_type': 'fake', 'hypervisor_version': 1000,
        'free_ram_mb': 13824, 'free_disk_gb': 180, 'current_workload': 0,
        'running_vms': 0, 'disk_available_least': 200,
        'host_ip': '192.0.2.%d' % service.id,
        'service': {'host': 'cmp1', 'id': service.id,
                    'disabled_reason': None},
        'cpu_info': '{"arch": "x86_64"}'}
    down = listed[1]
    assert down['service']['disabled_reason'] == 'broken fan'
    assert (down['state'], down['status']) == ('down', 'disabled')


@pytest.mark.parametrize('hypervisor_id', ['9999', 'abc'])
def test_show_unknown_is_404(api, hosts, hypervisor_id):
    for path in ('/v2.1/os-hypervisors/%s', '/v2.1/os-hypervisors/%s/uptime'):
        resp = api.get(path % hypervisor_id)
        assert resp.status_int == 404
        assert resp.json == {'itemNotFound': {
            'code': 404, 'message': 'Hypervisor with ID \'%s\' could not be '
                                    'found.' % hypervisor_id}}


def test_statistics_sum_nodes_of_enabled_services(api, hosts):
    stats = _ok(api.get('/v2.1/os-hypervisors/statistics'))
    # cmp2's service is disabled: its node is left out, as upstream does.
    assert stats == {'hypervisor_statistics': {
        'count': 2, 'vcpus': 10, 'memory_mb': 20480, 'local_gb': 250,
        'vcpus_used': 2, 'memory_mb_used': 3072, 'local_gb_used': 20,
        'free_ram_mb': 17408, 'free_disk_gb': 230, 'current_workload': 0,
        'running_vms': 0, 'disk_available_least': 250}}


def test_uptime(api, hosts, admin_context):
    service, node = hosts['up']
    body = _ok(api.get('/v2.1/os-hypervisors/%d/uptime' % node.id))
    hypervisor = body['hypervisor']
    assert re.fullmatch(r' \d\d:\d\d:\d\d up 0 days,  0:0\d',
                        hypervisor.pop('uptime'))
    assert hypervisor == {'id': node.id, 'hypervisor_hostname': 'cmp1.local',
                          'state': 'up', 'status': 'enabled'}
    resp = api.get('/v2.1/os-hypervisors/%d/uptime' % hosts['down'][1].id)
    assert resp.status_int == 400
    assert 'cmp2' in resp.json['badRequest']['message']


def test_search(api, hosts):
    found = _ok(api.get('/v2.1/os-hypervisors/cmp/search'))['hypervisors']
    assert [h['hypervisor_hostname'] for h in found] == ['cmp1.local',
                                                         'cmp2.local']
    assert set(found[0]) == {'id', 'hypervisor_hostname', 'state', 'status'}
    resp = api.get('/v2.1/os-hypervisors/nomatch/search')
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == (
        'No hypervisor matching \'nomatch\' could be found.')


def test_servers(api, hosts, admin_context):
    node = hosts['up'][1]
    first = _instance(admin_context, node, 'a')
    second = _instance(admin_context, node, 'b')
    _instance(admin_context, hosts['other'][1], 'elsewhere')
    gone = _instance(admin_context, node, 'gone')
    instances_db.instance_destroy(admin_context, gone['uuid'])
    found = _ok(api.get('/v2.1/os-hypervisors/cmp/servers'))['hypervisors']
    assert found == [
        {'id': node.id, 'hypervisor_hostname': 'cmp1.local', 'state': 'up',
         'status': 'enabled', 'servers': [first, second]},
        {'id': hosts['down'][1].id, 'hypervisor_hostname': 'cmp2.local',
         'state': 'down', 'status': 'disabled'}]
    resp = api.get('/v2.1/os-hypervisors/nomatch/servers')
    assert resp.status_int == 404


def test_node_of_deleted_service_is_not_shown(api, hosts):
    hosts['other'][0].destroy()
    listed = _ok(api.get('/v2.1/os-hypervisors'))['hypervisors']
    assert [h['hypervisor_hostname'] for h in listed] == ['cmp1.local',
                                                          'cmp2.local']
    resp = api.get('/v2.1/os-hypervisors/%d' % hosts['other'][1].id)
    assert resp.status_int == 404


@contextlib.contextmanager
def _selects():
    """The tables of every SELECT run inside the block."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith('SELECT'):
            seen.append(re.search(r'\bFROM (\w+)', statement).group(1))

    sa.event.listen(sa.engine.Engine, 'before_cursor_execute', record)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, 'before_cursor_execute', record)


@pytest.mark.parametrize('path', [
    '/v2.1/os-hypervisors', '/v2.1/os-hypervisors/detail',
    '/v2.1/os-hypervisors/statistics', '/v2.1/os-hypervisors/cmp/search',
    '/v2.1/os-hypervisors/cmp/servers'])
def test_loaded_in_bulk(api, hosts, admin_context, path):
    for key in ('up', 'down', 'other'):
        _instance(admin_context, hosts[key][1], key)
    with _selects() as seen:
        _ok(api.get(path))
    expected = ['compute_nodes', 'services']
    if path.endswith('/servers'):
        expected.append('instances')
    assert sorted(seen) == sorted(expected)


@pytest.mark.parametrize('path', [
    '/v2.1/os-hypervisors', '/v2.1/os-hypervisors/detail',
    '/v2.1/os-hypervisors/1', '/v2.1/os-hypervisors/statistics',
    '/v2.1/os-hypervisors/1/uptime', '/v2.1/os-hypervisors/cmp/search',
    '/v2.1/os-hypervisors/cmp/servers'])
def test_admin_only(api, hosts, path):
    resp = api.as_user(USER).get(path)
    assert resp.status_int == 403
    assert 'os_compute_api:os-hypervisors:' in \
        resp.json['forbidden']['message']
