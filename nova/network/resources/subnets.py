"""Subnets of the Neutron API: the IPv4 and IPv6 ranges of a network row.

A network has any number of IPv4 subnets (subnets rows, with a fixed_ips
row per address; the network's own cidr columns repeat the first) and of
IPv6 subnets (subnets rows too, whose fixed_ips rows are made as ports
take addresses: nova.db.ipv6_addresses; cidr_v6 repeats the first). What
the table has no column for (names, allocation pools, host routes, IPv6
DNS) is JSON: subnets.attrs. IPv4 addresses outside the allocation pools
are reserved fixed_ips rows.
"""

import ipaddress
import json

from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova import exception
from nova import lazy_import
from nova.network import errors
from nova.network import refresh
from nova.network.resources import networks as networks_res

ipv6_addresses = lazy_import.module('nova.db.ipv6_addresses')
networks_db = lazy_import.module('nova.db.networks')
subnets_db = lazy_import.module('nova.db.subnets')

SubnetNotFound = errors.SubnetNotFound


class SubnetInUse(exception.Conflict):
    msg_fmt = ('Unable to complete operation on subnet %(subnet_id)s: One '
               'or more ports have an IP allocation from this subnet.')


class InvalidSubnet(exception.Invalid):
    neutron_type = 'InvalidInput'
    msg_fmt = 'Invalid input for operation: %(reason)s.'


class GatewayConflictWithAllocationPools(exception.Conflict):
    msg_fmt = ('Gateway ip %(ip_address)s conflicts with allocation pool '
               '%(pool)s.')


def subnet_id(network, version, attrs):
    """The id of a network's IPv4 range that has no subnets row (made by
    hand): derived from the network's."""
    return attrs.get('id') or networks_db.derived_subnet_uuid(network.uuid,
                                                              version)


def _ranges(addresses):
    """Contiguous runs of sorted addresses as allocation pools."""
    pools = []
    previous = None
    for text in addresses:
        address = ipaddress.ip_address(text)
        if previous is not None and int(address) == int(previous) + 1:
            pools[-1]['end'] = text
        else:
            pools.append({'start': text, 'end': text})
        previous = address
    return pools


def _ipv4(context, network, row):
    attrs = json.loads(row.attrs or '{}')
    pools = attrs.get('allocation_pools')
    if pools is None:
        pools = _ranges(networks_db.network_free_addresses(
            context, network.id, row.id))
    subnet = {
        'id': row.uuid, 'cidr': row.cidr, 'ip_version': 4,
        'gateway_ip': row.gateway,
        'allocation_pools': pools,
        'dns_nameservers': [d for d in (row.dns1, row.dns2) if d],
        'enable_dhcp': bool(row.enable_dhcp),
        'ipv6_ra_mode': None, 'ipv6_address_mode': None,
    }
    return subnet, attrs


def _ipv6(row):
    attrs = json.loads(row.attrs or '{}')
    subnet = {
        'id': row.uuid, 'cidr': row.cidr, 'ip_version': 6,
        'gateway_ip': row.gateway,
        'allocation_pools': [
            {'start': str(a), 'end': str(b)}
            for a, b in ipv6_addresses.pools(row)],
        'dns_nameservers': attrs.get('dns_nameservers', []),
        'enable_dhcp': bool(row.enable_dhcp),
        'ipv6_ra_mode': row.ipv6_ra_mode,
        'ipv6_address_mode': row.ipv6_address_mode,
    }
    return subnet, attrs


def rows_of(context, networks):
    """{network row id: [its subnets rows, IPv4 ones first]} of several
    networks."""
    return subnets_db.subnets_of(context, [n.id for n in networks],
                                 version=None)


def ids_of(context, network, rows=None):
    """The ids of a network's subnets (IPv4 ones first), without reading
    its addresses; rows: its subnets rows if read already."""
    if rows is None:
        rows = rows_of(context, [network]).get(network.id, [])
    ids = [row.uuid for row in rows]
    if network.cidr and not any(row.ip_version == 4 for row in rows):
        ids.insert(0, subnet_id(network, 4, {}))
    return ids


def of_network(context, network, rows=None):
    """The subnets of a network row, as dicts of Neutron's attributes
    (without the standard ones) plus its timestamps when it has its
    own (made by the Neutron API)."""
    if rows is None:
        rows = rows_of(context, [network]).get(network.id, [])
    built = [_ipv4(context, network, row) if row.ip_version == 4
             else _ipv6(row) for row in rows]
    result = []
    for subnet, attrs in built:
        subnet.update({
            'name': attrs.get('name', ''),
            'description': attrs.get('description', ''),
            'network_id': network.uuid,
            'host_routes': attrs.get('host_routes', []),
            'subnetpool_id': None, 'service_types': [],
            'created_at': attrs.get('created_at'),
            'updated_at': attrs.get('updated_at') or
            attrs.get('created_at'),
        })
        result.append(subnet)
    return result


