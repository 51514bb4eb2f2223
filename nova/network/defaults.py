"""The network (and floating IPs) a new cloud starts with."""

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
    if opts.create_default_network and not networks_db.network_get_all(
            context):
        network = manage.create_networks(
            context, label=opts.default_network_label,
            cidr=opts.default_network_cidr)[0]
        LOG.info('Created the default network %s (%s)', network.label,
                 network.cidr)
    if opts.default_floating_range and not floating_db.get_all(context):
        manage.create_floating_ips(context, opts.default_floating_range,
                                   opts.default_floating_pool,
                                   opts.public_interface)
        LOG.info('Created floating IPs %s in pool %s',
                 opts.default_floating_range, opts.default_floating_pool)
