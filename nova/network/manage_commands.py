"""nova-manage network ... and nova-manage floating ... commands."""

import sys

from nova import context as nova_context
from nova.db import floating_ips as floating_db
from nova.db import networks as networks_db
from nova import exception
from nova.network import manage


def _fail(error):
    print(error.format_message() if isinstance(
        error, exception.NovaException) else error, file=sys.stderr)
    return 1


def network_create(args):
    """Create networks: a range split into num_networks of network_size."""
    cidr = args.fixed_range_v4 or args.fixed_range
    if not cidr:
        return _fail('Give the range: --fixed_range_v4 CIDR')
    try:
        rows = manage.create_networks(
            nova_context.get_admin_context(), label=args.label, cidr=cidr,
            num_networks=args.num_networks or 1,
            network_size=args.network_size,
            vlan_start=args.vlan_start or args.vlan,
            bridge=args.bridge, bridge_interface=args.bridge_interface,
            multi_host=args.multi_host in ('T', 'True', 'true', '1'),
            dns1=args.dns1, dns2=args.dns2, uuid=args.uuid,
            cidr_v6=args.fixed_range_v6, gateway=args.gateway,
            gateway_v6=args.gateway_v6, project_id=args.project_id,
            priority=args.priority, vpn_start=args.vpn_start)
    except exception.NovaException as error:
        return _fail(error)
    for row in rows:
        print('Created network %s (%s) %s' % (row.label, row.cidr, row.uuid))
    return 0


def network_list(args):
    """List networks."""
    row = '%-5s %-18s %-15s %-15s %-15s %-15s %-8s %-15s %s'
    print(row % ('id', 'IPv4', 'IPv6', 'start address', 'DNS1', 'DNS2',
                 'VlanID', 'project', 'uuid'))
    for net in networks_db.network_get_all(nova_context.get_admin_context()):
        print(row % (net.id, net.cidr, net.cidr_v6, net.dhcp_start,
                     net.dns1, net.dns2, net.vlan, net.project_id,
                     net.uuid))
    return 0


def _find(context, args):
    if args.uuid:
        return networks_db.network_get_by_uuid(context, args.uuid)
    return networks_db.network_get_by_cidr(context, args.fixed_range)


def network_delete(args):
    """Delete a network (by --fixed_range or --uuid); none may use it."""
    context = nova_context.get_admin_context()
    try:
        network = _find(context, args)
        networks_db.network_delete(context, network.uuid)
    except exception.NovaException as error:
        return _fail(error)
    print('Deleted network %s (%s)' % (network.label, network.cidr))
    return 0


def network_modify(args):
    """Associate a network with a project or host, or disassociate it."""
    context = nova_context.get_admin_context()
    values = {}
    if args.network_project:
        values['project_id'] = args.network_project
    elif args.disassociate_project:
        values['project_id'] = None
    if args.network_host:
        values['host'] = args.network_host
    elif args.disassociate_host:
        values['host'] = None
    try:
        network = _find(context, args)
        networks_db.network_update(context, network.uuid, values)
    except exception.NovaException as error:
        return _fail(error)
    return 0


def floating_create(args):
    """Create floating IPs for a range (CIDR or one address)."""
    try:
        addresses = manage.create_floating_ips(
            nova_context.get_admin_context(), args.ip_range, args.pool,
            args.interface)
    except exception.NovaException as error:
        return _fail(error)
    print('Created %d floating IPs' % len(addresses))
    return 0


def floating_delete(args):
    """Delete the floating IPs of a range."""
    try:
        count = manage.delete_floating_ips(nova_context.get_admin_context(),
                                           args.ip_range)
    except exception.NovaException as error:
        return _fail(error)
    print('Deleted %d floating IPs' % count)
    return 0


