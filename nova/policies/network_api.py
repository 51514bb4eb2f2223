"""Policies of the Neutron v2.0 API served here: Neutron's rule names
(create_network, get_port, ...) and its persona defaults.

The rules gate by role in the caller's project; which resources a caller
sees or owns (its project's, shared and external networks) is checked by
the handlers, which answer 404 for what the caller may not see.
"""

from nova.policies import base

ADMIN = base.ADMIN
MEMBER = base.PROJECT_MEMBER_OR_ADMIN
READER = base.PROJECT_READER_OR_ADMIN

_ITEM = {'network': '/v2.0/networks', 'subnet': '/v2.0/subnets',
         'port': '/v2.0/ports', 'security_group': '/v2.0/security-groups',
         'security_group_rule': '/v2.0/security-group-rules',
         'floatingip': '/v2.0/floatingips', 'router': '/v2.0/routers'}


def _crud(resource, path, read=READER, write=MEMBER, update=True):
    """get_, create_, update_ and delete_<resource> over path."""
    item = path + '/{id}'
    rules = [
        base.rule('get_' + resource, read, 'List or show %ss' % resource,
                  [('GET', path), ('GET', item)]),
        base.rule('create_' + resource, write, 'Create a %s' % resource,
                  [('POST', path)]),
        base.rule('delete_' + resource, write, 'Delete a %s' % resource,
                  [('DELETE', item)]),
    ]
    if update:
        rules.append(base.rule('update_' + resource, write,
                               'Update a %s' % resource, [('PUT', item)]))
    return rules


rules = (
    _crud('network', _ITEM['network']) +
    _crud('subnet', _ITEM['subnet']) +
    _crud('port', _ITEM['port']) +
    _crud('security_group', _ITEM['security_group']) +
    _crud('security_group_rule', _ITEM['security_group_rule'],
          update=False) +
    _crud('floatingip', _ITEM['floatingip']) +
    _crud('router', _ITEM['router']) + [
        # Neutron's default: administrators and the project's managers
        # (administrators only under the legacy defaults).
        base.rule('create_floatingip:floating_ip_address',
                  base.PROJECT_MANAGER_OR_ADMIN,
                  'Create a floating IP with a given address',
                  [('POST', _ITEM['floatingip'])]),
        base.rule('add_router_interface', MEMBER,
                  'Attach a subnet or port to a router',
                  [('PUT', '/v2.0/routers/{id}/add_router_interface')]),
        base.rule('remove_router_interface', MEMBER,
                  'Detach a subnet or port from a router',
                  [('PUT', '/v2.0/routers/{id}/remove_router_interface')]),
        base.rule('get_availability_zone', READER,
                  'List availability zones',
                  [('GET', '/v2.0/availability_zones')]),
        base.rule('get_quota', READER, 'Show quotas (administrators: of '
                  'any project, and the list of every project\'s)',
                  [('GET', '/v2.0/quotas'), ('GET', '/v2.0/quotas/{id}'),
                   ('GET', '/v2.0/quotas/{id}/default'),
                   ('GET', '/v2.0/quotas/{id}/defaults'),
                   ('GET', '/v2.0/quotas/{id}/details')]),
        base.rule('update_quota', ADMIN, 'Set a project\'s quotas',
                  [('PUT', '/v2.0/quotas/{id}')]),
        base.rule('delete_quota', ADMIN, 'Reset a project\'s quotas',
                  [('DELETE', '/v2.0/quotas/{id}')]),
        base.rule('get_auto_allocated_topology', READER,
                  'Show (and allocate) a project\'s automatic network',
                  [('GET', '/v2.0/auto-allocated-topology/{id}')]),
        base.rule('delete_auto_allocated_topology', MEMBER,
                  'Delete a project\'s automatic network',
                  [('DELETE', '/v2.0/auto-allocated-topology/{id}')]),
    ])


def list_rules():
    return rules
