"""Policies of the server actions API (POST /servers/{server_id}/action)."""

from nova.policies import base


def _rule(name, description, action):
    return base.server_action_rule(name, base.PROJECT_MEMBER_OR_ADMIN,
                                   description, action)


rules = [
    _rule('servers:reboot', 'Reboot a server', 'reboot'),
    _rule('servers:stop', 'Stop a server', 'os-stop'),
    _rule('servers:start', 'Start a server', 'os-start'),
    _rule('os-pause-server:pause', 'Pause a server', 'pause'),
    _rule('os-pause-server:unpause', 'Unpause a paused server', 'unpause'),
    _rule('os-suspend-server:suspend', 'Suspend a server', 'suspend'),
    _rule('os-suspend-server:resume', 'Resume a suspended server',
          'resume'),
    _rule('os-lock-server:lock', 'Lock a server against non-admin actions',
          'lock'),
    _rule('os-lock-server:unlock', 'Unlock a locked server', 'unlock'),
    base.server_action_rule(
        'os-lock-server:unlock:unlock_override', base.ADMIN,
        'Unlock a server somebody else locked (checked after '
        'os-lock-server:unlock)', 'unlock'),
]


def list_rules():
    return rules
