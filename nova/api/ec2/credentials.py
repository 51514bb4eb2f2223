"""EC2 credentials kept in the nova database (noauth2 mode), and the
"nova-manage ec2 credentials" commands that manage them."""

import secrets

from nova.db import ec2 as db


def create(context, user_id, project_id):
    """A new (access, secret) pair acting as user_id in project_id."""
    access = secrets.token_hex(16)
    secret = secrets.token_hex(20)
    db.credential_create(context, {'access': access, 'secret': secret,
                                   'user_id': user_id,
                                   'project_id': project_id})
    return access, secret


def get(context, access):
    """The credential row of access, or None."""
    return db.credential_get(context, access) if access else None


def _context():
    from nova import context as nova_context
    return nova_context.get_admin_context()


def cmd_create(args):
    """Create EC2 credentials; prints the access and the secret key."""
    access, secret = create(_context(), args.user, args.project or
                            args.user)
    print('access: %s' % access)
    print('secret: %s' % secret)
    return 0


def cmd_list(args):
    """List EC2 credentials (access key, user, project)."""
    row = '%-34s %-20s %s'
    print(row % ('Access', 'User', 'Project'))
    for cred in db.credential_get_all(_context(), args.user):
        print(row % (cred.access, cred.user_id, cred.project_id))
    return 0


def cmd_delete(args):
    """Delete the EC2 credentials of an access key."""
    if not db.credential_delete(_context(), args.access):
        print('No EC2 credentials with access key %s.' % args.access)
        return 1
    print('Deleted %s.' % args.access)
    return 0


def add_commands(subparsers):
    """nova-manage ec2 credentials create|list|delete."""
    ec2 = subparsers.add_parser('ec2', help='EC2 API')
    ec2_cmds = ec2.add_subparsers(dest='action')
    creds = ec2_cmds.add_parser('credentials', help='EC2 credentials')
    cmds = creds.add_subparsers(dest='credentials_action')
    create_cmd = cmds.add_parser('create', help=cmd_create.__doc__)
    create_cmd.add_argument('--user', required=True)
    create_cmd.add_argument('--project', default=None,
                            help='Defaults to the user name.')
    create_cmd.set_defaults(func=cmd_create)
    list_cmd = cmds.add_parser('list', help=cmd_list.__doc__)
    list_cmd.add_argument('--user', default=None)
    list_cmd.set_defaults(func=cmd_list)
    delete_cmd = cmds.add_parser('delete', help=cmd_delete.__doc__)
    delete_cmd.add_argument('access')
    delete_cmd.set_defaults(func=cmd_delete)
