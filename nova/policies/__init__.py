"""Default API policies, one module per API area."""

import itertools

from nova.policies import admin_apis
from nova.policies import base
from nova.policies import images
from nova.policies import servers


def list_rules():
    return list(itertools.chain(base.list_rules(), servers.list_rules(),
                                admin_apis.list_rules(), images.list_rules()))
