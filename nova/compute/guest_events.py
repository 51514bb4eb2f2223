"""Guest lifecycle events from the virt driver, synced at once.

A driver that sees its guests change (libvirt's lifecycle events: a
guest that powered itself off, crashed or was paused from outside) calls
the listener registered here with the instance's uuid; the server is then
brought in line exactly as the periodic power state sync would do it
(nova.compute.power_sync), without waiting for its next run. A server in
a task is left to the task.
"""

from oslo_log import log as logging

from nova import context as nova_context
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


def register(manager):
    """Have manager.driver report its guests' lifecycle events, if it
    can (drivers without register_event_listener rely on the periodic
    sync alone)."""
    register_listener = getattr(manager.driver, 'register_event_listener',
                                None)
    if register_listener is None:
        return

    def on_guest_event(instance_uuid):
        context = nova_context.get_admin_context()
        try:
            instance = objects.Instance.get_by_uuid(context, instance_uuid)
        except exception.InstanceNotFound:
            return
        if instance.host != manager.host or instance.task_state is not None:
            return
        manager.power_sync.sync_instance(context, instance)

    register_listener(on_guest_event)
