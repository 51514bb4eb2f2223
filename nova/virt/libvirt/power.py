"""Power actions of libvirt guests: reboot, power off/on, pause, suspend.

A mixin of LibvirtDriver (self._domain, self._host, self.events).
"""

import time

from oslo_log import log as logging

import nova.conf

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

_PAUSED = 3  # VIR_DOMAIN_PAUSED
_SHUTOFF = 5  # VIR_DOMAIN_SHUTOFF


def wait_for_shutoff(domain, timeout, interval=0.25):
    """True once the domain is shut off, False after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if domain.info()[0] == _SHUTOFF:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


class PowerMixin:

    def _clean_shutdown(self, domain, timeout):
        """ACPI power button, then wait; True when the guest went off."""
        libvirt = self._host.libvirt
        try:
            domain.shutdown()
        except libvirt.libvirtError as error:
            LOG.info('Guest %s refused an ACPI shutdown: %s',
                     domain.name(), error)
            return False
        return wait_for_shutoff(domain, timeout)

    def _hard_stop(self, domain):
        libvirt = self._host.libvirt
        if domain.isActive():
            try:
                domain.destroy()
            except libvirt.libvirtError:
                if domain.isActive():
                    raise

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        domain = self._domain(instance)
        if reboot_type != 'HARD' and domain.isActive():
            if self._clean_shutdown(domain,
                                    CONF.libvirt.wait_soft_reboot_seconds):
                LOG.info('Instance %s shut down cleanly; starting it',
                         instance.uuid)
                domain.create()
                return
            LOG.warning('Instance %s did not shut down within %ss; '
                        'rebooting it hard', instance.uuid,
                        CONF.libvirt.wait_soft_reboot_seconds)
        self._hard_stop(domain)
        if domain.hasManagedSaveImage(0):
            domain.managedSaveRemove(0)  # a hard reboot boots afresh
        domain.create()

    def power_off(self, instance, timeout=0, retry_interval=0):
        domain = self._domain(instance)
        if timeout and domain.isActive() and \
                self._clean_shutdown(domain, timeout):
            return
        self._hard_stop(domain)

    def _start(self, instance):
        domain = self._domain(instance)
        if not domain.isActive():
            domain.create()  # restores a managed save image, if any
        elif domain.info()[0] == _PAUSED:
            domain.resume()

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        self._start(instance)

    def pause(self, instance):
        self._domain(instance).suspend()

    def unpause(self, instance):
        self._domain(instance).resume()

    def suspend(self, context, instance):
        """Save the guest's memory to disk (libvirt's managed save)."""
        self._domain(instance).managedSave(0)

    def resume(self, context, instance, network_info,
               block_device_info=None):
        self._start(instance)
