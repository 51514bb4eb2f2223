"""Attach, detach and swap volumes of servers: the API side (nova-api).

An attach of a non-multiattach volume cannot race: the API refuses it
while the volume has an active block device mapping (upstream's check,
same message), and the mapping's insert itself is refused by the unique
active_volume_id when a concurrent request in another API process got
there first. The volume service's reservation (a conditional status
change plus its own unique attachment row) is a third guard.
"""

import re

from oslo_log import log as logging

from nova.compute import rpcapi as compute_rpcapi
from nova.compute import unsent
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova import objects
from nova.volume import api as volume_api
from nova.volume import exception as volume_exception

LOG = logging.getLogger(__name__)

# States in which upstream allows attach, detach and swap; the shelved
# ones from API 2.20.
_SHELVED_VM_STATES = (vm_states.SHELVED, vm_states.SHELVED_OFFLOADED)
_ATTACH_VM_STATES = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.STOPPED,
                     vm_states.RESIZED, vm_states.SOFT_DELETED) + \
    _SHELVED_VM_STATES
_DETACH_VM_STATES = _ATTACH_VM_STATES
_SWAP_VM_STATES = (vm_states.ACTIVE, vm_states.PAUSED, vm_states.RESIZED)
_DEVICE = re.compile(r'^/dev/x{0,1}[a-z]{0,1}d{0,1}[a-z]+[0-9]*$')


def check_device(device):
    if device and not _DEVICE.match(device):
        raise volume_exception.InvalidDevicePath(path=device)


def next_device_name(used, prefix='/dev/vd'):
    """The first free /dev/vdX after the root disk (vda)."""
    letters = 'abcdefghijklmnopqrstuvwxyz'
    for letter in letters[1:]:
        if prefix + letter not in used:
            return prefix + letter
    for first in letters:
        for letter in letters:
            if prefix + first + letter not in used:
                return prefix + first + letter
    raise volume_exception.InvalidDevicePath(path=prefix + '*')


def check_multiattach(instance, multiattach_ok):
    """A multiattach volume needs API 2.60 and a server with a host."""
    if not multiattach_ok:
        raise volume_exception.MultiattachNotSupportedOldMicroversion()
    if instance is not None and \
            instance.vm_state == vm_states.SHELVED_OFFLOADED:
        raise volume_exception.MultiattachToShelvedNotSupported()


def _allowed(vm_states_allowed, shelved_ok):
    if shelved_ok:
        return vm_states_allowed
    return tuple(s for s in vm_states_allowed if s not in _SHELVED_VM_STATES)


