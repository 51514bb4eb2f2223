"""Client of the scheduler's RPC face (nova-scheduler, topic "scheduler").

1.0 - select_destinations
"""

import oslo_messaging as messaging

from nova import rpc

TOPIC = 'scheduler'

# A scheduling pass over many hosts and instances may take a while; the
# caller waits this long before it gives up and fails the build.
SELECT_TIMEOUT = 120


class SchedulerAPI:
    VERSION = '1.0'

    def __init__(self):
        # Capped by [upgrade_levels] scheduler during a rolling upgrade.
        self.client = rpc.get_client(
            messaging.Target(topic=TOPIC, version=self.VERSION),
            pin='scheduler')

    def select_destinations(self, context, request_spec):
        """Claimed Selections, one per instance in request_spec."""
        return self.client.prepare(version='1.0', timeout=SELECT_TIMEOUT).call(
            context, 'select_destinations', request_spec=request_spec)
