"""The fake driver's GuestInterface: rescue, rebuild, snapshot, password,
console output, network info (a mixin of fake.FakeDriver, which holds the
guests in self._guests under self._lock).

Each guest also gets a console log (lines the simulated guest "printed":
boots, reboots, rescues, ...), its administrator password and its rescue
image, kept in self._extras {uuid: GuestExtras}.
"""

import dataclasses
import time
import typing

from oslo_log import log as logging

import nova.conf
from nova.compute import power_state
from nova.compute import task_states
from nova import exception
from nova.image import api as image_api
from nova.image import qcow2

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

GiB = 1024 ** 3
# The console keeps what a serial log file of a few hundred KiB would.
MAX_CONSOLE_LINES = 1000
# One boot of a simulated guest on its serial console.
_BOOT_MESSAGES = (
    '[    0.000000] Linux version 6.1.0-fake (%(how)s)',
    '[    0.000000] Command line: root=/dev/vda1 ro console=ttyS0',
    '[    0.000000] Memory: %(memory)sMiB available',
    '[    0.512000] Run /sbin/init as init process',
    '[  OK  ] Reached target Network.',
    'cloud-init: datasource found, instance %(name)s configured',
    '[  OK  ] Reached target Multi-User System.',
    '%(name)s login:',
)
BOOT_LINES = len(_BOOT_MESSAGES)


@dataclasses.dataclass
class GuestExtras:
    """What the fake hypervisor remembers of a guest beyond InstanceInfo."""

    console: typing.List[str] = dataclasses.field(default_factory=list)
    admin_password: typing.Optional[str] = None
    rescue_image: typing.Optional[str] = None
    rescue_password: typing.Optional[str] = None
    network_resets: int = 0
    network_injections: int = 0
    started_at: float = dataclasses.field(default_factory=time.monotonic)
    crash_dumps: int = 0


def image_id(image_meta):
    """The id of an ImageMeta (or image dict), None without one."""
    if image_meta is None:
        return None
    if isinstance(image_meta, dict):
        return image_meta.get('id')
    return image_meta.id if image_meta.obj_attr_is_set('id') else None


def snapshot_bytes(instance):
    """A valid, empty qcow2 disk of the instance's root disk size."""
    size = max(instance.root_gb or 0, 1) * GiB
    return qcow2.empty_image(size, cluster_bits=12 if size <= GiB else 16)


