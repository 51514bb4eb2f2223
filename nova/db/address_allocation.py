"""Handing addresses and interfaces to servers and ports, and taking
them back.

Addresses are handed out by a conditional UPDATE of a free fixed_ips row
(instance_uuid IS NULL): of two transactions that chose the same row, the
second updates nothing and tries another one, so parallel boots never
share an address. The instance row is locked first, as instance_destroy
locks it, so an allocation and the delete of its instance take turns and
no address outlives its instance.
"""

import ipaddress
import random
import types

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

import nova.conf
from nova.db import api
from nova.db import ipv6_addresses as ipv6
from nova.db import models
from nova.db import network_models as nm
from nova.db import networks as networks_db
from nova.db import security_groups as groups_db
from nova.network import errors

CONF = nova.conf.CONF
# Free rows one attempt chooses among at random, so that parallel
# allocations seldom pick the same row.
_CANDIDATES = 32
# The lowest free rows by id come straight off this index (network,
# instance: free rows are its NULL entries, in id order), reading about
# _CANDIDATES rows whatever the range's size or the number of servers.
# MariaDB would otherwise walk the subnet_id index from the start, past
# every allocated row (19 ms at 3,500 of 4,096 taken, 0.1 ms this way);
# PostgreSQL and SQLite find a cheap plan on their own.
_FREE_ROWS_INDEX = 'FORCE INDEX (fixed_ips_network_id_instance_uuid_idx)'


def _subnet_row(context, network, subnet_uuid):
    if subnet_uuid is None:
        return None
    found = context.session.execute(sa.select(nm.Subnet).where(
        nm.Subnet.uuid == subnet_uuid, nm.Subnet.network_id == network.id,
        nm.Subnet.deleted == 0)).scalar()
    if found is None:
        raise errors.SubnetNotFound(subnet_id=subnet_uuid)
    return found


def _v6_subnet_of(context, network, address):
    """The IPv6 subnet row of network that holds address."""
    ip = ipaddress.ip_address(address)
    for subnet in ipv6.subnets(context, network.id):
        if ip in ipaddress.ip_network(subnet.cidr):
            return subnet
    raise errors.FixedIpNotInNetwork(address=address,
                                     network_id=network.uuid,
                                     cidr=network.cidr_v6)


def _free_rows_query(of_subnet):
    fixed = nm.FixedIp
    free = [fixed.network_id == sa.bindparam('network_id'),
            fixed.deleted == 0, fixed.reserved.is_(False),
            fixed.instance_uuid.is_(None),
            fixed.virtual_interface_id.is_(None)]
    if of_subnet:
        free.append(fixed.subnet_id == sa.bindparam('subnet_id'))
    return (sa.select(fixed.id, fixed.address, fixed.subnet_id).where(*free)
            .order_by(fixed.id).limit(_CANDIDATES)
            .with_hint(fixed, _FREE_ROWS_INDEX, 'mysql'))


# Every address claim's: built once (see nova.db.instances).
_FREE_ROWS = _free_rows_query(False)
_FREE_ROWS_OF_SUBNET = _free_rows_query(True)
_CLAIM_FREE_ROW = sa.update(nm.FixedIp).where(
    nm.FixedIp.id == sa.bindparam('chosen_id'),
    nm.FixedIp.instance_uuid.is_(None),
    nm.FixedIp.virtual_interface_id.is_(None),
    nm.FixedIp.reserved.is_(False)).values(
    instance_uuid=sa.bindparam('b_instance_uuid'),
    virtual_interface_id=sa.bindparam('b_vif_id'), allocated=True,
    updated_at=sa.bindparam('b_updated_at'))


