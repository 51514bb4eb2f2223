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

    def cache_image(self, context, image_id):
        """Fetch image_id into the host's image cache ahead of use (API
        2.81): True when fetched now, False when it was cached already."""
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

    def power_update_event(self, instance, target_power_state):
        """The guest's power was changed outside this service (API 2.76
        power-update event, sent by a bare-metal service): target is
        power_state.RUNNING or SHUTDOWN. Drivers of guests whose power
        only this service changes do not implement it."""
        raise NotImplementedError()


class GuestInterface:
    """Work on a guest where it runs: rescue, rebuild, snapshot, password,
    console, network info."""

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        """Boot the guest from a rescue image (image_meta: an image dict)
        with its own disk attached; the guest runs afterwards."""
        raise NotImplementedError()

    def unrescue(self, context, instance):
        """Boot the guest from its own disk again, ending a rescue."""
        raise NotImplementedError()

    def rebuild(self, context, instance, image_meta, admin_password,
                preserve_ephemeral=False):
        """Recreate the guest's root disk from image_meta and boot it.

        Drivers without a rebuild of their own may leave this unimplemented:
        the manager then destroys and spawns the guest.
        """
        raise NotImplementedError()

    def set_admin_password(self, instance, new_pass):
        """Set the administrator password inside the running guest;
        InstancePasswordSetFailed when the guest cannot take it."""
        raise NotImplementedError()

    def snapshot(self, context, instance, image_id, update_task_state):
        """Upload the guest's root disk as the data of queued image
        image_id; call update_task_state(task_state, expected_state) as it
        moves from image_pending_upload to image_uploading."""
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        """The guest's console log as text; InstanceNotReady when the
        guest is not on this host."""
        raise NotImplementedError()

    def get_diagnostics(self, instance):
        """Counters of the running guest in the Compute API's 2.1 format:
        a flat dict (cpu0_time, memory, vda_read, <nic>_rx, ...)."""
        raise NotImplementedError()

    def get_instance_diagnostics(self, instance):
        """Counters of the running guest in the API's standard format
        (2.48): a dict of state, driver, hypervisor, hypervisor_os,
        uptime, config_drive, num_cpus, num_disks, num_nics,
        memory_details {maximum, used} (MiB), cpu_details [{id, time (ns),
        utilisation}], disk_details [{read_bytes, read_requests,
        write_bytes, write_requests, errors_count}] and nic_details
        [{mac_address, rx_octets, rx_errors, rx_drop, rx_packets, rx_rate,
        tx_octets, tx_errors, tx_drop, tx_packets, tx_rate}]; None for
        what the driver cannot tell."""
        raise NotImplementedError()

    def inject_network_info(self, instance, network_info):
        """Tell the guest about its network configuration."""
        raise NotImplementedError()

    def reset_network(self, instance):
        """Reset the guest's network configuration."""
        raise NotImplementedError()

    def trigger_crash_dump(self, instance):
        """Send the running guest a non-maskable interrupt, on which a
        guest kernel set up for it dumps its memory (kdump)."""
        raise NotImplementedError()


class MigrationInterface:
    """Moving guests between hosts: resize, cold and live migration.

    Cold moves (resize, migrate) run in three steps: the source powers the
    guest off and hands its disk over (migrate_disk_and_power_off), the
    destination starts it with the new flavor (finish_migration), then
    either the source drops its copy (confirm_migration) or the
    destination drops the new guest and the source restarts the old one
    (finish_revert_migration).
    """

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info=None,
                                   block_device_info=None):
        """Power the guest off and copy its disks towards dest; the source
        keeps its copy until confirm or revert. Returns disk info."""
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         allocations=None, block_device_info=None,
                         power_on=True):
        """Start the moved guest here with instance.flavor."""
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance,
                          network_info=None):
        """On the source: remove the copy the move left behind."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True):
        """On the source: bring the old guest back (old flavor)."""
        raise NotImplementedError()

    def live_migration(self, context, instance, dest, block_migration=False,
                       migrate_data=None, on_progress=None):
        """Move the running guest to dest; on return the source no longer
        runs it (raises, leaving it here, when the move fails;
        LiveMigrationAborted when live_migration_abort stopped it).

        While it runs, on_progress (when given) is called now and then with
        the bytes of memory and disk: total, processed, remaining.
        """
        raise NotImplementedError()

    def live_migration_force_complete(self, instance):
        """Make the running live migration of instance finish now (pause
        the guest or switch to post-copy)."""
        raise NotImplementedError()

    def live_migration_abort(self, instance):
        """Stop the running live migration of instance; the guest keeps
        running here."""
        raise NotImplementedError()

    def post_live_migration_at_destination(self, context, instance,
                                           network_info,
                                           block_migration=False,
                                           block_device_info=None):
        """On dest: adopt the guest a live migration brought here."""
        raise NotImplementedError()


class ConsoleInterface:
    """Remote consoles of a guest (VNC, SPICE, serial, ...).

    Each returns a nova.virt.console.ConsoleInfo (where the console
    listens, for the console proxy); NotImplementedError means the driver
    does not offer that kind (the API answers 400 "Unavailable console
    type").
    """

    def get_vnc_console(self, context, instance):
        raise NotImplementedError()

    def get_spice_console(self, context, instance):
        raise NotImplementedError()

    def get_rdp_console(self, context, instance):
        raise NotImplementedError()

    def get_serial_console(self, context, instance):
        raise NotImplementedError()

    def get_mks_console(self, context, instance):
        raise NotImplementedError()


class VolumeInterface:
    """Block storage volumes plugged into a running guest.

    connection_info comes from the volume service; the built-in one gives
    {'driver_volume_type': 'file', 'data': {'device_path': '/abs/path',
    'format': 'raw' or 'qcow2'}}. mountpoint is the device name the API
    chose (/dev/vdb ...). At spawn, block_device_info['block_device_mapping']
    lists the volumes to boot with (connection_info, mount_device,
    boot_index, disk_bus, device_type).
    """

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        """Hot-plug the volume into the guest at mountpoint."""
        raise NotImplementedError()

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        """Unplug the volume; succeed when it is already gone."""
        raise NotImplementedError()

    def swap_volume(self, context, old_connection_info,
                    new_connection_info, instance, mountpoint, resize_to):
        """Replace the volume at mountpoint by another one (its data
        copied by the hypervisor)."""
        raise NotImplementedError()

    def extend_volume(self, context, connection_info, instance,
                      requested_size):
        """The attached volume grew to requested_size bytes: make the
        guest's disk that big (API 2.51, event volume-extended)."""
        raise NotImplementedError()

    def volume_snapshot_create(self, context, instance, mountpoint,
                               create_info):
        """Snapshot the volume at mountpoint with the hypervisor's help
        (create_info: snapshot_id, type qcow2, new_file: the overlay the
        guest writes to from now on), for file-based volume services."""
        raise NotImplementedError()

    def volume_snapshot_delete(self, context, instance, mountpoint,
                               snapshot_id, delete_info):
        """Merge the assisted snapshot snapshot_id back into the volume."""
        raise NotImplementedError()


class ComputeDriver(HostInterface, LifecycleInterface, PowerInterface,
                    GuestInterface, MigrationInterface, ConsoleInterface,
                    VolumeInterface):
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
