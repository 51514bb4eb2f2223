"""Default API policies, one module per API area."""

import itertools

from oslo_policy import policy

from nova.policies import admin_apis
from nova.policies import aggregates
from nova.policies import base
from nova.policies import consoles
from nova.policies import hosts
from nova.policies import hypervisors
from nova.policies import image_api
from nova.policies import images
from nova.policies import instance_actions
from nova.policies import migrations
from nova.policies import network_api
from nova.policies import networks
from nova.policies import operator_apis
from nova.policies import quota_sets
from nova.policies import server_actions
from nova.policies import server_groups
from nova.policies import server_guest_actions
from nova.policies import server_metadata
from nova.policies import server_move_actions
from nova.policies import server_shares
from nova.policies import server_tags
from nova.policies import server_topology
from nova.policies import servers
from nova.policies import services
from nova.policies import simple_tenant_usage
from nova.policies import volume_api
from nova.policies import volumes


# base first: the personas every other rule refers to.
_MODULES = (base,
            admin_apis,
            aggregates,
            consoles,
            hosts,
            hypervisors,
            image_api,
            images,
            instance_actions,
            migrations,
            network_api,
            networks,
            operator_apis,
            quota_sets,
            server_actions,
            server_groups,
            server_guest_actions,
            server_metadata,
            server_move_actions,
            server_shares,
            server_tags,
            server_topology,
            servers,
            services,
            simple_tenant_usage,
            volume_api,
            volumes,)


def list_rules():
    """Every default rule (the oslo.policy.policies entry point)."""
    rules = list(itertools.chain.from_iterable(
        module.list_rules() for module in _MODULES))
    # Every API rule is about a project's resources (administrators work
    # through project-scoped tokens too, as upstream): a system- or
    # domain-scoped token is refused.
    for rule in rules:
        if isinstance(rule, policy.DocumentedRuleDefault) and \
                not rule.scope_types:
            rule.scope_types = base.SCOPE
    return rules
