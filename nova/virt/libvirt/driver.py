"""The libvirt compute driver: host resources, spawn, destroy, guest info.

The other concerns are mixins of their own modules: power (power.py),
work on a running guest (guest_ops.py), moves (migration.py), volumes
(volumes.py). Each guest is a persistent libvirt domain named
instance-<uuid> whose files live in <instances_path>/<uuid>/.
"""

import json
import os
import shutil
import time

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova import exception
from nova.image import api as image_api
from nova.virt import driver
from nova.virt import hardware
from nova.virt.libvirt import config
from nova.virt.libvirt import configdrive
from nova.virt.libvirt import events
from nova.virt.libvirt import guest_ops
from nova.virt.libvirt import guest_spec
from nova.virt.libvirt import host as libvirt_host
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import imagecache
from nova.virt.libvirt import migration
from nova.virt.libvirt import paths
from nova.virt.libvirt import power
from nova.virt.libvirt import serial_ports
from nova.virt.libvirt import vifs
from nova.virt.libvirt import volumes

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
GiB = 1024 ** 3

# libvirt's virDomainState -> nova power state.
_POWER_STATE = {
    0: power_state.NOSTATE,    # VIR_DOMAIN_NOSTATE
    1: power_state.RUNNING,    # VIR_DOMAIN_RUNNING
    2: power_state.RUNNING,    # VIR_DOMAIN_BLOCKED
    3: power_state.PAUSED,     # VIR_DOMAIN_PAUSED
    4: power_state.SHUTDOWN,   # VIR_DOMAIN_SHUTDOWN (shutting down)
    5: power_state.SHUTDOWN,   # VIR_DOMAIN_SHUTOFF
    6: power_state.CRASHED,    # VIR_DOMAIN_CRASHED
    7: power_state.SUSPENDED,  # VIR_DOMAIN_PMSUSPENDED
}


def connection_uri():
    return CONF.libvirt.connection_uri or 'qemu:///system'


