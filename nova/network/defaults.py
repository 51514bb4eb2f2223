"""The networks (and floating IPs) a new cloud starts with."""

from oslo_log import log as logging

import nova.conf
from nova.db import floating_ips as floating_db
from nova.db import networks as networks_db
from nova.network import manage

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def ensure_defaults(context):
    """Create [network] default_network_cidr when there is no network, and
    default_floating_range when there is no floating IP."""
    opts = CONF.network
    if opts.backend != 'builtin':
        return  # the networks are the remote service's
    if opts.create_default_network and not networks_db.network_get_all(
            context):
        network = manage.create_networks(
            context, label=opts.default_network_label,
            cidr=opts.default_network_cidr)[0]
        LOG.info('Created the default network %s (%s)', network.label,
                 network.cidr)
    # A configured default_floating_range is the operator's floating
    # setup already.
    if opts.create_default_external_network and \
            not opts.default_floating_range and not any(
            n.router_external for n in networks_db.network_get_all(context)):
        _create_external(context, opts.default_external_network,
                         opts.default_external_cidr)
    if opts.create_default_router:
        _ensure_router(context, opts.default_router_name,
                       opts.default_network_label,
                       opts.default_external_network)
    if opts.default_floating_range and not floating_db.get_all(context):
        manage.create_floating_ips(context, opts.default_floating_range,
                                   opts.default_floating_pool,
                                   opts.public_interface)
        LOG.info('Created floating IPs %s in pool %s',
                 opts.default_floating_range, opts.default_floating_pool)


def _create_external(context, name, cidr):
    """An external network whose subnet's addresses are floating IPs."""
    from nova.network.resources import networks as networks_res
    from nova.network.resources import subnets as subnets_res
    network = networks_res.create(context, {
        'label': name, 'router_external': True, 'project_id': None})
    subnets_res.create(context, network, {
        'ip_version': 4, 'cidr': cidr, 'name': '%s-subnet' % name})
    LOG.info('Created the external network %s (%s)', name, cidr)


def _ensure_router(context, name, private, public):
    """A router joining the default network's subnet to the external
    network (as devstack's router1), when the cloud has no router yet:
    floating IPs of `public` then reach servers on `private`."""
    from nova.db import routers as routers_db
    from nova.network.resources import routers as routers_res
    from nova.network.resources import subnets as subnets_res
    if routers_db.get_all(context):
        return
    networks = networks_db.network_get_all(context)
    internal = [n for n in networks if n.label == private and n.cidr and
                not n.router_external]
    external = [n for n in networks if n.label == public and n.cidr and
                n.router_external]
    if not internal or not external:
        return
    subnet_id = subnets_res.ids_of(context, internal[0])[0]
    if routers_db.interfaces(context, subnet_id=subnet_id):
        return
    router = routers_res.create(context, {
        'project_id': internal[0].project_id or context.project_id,
        'name': name, 'description': '', 'admin_state_up': True,
        'external_gateway_info': {'network_id': external[0].uuid}})
    routers_res.add_interface(context, router, subnet_id=subnet_id)
    LOG.info('Created the router %s joining %s to %s (gateway %s)', name,
             private, public, router.gateway_ip)
