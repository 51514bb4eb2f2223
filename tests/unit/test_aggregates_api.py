"""The os-aggregates API in process: shapes, rules of zones, errors."""

from oslo_utils import uuidutils
import pytest

from nova.db import instances as instances_db
from nova import objects

BASE = '/v2.1/os-aggregates'
USER = 'alice:proj-a'


@pytest.fixture
def computes(admin_context):
    for host in ('h1', 'h2', 'h3'):
        objects.Service(context=admin_context, host=host,
                        binary='nova-compute').create()
    objects.Service(context=admin_context, host='ctl',
                    binary='nova-conductor').create()


def _ok(resp, status=200):
    assert resp.status_int == status, resp.body
    return resp.json_body_or_none


def _fault(resp, status):
    assert resp.status_int == status, resp.body
    return next(iter(resp.json.values()))['message']


def _create(api, name, zone=None):
    body = {'aggregate': {'name': name}}
    if zone is not None:
        body['aggregate']['availability_zone'] = zone
    return _ok(api.post(BASE, body))['aggregate']


def _act(api, agg_id, name, args):
    return api.post('%s/%s/action' % (BASE, agg_id), {name: args})


def test_create_shape_and_show(api, computes):
    created = _create(api, 'fast', zone='az1')
    assert set(created) == {'availability_zone', 'created_at', 'deleted',
                            'deleted_at', 'id', 'name', 'updated_at'}
    assert isinstance(created['id'], int)
    assert created['availability_zone'] == 'az1'
    assert created['deleted'] is False
    shown = _ok(api.get('%s/%s' % (BASE, created['id'])))['aggregate']
    assert shown['hosts'] == []
    assert shown['metadata'] == {'availability_zone': 'az1'}
    listed = _ok(api.get(BASE))['aggregates']
    assert [a['name'] for a in listed] == ['fast']


def test_duplicate_name_409(api, computes):
    _create(api, 'a')
    assert 'already exists' in _fault(
        api.post(BASE, {'aggregate': {'name': 'a'}}), 409)


def test_bad_bodies_400(api, computes):
    _fault(api.post(BASE, {'aggregate': {}}), 400)
    _fault(api.post(BASE, {'aggregate': {'name': 'x', 'bogus': 1}}), 400)
    _fault(api.post(BASE, {'aggregate': {'name': 'x',
                                         'availability_zone': 'a:b'}}), 400)
    agg = _create(api, 'a')
    _fault(api.put('%s/%s' % (BASE, agg['id']), {'aggregate': {}}), 400)
    _fault(api.post('%s/%s/action' % (BASE, agg['id']),
                    {'add_host': {'host': 'h1'},
                     'remove_host': {'host': 'h1'}}), 400)


def test_unknown_aggregate_404(api, computes):
    assert _fault(api.get(BASE + '/999'), 404) == \
        'Aggregate 999 could not be found.'
    _fault(api.get(BASE + '/abc'), 404)
    _fault(api.delete(BASE + '/999'), 404)
    _fault(_act(api, 999, 'add_host', {'host': 'h1'}), 404)


def test_non_admin_forbidden(api, computes):
    user = api.as_user(USER)
    _fault(user.get(BASE), 403)
    _fault(user.post(BASE, {'aggregate': {'name': 'x'}}), 403)
    _fault(user.get(BASE + '/999'), 403)
    _fault(_act(user, 999, 'set_metadata', {'metadata': {}}), 403)


def test_add_and_remove_host(api, computes):
    agg = _create(api, 'a')
    body = _ok(_act(api, agg['id'], 'add_host', {'host': 'h1'}))
    assert body['aggregate']['hosts'] == ['h1']
    assert 'already has host h1' in _fault(
        _act(api, agg['id'], 'add_host', {'host': 'h1'}), 409)
    assert _fault(_act(api, agg['id'], 'add_host', {'host': 'nope'}),
                  404) == 'Compute host nope could not be found.'
    # Only compute hosts can join.
    _fault(_act(api, agg['id'], 'add_host', {'host': 'ctl'}), 404)
    _fault(_act(api, agg['id'], 'remove_host', {'host': 'h2'}), 404)
    body = _ok(_act(api, agg['id'], 'remove_host', {'host': 'h1'}))
    assert body['aggregate']['hosts'] == []


def test_host_cannot_be_in_two_zones(api, computes):
    az1 = _create(api, 'one', zone='az1')
    az2 = _create(api, 'two', zone='az2')
    plain = _create(api, 'plain')
    _ok(_act(api, az1['id'], 'add_host', {'host': 'h1'}))
    message = _fault(_act(api, az2['id'], 'add_host', {'host': 'h1'}), 409)
    assert "already in availability zone(s) ['az1']" in message
    # A zone-less aggregate may share the host.
    _ok(_act(api, plain['id'], 'add_host', {'host': 'h1'}))
    # ... but cannot then give it a second zone.
    _fault(_act(api, plain['id'], 'set_metadata',
                {'metadata': {'availability_zone': 'az2'}}), 400)
    _fault(api.put('%s/%s' % (BASE, plain['id']),
                   {'aggregate': {'availability_zone': 'az2'}}), 400)
    # The same zone is fine.
    body = _ok(_act(api, plain['id'], 'set_metadata',
                    {'metadata': {'availability_zone': 'az1'}}))
    assert body['aggregate']['availability_zone'] == 'az1'


