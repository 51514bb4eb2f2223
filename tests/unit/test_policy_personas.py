"""The personas as the enforcer sees them: role chains, the legacy
defaults behind [oslo_policy] enforce_new_defaults, and token scope."""

import pytest

from nova import context as nova_context
from nova import exception
from nova import policy


@pytest.fixture
def enforcer(conf):
    policy._ENFORCER = None
    yield
    policy._ENFORCER = None


def _ctx(roles, project='alpha', **kwargs):
    return nova_context.RequestContext(user_id='u', project_id=project,
                                       roles=roles, **kwargs)


ALPHA = {'project_id': 'alpha'}
# Keystone expands implied roles into the token: these are what a user
# given only the first role presents.
READER = ['reader']
MEMBER = ['member', 'reader']
MANAGER = ['manager', 'member', 'reader']
ADMIN = ['admin', 'manager', 'member', 'reader']


@pytest.mark.parametrize('rule,allowed', [
    ('os_compute_api:servers:show', ('reader', 'member', 'manager',
                                     'admin')),
    ('os_compute_api:servers:create', ('member', 'manager', 'admin')),
    ('os_compute_api:os-migrate-server:migrate', ('manager', 'admin')),
    ('os_compute_api:os-lock-server:unlock:unlock_override', ('admin',)),
    ('os_compute_api:os-migrate-server:migrate_live:host', ('admin',)),
    ('os_compute_api:os-flavor-manage:create', ('admin',)),
    ('create_network', ('member', 'manager', 'admin')),
    ('get_port', ('reader', 'member', 'manager', 'admin')),
    ('create_floatingip:floating_ip_address', ('manager', 'admin')),
    ('add_image', ('member', 'manager', 'admin')),
    ('os_compute_api:os-server-external-events:create', ('service',)),
])
def test_new_defaults(enforcer, rule, allowed):
    personas = {'reader': READER, 'member': MEMBER, 'manager': MANAGER,
                'admin': ADMIN, 'service': ['service'],
                'no persona role': ['custom']}
    for name, roles in personas.items():
        assert policy.check(_ctx(roles), rule, ALPHA) == (name in allowed), \
            (rule, name)


def test_other_project_is_refused(enforcer):
    assert not policy.check(_ctx(MANAGER, 'beta'),
                            'os_compute_api:servers:show', ALPHA)
    assert policy.check(_ctx(ADMIN, 'beta'),
                        'os_compute_api:servers:show', ALPHA)


def test_legacy_defaults_when_new_ones_are_not_enforced(enforcer, conf):
    """enforce_new_defaults = False: any role in the project acts as the
    owner did before the personas (the deprecated admin_or_owner)."""
    rule = 'os_compute_api:servers:create'
    policy.get_enforcer()  # registers [oslo_policy]
    assert not policy.check(_ctx(['custom']), rule, ALPHA)
    conf.set_override('enforce_new_defaults', False, group='oslo_policy')
    policy._ENFORCER = None
    assert policy.check(_ctx(['custom']), rule, ALPHA)
    assert not policy.check(_ctx(['custom'], 'beta'), rule, ALPHA)
    # A reader still passes, a persona rule or the legacy one.
    assert policy.check(_ctx(READER), rule, ALPHA)


def test_a_system_scoped_token_is_refused(enforcer):
    """The Compute API's rules are project-scoped (scope_types): with a
    system-scoped token even the admin role is refused."""
    system_admin = nova_context.RequestContext(
        user_id='u', roles=ADMIN, system_scope='all')
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(system_admin, 'os_compute_api:os-services:list')
    assert policy.check(_ctx(ADMIN), 'os_compute_api:os-services:list')
