"""nova-manage volume ...: volume types and volume quotas of projects."""

import sys

from nova import context as nova_context
from nova.db import quotas as quotas_db
from nova.db import volumes as db
from nova import exception
from nova.volume import quota


def _fail(error):
    print(error.format_message() if isinstance(
        error, exception.NovaException) else error, file=sys.stderr)
    return 1


def type_create(args):
    """Create a volume type: NAME [--spec key=value ...]."""
    specs = {}
    for spec in args.spec or []:
        key, sep, value = spec.partition('=')
        if not sep or not key:
            return _fail('Give extra specs as key=value, not %r' % spec)
        specs[key] = value
    try:
        row = db.volume_type_create(nova_context.get_admin_context(),
                                    args.type_name, specs,
                                    description=args.description)
    except exception.NovaException as error:
        return _fail(error)
    print('Created volume type %s (%s)' % (row.name, row.uuid))
    return 0


def type_list(args):
    """List volume types with their extra specs."""
    context = nova_context.get_admin_context()
    for row in db.volume_type_get_all(context):
        specs = db.volume_type_extra_specs(context, row.id)
        print('%s %s %s' % (row.uuid, row.name, ' '.join(
            '%s=%s' % item for item in sorted(specs.items()))))
    return 0


def quota_set(args):
    """Set a project's limit of volumes, gigabytes or snapshots (in all,
    or of one type: volumes_<type> ...); -1 is no limit."""
    if args.resource.split('_', 1)[0] not in quota.RESOURCES:
        return _fail('Resource must be volumes, gigabytes or snapshots, '
                     'optionally with _<volume type>')
    quotas_db.quota_set(nova_context.get_admin_context(), args.project_id,
                        {args.resource: args.limit})
    print('%s of %s: %d' % (args.resource, args.project_id, args.limit))
    return 0


def add_commands(subparsers):
    volume = subparsers.add_parser('volume', help='volume types and quotas')
    commands = volume.add_subparsers(dest='action')
    create = commands.add_parser('type-create', help=type_create.__doc__)
    # Not 'name': that is the category's own attribute.
    create.add_argument('type_name', metavar='NAME')
    create.add_argument('--description')
    create.add_argument('--spec', action='append')
    create.set_defaults(func=type_create)
    commands.add_parser('type-list', help=type_list.__doc__).set_defaults(
        func=type_list)
    limit = commands.add_parser('quota-set', help=quota_set.__doc__)
    limit.add_argument('project_id')
    limit.add_argument('resource')
    limit.add_argument('limit', type=int)
    limit.set_defaults(func=quota_set)