def get_all(context):
    """[(network row, subnet dict)] of every visible network."""
    networks = networks_res.get_all(context)
    rows = rows_of(context, networks)
    return [(network, subnet)
            for network in networks
            for subnet in of_network(context, network,
                                     rows.get(network.id, []))]


def find(context, subnet_id_):
    """(network row, subnet dict) of a visible subnet."""
    try:
        row, network = subnets_db.subnet_get_by_uuid(context, subnet_id_)
    except errors.SubnetNotFound:
        row = None
    if row is not None:
        if networks_res.visible(context, network):
            for subnet in of_network(context, network):
                if subnet['id'] == subnet_id_:
                    return network, subnet
    raise SubnetNotFound(subnet_id=subnet_id_)


# Creating ------------------------------------------------------------------

def _parse_cidr(cidr, version):
    try:
        net = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise InvalidSubnet(reason="'%s' is not a valid IP subnet" % cidr)
    if str(net) != cidr:
        raise InvalidSubnet(reason="'%s' isn't a recognized IP subnet "
                                   "cidr, '%s' is recommended" % (cidr, net))
    if net.version != version:
        raise InvalidSubnet(reason='Cidr %s does not match the ip_version '
                                   '%d' % (cidr, version))
    if net.num_addresses < 4:
        raise InvalidSubnet(reason='%s is too small: a subnet needs at '
                                   'least 4 addresses' % cidr)
    return net


def _parse_pools(net, pools, gateway):
    """[(first, last)] address pairs of the pools, checked."""
    parsed = []
    for pool in pools:
        try:
            first = ipaddress.ip_address(pool['start'])
            last = ipaddress.ip_address(pool['end'])
        except (KeyError, TypeError, ValueError):
            raise InvalidSubnet(reason='allocation pool %s is not a '
                                       'start and an end address' % pool)
        if first not in net or last not in net or first > last or \
                first == net.network_address or (
                    net.version == 4 and last == net.broadcast_address):
            raise InvalidSubnet(reason='The allocation pool %s-%s spans '
                                       'beyond the subnet cidr %s' % (
                                           first, last, net))
        if gateway is not None and first <= gateway <= last:
            raise GatewayConflictWithAllocationPools(
                ip_address=gateway, pool='%s-%s' % (first, last))
        parsed.append((first, last))
    parsed.sort()
    for (_a, end), (start, _b) in zip(parsed, parsed[1:]):
        if start <= end:
            raise InvalidSubnet(reason='Found overlapping allocation '
                                       'pools')
    return parsed


def _default_pools(net, gateway):
    hosts_first = net.network_address + 1
    hosts_last = net.broadcast_address - (1 if net.version == 4 else 0)
    pools = []
    if gateway is None or not hosts_first <= gateway <= hosts_last:
        return [(hosts_first, hosts_last)]
    if gateway > hosts_first:
        pools.append((hosts_first, gateway - 1))
    if gateway < hosts_last:
        pools.append((gateway + 1, hosts_last))
    return pools


def _gateway(net, values):
    if 'gateway_ip' not in values:
        return net.network_address + 1
    if values['gateway_ip'] is None:
        return None
    return _checked_gateway(net, values['gateway_ip'])


def _checked_gateway(net, text):
    """A gateway may lie outside the subnet, as in Neutron (a router
    reached on the link), but not on its network or broadcast address."""
    gateway = ipaddress.ip_address(text)
    if gateway.version != net.version:
        raise InvalidSubnet(reason='Gateway IP %s is not an IPv%d address'
                                   % (gateway, net.version))
    if gateway == net.network_address or (
            net.version == 4 and gateway == net.broadcast_address):
        raise InvalidSubnet(reason='Gateway is not valid on subnet')
    return gateway


def _now():
    return timeutils.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')


def _check_ipv6_modes(values):
    """Neutron's rules for the two IPv6 modes: IPv6 subnets only, the
    same value when both are given (the router's advertisements and the
    address configuration must agree), and DHCP on."""
    names = ('ipv6_ra_mode', 'ipv6_address_mode')
    given = {name: values.get(name) for name in names if values.get(name)}
    if not given:
        return
    if values['ip_version'] != 6:
        raise InvalidSubnet(reason='%s is not valid when ip_version is 4'
                                   % ' and '.join(sorted(given)))
    if len(given) == 2 and len(set(given.values())) == 2:
        raise InvalidSubnet(reason=(
            'ipv6_ra_mode set to %(ipv6_ra_mode)s with ipv6_address_mode '
            'set to %(ipv6_address_mode)s is not valid. If both '
            'attributes are set, they must be the same value' % given))
    if values.get('enable_dhcp') is False:
        raise InvalidSubnet(reason='ipv6_ra_mode or ipv6_address_mode '
                                   'cannot be set when enable_dhcp is set '
                                   'to False')


