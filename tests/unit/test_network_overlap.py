"""Overlapping networks ([network] allow_overlapping_ips): the one rule
deciding which ranges may overlap, and the address lookups that must
tell two networks' same address apart."""

import ipaddress

from oslo_utils import uuidutils
import pytest

from nova.db import floating_ips as floating_db
from nova.db import instances as instances_db
from nova.db import network_ranges as ranges_db
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.db import subnets as subnets_db
from nova.network import errors
from nova.network import manage

NET = ipaddress.ip_network('10.0.0.0/24')


@pytest.mark.parametrize('allow, other, external, refused', [
    # Without the option nothing overlaps, as before.
    (False, ('b', '10.0.0.0/20', False), False, True),
    (False, ('b', '10.0.1.0/24', False), False, False),
    # With it, different networks may overlap ...
    (True, ('b', '10.0.0.0/20', False), False, False),
    # ... but never two subnets of one network,
    (True, ('a', '10.0.0.128/25', False), False, True),
    # nor an external network's range and another's, both ways.
    (True, ('b', '10.0.0.0/24', True), False, True),
    (True, ('b', '10.0.0.0/24', False), True, True),
    # Other families never clash.
    (False, ('b', 'fd00::/64', False), False, False),
])
def test_overlap_conflict(allow, other, external, refused):
    found = ranges_db.overlap_conflict(NET, 'a', external, [other],
                                       allow)
    assert found == ((other[0], other[1]) if refused else None)


def _instance(ctx, project='p'):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': project, 'user_id': 'u',
        'memory_mb': 1, 'vcpus': 1, 'root_gb': 0, 'ephemeral_gb': 0,
        'vm_state': 'building'})
    return uuid


def _external(ctx, cidr):
    return networks_db.network_create(ctx, {
        'label': 'ext-' + cidr, 'cidr': cidr, 'router_external': True,
        'gateway': str(ipaddress.ip_network(cidr)[1]),
        'bridge': 'br-ext'})


def test_without_the_option_networks_never_overlap(conf, admin_context):
    manage.create_networks(admin_context, 'one', '10.70.0.0/29')
    with pytest.raises(errors.NetworkOverlaps):
        manage.create_networks(admin_context, 'two', '10.70.0.0/29')


def test_same_address_on_two_networks(conf, admin_context):
    ctx = admin_context
    conf.set_override('allow_overlapping_ips', True, group='network')
    [one] = manage.create_networks(ctx, 'one', '10.70.0.0/29')
    [two] = manage.create_networks(ctx, 'two', '10.70.0.0/29')
    # nova-manage network delete --fixed_range cannot tell them apart.
    with pytest.raises(errors.InvalidNetwork):
        networks_db.network_get_by_cidr(ctx, '10.70.0.0/29')
    # One network's subnets still never overlap.
    with pytest.raises(errors.InvalidNetwork):
        subnets_db.subnet_add(ctx, two.uuid, {
            'cidr': '10.70.0.4/30', 'gateway': '10.70.0.5'}, {})
    # An external range overlaps no network, and no network overlaps it.
    with pytest.raises(errors.NetworkOverlaps):
        _external(ctx, '10.70.0.0/30')
    _external(ctx, '10.71.0.0/29')
    with pytest.raises(errors.NetworkOverlaps):
        manage.create_networks(ctx, 'three', '10.71.0.0/30')

    first, second = _instance(ctx, 'p1'), _instance(ctx, 'p2')
    allocate_db.allocate_for_instance(ctx, first, [(one.id, '10.70.0.3')])
    # The address named on the second network is that network's row.
    allocate_db.allocate_for_instance(ctx, second, [(two.id, '10.70.0.3')])
    with pytest.raises(errors.FixedIpAlreadyInUse):
        allocate_db.add_interface(ctx, first, two.uuid, '10.70.0.3')

    # The metadata lookup: scoped by network, or no guess at all.
    assert networks_db.instance_uuid_by_fixed_ip(
        ctx, '10.70.0.3', one.uuid) == first
    assert networks_db.instance_uuid_by_fixed_ip(
        ctx, '10.70.0.3', two.uuid) == second
    assert networks_db.instance_uuid_by_fixed_ip(ctx, '10.70.0.3') is None
    assert networks_db.instance_uuid_by_fixed_ip(
        ctx, '10.70.0.4', one.uuid) is None

    # os-fixed-ips names no network: the address in use, oldest
    # network first; reserving changes the row it shows.
    fixed, network, instance = networks_db.fixed_ip_get_by_address(
        ctx, '10.70.0.3')
    assert (network.uuid, instance.uuid) == (one.uuid, first)
    allocate_db.remove_fixed_ip(ctx, first, '10.70.0.3')
    fixed, network, instance = networks_db.fixed_ip_get_by_address(
        ctx, '10.70.0.3')
    assert (network.uuid, instance.uuid) == (two.uuid, second)
    assert networks_db.instance_uuid_by_fixed_ip(ctx, '10.70.0.3') == \
        second
    networks_db.fixed_ip_set_reserved(ctx, '10.70.0.4', True)
    fixed, network, _i = networks_db.fixed_ip_get_by_address(
        ctx, '10.70.0.4')
    assert (network.uuid, fixed.reserved) == (one.uuid, True)


