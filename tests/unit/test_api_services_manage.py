"""PUT /os-services/{enable,disable,disable-log-reason} and DELETE
/os-services/{id}: administrators manage services; a deleted compute
service takes its compute node with it."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import objects

USER = 'alice:proj-a'


@pytest.fixture
def compute(admin_context):
    service = objects.Service(context=admin_context, host='cmp1',
                              binary='nova-compute', topic='compute',
                              last_seen_up=timeutils.utcnow())
    service.create()
    node = services_db.compute_node_create(admin_context, {
        'host': 'cmp1', 'hypervisor_hostname': 'cmp1', 'service_id':
        service.id, 'hypervisor_type': 'fake', 'vcpus': 4, 'memory_mb': 4096,
        'local_gb': 40, 'cpu_allocation_ratio': 1.0,
        'ram_allocation_ratio': 1.0, 'disk_allocation_ratio': 1.0})
    return service, node


def _listed(api):
    resp = api.get('/v2.1/os-services')
    assert resp.status_int == 200, resp.body
    return {s['id']: s for s in resp.json['services']}


def test_disable_and_enable(api, compute, admin_context):
    service, _ = compute
    resp = api.put('/v2.1/os-services/disable',
                   {'host': 'cmp1', 'binary': 'nova-compute'})
    assert resp.status_int == 200, resp.body
    assert resp.json == {'service': {'host': 'cmp1', 'binary': 'nova-compute',
                                     'status': 'disabled'}}
    assert _listed(api)[service.id]['status'] == 'disabled'
    assert objects.Service.get_by_id(admin_context, service.id).disabled

    resp = api.put('/v2.1/os-services/enable',
                   {'host': 'cmp1', 'binary': 'nova-compute'})
    assert resp.status_int == 200, resp.body
    assert resp.json == {'service': {'host': 'cmp1', 'binary': 'nova-compute',
                                     'status': 'enabled'}}
    assert _listed(api)[service.id]['status'] == 'enabled'


def test_disable_log_reason_and_enable_clears_it(api, compute):
    service, _ = compute
    resp = api.put('/v2.1/os-services/disable-log-reason',
                   {'host': 'cmp1', 'binary': 'nova-compute',
                    'disabled_reason': 'new disks'})
    assert resp.status_int == 200, resp.body
    assert resp.json == {'service': {
        'host': 'cmp1', 'binary': 'nova-compute', 'status': 'disabled',
        'disabled_reason': 'new disks'}}
    listed = _listed(api)[service.id]
    assert (listed['status'], listed['disabled_reason']) == ('disabled',
                                                             'new disks')
    hypervisor = api.get('/v2.1/os-hypervisors/detail').json[
        'hypervisors'][0]
    assert hypervisor['status'] == 'disabled'
    assert hypervisor['service']['disabled_reason'] == 'new disks'
    api.put('/v2.1/os-services/enable',
            {'host': 'cmp1', 'binary': 'nova-compute'})
    listed = _listed(api)[service.id]
    assert (listed['status'], listed['disabled_reason']) == ('enabled', None)


@pytest.mark.parametrize('path,body', [
    ('enable', {'host': 'cmp1'}),
    ('disable', {'binary': 'nova-compute'}),
    ('disable', {'host': 'cmp1', 'binary': 'nova-compute', 'extra': 1}),
    ('disable-log-reason', {'host': 'cmp1', 'binary': 'nova-compute'}),
    ('disable-log-reason', {'host': 'cmp1', 'binary': 'nova-compute',
                            'disabled_reason': ''}),
    ('disable-log-reason', {'host': 'cmp1', 'binary': 'nova-compute',
                            'disabled_reason': 'x' * 256}),
])
def test_bad_bodies_are_400(api, compute, path, body):
    resp = api.put('/v2.1/os-services/' + path, body)
    assert resp.status_int == 400, resp.body
    assert _listed(api)[compute[0].id]['status'] == 'enabled'


@pytest.mark.parametrize('path', ['enable', 'disable'])
def test_unknown_service_is_404(api, compute, path):
    resp = api.put('/v2.1/os-services/' + path,
                   {'host': 'nowhere', 'binary': 'nova-compute'})
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == (
        'No nova-compute service on host nowhere: check both against '
        'GET /os-services.')


def test_delete_compute_service_removes_its_node(api, compute,
                                                 admin_context):
    service, node = compute
    assert len(api.get('/v2.1/os-hypervisors').json['hypervisors']) == 1
    resp = api.delete('/v2.1/os-services/%d' % service.id)
    assert resp.status_int == 204
    assert resp.body == b''
    assert service.id not in _listed(api)
    assert api.get('/v2.1/os-hypervisors').json == {'hypervisors': []}
    assert objects.ComputeNodeList.get_all(admin_context).objects == []
    resp = api.delete('/v2.1/os-services/%d' % service.id)
    assert resp.status_int == 404


def test_delete_compute_service_hosting_instances_is_409(api, compute,
                                                         admin_context):
    service, node = compute
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(admin_context, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u', 'host': 'cmp1',
        'node': 'cmp1', 'vm_state': 'active'})
    resp = api.delete('/v2.1/os-services/%d' % service.id)
    assert resp.status_int == 409
    assert 'hosting instances' in resp.json['conflict']['message']
    assert service.id in _listed(api)
    instances_db.instance_destroy(admin_context, uuid)
    assert api.delete('/v2.1/os-services/%d' % service.id).status_int == 204


def test_delete_other_service(api, admin_context):
    service = objects.Service(context=admin_context, host='ctl',
                              binary='nova-scheduler', topic='scheduler')
    service.create()
    assert api.delete('/v2.1/os-services/%d' % service.id).status_int == 204
    assert service.id not in _listed(api)


@pytest.mark.parametrize('service_id', ['9999', 'abc'])
def test_delete_unknown_is_404(api, service_id):
    resp = api.delete('/v2.1/os-services/' + service_id)
    assert resp.status_int == 404
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': 'Service %s could not be found.'
        % service_id}}


@pytest.mark.parametrize('method,path,body,rule', [
    ('PUT', 'enable', {'host': 'cmp1', 'binary': 'nova-compute'}, 'update'),
    ('PUT', 'disable', {'host': 'cmp1', 'binary': 'nova-compute'}, 'update'),
    ('PUT', 'disable-log-reason', {'host': 'cmp1', 'binary': 'nova-compute',
                                   'disabled_reason': 'r'}, 'update'),
    ('DELETE', '{id}', None, 'delete'),
])
def test_admin_only(api, compute, method, path, body, rule):
    service, _ = compute
    resp = api.as_user(USER).request(
        method, '/v2.1/os-services/' + path.format(id=service.id), body=body)
    assert resp.status_int == 403
    assert resp.json == {'forbidden': {
        'code': 403, 'message': 'Policy doesn\'t allow '
        'os_compute_api:os-services:%s to be performed.' % rule}}
    listed = _listed(api)[service.id]
    assert listed['status'] == 'enabled'
