"""Ports of the Neutron API: the virtual interfaces of servers.

Each interface a server has (made at boot, by os-interface or
addFixedIp) is a port owned by the server's project, with device_owner
compute:<zone> and device_id the server; its fixed IPs are the fixed_ips
rows it holds and, on a network with an IPv6 range, its EUI-64 address.
"""

from nova.db import ports as ports_db
from nova.db import security_groups as groups_db
from nova import exception
from nova.network import model
from nova.network.resources import subnets as subnets_res


class PortNotFound(exception.NotFound):
    msg_fmt = 'Port %(port_id)s could not be found.'


def _port(vif, network, instance, fixed_rows, groups):
    subnet_ids = dict(zip(
        [4] * bool(network.cidr) + [6] * bool(network.cidr_v6),
        subnets_res.ids_of(network)))
    fixed_ips = [{'subnet_id': subnet_ids.get(4), 'ip_address': f.address}
                 for f in fixed_rows]
    if network.cidr_v6:
        fixed_ips.append({'subnet_id': subnet_ids[6],
                          'ip_address': model.eui64_address(
                              network.cidr_v6, vif.address)})
    return {
        'id': vif.uuid, 'network_id': network.uuid,
        'mac_address': vif.address, 'fixed_ips': fixed_ips,
        'device_id': instance.uuid,
        'device_owner': 'compute:%s' % (instance.availability_zone or
                                        'nova'),
        'status': 'ACTIVE' if instance.host else 'DOWN',
        'host': instance.host or '',
        'project_id': instance.project_id,
        'security_groups': [g.uuid for g in groups],
        'created_at': vif.created_at, 'updated_at': vif.updated_at,
    }


def _build(context, rows):
    groups = groups_db.groups_by_instances(
        context, list({i.uuid for _v, _n, i, _f in rows}))
    return [_port(v, n, i, f, groups[i.uuid]) for v, n, i, f in rows]


def get_all(context):
    from nova.network.resources import routers as routers_res
    project_id = None if context.is_admin else context.project_id
    return _build(context, ports_db.ports(
        context, project_id=project_id)) + routers_res.interface_ports(
        context)


def get(context, port_id):
    from nova.network.resources import routers as routers_res
    rows = ports_db.ports(context, vif_uuid=port_id)
    if not rows or not (context.is_admin or
                        rows[0][2].project_id == context.project_id):
        routed = routers_res.interface_ports(context, port_id=port_id)
        if routed:
            return routed[0]
        raise PortNotFound(port_id=port_id)
    return _build(context, rows)[0]


def port_ids_of_fixed_ips(context, fixed_ip_ids):
    return ports_db.vif_uuids_of_fixed_ips(context, fixed_ip_ids)
