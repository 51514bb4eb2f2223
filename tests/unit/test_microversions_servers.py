"""Servers across microversions (2.3 extended attributes, 2.5 ip6 filter,
2.9 locked), the fault in server show and access IP validation."""

from oslo_utils import uuidutils
import pytest

from nova import objects

OWNER = 'alice:proj-a'


def _server(context, name='vm', **values):
    instance = objects.Instance(context=context)
    instance.uuid = uuidutils.generate_uuid()
    instance.project_id = 'proj-a'
    instance.user_id = 'alice'
    instance.display_name = name
    instance.hostname = name
    instance.vm_state = 'active'
    instance.reservation_id = 'r-abc'
    instance.launch_index = 0
    instance.user_data = 'aGVsbG8='
    instance.locked = False
    for key, value in values.items():
        setattr(instance, key, value)
    instance.create()
    return instance


def _show(client, server):
    resp = client.get('/v2.1/servers/%s' % server.uuid)
    assert resp.status_int == 200, resp.body
    return resp.json['server']


EXTENDED = {'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:launch_index',
            'OS-EXT-SRV-ATTR:hostname', 'OS-EXT-SRV-ATTR:kernel_id',
            'OS-EXT-SRV-ATTR:ramdisk_id', 'OS-EXT-SRV-ATTR:root_device_name',
            'OS-EXT-SRV-ATTR:user_data'}


def test_2_3_extended_attributes_for_admins(api, admin_context):
    server = _server(admin_context, root_device_name='/dev/vda')
    assert not EXTENDED & set(_show(api.as_user('admin:admin', '2.2'),
                                    server))
    shown = _show(api.as_user('admin:admin', '2.3'), server)
    assert {k: shown[k] for k in EXTENDED} == {
        'OS-EXT-SRV-ATTR:reservation_id': 'r-abc',
        'OS-EXT-SRV-ATTR:launch_index': 0,
        'OS-EXT-SRV-ATTR:hostname': 'vm',
        'OS-EXT-SRV-ATTR:kernel_id': '',
        'OS-EXT-SRV-ATTR:ramdisk_id': '',
        'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
        'OS-EXT-SRV-ATTR:user_data': 'aGVsbG8=',
    }
    assert not EXTENDED & set(_show(api.as_user(OWNER, '2.3'), server))
    detail = api.as_user('admin:admin', '2.3').get(
        '/v2.1/servers/detail?all_tenants=1').json['servers']
    assert EXTENDED <= set(detail[0])


def test_2_9_locked(api, admin_context):
    server = _server(admin_context, locked=True, locked_by='owner')
    assert 'locked' not in _show(api.as_user(OWNER, '2.8'), server)
    assert _show(api.as_user(OWNER, '2.9'), server)['locked'] is True
    resp = api.as_user(OWNER, '2.9').put(
        '/v2.1/servers/%s' % server.uuid, {'server': {'name': 'new'}})
    assert resp.json['server']['locked'] is True
    other = _server(admin_context, name='other')
    detail = api.as_user(OWNER, '2.9').get('/v2.1/servers/detail').json
    locked = {s['id']: s['locked'] for s in detail['servers']}
    assert locked == {server.uuid: True, other.uuid: False}


def _names(client, query):
    resp = client.get('/v2.1/servers?' + query)
    assert resp.status_int == 200, resp.body
    return sorted(s['name'] for s in resp.json['servers'])


def test_2_5_ip6_filter_for_users(api, admin_context):
    _server(admin_context, name='six', access_ip_v6='2001:db8::5')
    _server(admin_context, name='other', access_ip_v6='2001:db8::77')
    _server(admin_context, name='none')
    # Before 2.5 the filter is ignored for non-admins, as upstream.
    assert _names(api.as_user(OWNER, '2.4'), 'ip6=2001:db8::5') == \
        ['none', 'other', 'six']
    assert _names(api.as_user(OWNER, '2.5'), 'ip6=2001:db8::5$') == ['six']
    assert _names(api.as_user(OWNER, '2.5'), 'ip6=2001:db8') == \
        ['other', 'six']
    assert _names(api.as_user('admin:admin', '2.1'),
                  'all_tenants=1&ip6=::77') == ['other']


def test_ip_filter(api, admin_context):
    _server(admin_context, name='four', access_ip_v4='192.0.2.10')
    _server(admin_context, name='none')
    assert _names(api.as_user(OWNER), 'ip=192.0.2.1') == ['four']


def _fault(context, server, code, details):
    objects.InstanceFault(context=context, instance_uuid=server.uuid,
                          code=code, message='boom',
                          details=details).create()


@pytest.mark.parametrize('code,details,owner_sees_details', [
    (500, 'Traceback: internal', False),
    (400, 'bad image', True),
])
def test_fault_details(api, admin_context, code, details,
                       owner_sees_details):
    server = _server(admin_context, vm_state='error')
    _fault(admin_context, server, code, details)
    fault = _show(api, server)['fault']
    assert set(fault) == {'code', 'created', 'message', 'details'}
    assert (fault['code'], fault['message'], fault['details']) == \
        (code, 'boom', details)
    assert fault['created'].endswith('Z')
    owner_fault = _show(api.as_user(OWNER), server)['fault']
    assert ('details' in owner_fault) == owner_sees_details


def test_fault_without_details_has_no_details_key(api, admin_context):
    server = _server(admin_context, vm_state='error')
    _fault(admin_context, server, 500, None)
    assert set(_show(api, server)['fault']) == {'code', 'created',
                                                'message'}


def test_fault_only_shown_in_error(api, admin_context):
    server = _server(admin_context, vm_state='active')
    _fault(admin_context, server, 500, 'x')
    assert 'fault' not in _show(api, server)


@pytest.mark.parametrize('field,value', [
    ('accessIPv4', '1.2.3'), ('accessIPv4', '2001:db8::1'),
    ('accessIPv6', '1.2.3.4'), ('accessIPv6', 'zz::1'),
    ('accessIPv4', 5),
])
def test_bad_access_ips_are_400(api, admin_context, field, value):
    server = _server(admin_context)
    owner = api.as_user(OWNER)
    resp = owner.put('/v2.1/servers/%s' % server.uuid,
                     {'server': {field: value}})
    assert resp.status_int == 400, resp.body
    assert field in resp.json['badRequest']['message']
    resp = owner.post('/v2.1/servers', {'server': {
        'name': 'x', 'imageRef': uuidutils.generate_uuid(),
        'flavorRef': '1', field: value}})
    assert resp.status_int == 400, resp.body
    assert field in resp.json['badRequest']['message']


def test_update_sets_access_ips(api, admin_context):
    server = _server(admin_context)
    resp = api.as_user(OWNER).put(
        '/v2.1/servers/%s' % server.uuid,
        {'server': {'accessIPv4': '192.0.2.1', 'accessIPv6': '2001:db8::1'}})
    assert resp.status_int == 200
    shown = resp.json['server']
    assert (shown['accessIPv4'], shown['accessIPv6']) == \
        ('192.0.2.1', '2001:db8::1')
