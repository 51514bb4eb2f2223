"""Work on a libvirt guest where it runs: rescue and unrescue, snapshot,
console log, diagnostics and VNC console (a mixin of LibvirtDriver).

Rebuild is left to the compute manager (destroy, then spawn from the new
image), as the contract allows.
"""

import os
import tempfile
from xml.etree import ElementTree

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute import power_state
from nova.compute import task_states
from nova import exception
from nova.virt import console
from nova.virt.libvirt import configdrive
from nova.virt.libvirt import diagnostics
from nova.virt.libvirt import disk_utils
from nova.virt.libvirt import guest_spec
from nova.virt.libvirt import imagebackend
from nova.virt.libvirt import paths
from nova.virt.libvirt import serial_ports

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

_PAUSED = 3  # VIR_DOMAIN_PAUSED


class GuestOpsMixin:

    # Rescue: the rescue image's disk first, the guest's own disk second.

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        domain = self._domain(instance)
        record = imagebackend.read_record(instance.uuid)
        self._hard_stop(domain)
        imagebackend.prepare_rescue(context, self.images, instance,
                                    image_meta, record)
        self._define(instance, record, rescue=True)
        self._domain(instance).create()

    def unrescue(self, context, instance):
        domain = self._domain(instance)
        record = imagebackend.read_record(instance.uuid)
        self._hard_stop(domain)
        record.pop('rescue', None)
        imagebackend.write_record(instance.uuid, record)
        self._define(instance, record)
        try:
            os.unlink(paths.instance_file(instance.uuid, 'disk.rescue'))
        except FileNotFoundError:
            pass
        self._domain(instance).create()

    # Snapshot: the root disk, converted, uploaded to the queued image.

    def snapshot(self, context, instance, image_id, update_task_state):
        domain = self._domain(instance)
        update_task_state(task_state=task_states.IMAGE_PENDING_UPLOAD)
        image = self.images.get(context, image_id)
        fmt = 'raw' if image.get('disk_format') in ('raw', 'ami') \
            else 'qcow2'
        source, source_format = guest_spec.root_disk(
            instance, imagebackend.read_record(instance.uuid))
        fd, temp = tempfile.mkstemp(dir=paths.instance_dir(instance.uuid),
                                    prefix='.snapshot-')
        os.close(fd)
        try:
            # A paused guest writes nothing while its disk is copied.
            pause = domain.isActive() and domain.info()[0] != _PAUSED
            if pause:
                domain.suspend()
            try:
                disk_utils.convert(source, temp, fmt, source_format)
            finally:
                if pause:
                    domain.resume()
            update_task_state(
                task_state=task_states.IMAGE_UPLOADING,
                expected_state=task_states.IMAGE_PENDING_UPLOAD)
            with open(temp, 'rb') as data:
                self.images.upload(context, image_id, data)
        finally:
            os.unlink(temp)
        LOG.info('Snapshot %s of instance %s uploaded (%s)', image_id,
                 instance.uuid, fmt)

    def trigger_crash_dump(self, instance):
        """An NMI through libvirt (virDomainInjectNMI)."""
        self._domain(instance).injectNMI(0)

    # Consoles -------------------------------------------------------------

    def get_console_output(self, context, instance):
        if self._host.lookup(guest_spec.domain_name(instance)) is None:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        limit = CONF.libvirt.console_log_max_bytes
        try:
            with open(paths.console_log(instance.uuid), 'rb') as log:
                log.seek(0, os.SEEK_END)
                log.seek(max(0, log.tell() - limit))
                data = log.read()
        except FileNotFoundError:
            return ''
        return data.decode('utf-8', errors='replace').replace('\r\n', '\n')

    def get_diagnostics(self, instance):
        return diagnostics.legacy(self._domain(instance))

    def get_instance_diagnostics(self, instance):
        launched = instance.launched_at
        uptime = int((timeutils.utcnow() - timeutils.normalize_time(
            launched)).total_seconds()) if launched else None
        return diagnostics.standard(
            self._domain(instance),
            power_state.STATE_MAP[self.get_info(instance).state],
            CONF.libvirt.virt_type, configdrive.wanted(instance), uptime)

    def get_vnc_console(self, context, instance):
        domain = self._domain(instance)
        xml = ElementTree.fromstring(domain.XMLDesc(0))
        graphics = xml.find("./devices/graphics[@type='vnc']")
        port = int(graphics.get('port', -1)) if graphics is not None else -1
        if port <= 0:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return console.ConsoleInfo(
            host=CONF.vnc.server_proxyclient_address, port=port)

    def get_serial_console(self, context, instance):
        if not CONF.serial_console.enabled:
            raise NotImplementedError()  # answered "unavailable"
        serial = serial_ports.domain_serial_port(
            self._domain(instance).XMLDesc(0))
        if serial is None:
            # Started before serial consoles were enabled.
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return console.ConsoleInfo(host=serial[0], port=serial[1])
