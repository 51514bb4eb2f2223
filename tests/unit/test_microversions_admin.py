"""Admin APIs across microversions: 2.7 flavor access on public flavors,
2.11 services force-down (and the scheduler skipping such hosts)."""

import pytest

from nova import exception
from nova.scheduler import manager
from tests.unit import test_scheduler


def _public_flavor(api):
    resp = api.post('/v2.1/flavors', {'flavor': {
        'name': 'pub', 'id': 'pub', 'ram': 512, 'vcpus': 1, 'disk': 1}})
    assert resp.status_int == 200, resp.body


def _add_access(client):
    return client.post('/v2.1/flavors/pub/action',
                       {'addTenantAccess': {'tenant': 'proj-a'}})


def test_before_2_7_access_to_public_flavor_is_accepted(api):
    _public_flavor(api)
    assert _add_access(api.as_user('admin:admin', '2.6')).status_int == 200


def test_2_7_access_to_public_flavor_is_409(api):
    _public_flavor(api)
    resp = _add_access(api.as_user('admin:admin', '2.7'))
    assert resp.status_int == 409
    assert resp.json['conflict']['message'] == \
        'Can not add access to a public flavor.'


def _force_down(client, forced_down, host='cmp1'):
    return client.put('/v2.1/os-services/force-down', {
        'host': host, 'binary': 'nova-compute', 'forced_down': forced_down})


def _state(client, host):
    services = client.get('/v2.1/os-services').json['services']
    (service,) = [s for s in services if s['host'] == host]
    return service


def test_force_down_needs_2_11(api, admin_context):
    test_scheduler._host(admin_context, 'cmp1')
    assert _force_down(api.as_user('admin:admin', '2.10'), True) \
        .status_int == 404
    assert 'forced_down' not in _state(api.as_user('admin:admin', '2.10'),
                                       'cmp1')


def test_2_11_force_down_and_up(api, admin_context):
    test_scheduler._host(admin_context, 'cmp1')
    admin = api.as_user('admin:admin', '2.11')
    assert _state(admin, 'cmp1')['state'] == 'up'
    assert _state(admin, 'cmp1')['forced_down'] is False
    resp = _force_down(admin, True)
    assert resp.status_int == 200
    assert resp.json == {'service': {'host': 'cmp1',
                                     'binary': 'nova-compute',
                                     'forced_down': True}}
    shown = _state(admin, 'cmp1')
    assert (shown['state'], shown['forced_down']) == ('down', True)
    assert _force_down(admin, 'false').json['service']['forced_down'] is \
        False
    assert _state(admin, 'cmp1')['state'] == 'up'


@pytest.mark.parametrize('body,code', [
    ({'host': 'cmp1', 'binary': 'nova-compute'}, 400),
    ({'host': 'cmp1', 'binary': 'nova-compute', 'forced_down': 'maybe'},
     400),
    ({'host': 'nowhere', 'binary': 'nova-compute', 'forced_down': True},
     404),
])
def test_2_11_force_down_errors(api, admin_context, body, code):
    test_scheduler._host(admin_context, 'cmp1')
    resp = api.as_user('admin:admin', '2.11').put(
        '/v2.1/os-services/force-down', body)
    assert resp.status_int == code, resp.body


def test_2_11_force_down_is_admin_only(api, admin_context):
    test_scheduler._host(admin_context, 'cmp1')
    assert _force_down(api.as_user('alice:proj-a', '2.11'), True) \
        .status_int == 403


def test_scheduler_skips_forced_down_hosts(api, admin_context):
    test_scheduler._host(admin_context, 'cmp1', memory_mb=8192)
    test_scheduler._host(admin_context, 'cmp2')
    _force_down(api.as_user('admin:admin', '2.11'), True, host='cmp1')
    scheduler = manager.SchedulerManager('sched')
    picks = scheduler.select_destinations(
        admin_context, test_scheduler._spec(admin_context))
    assert [s.service_host for s in picks] == ['cmp2']
    _force_down(api.as_user('admin:admin', '2.11'), True, host='cmp2')
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(admin_context,
                                      test_scheduler._spec(admin_context))
