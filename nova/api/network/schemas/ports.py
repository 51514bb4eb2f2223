"""Attributes of a port in create and update requests."""

import ipaddress

from oslo_utils import netutils

from nova.api.network import body


@body.described({'anyOf': [{'type': 'string', 'maxLength': 17},
                           {'type': 'null'}]})
def mac_address(value):
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError('not a valid MAC address')
    mac = value.lower().replace('-', ':')
    if not netutils.is_valid_mac(mac):
        raise ValueError('not a valid MAC address')
    if mac == '00:00:00:00:00:00' or int(mac[:2], 16) & 1:
        raise ValueError('not a unicast MAC address')
    return mac


def _address_pair(value):
    if not isinstance(value, dict) or \
            not isinstance(value.get('ip_address'), str) or \
            set(value) - {'ip_address', 'mac_address'}:
        raise ValueError('each pair is an object of ip_address and an '
                         'optional mac_address')
    network = ipaddress.ip_network(value['ip_address'], strict=False)
    text = value['ip_address']
    result = {'ip_address': text if '/' in text and
              network.num_addresses > 1 else str(network.network_address)}
    if value.get('mac_address') is not None:
        result['mac_address'] = mac_address(value['mac_address'])
    return result


_address_pair.json_schema = {'type': 'object', 'required': ['ip_address'],
                             'properties': {
                                 'ip_address': {'type': 'string',
                                                'maxLength': 43},
                                 'mac_address': {'type': 'string',
                                                 'maxLength': 17}},
                             'additionalProperties': False}


def _or_none(convert):
    """None stays None (the attribute's default applies)."""
    def nullable(value):
        return None if value is None else convert(value)
    nullable.json_schema = body.describe(convert)
    return nullable


def _boolean_or_none(value):
    return None if value is None else body.boolean(value)


_boolean_or_none.json_schema = {'anyOf': [{'type': 'boolean'},
                                          {'type': 'null'}]}


@body.described({'anyOf': [{'type': 'array', 'maxItems': 0},
                           {'type': 'null'}]})
def _none(value):
    """Extra DHCP options: the built-in DHCP server takes none."""
    if value:
        raise ValueError('the built-in networking takes no extra DHCP '
                         'options')
    return []


SCHEMA = {
    'network_id': body.Attr(body.uuid, update=False),
    'name': body.Attr(body.string(255), default=''),
    'description': body.Attr(body.string(255), default=''),
    'admin_state_up': body.Attr(body.boolean, default=True),
    'mac_address': body.Attr(mac_address, default=None, update=False),
    'fixed_ips': body.Attr(_or_none(body.list_of(body.fixed_ip)),
                           default=None),
    'device_id': body.Attr(body.string(255), default=''),
    'device_owner': body.Attr(body.string(255), default=''),
    'security_groups': body.Attr(_or_none(body.list_of(body.uuid)),
                                 default=None),
    'port_security_enabled': body.Attr(_boolean_or_none, default=None),
    'allowed_address_pairs': body.Attr(body.list_of(_address_pair),
                                       default=[]),
    'binding:host_id': body.Attr(body.string(255), default='',
                                 admin_only=True),
    'binding:vnic_type': body.Attr(body.one_of('normal'),
                                   default='normal'),
    'binding:profile': body.Attr(body.one_of({}), default={}),
    'dns_name': body.Attr(body.one_of(''), default=''),
    'extra_dhcp_opts': body.Attr(_none, default=[]),
    'project_id': body.Attr(body.project, default=None, update=False),
    'tenant_id': body.Attr(body.project, default=None, update=False),
}
