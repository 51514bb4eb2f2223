"""GET /os-availability-zone (and /detail): zones of the compute hosts."""

import datetime

from oslo_utils import timeutils

from nova import objects

USER = 'alice:proj-a'


def _add(context, host, binary, disabled=False, last_seen_up=None):
    service = objects.Service(context=context, host=host, binary=binary,
                              disabled=disabled,
                              last_seen_up=last_seen_up or
                              timeutils.utcnow().replace(microsecond=0))
    service.create()
    return service


def _zones(resp):
    assert resp.status_int == 200, resp.body
    return resp.json['availabilityZoneInfo']


def test_no_services_no_zones(api):
    assert _zones(api.as_user(USER).get('/v2.1/os-availability-zone')) == []
    assert _zones(api.get('/v2.1/os-availability-zone/detail')) == []


def test_index_lists_compute_zones_without_hosts(api, admin_context):
    _add(admin_context, 'ctl', 'nova-conductor')
    _add(admin_context, 'cmp1', 'nova-compute')
    assert _zones(api.as_user(USER).get('/v2.1/os-availability-zone')) == [
        {'zoneName': 'nova', 'zoneState': {'available': True},
         'hosts': None}]


def test_zone_with_only_disabled_computes_is_unavailable(api,
                                                         admin_context):
    _add(admin_context, 'cmp1', 'nova-compute', disabled=True)
    expected = [{'zoneName': 'nova', 'zoneState': {'available': False},
                 'hosts': None}]
    assert _zones(api.as_user(USER).get('/v2.1/os-availability-zone')) == \
        expected
    assert _zones(api.get('/v2.1/os-availability-zone/detail')) == expected
    # One enabled compute host makes it available again.
    _add(admin_context, 'cmp2', 'nova-compute')
    assert _zones(api.as_user(USER).get('/v2.1/os-availability-zone'))[0][
        'zoneState'] == {'available': True}


def test_zone_name_follows_configuration(api, admin_context, conf):
    conf.set_override('default_availability_zone', 'az1')
    _add(admin_context, 'cmp1', 'nova-compute')
    assert [z['zoneName'] for z in _zones(
        api.get('/v2.1/os-availability-zone'))] == ['az1']


def test_detail(api, admin_context):
    now = timeutils.utcnow().replace(microsecond=0)
    stale = now - datetime.timedelta(minutes=10)
    _add(admin_context, 'ctl', 'nova-conductor', last_seen_up=now)
    _add(admin_context, 'ctl', 'nova-scheduler', last_seen_up=stale)
    _add(admin_context, 'ctl', 'nova-osapi_compute', last_seen_up=now)
    _add(admin_context, 'cmp1', 'nova-compute', last_seen_up=now)
    _add(admin_context, 'cmp2', 'nova-compute', last_seen_up=now,
         disabled=True)
    fmt = '%Y-%m-%dT%H:%M:%S.%f'
    assert _zones(api.get('/v2.1/os-availability-zone/detail')) == [
        {'zoneName': 'internal', 'zoneState': {'available': True},
         'hosts': {'ctl': {
             'nova-conductor': {'available': True, 'active': True,
                                'updated_at': now.strftime(fmt)},
             'nova-scheduler': {'available': False, 'active': True,
                                'updated_at': stale.strftime(fmt)}}}},
        {'zoneName': 'nova', 'zoneState': {'available': True},
         'hosts': {'cmp1': {
             'nova-compute': {'available': True, 'active': True,
                              'updated_at': now.strftime(fmt)}}}}]


def test_detail_is_for_admins(api, admin_context):
    _add(admin_context, 'cmp1', 'nova-compute')
    resp = api.as_user(USER).get('/v2.1/os-availability-zone/detail')
    assert resp.status_int == 403
    assert resp.json == {'forbidden': {
        'code': 403, 'message': 'Policy doesn\'t allow '
        'os_compute_api:os-availability-zone:detail to be performed.'}}