def _claim_address(context, network, vif, address=None, subnet_uuid=None):
    """Take a free address of network for the interface vif (address or
    any, of subnet_uuid if given); the vif's instance_uuid is None for a
    port on no server. Free: held by no server and no port. Any IPv4
    address comes from the network's first subnet with one free, as in
    Neutron; IPv6 ones are made as they are taken (ipv6_addresses)."""
    fixed = nm.FixedIp
    values = {'instance_uuid': vif.instance_uuid,
              'virtual_interface_id': vif.id,
              'allocated': True, 'updated_at': timeutils.utcnow()}
    subnet = _subnet_row(context, network, subnet_uuid)
    if (subnet is not None and subnet.ip_version == 6) or (
            subnet is None and address is not None and ':' in address):
        return ipv6.claim(context, subnet or _v6_subnet_of(
            context, network, address), values, vif.address, address)
    if network.router_external:
        return _claim_external(context, network, values, address)
    subnet_id = subnet.id if subnet is not None else None
    if address is not None:
        row = context.session.execute(sa.select(fixed).where(
            fixed.address == address, fixed.network_id == network.id,
            fixed.deleted == 0)).scalar()
        if row is None or (
                subnet_id is not None and row.subnet_id != subnet_id):
            raise errors.FixedIpNotInNetwork(address=address,
                                             network_id=network.uuid,
                                             cidr=network.cidr)
        done = context.session.execute(sa.update(fixed).where(
            fixed.id == row.id, fixed.instance_uuid.is_(None),
            fixed.virtual_interface_id.is_(None),
            fixed.reserved.is_(False)).values(**values)).rowcount
        if not done:
            raise errors.FixedIpAlreadyInUse(address=address)
        return address
    query, params = ((_FREE_ROWS, {'network_id': network.id})
                     if subnet_id is None else
                     (_FREE_ROWS_OF_SUBNET, {'network_id': network.id,
                                             'subnet_id': subnet_id}))
    for _ in range(CONF.network.allocation_attempts):
        candidates = context.session.execute(query, params).all()
        if not candidates:
            break
        # Addresses of one subnet only: the first with free ones (a
        # subnet's rows are written with it, so id order is subnet order).
        chosen = random.choice([c for c in candidates
                                if c.subnet_id == candidates[0].subnet_id])
        done = context.session.execute(_CLAIM_FREE_ROW, {
            'chosen_id': chosen.id, 'b_instance_uuid': values[
                'instance_uuid'],
            'b_vif_id': values['virtual_interface_id'],
            'b_updated_at': values['updated_at']}).rowcount
        if done:
            return chosen.address
    raise errors.NoMoreFixedIps(network=network.label or network.uuid)


def _claim_external(context, network, values, address):
    """An external network's addresses are its floating pool, which router
    gateways take from too: a port takes its address out of the pool and
    holds it as a fixed IP row of the network, made for it (and deleted
    when the port gives the address back)."""
    from nova.db import routers as routers_db
    if address is not None and (
            not network.cidr or ipaddress.ip_address(address) not in
            ipaddress.ip_network(network.cidr)):
        raise errors.FixedIpNotInNetwork(address=address,
                                         network_id=network.uuid,
                                         cidr=network.cidr)
    taken = routers_db.take(context, networks_db.pool_name(network), address)
    if taken is None:
        if address is not None:
            raise errors.FixedIpAlreadyInUse(address=address)
        raise errors.NoMoreFixedIps(network=network.label or network.uuid)
    context.session.add(nm.FixedIp(
        address=taken, network_id=network.id, reserved=False, leased=False,
        subnet_id=context.session.execute(sa.select(nm.Subnet.id).where(
            nm.Subnet.network_id == network.id, nm.Subnet.deleted == 0,
            nm.Subnet.ip_version == 4)
            .order_by(nm.Subnet.id).limit(1)).scalar(), **values))
    context.session.flush()
    return taken


