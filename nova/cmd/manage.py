"""nova-manage: operators' commands (database schema, services)."""

import sys

from oslo_config import cfg

import nova.conf
from nova.cmd import common
from nova import context as nova_context
from nova.db import migration
from nova import objects
from nova import private_files
from nova import service as nova_service

CONF = nova.conf.CONF


def db_sync(args):
    """Upgrade the database schema to the newest (or given) version."""
    private_files.secure_state(CONF)
    migration.db_sync(args.version)
    print('Database is at revision %s' % migration.db_version())
    return 0


def db_version(args):
    """Print the database's schema revision."""
    print(migration.db_version() or 'None')
    return 0


def service_list(args):
    """List services with their host, zone, status and state."""
    context = nova_context.get_admin_context()
    row = '%-20s %-25s %-10s %-8s %-5s %s'
    print(row % ('Binary', 'Host', 'Zone', 'Status', 'State', 'Updated_At'))
    for svc in objects.ServiceList.get_all(context):
        zone = (CONF.default_availability_zone
                if svc.binary == 'nova-compute' else 'internal')
        print(row % (svc.binary, svc.host, zone,
                     'disabled' if svc.disabled else 'enabled',
                     ':-)' if nova_service.is_up(svc) else 'XXX',
                     svc.last_seen_up))
    return 0


def _add_commands(subparsers):
    db = subparsers.add_parser('db', help='database schema')
    db_cmds = db.add_subparsers(dest='action')
    sync = db_cmds.add_parser('sync', help=db_sync.__doc__)
    sync.add_argument('version', nargs='?', default=None)
    sync.set_defaults(func=db_sync)
    db_cmds.add_parser('version', help=db_version.__doc__).set_defaults(
        func=db_version)
    from nova.db import manage_archive
    manage_archive.add_commands(db_cmds)
    from nova import online_migrations
    online_migrations.add_commands(db_cmds)
    svc = subparsers.add_parser('service', help='services')
    svc_cmds = svc.add_subparsers(dest='action')
    svc_cmds.add_parser('list', help=service_list.__doc__).set_defaults(
        func=service_list)
    from nova.api.ec2 import credentials as ec2_credentials
    ec2_credentials.add_commands(subparsers)
    from nova.network import manage_commands as network_commands
    network_commands.add_commands(subparsers)
    from nova.volume import manage_commands as volume_commands
    volume_commands.add_commands(subparsers)
    from nova.cmd import manage_keystone
    manage_keystone.add_commands(subparsers)


def main():
    CONF.register_cli_opt(cfg.SubCommandOpt('category', title='Commands',
                                            handler=_add_commands))
    common.init(prog='nova-manage')
    func = getattr(CONF.category, 'func', None)
    if func is None:
        print('usage: nova-manage [db sync|db version|service list]',
              file=sys.stderr)
        return 2
    return func(CONF.category)


if __name__ == '__main__':
    sys.exit(main())
