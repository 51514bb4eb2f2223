"""Default API policies, one module per API area."""

import itertools

from nova.policies import admin_apis
from nova.policies import aggregates
from nova.policies import base
from nova.policies import consoles
from nova.policies import hosts
from nova.policies import hypervisors
from nova.policies import images
from nova.policies import instance_actions
from nova.policies import migrations
from nova.policies import networks
from nova.policies import operator_apis
from nova.policies import quota_sets
from nova.policies import server_actions
from nova.policies import server_groups
from nova.policies import server_guest_actions
from nova.policies import server_metadata
from nova.policies import server_move_actions
from nova.policies import server_tags
from nova.policies import server_topology
from nova.policies import servers
from nova.policies import services
from nova.policies import simple_tenant_usage
from nova.policies import volumes


def list_rules():
    return list(itertools.chain(base.list_rules(), servers.list_rules(),
                                admin_apis.list_rules(), images.list_rules(),
                                aggregates.list_rules(), hosts.list_rules(),
                                hypervisors.list_rules(),
                                services.list_rules(),
                                server_actions.list_rules(),
                                server_groups.list_rules(),
                                server_guest_actions.list_rules(),
                                server_move_actions.list_rules(),
                                instance_actions.list_rules(),
                                migrations.list_rules(),
                                server_metadata.list_rules(),
                                server_tags.list_rules(),
                                server_topology.list_rules(),
                                consoles.list_rules(),
                                quota_sets.list_rules(),
                                simple_tenant_usage.list_rules(),
                                networks.list_rules(),
                                volumes.list_rules(),
                                operator_apis.list_rules()))