def _release_external(context, fixed_ids):
    """Give the external networks' addresses among fixed_ids back to their
    floating pool (deleting their rows); returns the other ids. Their
    IPv6 addresses are no floating IPs: ipv6_addresses.release's."""
    from nova.db import routers as routers_db
    rows = context.session.execute(
        sa.select(nm.FixedIp.id, nm.FixedIp.address).join(
            nm.Network, nm.Network.id == nm.FixedIp.network_id).where(
            nm.FixedIp.id.in_(list(fixed_ids)),
            nm.FixedIp.address.not_like('%:%'),
            nm.Network.router_external.is_(True))).all()
    if not rows:
        return list(fixed_ids)
    now = timeutils.utcnow()
    for row in rows:
        context.session.execute(sa.update(nm.FixedIp).where(
            nm.FixedIp.id == row.id).values(
            deleted=row.id, deleted_at=now, instance_uuid=None,
            virtual_interface_id=None, allocated=False))
        routers_db._give_back(context, row.address)
    external = {r.id for r in rows}
    return [i for i in fixed_ids if i not in external]


def random_mac():
    """A locally administered unicast MAC in the range OpenStack uses."""
    return 'fa:16:3e:%02x:%02x:%02x' % tuple(
        random.randint(0, 255) for _ in range(3))


def _lock_live_instance(context, instance_uuid):
    row = context.session.execute(_LOCK_LIVE_INSTANCE,
                                  {'uuid': instance_uuid}).first()
    if row is None:
        from nova import exception
        raise exception.InstanceNotFound(instance_id=instance_uuid)


# Every address allocation's: built once (see nova.db.instances).
_LOCK_LIVE_INSTANCE = sa.select(models.Instance.id).where(
    models.Instance.uuid == sa.bindparam('uuid'),
    models.Instance.deleted == 0).with_for_update()


# Rounds of candidate MACs tried before giving up; each round checks a few.
MAC_ROUNDS = 16
_MACS_PER_ROUND = 4


# Every new interface's: built once (see nova.db.instances).
_TAKEN_MACS = sa.select(nm.VirtualInterface.address).where(
    nm.VirtualInterface.address.in_(sa.bindparam('candidates',
                                                 expanding=True)),
    nm.VirtualInterface.deleted == 0)


def _free_mac(context):
    """A random MAC no live interface has.

    With 24 random bits two of a few thousand interfaces share a MAC more
    often than not, so a large boot would hit the unique constraint.
    """
    for _ in range(MAC_ROUNDS):
        candidates = {random_mac() for _ in range(_MACS_PER_ROUND)}
        taken = set(context.session.execute(
            _TAKEN_MACS, {'candidates': sorted(candidates)}).scalars())
        free = candidates - taken
        if free:
            return min(free)
    raise errors.MacAddressesExhausted()


# A new server's interface: inserted without the ORM's unit of work (its
# row is not read back; see _add_interface).
_INSERT_VIF = sa.insert(nm.VirtualInterface.__table__)


def _add_interface(context, instance_uuid, network, address=None,
                   tag=None, row=True):
    """The interface (row=False: only its id, uuid, address and
    instance, for a caller that does not use the row)."""
    values = dict(uuid=uuidutils.generate_uuid(),
                  address=_free_mac(context), network_id=network.id,
                  instance_uuid=instance_uuid, tag=tag)
    if row:
        vif = nm.VirtualInterface(**values)
        context.session.add(vif)
        context.session.flush()
    else:
        vif = types.SimpleNamespace(id=context.session.execute(
            _INSERT_VIF, values).inserted_primary_key[0], **values)
    if address is not None:
        _claim_address(context, network, vif, address)
        return vif
    for subnet_uuid in _default_subnets(context, network):
        _claim_address(context, network, vif, None, subnet_uuid)
    return vif


@api.reader
def default_subnets(context, network):
    """What an interface that asks for no address gets: [None] (any IPv4
    address) on a network with IPv4 subnets, and the uuid of each IPv6
    subnet that gives a new port an address (ipv6.for_new_port)."""
    return _default_subnets(context, network)


def _default_subnets(context, network):
    # External networks too: their IPv6 subnets hand out addresses as
    # any network's (ports and router gateways claim them alike).
    wanted = [None] if network.cidr or not network.cidr_v6 else []
    if network.cidr_v6:
        wanted += [s.uuid for s in ipv6.for_new_port(
            ipv6.subnets(context, network.id))]
    return wanted


