"""Attributes of a network in create and update requests."""

from nova.api.network import body

SCHEMA = {
    'name': body.Attr(body.string(255), default=''),
    'description': body.Attr(body.string(255), default=''),
    'admin_state_up': body.Attr(body.boolean, default=True),
    'shared': body.Attr(body.boolean, default=False),
    'router:external': body.Attr(body.boolean, default=False),
    'mtu': body.Attr(body.integer(68, 9000, nullable=True), default=None),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
    'port_security_enabled': body.Attr(body.one_of(True), default=True),
    'availability_zone_hints': body.Attr(body.list_of(body.string(255)),
                                         default=[], update=False),
    'provider:network_type': body.Attr(body.one_of('flat', 'vlan',
                                                   nullable=True),
                                       default=None, update=False),
    'provider:physical_network': body.Attr(body.nullable_string(255),
                                           default=None, update=False),
    'provider:segmentation_id': body.Attr(
        body.integer(1, 4094, nullable=True), default=None, update=False),
}