class FakeGuestMixin:
    """GuestInterface of FakeDriver."""

    @property
    def _extras(self):
        # Created on first use so FakeDriver.__init__ stays the lifecycle's.
        return self.__dict__.setdefault('_extras_by_uuid', {})

    def _fail_if_asked(self, instance, action):
        if instance.display_name in CONF.fake_driver.fail_guest_actions_for:
            raise exception.NovaException(
                'Simulated %s failure of %s on %s'
                % (action, instance.display_name, self.host))

    def _guest_extras(self, instance):
        """The extras of a guest on this host (call with self._lock held)."""
        if instance.uuid not in self._guests:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return self._extras.setdefault(instance.uuid, GuestExtras())

    def console_log(self, instance, line):
        """Append line to the guest's console log, as the guest would."""
        with self._lock:
            if instance.uuid not in self._guests:
                return
            console = self._extras.setdefault(instance.uuid,
                                              GuestExtras()).console
            console.append(line)
            del console[:-MAX_CONSOLE_LINES]

    def forget_guest(self, instance):
        with self._lock:
            self._extras.pop(instance.uuid, None)

    def boot_lines(self, instance, how):
        """What a booting guest prints, as a small Linux guest's serial
        console would: kernel banner, a few kernel and init messages, a
        login prompt (BOOT_LINES lines; clients and conformance tests
        expect a log of several lines, not one or two)."""
        name = instance.display_name or instance.uuid
        for line in _BOOT_MESSAGES:
            self.console_log(instance, line % {'how': how, 'name': name,
                                               'memory': instance.memory_mb})

    def guest_spawned(self, instance, admin_password):
        with self._lock:
            # A new guest: nothing of an earlier one of this uuid is left.
            self._extras[instance.uuid] = GuestExtras(
                admin_password=admin_password)
        self.boot_lines(instance, 'first boot')

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        self._fail_if_asked(instance, 'rescue')
        with self._lock:
            extras = self._guest_extras(instance)
            extras.rescue_image = image_id(image_meta)
            extras.rescue_password = rescue_password
            self._guests[instance.uuid].state = power_state.RUNNING
        self.boot_lines(instance, 'rescue from image %s'
                        % image_id(image_meta))

    def unrescue(self, context, instance):
        self._fail_if_asked(instance, 'unrescue')
        with self._lock:
            extras = self._guest_extras(instance)
            extras.rescue_image = extras.rescue_password = None
            self._guests[instance.uuid].state = power_state.RUNNING
        self.boot_lines(instance, 'unrescue')

    def rescue_image_of(self, instance):
        """The image a rescued guest booted from (None: not rescued)."""
        with self._lock:
            return self._guest_extras(instance).rescue_image

    def rebuild(self, context, instance, image_meta, admin_password,
                preserve_ephemeral=False):
        self._fail_if_asked(instance, 'rebuild')
        with self._lock:
            extras = self._guest_extras(instance)
            # A new root disk: what the old guest printed is gone.
            extras.console = []
            extras.admin_password = admin_password
            extras.rescue_image = extras.rescue_password = None
            self._guests[instance.uuid].state = power_state.RUNNING
        self.boot_lines(instance, 'rebuilt from image %s'
                        % image_id(image_meta))

    def set_admin_password(self, instance, new_pass):
        if instance.display_name in CONF.fake_driver.fail_guest_actions_for:
            raise exception.InstancePasswordSetFailed(
                instance=instance.uuid,
                reason='the simulated guest agent does not answer')
        with self._lock:
            self._guest_extras(instance).admin_password = new_pass

    def admin_password_of(self, instance):
        with self._lock:
            return self._guest_extras(instance).admin_password

    def snapshot(self, context, instance, image_id, update_task_state):
        self._fail_if_asked(instance, 'snapshot')
        self.get_info(instance)  # InstanceNotFound when not here
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        if instance.display_name in CONF.fake_driver.slow_snapshot_for_names:
            time.sleep(CONF.fake_driver.slow_snapshot_seconds)
        update_task_state(task_state=task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        image_api.API().upload(context, image_id, snapshot_bytes(instance))

    def get_console_output(self, context, instance):
        with self._lock:
            if instance.uuid not in self._guests:
                raise exception.InstanceNotReady(instance_id=instance.uuid)
            extras = self._extras.get(instance.uuid) or GuestExtras()
            return ''.join(line + '\n' for line in extras.console)

    def get_diagnostics(self, instance):
        """The simulated guest's counters, named as the libvirt driver
        names them: each vCPU busy since the guest (re)started, one virtio
        disk and one interface whose traffic grows with its console."""
        with self._lock:
            info = self._guests.get(instance.uuid)
            if info is None:
                raise exception.InstanceNotFound(instance_id=instance.uuid)
            extras = self._extras.get(instance.uuid) or GuestExtras()
            lines = len(extras.console)
            uptime_ns = int((time.monotonic() - extras.started_at) * 1e9)
        stats = {'cpu%d_time' % n: uptime_ns // 2
                 for n in range(info.num_cpu or 1)}
        stats.update({
            'memory': info.max_mem_kb,
            'memory-actual': info.mem_kb,
            'vda_read_req': 100 + lines, 'vda_read': 4096 * (100 + lines),
            'vda_write_req': lines, 'vda_write': 4096 * lines,
            'vda_errors': -1,
            'tap0_rx': 600 * lines, 'tap0_rx_packets': lines,
            'tap0_rx_errors': 0, 'tap0_rx_drop': 0,
            'tap0_tx': 300 * lines, 'tap0_tx_packets': lines,
            'tap0_tx_errors': 0, 'tap0_tx_drop': 0,
        })
        return stats

    def get_instance_diagnostics(self, instance):
        """The 2.48 format of the same simulated counters. The fake
        hypervisor knows neither its OS nor the interface's MAC address,
        nor any rate: those are None. Its driver is reported as libvirt:
        the API's driver field is an enum of the real drivers (libvirt,
        xenapi, vmwareapi, ironic, hyperv), and these counters are the
        libvirt driver's (upstream's fake driver says libvirt too)."""
        legacy = self.get_diagnostics(instance)
        with self._lock:
            info = self._guests[instance.uuid]
            extras = self._extras.get(instance.uuid) or GuestExtras()
            uptime = int(time.monotonic() - extras.started_at)
        cpus = sorted(int(k[3:-5]) for k in legacy if k.endswith('_time'))
        return {
            'state': power_state.STATE_MAP[info.state], 'driver': 'libvirt',
            'hypervisor': 'fake', 'hypervisor_os': None, 'uptime': uptime,
            'config_drive': bool(instance.config_drive),
            'num_cpus': len(cpus), 'num_disks': 1, 'num_nics': 1,
            'memory_details': {'maximum': legacy['memory'] // 1024,
                               'used': legacy['memory-actual'] // 1024},
            'cpu_details': [{'id': n, 'time': legacy['cpu%d_time' % n],
                             'utilisation': None} for n in cpus],
            'disk_details': [{
                'read_bytes': legacy['vda_read'],
                'read_requests': legacy['vda_read_req'],
                'write_bytes': legacy['vda_write'],
                'write_requests': legacy['vda_write_req'],
                'errors_count': legacy['vda_errors']}],
            'nic_details': [dict(
                {'mac_address': None, 'rx_rate': None, 'tx_rate': None},
                **{name: legacy['tap0_' + key] for name, key in (
                    ('rx_octets', 'rx'), ('rx_packets', 'rx_packets'),
                    ('rx_errors', 'rx_errors'), ('rx_drop', 'rx_drop'),
                    ('tx_octets', 'tx'), ('tx_packets', 'tx_packets'),
                    ('tx_errors', 'tx_errors'), ('tx_drop', 'tx_drop'))})],
        }

    def inject_network_info(self, instance, network_info):
        with self._lock:
            self._guest_extras(instance).network_injections += 1

    def reset_network(self, instance):
        with self._lock:
            self._guest_extras(instance).network_resets += 1
        self.console_log(instance, 'network: configuration reset')

    def trigger_crash_dump(self, instance):
        with self._lock:
            self._guest_extras(instance).crash_dumps += 1
        # What a Linux guest prints on an NMI before kdump takes over.
        self.console_log(instance, 'Kernel panic - not syncing: NMI: '
                                   'Not continuing')