def claim_addresses(context, network, vif, addresses):
    """Addresses of network for a port (vif row): each an address, None
    for any free one, or (subnet uuid, address or None) for one of a
    subnet; in the caller's writer transaction."""
    claimed = []
    for entry in addresses:
        subnet_uuid, address = entry if isinstance(entry, tuple) else (
            None, entry)
        claimed.append(_claim_address(context, network, vif, address,
                                      subnet_uuid))
    return claimed


def free_addresses(context, vif, addresses):
    """Give back some addresses of a port (in the caller's transaction)."""
    fixed = nm.FixedIp
    query = sa.select(fixed.id).where(
        fixed.virtual_interface_id == vif.id, fixed.deleted == 0,
        fixed.address.in_(list(addresses)))
    ids = context.session.execute(query).scalars().all()
    if ids:
        _free_floating(context, ids)
        ids = _release_external(context, ids)
        ids = ipv6.release(context, ids)
        context.session.execute(sa.update(fixed).where(
            fixed.id.in_(ids)).values(
            instance_uuid=None, virtual_interface_id=None, allocated=False,
            leased=False, host=None, updated_at=timeutils.utcnow()))


def free_mac(context, address=None):
    """address if no live interface has it (MacAddressInUse if one has),
    or a random free MAC."""
    if address is None:
        return _free_mac(context)
    if context.session.execute(sa.select(nm.VirtualInterface.id).where(
            nm.VirtualInterface.address == address,
            nm.VirtualInterface.deleted == 0)).first():
        raise errors.MacAddressInUse(mac=address)
    return address


def _bind_port(context, instance_uuid, port_uuid, device_owner, tag=None):
    """Put a port on no server on the instance (a port passed at boot or
    attached): it stays when the server goes."""
    vif = nm.VirtualInterface
    row = context.session.execute(sa.select(vif).where(
        vif.uuid == port_uuid, vif.deleted == 0).with_for_update()).scalar()
    if row is None:
        raise errors.PortNotFound(port_id=port_uuid)
    if row.instance_uuid is not None or row.device_id:
        raise errors.PortInUse(port_id=port_uuid,
                               device_id=row.instance_uuid or row.device_id)
    row.update({'instance_uuid': instance_uuid, 'device_id': instance_uuid,
                'device_owner': device_owner, 'preserve_on_delete': True,
                'tag': tag})
    context.session.execute(sa.update(nm.FixedIp).where(
        nm.FixedIp.virtual_interface_id == row.id,
        nm.FixedIp.deleted == 0).values(instance_uuid=instance_uuid))
    context.session.flush()
    return row


@api.retry_on_deadlock
@api.writer
def allocate_for_instance(context, instance_uuid, requests,
                          security_group_ids=(), networks=None,
                          check_count=None):
    """An interface and a fixed IP on each requested network, and the
    instance in each security group of security_group_ids (row ids), in
    one transaction.

    requests: [(network row id, address or None)], or (None, None, port
    uuid, device_owner) for a port the user made; None for the networks
    a server of the caller's project joins when it asks for none
    (networks_for_boot, read here: no transaction of their own), whose
    number check_count(n) is given first (the fixed IP quota). networks:
    {row id: network row} of the requested networks already read (by
    their validation), not read again. Adds no interface when the
    instance has interfaces already (a retried or rescheduled build
    keeps its addresses).
    """
    networks_db.read_committed_on_mysql(context)
    requests, networks = _boot_requests(context, requests, networks,
                                        check_count)
    _lock_live_instance(context, instance_uuid)
    for group_id in security_group_ids:
        groups_db.add_instance(context, group_id, instance_uuid)
    existing = context.session.execute(sa.select(nm.VirtualInterface.id).where(
        nm.VirtualInterface.instance_uuid == instance_uuid,
        nm.VirtualInterface.deleted == 0)).first()
    if existing:
        return
    _add_interfaces(context, instance_uuid, requests, networks)


