"""Admins force a server onto a host: availability_zone "zone:host[:node]"
is parsed, guarded by policy and honoured by the scheduler without its
filters, but never without a claim."""

import pytest

import nova.conf
from nova.compute import api as compute_api
from nova.compute import zone_host
from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import exception
from nova import objects
from nova.scheduler import manager
from tests.unit.test_scheduler import _host
from tests.unit.test_scheduler import _spec

CONF = nova.conf.CONF
USER = 'alice:proj-a'


@pytest.mark.parametrize('value, expected', [
    (None, (None, None, None)),
    ('', (None, None, None)),
    ('nova', ('nova', None, None)),
    ('nova:h1', ('nova', 'h1', None)),
    (':h1', (None, 'h1', None)),
    ('nova:h1:n1', ('nova', 'h1', 'n1')),
    ('nova::n1', ('nova', None, 'n1')),
    ('::n1', (None, None, 'n1')),
    ('nova:', ('nova', None, None)),
    ('nova:h1:', ('nova', 'h1', None)),
])
def test_parse_availability_zone(value, expected):
    assert zone_host.parse_availability_zone(value) == expected


def test_parse_refuses_more_than_three_parts():
    with pytest.raises(exception.InvalidInput) as error:
        zone_host.parse_availability_zone('a:b:c:d')
    assert 'a:b:c:d' in error.value.format_message()


def _forced(ctx, hosts=(), nodes=(), **kw):
    spec = _spec(ctx, **kw)
    spec.force_hosts = list(hosts)
    spec.force_nodes = list(nodes)
    return spec


def _picks(ctx, spec):
    scheduler = manager.SchedulerManager('sched')
    return [s.service_host for s in
            scheduler.select_destinations(ctx, spec)]


def test_forced_host_is_the_only_candidate(admin_context):
    # "big" would win every weigher; the forced host wins anyway.
    _host(admin_context, 'big', memory_mb=8192)
    _host(admin_context, 'small', memory_mb=2048)
    spec = _forced(admin_context, hosts=['small'], count=2)
    assert _picks(admin_context, spec) == ['small', 'small']
    for uuid in spec.instance_uuids:
        assert instances_db.instance_get_by_uuid(
            admin_context, uuid).host == 'small'


def test_forced_node_alone_picks_its_host(admin_context):
    _host(admin_context, 'h1')
    _host(admin_context, 'h2')
    assert _picks(admin_context, _forced(admin_context,
                                         nodes=['h2'])) == ['h2']


def test_forced_host_skips_the_filters(admin_context):
    # ComputeFilter removes disabled hosts; a forced host bypasses it.
    _host(admin_context, 'off', disabled=True)
    _host(admin_context, 'on')
    assert _picks(admin_context, _forced(admin_context,
                                         hosts=['off'])) == ['off']


def test_forced_host_and_node_must_match(admin_context):
    _host(admin_context, 'h1')
    _host(admin_context, 'h2')
    with pytest.raises(exception.NoValidHost) as error:
        _picks(admin_context, _forced(admin_context, hosts=['h1'],
                                      nodes=['h2']))
    assert 'host h1 (node h2)' in error.value.format_message()


def test_unknown_forced_host_is_named(admin_context):
    _host(admin_context, 'h1')
    with pytest.raises(exception.NoValidHost) as error:
        _picks(admin_context, _forced(admin_context, hosts=['nowhere']))
    assert error.value.format_message() == (
        'No valid host was found. The forced host nowhere is not a compute '
        'host of this cloud.')


def test_forced_host_already_tried_is_not_retried(admin_context):
    _host(admin_context, 'h1')
    _host(admin_context, 'h2')
    with pytest.raises(exception.NoValidHost) as error:
        _picks(admin_context, _forced(admin_context, hosts=['h1'],
                                      ignore=['h1']))
    assert 'forced host h1 was already tried' in \
        error.value.format_message()


