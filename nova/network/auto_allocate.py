"""Get me a network: the network a project is given when it has none.

A server created with networks "auto" (API 2.37) in a project without a
usable network, and GET /v2.0/auto-allocated-topology/{project_id}, get
the project's auto-allocated topology: one network of the project with
an IPv4 subnet from [network] auto_allocate_pool, made once and reused
afterwards. The built-in data plane routes every network to the outside
(NAT on the host); as in Neutron, the topology also has a router
(auto_allocated_router) joining its subnet to the default external
network, so that floating IPs of that network reach its servers.
Concurrent requests end with one network (nova.db.auto_allocated_topologies
says how); a request that loses a race reads the winner's network.
"""

import ipaddress
import json

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

import nova.conf
from nova import lazy_import
from nova.network import errors
from nova.network.resources import networks as networks_res

topologies_db = lazy_import.module('nova.db.auto_allocated_topologies')

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Neutron's names for the resources it makes.
NETWORK_NAME = 'auto_allocated_network'
SUBNET_NAME = 'auto_allocated_subnet_v4'
ROUTER_NAME = 'auto_allocated_router'
# Lost races (another project took the chosen range, or a concurrent
# request made this project's network) before giving up.
_ATTEMPTS = 10


def _pool():
    opts = CONF.network
    if not opts.auto_allocate_pool:
        raise errors.AutoAllocationFailure(
            reason='automatic allocation is off ([network] '
                   'auto_allocate_pool is empty)')
    try:
        pool = ipaddress.IPv4Network(opts.auto_allocate_pool)
    except ValueError as error:
        raise errors.AutoAllocationFailure(
            reason='[network] auto_allocate_pool: %s' % error)
    if opts.auto_allocate_prefixlen < pool.prefixlen:
        raise errors.AutoAllocationFailure(
            reason='[network] auto_allocate_prefixlen /%d is larger than '
                   'auto_allocate_pool %s' % (opts.auto_allocate_prefixlen,
                                              pool))
    return pool


def _free_subnet(context, pool):
    """The first range of the pool no network holds."""
    used = []
    for cidr in topologies_db.used_cidrs(context):
        net = ipaddress.ip_network(cidr, strict=False)
        if net.version == 4 and net.overlaps(pool):
            used.append(net)
    for candidate in pool.subnets(
            new_prefix=CONF.network.auto_allocate_prefixlen):
        if not any(candidate.overlaps(net) for net in used):
            return candidate
    raise errors.AutoAllocationFailure(
        reason='[network] auto_allocate_pool %s has no free /%d left'
        % (pool, CONF.network.auto_allocate_prefixlen))


def _network_values(project_id, subnet):
    network_uuid = uuidutils.generate_uuid()
    hosts = subnet.hosts()
    gateway, dhcp_start = str(next(hosts)), str(next(hosts))
    created = timeutils.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')
    return {
        'uuid': network_uuid, 'label': NETWORK_NAME,
        'project_id': project_id, 'cidr': str(subnet),
        'netmask': str(subnet.netmask),
        'broadcast': str(subnet.broadcast_address),
        'gateway': gateway, 'dhcp_server': gateway,
        'dhcp_start': dhcp_start, 'dns1': CONF.network.flat_network_dns,
        'bridge': networks_res.BRIDGE_PREFIX + network_uuid[:11],
        'multi_host': False, 'enable_dhcp': True,
        'subnet_attrs': json.dumps({'4': {
            'id': uuidutils.generate_uuid(), 'name': SUBNET_NAME,
            'created_at': created}}),
    }


def get_topology(context, project_id):
    """The project's auto-allocated network row, or None."""
    return topologies_db.get(context, project_id)[1]


def check_requirements(context):
    """Raise AutoAllocationFailure unless a topology could be made now
    (Neutron's dry run)."""
    _free_subnet(context, _pool())


def get_or_create_topology(context, project_id):
    """The network row of project_id's auto-allocated topology, made on
    first use; safe to call concurrently (one network per project)."""
    for _attempt in range(_ATTEMPTS):
        _claimed, network = topologies_db.get(context, project_id)
        if network is not None:
            return network
        values = _network_values(project_id,
                                 _free_subnet(context, _pool()))
        try:
            network = topologies_db.create(context, project_id, values)
        except (db_exc.DBDuplicateEntry, db_exc.DBDeadlock,
                topologies_db.ClaimLost, errors.NetworkOverlaps):
            # Another request claimed the project, or took the range:
            # look again.
            continue
        if network.uuid == values['uuid']:
            LOG.info('Auto-allocated network %s (%s) for project %s',
                     network.uuid, network.cidr, project_id)
            _route(context.elevated(), project_id, network)
        return network
    raise errors.AutoAllocationFailure(
        reason='concurrent requests kept taking the ranges chosen for '
               'project %s; retry' % project_id)


def _route(context, project_id, network):
    """The topology's router, with its gateway on the default external
    network; none without an external network (the network stays usable,
    without floating IPs, when the router cannot be made)."""
    from nova.network.resources import routers as routers_res
    from nova.network.resources import subnets as subnets_res
    external = [n for n in networks_res.get_all(context)
                if n.router_external and n.cidr]
    if not external:
        return
    external.sort(key=lambda n: n.label != CONF.network.
                  default_external_network)
    try:
        router = routers_res.create(context, {
            'project_id': project_id, 'name': ROUTER_NAME,
            'description': '', 'admin_state_up': True,
            'external_gateway_info': {'network_id': external[0].uuid}})
        routers_res.add_interface(context, router, subnet_id=subnets_res.
                                  ids_of(context, network)[0])
    except Exception as error:
        LOG.warning('The auto-allocated network %s of project %s has no '
                    'router: %s', network.uuid, project_id, error)


def _unroute(context, network):
    """Take the network off its routers; delete the topology's router."""
    from nova.db import routers as routers_db
    from nova.network.resources import routers as routers_res
    for interface, router in routers_db.interfaces(
            context, network_ids=[network.uuid]):
        routers_res.remove_interface(context, router,
                                     subnet_id=interface.subnet_id)
        if router.name == ROUTER_NAME and \
                router.project_id == network.project_id:
            routers_res.delete(context, router)


def delete_topology(context, project_id):
    """Delete the project's topology and its network (NetworkInUse while
    a server is on it); nothing to do when it has none."""
    network = get_topology(context, project_id)
    if network is not None and not networks_res.in_use(context, network):
        _unroute(context.elevated(), network)
    topologies_db.delete(context, project_id)
