"""Policies of the actions on a guest where it runs (POST
/servers/{server_id}/action): upstream's rule names and defaults."""

from nova.policies import base

_rule = base.server_action_rule

_OWNER = base.PROJECT_MEMBER_OR_ADMIN

rules = [
    _rule('os-rescue', _OWNER, 'Rescue a server', 'rescue'),
    _rule('os-unrescue', _OWNER, 'Unrescue a server', 'unrescue'),
    _rule('servers:rebuild', _OWNER, 'Rebuild a server', 'rebuild'),
    _rule('os-admin-password', _OWNER, 'Change the administrator password '
          'of a server', 'changePassword'),
    _rule('servers:create_image', _OWNER, 'Create an image from a server',
          'createImage'),
    _rule('os-create-backup', _OWNER, 'Create a backup image of a server',
          'createBackup'),
    _rule('os-console-output', _OWNER, 'Show the console output of a server',
          'os-getConsoleOutput'),
    _rule('os-admin-actions:reset_state', base.ADMIN,
          'Reset the state of a server', 'os-resetState'),
    _rule('os-admin-actions:inject_network_info', base.ADMIN,
          'Inject network information into a server',
          'injectNetworkInfo'),
    _rule('os-admin-actions:reset_network', base.ADMIN,
          'Reset the network of a server', 'resetNetwork'),
    _rule('servers:trigger_crash_dump', _OWNER,
          'Trigger a crash dump in a server (API 2.17)',
          'trigger_crash_dump'),
    _rule('os-deferred-delete:restore', _OWNER,
          'Restore a soft-deleted server', 'restore'),
    _rule('os-deferred-delete:force', _OWNER,
          'Delete a soft-deleted server now', 'forceDelete'),
]


def list_rules():
    return rules
