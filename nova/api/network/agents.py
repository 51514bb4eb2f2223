"""The agents resource: the built-in networking runs no Neutron agents
(its data plane is the compute hosts' own), so the list is empty for
every caller and no agent can be shown."""

from nova.api.network import faults
from nova.api.network import query

ATTRIBUTES = ('id', 'agent_type', 'binary', 'topic', 'host',
              'admin_state_up', 'alive', 'availability_zone',
              'description', 'configurations', 'created_at',
              'started_at', 'heartbeat_timestamp')


def index(req):
    return query.collection(req, 'agents', [], ATTRIBUTES)


def show(req, agent_id):
    raise faults.not_found('AgentNotFound',
                           'Agent %s could not be found.' % agent_id)
