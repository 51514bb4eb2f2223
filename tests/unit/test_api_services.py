"""GET /os-services: every daemon's zone, status and liveness, for admins."""

import datetime

from oslo_utils import timeutils
import pytest

from nova import objects

USER = 'alice:proj-a'


def add_service(context, host, binary, last_seen_up=None, disabled=False,
                reason=None, forced_down=False):
    service = objects.Service(context=context, host=host, binary=binary,
                              topic=binary.split('-', 1)[-1],
                              disabled=disabled, disabled_reason=reason,
                              forced_down=forced_down,
                              last_seen_up=last_seen_up)
    service.create()
    return service


@pytest.fixture
def services(admin_context):
    now = timeutils.utcnow().replace(microsecond=0)
    stale = now - datetime.timedelta(minutes=10)
    return {
        'conductor': add_service(admin_context, 'ctl', 'nova-conductor',
                                 now),
        'scheduler': add_service(admin_context, 'ctl', 'nova-scheduler',
                                 stale),
        'cmp1': add_service(admin_context, 'cmp1', 'nova-compute', now),
        'cmp2': add_service(admin_context, 'cmp2', 'nova-compute', now,
                            disabled=True, reason='maintenance'),
        'api': add_service(admin_context, 'ctl', 'nova-osapi_compute', now),
        'now': now, 'stale': stale,
    }


def _services(resp):
    assert resp.status_int == 200, resp.body
    return {(s['host'], s['binary']): s for s in resp.json['services']}


def test_list(api, services):
    found = _services(api.get('/v2.1/os-services'))
    assert set(found) == {('ctl', 'nova-conductor'),
                          ('ctl', 'nova-scheduler'),
                          ('cmp1', 'nova-compute'), ('cmp2', 'nova-compute')}
    now = services['now'].strftime('%Y-%m-%dT%H:%M:%S.%f')
    assert found[('ctl', 'nova-conductor')] == {
        'id': services['conductor'].id, 'binary': 'nova-conductor',
        'host': 'ctl', 'zone': 'internal', 'status': 'enabled',
        'state': 'up', 'updated_at': now, 'disabled_reason': None}
    assert found[('cmp2', 'nova-compute')] == {
        'id': services['cmp2'].id, 'binary': 'nova-compute',
        'host': 'cmp2', 'zone': 'nova', 'status': 'disabled',
        'state': 'up', 'updated_at': now, 'disabled_reason': 'maintenance'}


def test_state_follows_heartbeats(api, services, admin_context):
    found = _services(api.get('/v2.1/os-services'))
    assert found[('ctl', 'nova-scheduler')]['state'] == 'down'
    assert found[('cmp1', 'nova-compute')]['state'] == 'up'
    services['scheduler'].heartbeat()
    service = services['cmp1']
    service.forced_down = True
    service.save()
    found = _services(api.get('/v2.1/os-services'))
    assert found[('ctl', 'nova-scheduler')]['state'] == 'up'
    assert found[('cmp1', 'nova-compute')]['state'] == 'down'


def test_compute_zone_follows_configuration(api, services, conf):
    conf.set_override('default_availability_zone', 'az9')
    found = _services(api.get('/v2.1/os-services'))
    assert found[('cmp1', 'nova-compute')]['zone'] == 'az9'
    assert found[('ctl', 'nova-scheduler')]['zone'] == 'internal'


def test_filters(api, services):
    assert set(_services(api.get('/v2.1/os-services?host=ctl'))) == {
        ('ctl', 'nova-conductor'), ('ctl', 'nova-scheduler')}
    assert set(_services(api.get(
        '/v2.1/os-services?binary=nova-compute'))) == {
        ('cmp1', 'nova-compute'), ('cmp2', 'nova-compute')}
    assert set(_services(api.get(
        '/v2.1/os-services?host=cmp2&binary=nova-compute'))) == {
        ('cmp2', 'nova-compute')}
    assert _services(api.get('/v2.1/os-services?host=nowhere')) == {}


def test_deleted_services_are_not_listed(api, services):
    services['cmp1'].destroy()
    assert ('cmp1', 'nova-compute') not in _services(
        api.get('/v2.1/os-services'))


def test_admin_only(api, services):
    resp = api.as_user(USER).get('/v2.1/os-services')
    assert resp.status_int == 403
    assert resp.json == {'forbidden': {
        'code': 403, 'message': 'Policy doesn\'t allow '
        'os_compute_api:os-services:list to be performed.'}}


def test_filter_given_twice_is_rejected(api):
    resp = api.get('/v2.1/os-services?host=a&host=b')
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'].startswith(
        'Invalid input for field/attribute host.')
