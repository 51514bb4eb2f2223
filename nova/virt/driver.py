"""The contract every compute driver implements, split by concern.

Each interface is small; a driver implements the ones it supports and the
compute manager only calls through them. A method a driver lacks raises
NotImplementedError, which the manager reports as an unsupported action.
"""

import importlib

from oslo_log import log as logging

from nova import exception

LOG = logging.getLogger(__name__)


class HostInterface:
    """The hypervisor host: its nodes and their resources."""

    def init_host(self, host):
        """Prepare the hypervisor connection for host; called at start."""
        raise NotImplementedError()

    def cleanup_host(self, host):
        """Release the hypervisor connection; called at stop."""

    def get_available_nodes(self, refresh=False):
        """Names of the nodes this driver manages (usually one)."""
        raise NotImplementedError()

    def get_available_resource(self, nodename):
        """A hardware.HostResources for nodename."""
        raise NotImplementedError()

    def get_host_uptime(self):
        raise NotImplementedError()


class LifecycleInterface:
    """Creating, finding and removing guests."""

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations=None, network_info=None,
              block_device_info=None):
        """Create and start a guest; on failure leave nothing behind."""
        raise NotImplementedError()

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        """Remove a guest; succeed even when it is already gone."""
        raise NotImplementedError()

    def get_info(self, instance):
        """A hardware.InstanceInfo; InstanceNotFound when there is none."""
        raise NotImplementedError()

    def list_instances(self):
        """Names of the guests on this host."""
        raise NotImplementedError()

    def list_instance_uuids(self):
        """UUIDs of the guests on this host."""
        raise NotImplementedError()

    def instance_exists(self, instance):
        try:
            self.get_info(instance)
            return True
        except exception.InstanceNotFound:
            return False


class PowerInterface:
    """Power and run state of existing guests."""

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        raise NotImplementedError()

    def power_off(self, instance, timeout=0, retry_interval=0):
        raise NotImplementedError()

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        raise NotImplementedError()

    def pause(self, instance):
        raise NotImplementedError()

    def unpause(self, instance):
        raise NotImplementedError()

    def suspend(self, context, instance):
        raise NotImplementedError()

    def resume(self, context, instance, network_info,
               block_device_info=None):
        raise NotImplementedError()


class GuestInterface:
    """Work on a guest where it runs: rescue, rebuild, snapshot, password,
    console, network info."""


class MigrationInterface:
    """Moving guests between hosts: resize, cold and live migration."""


class ConsoleInterface:
    """Remote consoles of a guest (VNC, SPICE, serial, ...)."""


class ComputeDriver(HostInterface, LifecycleInterface, PowerInterface,
                    GuestInterface, MigrationInterface, ConsoleInterface):
    """A complete driver; capabilities say which optional parts work."""

    capabilities = {
        'has_imagecache': False,
        'supports_evacuate': False,
        'supports_attach_interface': False,
    }


def load_compute_driver(name, host=None):
    """Instantiate nova.virt.<name> (e.g. fake.FakeDriver) for host."""
    module_name, _, class_name = name.rpartition('.')
    try:
        module = importlib.import_module('nova.virt.' + module_name)
        driver_cls = getattr(module, class_name)
    except (ImportError, AttributeError, ValueError):
        LOG.exception('Cannot load compute driver %s', name)
        raise exception.VirtDriverNotFound(name=name)
    return driver_cls(host=host)
