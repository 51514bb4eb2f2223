"""Every route of the Compute API, and every server action, is described
by a registered policy rule (so the policy sample and reference document
every operation), and every rule a server action checks is registered."""

import re

from nova.api.openstack.compute import actions as action_specs
from nova.api.openstack.compute import routes
from nova.api.openstack.compute import server_actions
from nova import policies

_PLACEHOLDER = re.compile(r'\{[^}]*\}')
_ACTION_KEY = re.compile(r'^(.*?) \((.*)\)$')
# Routes upstream checks no policy on either: version discovery and
# reading flavors (flavor access is checked by the flavor lookup itself).
_OPEN = {('GET', '/'), ('GET', '/versions/{}'), ('GET', '/flavors'),
         ('GET', '/flavors/detail'), ('GET', '/flavors/{}')}


def _normal(path):
    return _PLACEHOLDER.sub('{}', path.rstrip('/') or '/')


def _documented():
    """(method, path) and (path, action key) pairs the rules document."""
    operations, actions = set(), set()
    for rule in policies.list_rules():
        for operation in getattr(rule, 'operations', None) or ():
            path = operation['path']
            match = _ACTION_KEY.match(path)
            if match:
                path = match.group(1)
                for key in match.group(2).split(','):
                    actions.add((_normal(path), key.strip()))
            operations.add((operation['method'], _normal(path)))
    return operations, actions


def _routes():
    for path, methods in routes.ROUTES:
        for method in methods:
            yield method, path


def test_every_route_has_a_rule():
    operations, _ = _documented()
    missing = sorted('%s %s' % (method, path) for method, path in _routes()
                     if (method, _normal(path)) not in operations and
                     (method, _normal(path)) not in _OPEN)
    assert not missing, 'routes without a policy rule: %s' % missing


def test_every_server_action_has_a_rule():
    _, actions = _documented()
    registered = {rule.name for rule in policies.list_rules()}
    missing, unknown = [], []
    for key, declared in server_actions.ACTIONS.items():
        if (_normal('/servers/{server_id}/action'), key) not in actions:
            missing.append(key)
        for action in action_specs.windows(declared):
            if action.rule not in registered:
                unknown.append(action.rule)
    assert not missing, 'server actions without a rule: %s' % missing
    assert not unknown, 'server actions check unknown rules: %s' % unknown


def test_rules_are_unique_and_scoped():
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))
    for rule in policies.list_rules():
        if getattr(rule, 'operations', None):
            assert rule.scope_types == ['project'], rule.name


def test_every_network_api_route_has_a_registered_rule():
    from nova.api.network import route_policy
    from nova.api.network import router
    operations, _ = _documented()
    registered = {rule.name for rule in policies.list_rules()}
    missing = []
    for path, methods in router.ROUTES:
        for method in methods:
            rule = route_policy.rule_of(path, method)
            if rule is None:
                assert path in route_policy.OPEN
                continue
            if rule not in registered or \
                    (method, _normal(path)) not in operations:
                missing.append('%s %s (%s)' % (method, path, rule))
    assert not missing, 'Neutron routes without a rule: %s' % missing


def test_every_image_api_route_has_a_registered_rule():
    from nova.api.image import router
    from nova.policies import image_api
    missing = ['%s %s' % (method, path) for path, methods in router.ROUTES
               for method in methods
               if (method, path) not in image_api.ROUTE_RULES and
               # Discovery, open to any caller in Glance too.
               not path.startswith(('/v2/schemas/', '/v2/info/'))]
    assert not missing, 'image routes without a rule: %s' % missing


def test_every_volume_api_route_has_a_registered_rule():
    from nova.api.volume import router
    from nova.policies import volume_api
    documented = {(op['method'], _normal(op['path']))
                  for rule in volume_api.list_rules()
                  for op in rule.operations}
    missing = ['%s %s' % (method, path) for path, methods in router.ROUTES
               for method in methods
               if (method, _normal(path)) not in documented]
    assert not missing, 'volume routes without a rule: %s' % missing
