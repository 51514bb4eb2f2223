"""Attributes of a floating IP in create and update requests."""

from nova.api.network import body

SCHEMA = {
    'floating_network_id': body.Attr(body.uuid, update=False),
    'port_id': body.Attr(body.nullable_uuid, default=None),
    'fixed_ip_address': body.Attr(body.nullable_ip_address, default=None),
    # Who may give the address is policy's
    # (create_floatingip:floating_ip_address).
    'floating_ip_address': body.Attr(body.nullable_ip_address, default=None,
                                     update=False),
    'subnet_id': body.Attr(body.nullable_uuid, default=None, update=False),
    'description': body.Attr(body.string(255), default=''),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
}
