"""Policies of APIs for administrators and read-only lookups."""

from oslo_policy import policy

from nova.policies import base


def _rule(name, check, description, operations):
    return policy.DocumentedRuleDefault(
        'os_compute_api:' + name, check, description,
        [{'method': m, 'path': p} for m, p in operations])


_KEYPAIR_OWNER = '(%s) or user_id:%%(user_id)s' % base.ADMIN

rules = [
    _rule('os-flavor-manage:create', base.ADMIN, 'Create a flavor',
          [('POST', '/flavors')]),
    _rule('os-flavor-manage:delete', base.ADMIN, 'Delete a flavor',
          [('DELETE', '/flavors/{flavor_id}')]),
    _rule('os-flavor-manage:update', base.ADMIN,
          'Update a flavor\'s description (API 2.55)',
          [('PUT', '/flavors/{flavor_id}')]),
    _rule('os-flavor-extra-specs:index', base.ANY, 'List extra specs',
          [('GET', '/flavors/{flavor_id}/os-extra_specs')]),
    _rule('os-flavor-extra-specs:show', base.ANY, 'Show an extra spec',
          [('GET', '/flavors/{flavor_id}/os-extra_specs/{key}')]),
    _rule('os-flavor-extra-specs:create', base.ADMIN, 'Create extra specs',
          [('POST', '/flavors/{flavor_id}/os-extra_specs')]),
    _rule('os-flavor-extra-specs:update', base.ADMIN, 'Update an extra spec',
          [('PUT', '/flavors/{flavor_id}/os-extra_specs/{key}')]),
    _rule('os-flavor-extra-specs:delete', base.ADMIN, 'Delete an extra spec',
          [('DELETE', '/flavors/{flavor_id}/os-extra_specs/{key}')]),
    _rule('os-flavor-access', base.ADMIN,
          'List the projects of a private flavor',
          [('GET', '/flavors/{flavor_id}/os-flavor-access')]),
    _rule('os-flavor-access:add_tenant_access', base.ADMIN,
          'Give a project access to a private flavor',
          [('POST', '/flavors/{flavor_id}/action (addTenantAccess)')]),
    _rule('os-flavor-access:remove_tenant_access', base.ADMIN,
          'Take a project\'s access to a private flavor',
          [('POST', '/flavors/{flavor_id}/action (removeTenantAccess)')]),
    _rule('os-services:list', base.ADMIN, 'List compute services',
          [('GET', '/os-services')]),
    _rule('os-availability-zone:list', base.ANY,
          'List availability zones', [('GET', '/os-availability-zone')]),
    _rule('os-availability-zone:detail', base.ADMIN,
          'List availability zones with their hosts',
          [('GET', '/os-availability-zone/detail')]),
    # Key pairs belong to users, not projects: any user manages their
    # own (administrators anyone's, with user_id from 2.10).
    _rule('os-keypairs:index', _KEYPAIR_OWNER, 'List key pairs',
          [('GET', '/os-keypairs')]),
    _rule('os-keypairs:create', _KEYPAIR_OWNER, 'Create a key pair',
          [('POST', '/os-keypairs')]),
    _rule('os-keypairs:show', _KEYPAIR_OWNER, 'Show a key pair',
          [('GET', '/os-keypairs/{keypair_name}')]),
    _rule('os-keypairs:delete', _KEYPAIR_OWNER, 'Delete a key pair',
          [('DELETE', '/os-keypairs/{keypair_name}')]),
    _rule('images', base.ANY, 'Use the images proxy API',
          [('GET', '/images'), ('GET', '/images/{image_id}')]),
    _rule('limits', base.ANY, 'Show rate and absolute limits',
          [('GET', '/limits')]),
    _rule('limits:other_project', base.ADMIN,
          'Show the limits of another project (tenant_id)',
          [('GET', '/limits')]),
    _rule('extensions', base.ANY, 'List API extensions',
          [('GET', '/extensions'), ('GET', '/extensions/{alias}')]),
]


def list_rules():
    return rules