def create(context, network, values):
    """Add a subnet to a network; values: the API's attributes."""
    version = values['ip_version']
    _check_ipv6_modes(values)
    net = _parse_cidr(values['cidr'], version)
    gateway = _gateway(net, values)
    if values.get('allocation_pools'):
        pools = _parse_pools(net, values['allocation_pools'], gateway)
    else:
        pools = _default_pools(net, gateway)
    dns = values.get('dns_nameservers') or []
    if version == 4 and len(dns) > 2:
        raise InvalidSubnet(reason='the built-in networking hands guests '
                                   'two DNS servers at most')
    attrs = {'id': uuidutils.generate_uuid(),
             'name': values.get('name') or '',
             'description': values.get('description') or '',
             'host_routes': values.get('host_routes') or [],
             'allocation_pools': [{'start': str(a), 'end': str(b)}
                                  for a, b in pools],
             'created_at': _now()}
    if version == 6:
        attrs['dns_nameservers'] = dns
        subnet_uuid = attrs.pop('id')
        network, _row = networks_res.add_subnet(context, network.uuid, {
            'cidr': str(net), 'netmask': str(net.prefixlen),
            'gateway': str(gateway) if gateway else None,
            'enable_dhcp': values.get('enable_dhcp', True),
            'ipv6_ra_mode': values.get('ipv6_ra_mode'),
            'ipv6_address_mode': values.get('ipv6_address_mode')},
            attrs, (), subnet_uuid)
        return network, subnet_uuid
    in_pools = set()
    for first, last in pools:
        in_pools.update(range(int(first), int(last) + 1))
    reserved = [str(a) for a in net if int(a) not in in_pools]
    hosts = list(net.hosts())
    # The host's side of the bridge: the gateway when it is on the subnet.
    dhcp_server = gateway if gateway and gateway in net else hosts[0]
    subnet_uuid = attrs.pop('id')
    network, _row = networks_res.add_subnet(context, network.uuid, {
        'cidr': str(net), 'netmask': str(net.netmask),
        'broadcast': str(net.broadcast_address),
        'gateway': str(gateway) if gateway else None,
        'dhcp_server': str(dhcp_server),
        'dhcp_start': str(pools[0][0]) if pools else None,
        'dns1': dns[0] if dns else None,
        'dns2': dns[1] if len(dns) > 1 else None,
        'enable_dhcp': values.get('enable_dhcp', True)}, attrs, reserved,
        subnet_uuid)
    refresh.networks(context, [network.id])
    return network, subnet_uuid


def update(context, network, subnet, values):
    """Change a subnet's name, description, DNS, host routes or DHCP."""
    version = subnet['ip_version']
    row, _network = subnets_db.subnet_get_by_uuid(context, subnet['id'])
    attrs = json.loads(row.attrs or '{}')
    for key in ('name', 'description', 'host_routes'):
        if key in values:
            attrs[key] = values[key]
    attrs['updated_at'] = _now()
    columns = {}
    if 'gateway_ip' in values:
        columns.update(_new_gateway(subnet, values['gateway_ip']))
    if version == 4:
        dns = values.get('dns_nameservers')
        if dns is not None:
            if len(dns) > 2:
                raise InvalidSubnet(reason='the built-in networking hands '
                                           'guests two DNS servers at most')
            columns.update(dns1=dns[0] if dns else None,
                           dns2=dns[1] if len(dns) > 1 else None)
    elif 'dns_nameservers' in values:
        attrs['dns_nameservers'] = values['dns_nameservers']
    if 'enable_dhcp' in values:
        columns['enable_dhcp'] = values['enable_dhcp']
    network = subnets_db.subnet_update(context, subnet['id'], columns, attrs)
    if _PLUMBED & set(values):
        refresh.networks(context, [network.id])
    return network


# What a subnet's guests are served on their hosts (the gateway address,
# DHCP and its DNS option): changed, the network's guests are re-plugged.
_PLUMBED = frozenset(('dns_nameservers', 'enable_dhcp', 'gateway_ip'))


def _new_gateway(subnet, text):
    """The columns of a changed gateway: never one the pools hand out."""
    column = 'gateway'
    if text is None:
        return {column: None}
    net = ipaddress.ip_network(subnet['cidr'])
    gateway = _checked_gateway(net, text)
    for pool in subnet['allocation_pools']:
        first = ipaddress.ip_address(pool['start'])
        last = ipaddress.ip_address(pool['end'])
        if first <= gateway <= last:
            raise GatewayConflictWithAllocationPools(
                ip_address=gateway, pool='%s-%s' % (first, last))
    return {column: str(gateway)}


def delete(context, network, subnet):
    """Drop a subnet: refused while a port has an address of it (or, for
    a network's last subnet, while the network has any port) or while a
    router uses it."""
    from nova.network.resources import routers as routers_res
    if routers_res.uses_subnet(context, network, subnet['id']):
        raise SubnetInUse(subnet_id=subnet['id'])
    try:
        networks_res.remove_subnet(context, subnet['id'])
    except errors.NetworkInUse:
        raise SubnetInUse(subnet_id=subnet['id'])
    refresh.networks(context, [network.id])