def allocate_for_new_instance(context, instance_uuid, requests,
                              security_group_ids=(), networks=None,
                              check_count=None):
    """allocate_for_instance for an instance inserted in the caller's
    writer transaction, which this joins (begun READ COMMITTED on
    MariaDB, see read_committed_on_mysql): nothing else can see the row
    yet, so it is neither locked nor looked at for interfaces, and
    nothing is retried here (a deadlock rolls the caller's whole
    transaction back: the caller runs it again)."""
    requests, networks = _boot_requests(context, requests, networks,
                                        check_count)
    groups_db.add_new_instance(context, list(security_group_ids),
                               instance_uuid)
    _add_interfaces(context, instance_uuid, requests, networks)


def _boot_requests(context, requests, networks, check_count):
    """(requests, networks) with None resolved to the default networks."""
    if requests is not None:
        return requests, networks
    default = networks_db.networks_for_boot(context, context.project_id)
    if not default and networks_db.network_get_all(context):
        raise errors.NoNetworksFound()
    # A cloud without any network boots servers without interfaces.
    if check_count is not None:
        check_count(len(default))
    return [(n.id, None) for n in default], {n.id: n for n in default}


def _add_interfaces(context, instance_uuid, requests, networks):
    for request in requests:
        if len(request) == 4:
            _bind_port(context, instance_uuid, request[2], request[3])
            continue
        network = (networks or {}).get(request[0]) or \
            context.session.get(nm.Network, request[0])
        _add_interface(context, instance_uuid, network, request[1],
                       row=False)


@api.retry_on_deadlock
@api.writer
def bind_port(context, instance_uuid, port_uuid, device_owner, tag=None):
    """Attach a port on no server to a live instance, with its device tag
    (API 2.49); returns the VIF."""
    _lock_live_instance(context, instance_uuid)
    return _bind_port(context, instance_uuid, port_uuid, device_owner, tag)


@api.retry_on_deadlock
@api.writer
def add_interface(context, instance_uuid, network_uuid, address=None,
                  tag=None):
    """One more interface (and fixed IP) on a network, with its device
    tag (API 2.49); returns the VIF."""
    networks_db.read_committed_on_mysql(context)
    _lock_live_instance(context, instance_uuid)
    network = networks_db.network_get_by_uuid(context, network_uuid)
    return _add_interface(context, instance_uuid, network, address, tag)


def release_vifs(context, vif_query):
    # Locking reads: on MySQL a plain SELECT in instance_destroy's
    # REPEATABLE READ transaction could miss an allocation that committed
    # while the delete waited for the instance row.
    vifs = context.session.execute(
        vif_query.with_for_update()).scalars().all()
    if not vifs:
        return
    kept = [v.id for v in vifs if v.preserve_on_delete and v.instance_uuid]
    if kept:
        unbind(context, kept)
    ids = [v.id for v in vifs if v.id not in kept]
    if not ids:
        return
    fixed_ids = context.session.execute(sa.select(nm.FixedIp.id).where(
        nm.FixedIp.virtual_interface_id.in_(ids),
        nm.FixedIp.deleted == 0).with_for_update()).scalars().all()
    if fixed_ids:
        _free_floating(context, fixed_ids)
        fixed_ids = _release_external(context, fixed_ids)
        fixed_ids = ipv6.release(context, fixed_ids)
        context.session.execute(sa.update(nm.FixedIp).where(
            nm.FixedIp.id.in_(fixed_ids)).values(
            instance_uuid=None, virtual_interface_id=None, allocated=False,
            leased=False, host=None, updated_at=timeutils.utcnow()))
    context.session.execute(sa.update(nm.VirtualInterface).where(
        nm.VirtualInterface.id.in_(ids)).values(
        deleted=nm.VirtualInterface.id, deleted_at=timeutils.utcnow()))


