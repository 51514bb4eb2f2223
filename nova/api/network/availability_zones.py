"""Network availability zones: the built-in networking has one."""

import nova.conf
from nova.api.network import query

CONF = nova.conf.CONF

ATTRIBUTES = ('name', 'resource', 'state')


def zone():
    """The availability zone of every network (the compute default)."""
    return CONF.default_availability_zone


def index(req):
    zones = [{'name': zone(), 'resource': 'network', 'state': 'available'}]
    return query.collection(req, 'availability_zones', zones, ATTRIBUTES)
