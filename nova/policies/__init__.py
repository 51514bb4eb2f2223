"""Default API policies, one module per API area."""

import itertools

from nova.policies import admin_apis
from nova.policies import base
from nova.policies import hypervisors
from nova.policies import images
from nova.policies import server_actions
from nova.policies import servers
from nova.policies import services


def list_rules():
    return list(itertools.chain(base.list_rules(), servers.list_rules(),
                                admin_apis.list_rules(), images.list_rules(),
                                hypervisors.list_rules(),
                                services.list_rules(),
                                server_actions.list_rules()))