def test_forced_host_is_still_claimed(admin_context):
    # Room for two of the three: all or nothing, and the fault says so.
    _host(admin_context, 'h1', memory_mb=2048)
    _host(admin_context, 'roomy', memory_mb=8192)
    spec = _forced(admin_context, hosts=['h1'], count=3, memory_mb=1024)
    with pytest.raises(exception.NoValidHost) as error:
        _picks(admin_context, spec)
    message = error.value.format_message()
    assert 'forced host h1 has not enough free resources' in message
    assert 'flavor small (1 vCPU, 1024 MiB RAM, 10 GiB disk)' in message
    node = services_db.compute_node_get_all(admin_context, host='h1')[0]
    assert node.memory_mb_used == CONF.reserved_host_memory_mb
    assert node.running_vms == 0
    for uuid in spec.instance_uuids:
        assert instances_db.instance_get_by_uuid(admin_context,
                                                 uuid).host is None


def _requested(ctx, host=None, node=None, **kw):
    spec = _spec(ctx, **kw)
    spec.requested_host, spec.requested_node = host, node
    return spec


def test_requested_host_is_the_only_candidate(admin_context):
    # 2.74: "big" would win every weigher; the requested host wins.
    _host(admin_context, 'big', memory_mb=16384)
    _host(admin_context, 'small', memory_mb=4096)
    assert _picks(admin_context, _requested(
        admin_context, host='small', count=2)) == ['small', 'small']
    assert _picks(admin_context, _requested(
        admin_context, node='small')) == ['small']
    assert _picks(admin_context, _requested(admin_context)) == ['big']


def test_requested_host_still_has_to_pass_the_filters(admin_context):
    _host(admin_context, 'big', memory_mb=8192)
    _host(admin_context, 'off', memory_mb=8192, disabled=True)
    with pytest.raises(exception.NoValidHost):
        _picks(admin_context, _requested(admin_context, host='off'))
    with pytest.raises(exception.NoValidHost):
        _picks(admin_context, _requested(admin_context, host='big',
                                         node='off'))
    with pytest.raises(exception.NoValidHost):
        _picks(admin_context, _requested(admin_context, host='big',
                                         ignore=['big']))


def test_request_spec_1_1_drops_forced_fields():
    spec = objects.RequestSpec(force_hosts=['h1'], force_nodes=['n1'],
                               ignore_hosts=[])
    primitive = spec.obj_to_primitive(target_version='1.1')['nova_object.data']
    assert 'force_hosts' not in primitive
    assert 'force_nodes' not in primitive
    assert spec.obj_to_primitive()['nova_object.data']['force_hosts'] == \
        ['h1']


def _create(api, zone):
    return api.post('/v2.1/servers', body={'server': {
        'name': 'pinned', 'imageRef': 'any', 'flavorRef': '1',
        'availability_zone': zone}})


@pytest.mark.parametrize('zone', ['nova:h1', ':h1', 'nova:h1:n1',
                                  'nova::n1'])
def test_forcing_needs_the_forced_host_policy(api, zone):
    resp = _create(api.as_user(USER), zone)
    assert resp.status_int == 403, resp.body
    assert 'os_compute_api:servers:create:forced_host' in \
        resp.json['forbidden']['message']


def test_unparsable_zone_is_400(api):
    resp = _create(api.as_user(USER), 'a:b:c:d')
    assert resp.status_int == 400, resp.body
    assert 'Unable to parse availability_zone' in \
        resp.json['badRequest']['message']


def test_zone_of_a_disabled_forced_host_is_valid(admin_context):
    # A zone whose only host is disabled is unavailable to normal boots,
    # yet an admin may force that host in its zone.
    _host(admin_context, 'off', disabled=True)
    with pytest.raises(exception.InvalidInput):
        compute_api.API._check_zone(admin_context, 'nova')
    assert compute_api.API._check_zone(admin_context, 'nova',
                                       forced=True) == 'nova'
    with pytest.raises(exception.InvalidInput):
        compute_api.API._check_zone(admin_context, 'bogus', forced=True)
