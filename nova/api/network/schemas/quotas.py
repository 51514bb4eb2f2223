"""Attributes of a quota update: the limits the built-in networking
keeps (-1 is unlimited)."""

from nova.api.network import body

_LIMIT = body.integer(-1)

SCHEMA = {name: body.Attr(_LIMIT, create=False)
          for name in ('floatingip', 'security_group',
                       'security_group_rule', 'port', 'router')}