def floating_list(args):
    """List floating IPs (of one host with --host)."""
    context = nova_context.get_admin_context()
    rows = floating_db.get_all(context, host=args.floating_host)
    fixed = floating_db.fixed_info(context, rows)
    if not rows:
        print('No floating IP addresses have been defined.')
    for row in rows:
        address, instance = fixed.get(row.fixed_ip_id, (None, None))
        print('\t'.join(str(v) for v in (
            row.project_id, row.address, instance, row.pool,
            row.interface)))
    return 0


def add_commands(subparsers):
    net = subparsers.add_parser('network', help='networks')
    cmds = net.add_subparsers(dest='action')
    create = cmds.add_parser('create', help=network_create.__doc__)
    create.add_argument('fixed_range', nargs='?')
    create.add_argument('num_networks', nargs='?', type=int)
    create.add_argument('network_size', nargs='?', type=int)
    create.add_argument('--label', default='net')
    create.add_argument('--fixed_range_v4', '--fixed-range-v4')
    create.add_argument('--num_networks', '--num-networks', type=int,
                        dest='num_networks_opt')
    create.add_argument('--network_size', '--network-size', type=int,
                        dest='network_size_opt')
    create.add_argument('--multi_host', '--multi-host', default='F')
    create.add_argument('--vlan', type=int)
    create.add_argument('--vlan_start', '--vlan-start', type=int)
    create.add_argument('--vpn', type=int, dest='vpn_start')
    create.add_argument('--fixed_range_v6', '--fixed-range-v6')
    create.add_argument('--gateway')
    create.add_argument('--gateway_v6', '--gateway-v6')
    create.add_argument('--bridge')
    create.add_argument('--bridge_interface', '--bridge-interface')
    create.add_argument('--dns1')
    create.add_argument('--dns2')
    create.add_argument('--uuid')
    create.add_argument('--project_id', '--project-id')
    create.add_argument('--priority', type=int)
    create.set_defaults(func=_with_options(network_create))
    cmds.add_parser('list', help=network_list.__doc__).set_defaults(
        func=network_list)
    delete = cmds.add_parser('delete', help=network_delete.__doc__)
    delete.add_argument('fixed_range_pos', nargs='?')
    delete.add_argument('--fixed_range', '--fixed-range')
    delete.add_argument('--uuid')
    delete.set_defaults(func=_with_range(network_delete))
    modify = cmds.add_parser('modify', help=network_modify.__doc__)
    modify.add_argument('fixed_range_pos', nargs='?')
    modify.add_argument('--fixed_range', '--fixed-range')
    modify.add_argument('--uuid')
    # dest names apart from oslo.config's global options (host).
    modify.add_argument('--project', dest='network_project')
    modify.add_argument('--host', dest='network_host')
    modify.add_argument('--disassociate-project', '--disassociate_project',
                        action='store_true')
    modify.add_argument('--disassociate-host', '--disassociate_host',
                        action='store_true')
    modify.set_defaults(func=_with_range(network_modify))

    floating = subparsers.add_parser('floating', help='floating IPs')
    cmds = floating.add_subparsers(dest='action')
    create = cmds.add_parser('create', help=floating_create.__doc__)
    create.add_argument('ip_range')
    create.add_argument('--pool')
    create.add_argument('--interface')
    create.set_defaults(func=floating_create)
    delete = cmds.add_parser('delete', help=floating_delete.__doc__)
    delete.add_argument('ip_range')
    delete.set_defaults(func=floating_delete)
    listing = cmds.add_parser('list', help=floating_list.__doc__)
    listing.add_argument('--host', dest='floating_host')
    listing.set_defaults(func=floating_list)


def _with_options(func):
    """Options win over the old positional form (range count size)."""
    def run(args):
        args.num_networks = args.num_networks_opt or args.num_networks
        args.network_size = args.network_size_opt or args.network_size
        return func(args)
    run.__doc__ = func.__doc__
    return run


def _with_range(func):
    def run(args):
        args.fixed_range = args.fixed_range or args.fixed_range_pos
        if not (args.fixed_range or args.uuid):
            return _fail('Give the network: --fixed_range CIDR or --uuid')
        return func(args)
    run.__doc__ = func.__doc__
    return run