def test_internal_zone_refused(api, computes):
    _fault(api.post(BASE, {'aggregate': {'name': 'x',
                                         'availability_zone': 'internal'}}),
           400)
    agg = _create(api, 'a')
    _fault(_act(api, agg['id'], 'set_metadata',
                {'metadata': {'availability_zone': 'internal'}}), 400)


def test_set_metadata_null_deletes(api, computes):
    agg = _create(api, 'a', zone='az1')
    body = _ok(_act(api, agg['id'], 'set_metadata',
                    {'metadata': {'ssd': 'true', 'gpu': '1'}}))
    assert body['aggregate']['metadata'] == {
        'availability_zone': 'az1', 'ssd': 'true', 'gpu': '1'}
    body = _ok(_act(api, agg['id'], 'set_metadata',
                    {'metadata': {'gpu': None}}))
    assert body['aggregate']['metadata'] == {
        'availability_zone': 'az1', 'ssd': 'true'}
    # As upstream, a zone is not removed (only its aggregate deleted).
    for empty in (None, ''):
        assert 'empty named availability zone' in _fault(_act(
            api, agg['id'], 'set_metadata',
            {'metadata': {'availability_zone': empty}}), 400)
    _fault(api.put('%s/%s' % (BASE, agg['id']),
                   {'aggregate': {'availability_zone': None}}), 400)


def test_zone_of_hosts_with_servers_cannot_change(api, computes,
                                                  admin_context):
    agg = _create(api, 'a', zone='az1')
    _ok(_act(api, agg['id'], 'add_host', {'host': 'h1'}))
    instances_db.instance_create(admin_context, {
        'uuid': uuidutils.generate_uuid(), 'project_id': 'p', 'host': 'h1'})
    assert 'servers cannot change' in _fault(_act(
        api, agg['id'], 'set_metadata',
        {'metadata': {'availability_zone': 'az2'}}), 400)
    _fault(api.put('%s/%s' % (BASE, agg['id']),
                   {'aggregate': {'availability_zone': 'az2'}}), 400)
    # Unchanged zone, other keys and names are fine.
    _ok(_act(api, agg['id'], 'set_metadata',
             {'metadata': {'availability_zone': 'az1', 'k': 'v'}}))
    _ok(api.put('%s/%s' % (BASE, agg['id']), {'aggregate': {'name': 'b'}}))


def test_update_name_and_zone(api, computes):
    agg = _create(api, 'a')
    _create(api, 'taken')
    _fault(api.put('%s/%s' % (BASE, agg['id']),
                   {'aggregate': {'name': 'taken'}}), 409)
    body = _ok(api.put('%s/%s' % (BASE, agg['id']),
                       {'aggregate': {'name': 'b',
                                      'availability_zone': 'az9'}}))
    assert body['aggregate']['name'] == 'b'
    assert body['aggregate']['metadata'] == {'availability_zone': 'az9'}


def test_delete_only_when_empty(api, computes):
    agg = _create(api, 'a')
    _ok(_act(api, agg['id'], 'add_host', {'host': 'h1'}))
    assert 'not empty' in _fault(api.delete('%s/%s' % (BASE, agg['id'])),
                                 400)
    _ok(_act(api, agg['id'], 'remove_host', {'host': 'h1'}))
    resp = api.delete('%s/%s' % (BASE, agg['id']))
    assert resp.status_int == 200 and not resp.body
    _fault(api.get('%s/%s' % (BASE, agg['id'])), 404)
    # The name is free again.
    _create(api, 'a')


def test_zones_follow_aggregates(api, computes):
    agg = _create(api, 'z', zone='az1')
    _ok(_act(api, agg['id'], 'add_host', {'host': 'h1'}))
    zones = _ok(api.get('/v2.1/os-availability-zone/detail'))[
        'availabilityZoneInfo']
    hosts = {z['zoneName']: sorted(z['hosts'] or {}) for z in zones}
    assert hosts == {'az1': ['h1'], 'nova': ['h2', 'h3'],
                     'internal': ['ctl']}
    names = [z['zoneName'] for z in _ok(api.as_user(USER).get(
        '/v2.1/os-availability-zone'))['availabilityZoneInfo']]
    assert sorted(names) == ['az1', 'nova']
    services = _ok(api.get('/v2.1/os-services'))['services']
    assert {s['host']: s['zone'] for s in services} == {
        'h1': 'az1', 'h2': 'nova', 'h3': 'nova', 'ctl': 'internal'}
