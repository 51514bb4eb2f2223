"""Attributes of a router in create and update requests, and the body of
add_router_interface / remove_router_interface."""

from nova.api.network import body

_FIXED_IP = body.fixed_ip.json_schema
_GATEWAY = {'anyOf': [{'type': 'null'}, {
    'type': 'object', 'properties': {
        'network_id': {'type': 'string', 'format': 'uuid'},
        'enable_snat': {'type': 'boolean'},
        'external_fixed_ips': {'type': 'array', 'items': _FIXED_IP}},
    'additionalProperties': False}]}


@body.described(_GATEWAY)
def gateway_info(value):
    """external_gateway_info: None or {} (no gateway), or network_id with
    enable_snat and external_fixed_ips."""
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        raise ValueError('not an object')
    unknown = set(value) - {'network_id', 'enable_snat',
                            'external_fixed_ips'}
    if unknown:
        raise ValueError('unexpected keys %s' % ', '.join(sorted(unknown)))
    if 'network_id' not in value:
        raise ValueError('network_id is required')
    result = {'network_id': body.uuid(value['network_id'])}
    if 'enable_snat' in value:
        result['enable_snat'] = body.boolean(value['enable_snat'])
    if 'external_fixed_ips' in value:
        result['external_fixed_ips'] = body.list_of(body.fixed_ip)(
            value['external_fixed_ips'])
    return result


SCHEMA = {
    'name': body.Attr(body.string(255), default=''),
    'description': body.Attr(body.string(255), default=''),
    'admin_state_up': body.Attr(body.boolean, default=True),
    'external_gateway_info': body.Attr(gateway_info, default=None),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
    'availability_zone_hints': body.Attr(body.list_of(body.string(255)),
                                         default=[], update=False),
}

# add_router_interface / remove_router_interface (an unwrapped body).
INTERFACE = {
    'subnet_id': body.Attr(body.nullable_uuid, default=None),
    'port_id': body.Attr(body.nullable_uuid, default=None),
}
