"""Networks of the Neutron API: rows of the networks table.

A network of no project (project_id NULL) is shared: every project uses
it, as nova-network's flat networks always were. An external network
(router:external) hands out floating IPs of the pool named like it.
"""

import json

from oslo_utils import uuidutils

from nova import lazy_import
from nova.network import errors

networks_db = lazy_import.module('nova.db.networks')
subnets_db = lazy_import.module('nova.db.subnets')

# Linux caps interface names at 15 characters.
BRIDGE_PREFIX = 'brq'


def attrs(network):
    """The Neutron-only attributes of a network's subnets, by version
    ('4', '6')."""
    return json.loads(network.subnet_attrs or '{}')


def visible(context, network):
    """Shared and external networks are everyone's to see."""
    return context.is_admin or network.router_external or \
        network.project_id in (None, context.project_id)


def owned(context, network):
    """Whether the caller may change the network (not just use it)."""
    return context.is_admin or (network.project_id is not None and
                                network.project_id == context.project_id)


def get_all(context):
    return [n for n in networks_db.network_get_all(context)
            if visible(context, n)]


def get(context, network_id):
    try:
        network = networks_db.network_get_by_uuid(context, network_id)
    except errors.NetworkNotFound:
        network = None
    if network is None or not visible(context, network):
        raise errors.NetworkNotFound(network_id=network_id)
    return network


def create(context, values):
    """A network without subnets; values are the networks columns."""
    network_uuid = uuidutils.generate_uuid()
    values = dict(values, uuid=network_uuid,
                  bridge=values.get('bridge') or
                  BRIDGE_PREFIX + network_uuid[:11],
                  multi_host=False, enable_dhcp=True)
    return networks_db.network_create(context, values)


def update(context, network_id, values):
    return networks_db.network_update(context, network_id, values)


def delete(context, network_id):
    try:
        networks_db.network_delete(context, network_id)
    except errors.NetworkInUse:
        # In Neutron's words, which its clients and Tempest match.
        raise errors.NetworkPortsInUse(net_id=network_id)


def add_subnet(context, network_id, values, attrs, reserved, subnet_id):
    """A new subnet of a network: (network row, subnets row)."""
    return subnets_db.subnet_add(context, network_id, values, attrs,
                                 reserved, subnet_id)


def remove_subnet(context, subnet_id):
    return subnets_db.subnet_remove(context, subnet_id)


def in_use(context, network):
    """Whether any server or port has an address on the network."""
    return bool(networks_db.instance_uuids_on_network(context, network.id)
                or networks_db.ports_on_network(context, network.id))


def free_addresses(context, network):
    return networks_db.network_free_addresses(context, network.id)
