"""Base of the RPC endpoints (managers) behind each service."""


class Manager:
    """Implements a service's RPC methods; the Service object runs it."""

    target = None
    service_record = None

    def __init__(self, host):
        self.host = host

    def init_host(self, context):
        """Called once before the service takes messages."""

    def post_start_hook(self, context):
        """Called once the service takes messages."""

    def cleanup_host(self):
        """Called when the service stops."""

    def periodic_tasks(self):
        """[(interval_seconds, callable(context))] run on a timer thread."""
        return []
