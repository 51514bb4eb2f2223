"""The deprecated os-hosts API in process."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import objects

BASE = '/v2.1/os-hosts'


def _service(ctx, host, binary, topic, disabled=False, seen=None):
    services_db.service_create(ctx, {
        'host': host, 'binary': binary, 'topic': topic,
        'disabled': disabled,
        'last_seen_up': seen or timeutils.utcnow()})


@pytest.fixture
def cloud(admin_context):
    ctx = admin_context
    _service(ctx, 'cmp1', 'nova-compute', 'compute')
    _service(ctx, 'cmp2', 'nova-compute', 'compute')
    _service(ctx, 'off', 'nova-compute', 'compute', disabled=True)
    _service(ctx, 'ctl', 'nova-conductor', 'conductor')
    _service(ctx, 'api', 'nova-osapi_compute', 'osapi_compute')
    services_db.compute_node_create(ctx, {
        'host': 'cmp1', 'hypervisor_hostname': 'cmp1',
        'hypervisor_type': 'fake', 'vcpus': 8, 'memory_mb': 4096,
        'local_gb': 100, 'vcpus_used': 3, 'memory_mb_used': 1536,
        'local_gb_used': 30, 'cpu_allocation_ratio': 1.0,
        'ram_allocation_ratio': 1.0, 'disk_allocation_ratio': 1.0})
    for project, vcpus, memory_mb in (('p1', 1, 512), ('p1', 1, 512),
                                      ('p2', 1, 512)):
        instances_db.instance_create(ctx, {
            'uuid': uuidutils.generate_uuid(), 'project_id': project,
            'host': 'cmp1', 'vcpus': vcpus, 'memory_mb': memory_mb,
            'root_gb': 10, 'ephemeral_gb': 0})
    agg = objects.Aggregate(context=ctx, name='z',
                            metadata={'availability_zone': 'az1'})
    agg.create()
    agg.add_host('cmp2')
    return ctx


def _ok(resp):
    assert resp.status_int == 200, resp.body
    return resp.json


def _fault(resp, status):
    assert resp.status_int == status, resp.body
    return next(iter(resp.json.values()))['message']


def test_index_lists_enabled_service_hosts_with_zones(api, cloud):
    assert _ok(api.get(BASE))['hosts'] == [
        {'host_name': 'cmp1', 'service': 'compute', 'zone': 'nova'},
        {'host_name': 'cmp2', 'service': 'compute', 'zone': 'az1'},
        {'host_name': 'ctl', 'service': 'conductor', 'zone': 'internal'}]
    assert [h['host_name'] for h in _ok(api.get(BASE + '?zone=az1'))[
        'hosts']] == ['cmp2']


def test_show_usage_rows(api, cloud):
    rows = [r['resource'] for r in _ok(api.get(BASE + '/cmp1'))['host']]
    assert [(r['project'], r['cpu'], r['memory_mb'], r['disk_gb'])
            for r in rows] == [('(total)', 8, 4096, 100),
                               ('(used_now)', 3, 1536, 30),
                               ('(used_max)', 3, 1536, 30),
                               ('p1', 2, 1024, 20), ('p2', 1, 512, 10)]
    assert {r['host'] for r in rows} == {'cmp1'}
    assert _fault(api.get(BASE + '/nope'), 404) == \
        'Compute host nope could not be found.'


def test_update_status_disables_compute_service(api, cloud):
    body = _ok(api.put(BASE + '/cmp1', {'status': 'disable'}))
    assert body == {'host': 'cmp1', 'status': 'disabled'}
    service = objects.Service.get_by_host_and_binary(cloud, 'cmp1',
                                                     'nova-compute')
    assert service.disabled
    assert _ok(api.put(BASE + '/cmp1', {'status': 'Enable'})) == {
        'host': 'cmp1', 'status': 'enabled'}
    assert not objects.Service.get_by_host_and_binary(
        cloud, 'cmp1', 'nova-compute').disabled


def test_update_errors(api, cloud):
    _fault(api.put(BASE + '/cmp1', {}), 400)
    _fault(api.put(BASE + '/cmp1', {'status': 'maybe'}), 400)
    assert _fault(api.put(BASE + '/nope', {'status': 'enable'}), 404) == \
        'Host nope could not be found.'
    _fault(api.put(BASE + '/cmp1', {'maintenance_mode': 'enable'}), 501)


def test_power_actions_not_supported(api, cloud):
    for action in ('reboot', 'shutdown', 'startup'):
        _fault(api.get('%s/cmp1/%s' % (BASE, action)), 501)
        _fault(api.get('%s/nope/%s' % (BASE, action)), 404)
    _service(cloud, 'dead', 'nova-compute', 'compute',
             seen=timeutils.utcnow() - datetime.timedelta(hours=1))
    assert 'unavailable' in _fault(api.get(BASE + '/dead/reboot'), 400)


def test_admin_only(api, cloud):
    user = api.as_user('alice:p1')
    _fault(user.get(BASE), 403)
    _fault(user.get(BASE + '/cmp1'), 403)
    _fault(user.put(BASE + '/cmp1', {'status': 'enable'}), 403)
    _fault(user.get(BASE + '/cmp1/reboot'), 403)
