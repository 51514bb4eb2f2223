"""An ML2 mechanism driver for the neutron peer (tools/peers/neutron_peer.py)
that binds ports without an L2 agent: it stands for the agent nobody runs.

It binds every port to its first local, flat or vlan segment with
binding:vif_type bridge and marks it ACTIVE at once, as an agent would
after wiring it; neutron-server then tells Nova (network-vif-plugged)
when the Nova notifier is configured. Ports on networks named
unbindable-* are left alone: their bindings end as binding_failed.
Imported by the peer's neutron-server only (its directory is on
PYTHONPATH, the dist-info beside registers the entry point).
"""

from neutron_lib.api.definitions import portbindings
from neutron_lib import constants
from neutron_lib.plugins.ml2 import api

BINDABLE = ('local', 'flat', 'vlan')


class AgentlessMechanismDriver(api.MechanismDriver):

    def initialize(self):
        pass

    def bind_port(self, context):
        if (context.network.current.get('name') or '').startswith(
                'unbindable-'):
            return
        for segment in context.segments_to_bind:
            if segment[api.NETWORK_TYPE] in BINDABLE:
                context.set_binding(
                    segment[api.ID], portbindings.VIF_TYPE_BRIDGE,
                    {portbindings.CAP_PORT_FILTER: False},
                    status=constants.PORT_STATUS_ACTIVE)
                return
