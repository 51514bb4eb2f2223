"""Attributes of a subnet in create and update requests."""

import ipaddress

from nova.api.network import body


@body.described({'type': 'object', 'properties': {
    'destination': {'type': 'string', 'maxLength': 49},
    'nexthop': {'type': 'string', 'maxLength': 45}},
    'required': ['destination', 'nexthop'], 'additionalProperties': False})
def _route(value):
    if not isinstance(value, dict) or set(value) != {'destination',
                                                     'nexthop'}:
        raise ValueError('a host route is {"destination", "nexthop"}')
    return {'destination': str(ipaddress.ip_network(value['destination'])),
            'nexthop': str(ipaddress.ip_address(value['nexthop']))}


@body.described({'type': 'object', 'properties': {
    'start': {'type': 'string', 'maxLength': 45},
    'end': {'type': 'string', 'maxLength': 45}},
    'required': ['start', 'end'], 'additionalProperties': False})
def _pool(value):
    if not isinstance(value, dict) or set(value) != {'start', 'end'}:
        raise ValueError('an allocation pool is {"start", "end"}')
    return {'start': body.ip_address(value['start']),
            'end': body.ip_address(value['end'])}


# gateway_ip when the request has none (null means no gateway).
DEFAULT_GATEWAY = object()

_IPV6_MODES = ('slaac', 'dhcpv6-stateful', 'dhcpv6-stateless')

SCHEMA = {
    'network_id': body.Attr(body.uuid, update=False),
    'cidr': body.Attr(body.string(64), update=False),
    'ip_version': body.Attr(body.one_of(4, 6), update=False),
    'name': body.Attr(body.string(255), default=''),
    'description': body.Attr(body.string(255), default=''),
    'gateway_ip': body.Attr(body.nullable_ip_address,
                            default=DEFAULT_GATEWAY),
    'allocation_pools': body.Attr(body.list_of(_pool), default=[],
                                  update=False),
    'dns_nameservers': body.Attr(body.list_of(body.ip_address),
                                 default=[]),
    'host_routes': body.Attr(body.list_of(_route), default=[]),
    'enable_dhcp': body.Attr(body.boolean, default=True),
    'ipv6_ra_mode': body.Attr(body.one_of(*_IPV6_MODES, nullable=True),
                              default=None, update=False),
    'ipv6_address_mode': body.Attr(body.one_of(*_IPV6_MODES,
                                               nullable=True),
                                   default=None, update=False),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
}
