"""EC2 credentials kept in the nova database (noauth2 mode), and the
"nova-manage ec2 credentials" commands that manage them."""

import collections
import secrets

from cryptography import fernet
from oslo_log import log as logging

import nova.conf
from nova.api.ec2 import secret_box
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# A credential with its secret in clear, for signature checks only.
Credential = collections.namedtuple(
    'Credential', ['access', 'secret', 'user_id', 'project_id'])


def create(context, user_id, project_id):
    """A new (access, secret) pair acting as user_id in project_id; only
    the encrypted secret is stored, so this is the one time it is shown."""
    access = secrets.token_hex(16)
    secret = secrets.token_hex(20)
    objects.EC2Credential(
        context=context, access=access,
        secret=secret_box.encrypt(CONF, secret), user_id=user_id,
        project_id=project_id).create()
    return access, secret


def get(context, access):
    """The Credential of access (secret decrypted), or None."""
    row = objects.EC2Credential.get_by_access(context, access) \
        if access else None
    if row is None:
        return None
    if secret_box.is_encrypted(row.secret):
        try:
            secret = secret_box.decrypt(CONF, row.secret)
        except fernet.InvalidToken:
            LOG.error('The secret of EC2 access key %s was encrypted with '
                      'a key that is not in [ec2] credential_key_file.',
                      access)
            return None
    else:
        # Stored in clear before secrets were encrypted: encrypt it now.
        secret = row.secret
        row.set_secret(secret_box.encrypt(CONF, secret))
    return Credential(row.access, secret, row.user_id, row.project_id)


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
    for cred in objects.EC2CredentialList.get_all(_context(), args.user):
        print(row % (cred.access, cred.user_id, cred.project_id))
    return 0


def cmd_delete(args):
    """Delete the EC2 credentials of an access key."""
    if not objects.EC2Credential.destroy(_context(), args.access):
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