def unbind(context, vif_ids, preserve=False):
    """Take ports (interface ids) off their server, keeping them and their
    addresses: the server's delete or detach of a port the user made."""
    now = timeutils.utcnow()
    context.session.execute(sa.update(nm.FixedIp).where(
        nm.FixedIp.virtual_interface_id.in_(vif_ids),
        nm.FixedIp.deleted == 0).values(instance_uuid=None, host=None,
                                        leased=False, updated_at=now))
    context.session.execute(sa.update(nm.VirtualInterface).where(
        nm.VirtualInterface.id.in_(vif_ids)).values(
        instance_uuid=None, device_id='', device_owner='', binding_host='',
        tag=None, preserve_on_delete=preserve, updated_at=now))


def _free_floating(context, fixed_ids):
    """Unbind floating IPs from fixed IPs; auto-assigned ones go back to
    their pool."""
    floating = nm.FloatingIp
    context.session.execute(sa.update(floating).where(
        floating.fixed_ip_id.in_(fixed_ids), floating.auto_assigned.is_(True))
        .values(fixed_ip_id=None, host=None, project_id=None,
                auto_assigned=False))
    context.session.execute(sa.update(floating).where(
        floating.fixed_ip_id.in_(fixed_ids)).values(fixed_ip_id=None,
                                                    host=None))


def deallocate_for_instance(context, instance_uuid):
    """Free every address and interface of an instance (and its security
    group memberships). Runs inside the caller's writer transaction:
    instance_destroy calls it."""
    release_addresses(context, instance_uuid)
    context.session.execute(sa.delete(
        nm.SecurityGroupInstanceAssociation).where(
        nm.SecurityGroupInstanceAssociation.instance_uuid == instance_uuid))


def release_addresses(context, instance_uuid):
    """Free an instance's interfaces and addresses, keeping its security
    groups; runs inside the caller's writer transaction."""
    release_vifs(context, sa.select(nm.VirtualInterface).where(
        nm.VirtualInterface.instance_uuid == instance_uuid,
        nm.VirtualInterface.deleted == 0))
    # Addresses claimed without an interface (none today) go back too.
    context.session.execute(sa.update(nm.FixedIp).where(
        nm.FixedIp.instance_uuid == instance_uuid).values(
        instance_uuid=None, virtual_interface_id=None, allocated=False,
        leased=False, host=None))


@api.writer
def remove_interface(context, instance_uuid, vif_uuid):
    vif = nm.VirtualInterface
    query = sa.select(vif).where(vif.instance_uuid == instance_uuid,
                                 vif.uuid == vif_uuid, vif.deleted == 0)
    if context.session.execute(query).first() is None:
        raise errors.VirtualInterfaceNotFound(instance_uuid=instance_uuid,
                                              port_id=vif_uuid)
    release_vifs(context, query)


def instance_fixed_ip(context, instance_uuid, address, port_id=None):
    """The instance's fixed IP row of address (instance_uuid None: a
    port on no server), of the port (interface uuid) port_id if given, in
    the caller's transaction; FixedIpNotFoundForInstance if it has none.
    Without port_id, of a server with the address on two networks
    (allow_overlapping_ips) its first interface's."""
    query = sa.select(nm.FixedIp).where(
        nm.FixedIp.address == address, nm.FixedIp.deleted == 0,
        nm.FixedIp.instance_uuid == instance_uuid)
    if port_id is not None:
        query = query.join(
            nm.VirtualInterface,
            nm.VirtualInterface.id == nm.FixedIp.virtual_interface_id).where(
            nm.VirtualInterface.uuid == port_id,
            nm.VirtualInterface.deleted == 0)
    row = context.session.execute(
        query.order_by(nm.FixedIp.virtual_interface_id)).scalars().first()
    if row is None:
        raise errors.FixedIpNotFoundForInstance(instance_uuid=instance_uuid,
                                                address=address)
    return row


@api.writer
def remove_fixed_ip(context, instance_uuid, address):
    """Drop the interface that holds address (removeFixedIp)."""
    row = instance_fixed_ip(context, instance_uuid, address)
    release_vifs(context, sa.select(nm.VirtualInterface).where(
        nm.VirtualInterface.id == row.virtual_interface_id))