class LibvirtDriver(power.PowerMixin, guest_ops.GuestOpsMixin,
                    migration.MigrationMixin, volumes.VolumeMixin,
                    driver.ComputeDriver):
    """Guests as libvirt domains (QEMU/KVM)."""

    capabilities = dict(driver.ComputeDriver.capabilities,
                        has_imagecache=True)

    def __init__(self, host=None):
        self.host = host
        self._host = libvirt_host.Host(connection_uri(), host_name=host)
        self._live_jobs = {}  # uuid -> live_job.LiveJob (migrating here)
        self._images = None
        self._cleaner = imagecache.CacheCleaner(
            CONF.libvirt.image_cache_manager_interval)
        self._started_at = time.time()
        self.events = events.LifecycleEvents()
        self._host.set_lifecycle_listener(self.events.on_libvirt_event)

    @property
    def images(self):
        """The image API (built lazily: it reads the config)."""
        if self._images is None:
            self._images = image_api.API()
        return self._images

    # Host -----------------------------------------------------------------

    def init_host(self, host):
        self.host = host
        self._host.host_name = host
        os.makedirs(paths.instances_root(), exist_ok=True)
        self._host.get_connection()
        self._reserve_serial_ports()
        self._cleaner.start()
        LOG.info('libvirt driver on %s: %s, virt_type %s, instances in %s',
                 host, connection_uri(), CONF.libvirt.virt_type,
                 paths.instances_root())

    def _reserve_serial_ports(self):
        """The serial ports of the domains defined before this process
        started stay theirs, shut-off guests' too."""
        for domain in self._host.list_domains():
            try:
                serial = serial_ports.domain_serial_port(domain.XMLDesc(0))
            except self._host.libvirt.libvirtError:
                continue  # undefined meanwhile
            if serial:
                serial_ports.reserve(*serial)

    def cleanup_host(self, host):
        self._cleaner.stop()
        self._host.close()

    def get_available_nodes(self, refresh=False):
        return [self.host]

    def get_available_resource(self, nodename):
        info = self._host.node_info()
        memory_mb = info[1]
        vcpus = info[2]
        vcpus_used = 0
        for domain in self._host.list_domains():
            if domain.isActive():
                vcpus_used += domain.info()[3]
        disk = os.statvfs(paths.instances_root())
        total_gb = disk.f_frsize * disk.f_blocks // GiB
        free_gb = disk.f_frsize * disk.f_bavail // GiB
        cpu = self._host.cpu_description()
        cpu['numa_nodes'] = self._host.numa_node_count()
        cpu['supported_instances'] = [[cpu['arch'], CONF.libvirt.virt_type,
                                       'hvm']]
        cpu['traits'] = cpu_traits(cpu)
        return hardware.HostResources(
            vcpus=vcpus, memory_mb=memory_mb, local_gb=total_gb,
            vcpus_used=vcpus_used,
            memory_mb_used=max(0, memory_mb - self._host.free_memory_mb()),
            local_gb_used=total_gb - free_gb,
            hypervisor_type='QEMU',
            hypervisor_version=self._host.version(),
            hypervisor_hostname=nodename,
            cpu_info=json.dumps(cpu),
            disk_available_least=free_gb)

    def get_host_uptime(self):
        return int(time.time() - self._started_at)

    # Lifecycle ------------------------------------------------------------

    def _domain(self, instance):
        """The instance's domain; InstanceNotFound when there is none."""
        domain = self._host.lookup(guest_spec.domain_name(instance))
        if domain is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return domain

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations=None, network_info=None,
              block_device_info=None):
        if self._host.lookup(guest_spec.domain_name(instance)) is not None:
            raise exception.InstanceExists(name=instance.uuid)
        try:
            boot_volumes = volumes.boot_volumes(block_device_info)
            record = imagebackend.prepare(
                context, self.images, instance, image_meta,
                boots_from_volume=volumes.root_is_volume(
                    block_device_info, boot_volumes))
            record['volumes'] = boot_volumes
            record['interfaces'] = vifs.interfaces(instance, network_info)
            if CONF.serial_console.enabled:
                record['serial_port'] = serial_ports.acquire()
            if configdrive.wanted(instance):
                configdrive.make(
                    paths.instance_file(instance.uuid, 'disk.config'),
                    context, instance, injected_files or [])
                record['config_drive'] = CONF.libvirt.config_drive_format
            imagebackend.write_record(instance.uuid, record)
            self._define(instance, record)
            self._domain(instance).create()
        except Exception:
            LOG.exception('Spawn of instance %s failed; cleaning up',
                          instance.uuid)
            self.destroy(context, instance)
            raise
        LOG.info('Instance %s started (domain %s)', instance.uuid,
                 guest_spec.domain_name(instance))

    def _define(self, instance, record, rescue=False):
        """(Re)define the domain from the record; returns its XML."""
        xml = config.domain_xml(guest_spec.build(instance, record,
                                                 rescue=rescue))
        self._host.get_connection().defineXML(xml)
        return xml

    def _undefine(self, domain):
        self._hard_stop(domain)
        domain.undefineFlags(
            self._host.libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        domain = self._host.lookup(guest_spec.domain_name(instance))
        if domain is None:
            LOG.info('Instance %s had no domain on %s', instance.uuid,
                     self.host)
        else:
            serial = serial_ports.domain_serial_port(domain.XMLDesc(0))
            self._undefine(domain)
            if serial:
                serial_ports.release(serial[1])
        if destroy_disks:
            shutil.rmtree(paths.instance_dir(instance.uuid),
                          ignore_errors=True)

    def get_info(self, instance):
        domain = self._domain(instance)
        state, max_mem, mem, vcpus, cpu_time = domain.info()
        power = _POWER_STATE.get(state, power_state.NOSTATE)
        if power == power_state.SHUTDOWN and domain.hasManagedSaveImage(0):
            power = power_state.SUSPENDED
        return hardware.InstanceInfo(state=power, max_mem_kb=max_mem,
                                     mem_kb=mem, num_cpu=vcpus,
                                     cpu_time_ns=cpu_time)

    def list_instance_uuids(self):
        uuids = (guest_spec.instance_uuid(d.name())
                 for d in self._host.list_domains())
        return [uuid for uuid in uuids if uuid is not None]

    list_instances = list_instance_uuids

    def register_event_listener(self, callback):
        """callback(instance_uuid, power_state) on each lifecycle event
        nova did not cause (see events.LifecycleEvents)."""
        self.events.listener = callback


def cpu_traits(cpu):
    """The host CPU as trait names (HW_CPU_X86_<FEATURE>, the model)."""
    traits = ['HW_CPU_X86_%s' % f.upper().replace('.', '_')
              for f in cpu.get('features', [])]
    if cpu.get('model'):
        traits.append('CUSTOM_CPU_MODEL_%s' % cpu['model'].upper()
                      .replace('-', '_'))
    return sorted(traits)