def test_floating_ip_follows_the_port_not_the_address(conf,
                                                      admin_context):
    ctx = admin_context
    conf.set_override('allow_overlapping_ips', True, group='network')
    [one] = manage.create_networks(ctx, 'one', '10.72.0.0/29')
    [two] = manage.create_networks(ctx, 'two', '10.72.0.0/29')
    server = _instance(ctx)
    allocate_db.allocate_for_instance(ctx, server, [(one.id, '10.72.0.2')])
    vif = allocate_db.add_interface(ctx, server, two.uuid, '10.72.0.2')
    manage.create_floating_ips(ctx, '172.30.0.0/30', 'pool', 'eth0')
    floating_db.allocate(ctx, 'p', 'pool', address='172.30.0.1')
    floating_db.associate(ctx, '172.30.0.1', '10.72.0.2', server,
                          port_id=vif.uuid)
    [row] = [r for r in floating_db.get_all(ctx) if r.fixed_ip_id]
    assert floating_db.fixed_networks(ctx, [row.fixed_ip_id]) == {
        row.fixed_ip_id: two.uuid}


def test_metadata_by_signed_network(conf, admin_context):
    """A proxy in a network's namespace names the network (signed) and
    the guest's address: the instance with that address on that
    network answers."""
    from nova.api.metadata import handler
    from nova.api.metadata import lookup
    from tests.unit.test_metadata_service import _get, _instance
    ctx = admin_context
    conf.set_override('allow_overlapping_ips', True, group='network')
    conf.set_override('proxy_shared_secret', 'nsecret', group='metadata')
    conf.set_override('cache_expiration', 0, group='metadata')
    app = handler.loadapp(conf)
    [one] = manage.create_networks(ctx, 'one', '10.73.0.0/29')
    [two] = manage.create_networks(ctx, 'two', '10.73.0.0/29')
    first, second = _instance(ctx, 'first'), _instance(ctx, 'second')
    allocate_db.allocate_for_instance(ctx, first.uuid,
                                      [(one.id, '10.73.0.2')])
    allocate_db.allocate_for_instance(ctx, second.uuid,
                                      [(two.id, '10.73.0.2')])

    def ask(network_uuid, signature=None, forwarded='10.73.0.2'):
        headers = {'X-Neutron-Network-ID': network_uuid,
                   'X-Forwarded-For': forwarded}
        if signature is not False:
            headers['X-Neutron-Network-ID-Signature'] = (
                signature or lookup.sign(network_uuid, 'nsecret'))
        return _get(app, '/openstack/latest/meta_data.json',
                    remote='127.0.0.1', headers=headers)

    for network, instance in ((one, first), (two, second)):
        resp = ask(network.uuid)
        assert resp.status_int == 200, resp.text
        assert resp.json['uuid'] == instance.uuid
    assert ask(one.uuid, signature=lookup.sign(two.uuid, 'nsecret')
               ).status_int == 403
    assert ask(one.uuid, signature=False).status_int == 403
    # The last X-Forwarded-For entry is the guest's.
    assert ask(two.uuid, forwarded='192.0.2.1, 10.73.0.2').json[
        'uuid'] == second.uuid
    assert ask(two.uuid, forwarded='10.73.0.3').status_int == 404
    # Without a secret the headers are ignored: the source address
    # (127.0.0.1 here) is looked up, and no instance has it.
    conf.set_override('proxy_shared_secret', '', group='metadata')
    assert ask(one.uuid, signature='bad').status_int == 404
