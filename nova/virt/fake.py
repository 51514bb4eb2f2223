"""A simulated hypervisor: guests live in memory (saved to state_path so
they survive a restart, see fake_store), capacity from config."""

import json
import time

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova import exception
from nova.image import api as image_api
from nova.virt import driver
from nova.virt import fake_console
from nova.virt import fake_external
from nova.virt import fake_guest
from nova.virt import fake_image_cache
from nova.virt import fake_migration
from nova.virt import fake_store
from nova.virt import fake_volumes
from nova.virt import hardware

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


class FakeDriver(fake_guest.FakeGuestMixin,
                 fake_migration.FakeMigrationMixin,
                 fake_console.FakeConsoleMixin,
                 fake_volumes.FakeVolumesMixin,
                 fake_image_cache.FakeImageCacheMixin, driver.ComputeDriver):
    """Behaves like a hypervisor without running anything.

    One instance serves one simulated host; nova-compute starts one per
    host named in [fake_driver] simulated_hosts.
    """

    def __init__(self, host=None):
        self.host = host
        self._guests = {}  # uuid -> InstanceInfo
        self._live_runs = {}  # uuid -> fake_live_run.LiveRun
        self._lock = fake_store.SavingLock(self)
        self._started_at = time.time()

    def init_host(self, host):
        self.host = host
        with self._lock:
            self._guests.update(fake_store.load(host))

    def get_available_nodes(self, refresh=False):
        return [self.host]

    def get_available_resource(self, nodename):
        with self._lock:
            guests = list(self._guests.values())
        return hardware.HostResources(
            vcpus=CONF.fake_driver.vcpus,
            memory_mb=CONF.fake_driver.memory_mb,
            local_gb=CONF.fake_driver.local_gb,
            vcpus_used=sum(g.num_cpu for g in guests),
            memory_mb_used=sum(g.max_mem_kb for g in guests) // 1024,
            local_gb_used=0,
            hypervisor_type='fake',
            hypervisor_version=1000,
            hypervisor_hostname=nodename,
            # The scheduler reads the NUMA cells from here.
            cpu_info=json.dumps({'arch': 'x86_64',
                                 'numa_nodes': CONF.fake_driver.numa_nodes}),
            disk_available_least=CONF.fake_driver.local_gb)

    def get_host_uptime(self):
        return int(time.time() - self._started_at)

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations=None, network_info=None,
              block_device_info=None):
        slow = CONF.fake_driver.spawn_seconds_only_for
        self._simulate_step('spawn', instance,
                            CONF.fake_driver.spawn_seconds
                            if not slow or (instance.display_name or
                                            '').startswith(tuple(slow))
                            else 0,
                            CONF.fake_driver.fail_spawn_for_names)
        if CONF.fake_driver.fetch_image_on_spawn:
            self._fetch_image(context, image_meta)
        with self._lock:
            if instance.uuid in self._guests:
                raise exception.InstanceExists(name=instance.uuid)
            self._guests[instance.uuid] = hardware.InstanceInfo(
                state=power_state.RUNNING,
                max_mem_kb=instance.memory_mb * 1024,
                mem_kb=instance.memory_mb * 1024,
                num_cpu=instance.vcpus)
        self.guest_spawned(instance, admin_password)
        self.plug_boot_volumes(instance, block_device_info)

    @staticmethod
    def _fetch_image(context, image_meta):
        image_id = fake_guest.image_id(image_meta)
        if image_id is None:
            return
        size = sum(len(chunk) for chunk in
                   image_api.API().download(context, image_id))
        LOG.debug('Fetched %d bytes of image %s', size, image_id)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        with self._lock:
            if self._guests.pop(instance.uuid, None) is None:
                LOG.warning('Instance %s was not on host %s', instance.uuid,
                            self.host)
        self.forget_guest(instance)
        self.forget_volumes(instance)
        self.close_consoles(instance)

    def get_info(self, instance):
        self._apply_external_events([instance.uuid])
        with self._lock:
            info = self._guests.get(instance.uuid)
        if info is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return info

    def list_instances(self):
        with self._lock:
            uuids = list(self._guests)
        self._apply_external_events(uuids)
        with self._lock:
            return list(self._guests)

    def _apply_external_events(self, uuids):
        """Simulated changes from outside nova (see fake_external)."""
        for uuid, event in fake_external.take(uuids).items():
            with self._lock:
                if event == fake_external.GONE:
                    self._guests.pop(uuid, None)
                elif uuid in self._guests:
                    self._guests[uuid].state = fake_external.EVENTS[event]

    list_instance_uuids = list_instances

    def _simulate_step(self, step, instance, seconds, failing_names):
        """Take `seconds`, then fail when the instance's name is one of
        failing_names (both set by tests in [fake_driver])."""
        if seconds:
            time.sleep(seconds)
        if instance.display_name in failing_names:
            raise exception.NovaException(
                'Simulated %s failure of %s on %s'
                % (step, instance.display_name, self.host))

    def _set_state(self, instance, state):
        with self._lock:
            info = self._guests.get(instance.uuid)
            if info is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            info.state = state

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        self._set_state(instance, power_state.RUNNING)
        self.boot_lines(instance, '%s reboot' % reboot_type.lower())

    def power_off(self, instance, timeout=0, retry_interval=0):
        self._set_state(instance, power_state.SHUTDOWN)
        self.console_log(instance, 'reboot: Power down')

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        self._set_state(instance, power_state.RUNNING)
        self.boot_lines(instance, 'power on')

    def power_update_event(self, instance, target_power_state):
        # As a bare-metal node whose power was switched by its owner.
        self._set_state(instance, target_power_state)

    def pause(self, instance):
        self._set_state(instance, power_state.PAUSED)

    def unpause(self, instance):
        self._set_state(instance, power_state.RUNNING)

    def suspend(self, context, instance):
        self._set_state(instance, power_state.SUSPENDED)

    def resume(self, context, instance, network_info,
               block_device_info=None):
        self._set_state(instance, power_state.RUNNING)