class API:
    def __init__(self):
        self.volumes = volume_api.API()
        self._compute = None

    @property
    def compute(self):
        if self._compute is None:
            self._compute = compute_rpcapi.ComputeAPI()
        return self._compute

    @staticmethod
    def _check_state(context, instance, action, vm_states_allowed):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        if instance.vm_state not in vm_states_allowed:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='vm_state', state=instance.vm_state)
        if instance.task_state is not None:
            raise exception.InstanceInvalidState(
                action=action, instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)

    def mappings(self, context, instance):
        """The server's volume mappings, in attach order."""
        return [b for b in objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid) if b.is_volume and b.volume_id]

    def mapping(self, context, instance, volume_id):
        try:
            return objects.BlockDeviceMapping.get_by_volume(
                context, volume_id, instance_uuid=instance.uuid)
        except volume_exception.VolumeBDMNotFound:
            raise volume_exception.VolumeNotAttached(volume_id=volume_id)

    # Attach -------------------------------------------------------------

    def attach(self, context, instance, volume_id, device=None, tag=None,
               delete_on_termination=False, shelved_ok=True,
               multiattach_ok=True):
        """Reserve the volume and hand the attach to the compute host;
        returns the device name. shelved_ok: whether a shelved server
        takes it (API 2.20); multiattach_ok: whether a multiattach volume
        may be attached (API 2.60)."""
        self._check_state(context, instance, 'attach_volume',
                          _allowed(_ATTACH_VM_STATES, shelved_ok))
        check_device(device)
        existing = objects.BlockDeviceMappingList.get_by_instance_uuid(
            context, instance.uuid)
        if any(b.volume_id == volume_id for b in existing):
            raise volume_exception.InvalidVolume(
                reason='volume %s already attached' % volume_id)
        volume = self.volumes.get(context, volume_id)
        if volume.get('multiattach'):
            check_multiattach(instance, multiattach_ok)
        else:
            self._check_not_attached(context, volume_id)
        used = {b.device_name for b in existing if b.device_name}
        if device in used:
            raise volume_exception.DevicePathInUse(path=device)
        bdm = objects.BlockDeviceMapping(
            context=context, instance_uuid=instance.uuid,
            source_type='volume', destination_type='volume',
            volume_id=volume_id, volume_size=volume.get('size'),
            device_name=device or next_device_name(used | {'/dev/vda'}),
            delete_on_termination=bool(delete_on_termination), tag=tag,
            boot_index=None,
            active_volume_id=None if volume.get('multiattach') else
            volume_id)
        bdm.create()  # the unique rule: InvalidVolume when another won
        try:
            bdm.attachment_id = self.volumes.attachment_create(
                context, volume_id, instance.uuid)['id']
            bdm.save()
            compute_utils.record_action_start(context, instance,
                                              'attach_volume')
            if instance.host and \
                    instance.vm_state != vm_states.SHELVED_OFFLOADED:
                self.compute.attach_volume(context, instance, bdm)
            else:
                # No guest to plug into: the volume is in-use by the
                # server and gets plugged when the server starts.
                self.volumes.attachment_complete(context, bdm.attachment_id,
                                                 bdm.device_name)
        except Exception:
            if bdm.attachment_id:
                self.volumes.attachment_delete(context, bdm.attachment_id)
            bdm.destroy()
            raise
        return bdm

    @staticmethod
    def _check_not_attached(context, volume_id):
        """Upstream's check (bug 1908075): an active mapping of the volume
        anywhere refuses the attach, whatever the volume's status says."""
        try:
            holder = objects.BlockDeviceMapping.get_by_volume(context,
                                                              volume_id)
        except volume_exception.VolumeBDMNotFound:
            return
        raise volume_exception.InvalidVolume(
            reason='volume %s is already attached to instance %s' % (
                volume_id, holder.instance_uuid))

    # Detach -------------------------------------------------------------

    def detach(self, context, instance, volume_id, shelved_ok=True):
        self._check_state(context, instance, 'detach_volume',
                          _allowed(_DETACH_VM_STATES, shelved_ok))
        bdm = self.mapping(context, instance, volume_id)
        if bdm.boot_index == 0:
            # Upstream's message, without the "Invalid volume" prefix.
            raise exception.Invalid('Cannot detach a root device volume')
        compute_utils.record_action_start(context, instance,
                                          'detach_volume')
        if instance.host and \
                instance.vm_state != vm_states.SHELVED_OFFLOADED:
            self.volumes.begin_detaching(context, volume_id)
            with unsent.undone_if_unsent(
                    lambda: self.volumes.roll_detaching(context, volume_id),
                    'the detach of volume %s' % volume_id):
                self.compute.detach_volume(context, instance, bdm)
            return
        if bdm.attachment_id:
            self.volumes.attachment_delete(context, bdm.attachment_id)
        bdm.destroy()

    # Update ---------------------------------------------------------------

    def set_delete_on_termination(self, context, instance, volume_id,
                                  delete_on_termination):
        """Whether deleting the server deletes the volume (API 2.85)."""
        self._check_state(context, instance, 'update_volume',
                          _allowed(_ATTACH_VM_STATES, True))
        bdm = self.mapping(context, instance, volume_id)
        bdm.delete_on_termination = bool(delete_on_termination)
        bdm.save()
        return bdm

    # Swap ---------------------------------------------------------------

    def swap(self, context, instance, old_volume_id, new_volume_id):
        self._check_state(context, instance, 'swap_volume', _SWAP_VM_STATES)
        bdm = self.mapping(context, instance, old_volume_id)
        new_volume = self.volumes.get(context, new_volume_id)
        if new_volume['status'] != 'available':
            raise volume_exception.InvalidVolume(
                reason='volume %s is %s; swap needs an available volume'
                       % (new_volume_id, new_volume['status']))
        if not new_volume.get('multiattach'):
            self._check_not_attached(context, new_volume_id)
        if new_volume['size'] < (bdm.volume_size or 0):
            raise volume_exception.InvalidVolume(
                reason='new volume %s must not be smaller than %s' % (
                    new_volume_id, old_volume_id))
        attachment = self.volumes.attachment_create(context, new_volume_id,
                                                    instance.uuid)
        compute_utils.record_action_start(context, instance, 'swap_volume')
        self.volumes.begin_detaching(context, old_volume_id)
        with unsent.undone_if_unsent(
                lambda: self._unswap(context, old_volume_id, attachment),
                'the swap of volume %s' % old_volume_id):
            self.compute.swap_volume(context, instance, bdm, new_volume_id,
                                     attachment['id'])

    def _unswap(self, context, old_volume_id, attachment):
        self.volumes.roll_detaching(context, old_volume_id)
        self.volumes.attachment_delete(context, attachment['id'])

    # Server delete without a compute host -------------------------------

    def release_local(self, context, instance):
        """A server deleted in the API (no host): free its volumes."""
        for bdm in objects.BlockDeviceMappingList.get_by_instance_uuid(
                context, instance.uuid):
            try:
                if bdm.is_volume and bdm.attachment_id:
                    self.volumes.attachment_delete(context,
                                                   bdm.attachment_id)
                bdm.destroy()
                if bdm.is_volume and bdm.volume_id and \
                        bdm.delete_on_termination:
                    self.volumes.delete(context, bdm.volume_id)
            except Exception:
                LOG.exception('Releasing volume %s of server %s failed',
                              bdm.volume_id, instance.uuid)
