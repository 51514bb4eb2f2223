"""Policies of the actions that move a server between hosts."""

from oslo_policy import policy

from nova.policies import base

_rule = base.server_action_rule

_MEMBER = base.PROJECT_MEMBER_OR_ADMIN

rules = [
    _rule('servers:resize', _MEMBER, 'Resize a server to a new flavor',
          'resize'),
    _rule('servers:confirm_resize', _MEMBER,
          'Confirm a resize (or cold migration), freeing the source host',
          'confirmResize'),
    _rule('servers:revert_resize', _MEMBER,
          'Revert a resize (or cold migration) to the source host',
          'revertResize'),
    _rule('os-migrate-server:migrate', base.PROJECT_MANAGER_OR_ADMIN,
          'Cold-migrate a server to another host', 'migrate'),
    _rule('os-migrate-server:migrate_live', base.PROJECT_MANAGER_OR_ADMIN,
          'Live-migrate a server to another host', 'os-migrateLive'),
    _rule('os-migrate-server:migrate:host', base.ADMIN,
          'Cold-migrate a server to a named host (API 2.56)', 'migrate'),
    base.rule('os_compute_api:os-migrate-server:migrate_live:host',
              base.ADMIN, 'Live-migrate a server to a named host',
              [('POST', '/servers/{server_id}/action (os-migrateLive)')],
              # Operators who restricted migrate_live keep that here.
              deprecated_rule=policy.DeprecatedRule(
                  'os_compute_api:os-migrate-server:migrate_live',
                  base.ADMIN, deprecated_reason='Naming the host has a '
                  'rule of its own.', deprecated_since='2025.1')),
    _rule('os-evacuate', base.ADMIN,
          'Rebuild a server of a down host on another host', 'evacuate'),
    _rule('os-shelve:shelve', _MEMBER,
          'Shelve a server: snapshot it and power it off', 'shelve'),
    _rule('os-shelve:shelve_offload', base.ADMIN,
          'Free the host of a shelved server', 'shelveOffload'),
    _rule('os-shelve:unshelve', _MEMBER, 'Unshelve a shelved server',
          'unshelve'),
    _rule('os-shelve:unshelve_to_host', base.ADMIN,
          'Unshelve a shelved offloaded server to a named host (API 2.91)',
          'unshelve'),
]


def list_rules():
    return rules
