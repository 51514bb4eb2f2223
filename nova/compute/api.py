"""The API side of the compute service: validates, records, dispatches.

Runs inside nova-api. It writes the instance rows, checks quota and hands
work to the conductor or a compute host over RPC; it never talks to a
hypervisor.
"""

import secrets
import string

from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

from nova import availability_zones
from nova.compute import create as create_lib
from nova.compute import disk_config as disk_config_lib
import nova.conf
from nova.compute import resource_tracker
from nova.compute import request_checks
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import snapshots
from nova.compute import states
from nova.compute import task_states
from nova.compute import trusted_certs as trusted_certs_lib
from nova.compute import unsent
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.compute import volumes_api
from nova.conductor import rpcapi as conductor_rpcapi
from nova.db import api as db_api
from nova import exception
from nova.notifications import emit as notify
from nova.image import api as image_api
from nova import objects
from nova import outages
from nova.objects import instance_rows
from nova.objects import migration as migration_obj
from nova import quota
from nova import service as nova_service
from nova.volume import api as volume_api

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# The bus could not be reached (or no service answered): the request is
# undone and answered 503 (nova.outages).
_BUS_DOWN = outages.BUS_DOWN

# The reason given at lock (API 2.73), in the system metadata.
LOCKED_REASON_KEY = 'locked_reason'


# Kept here for their callers (the create path's own module).
one_read = create_lib.one_read
sanitize_hostname = create_lib.sanitize_hostname
MULTI_NAME_TEMPLATE = create_lib.MULTI_NAME_TEMPLATE

# Given back when the bus refused its message (nova.compute.unsent).
_task_given_back_when_unsent = unsent.task_given_back


def generate_password(length=12):
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(length))


def _is_stable_rescue(image):
    properties = image.get('properties') or {}
    return bool(properties.get('hw_rescue_device') or
                properties.get('hw_rescue_bus'))


class API:
    """Server operations as the Compute API calls them."""

    def __init__(self):
        self.images = image_api.API()
        self._conductor = None
        self._compute = None

    @property
    def conductor(self):
        # RPC clients are made on first use so reads work without a bus.
        if self._conductor is None:
            self._conductor = conductor_rpcapi.ConductorAPI()
        return self._conductor

    @property
    def compute(self):
        if self._compute is None:
            self._compute = compute_rpcapi.ComputeAPI()
        return self._compute

    # Reads ----------------------------------------------------------------

    def get(self, context, instance_id, expected_attrs=('metadata',
                                                        'fault')):
        """An instance the caller may see; another project's is a 404."""
        if not uuidutils.is_uuid_like(instance_id):
            raise exception.InstanceNotFound(instance_id=instance_id)
        instance = objects.Instance.get_by_uuid(
            context, instance_id, expected_attrs=list(expected_attrs))
        if not context.is_admin and instance.project_id != \
                context.project_id:
            raise exception.InstanceNotFound(instance_id=instance_id)
        return instance

    def get_all(self, context, filters, limit=None, marker=None,
                sort_keys=None, sort_dirs=None,
                expected_attrs=('metadata', 'fault')):
        return objects.InstanceList.get_by_filters(
            context, filters, sort_keys=sort_keys, sort_dirs=sort_dirs,
            limit=limit, marker=marker, expected_attrs=list(expected_attrs))

    def get_rows(self, context, filters, columns, limit=None, marker=None,
                 sort_keys=None, sort_dirs=None, metadata=False,
                 fault_states=None):
        """A page of read-only instances (InstanceRow) with only the
        columns named read, for list views (see
        nova.objects.instance_rows)."""
        return instance_rows.get_by_filters(
            context, filters, columns, sort_keys=sort_keys,
            sort_dirs=sort_dirs, limit=limit, marker=marker,
            metadata=metadata, fault_states=fault_states)

    # Create ---------------------------------------------------------------

    def create(self, context, flavor, image_href, name, **kwargs):
        """Record and start building servers; returns (instances, rid).
        The arguments are nova.compute.create.create's."""
        return create_lib.create(self, context, flavor, image_href, name,
                                 **kwargs)

    @staticmethod
    def _undo_create(context, instances):
        create_lib.undo_create(context, instances)

    def _get_boot_image(self, context, image_href, flavor, check_disk=True):
        """The active image image_href; check_disk=False for a server
        whose root disk is a volume (the flavor's disk is not its)."""
        return request_checks.boot_image(self.images, context, image_href,
                                         flavor, check_disk=check_disk)

    _check_metadata = staticmethod(request_checks.check_metadata)
    _check_zone = staticmethod(request_checks.check_zone)
    _check_user_data = staticmethod(request_checks.check_user_data)
    _key_data = staticmethod(request_checks.key_data)

    # Update and delete ----------------------------------------------------

    def update(self, context, instance, **values):
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    def delete(self, context, instance, host_up=None):
        """host_up: whether the compute service of instance.host is up,
        when the caller read it with the instance (host_is_up, in one
        read transaction with the instance's); None reads it here."""
        self._check_lock(context, instance)
        if instance.task_state == task_states.DELETING:
            return
        if host_up is None:
            host_up = self.host_is_up(context, instance)
        if self._soft_deletable(instance, host_up):
            self._soft_delete(context, instance)
            return
        self._delete_now(context, instance, 'delete', host_up)

    # The reads of a request share one transaction inside this block (one
    # connection checkout and one rollback for them all); nothing inside
    # may write.
    reads_together = staticmethod(create_lib.one_read)

    def host_is_up(self, context, instance):
        """Whether the instance has a host whose compute service is up."""
        return bool(instance.host) and self._compute_is_up(context,
                                                           instance.host)

    def _delete_now(self, context, instance, action, host_up=None):
        if host_up is None:
            host_up = self.host_is_up(context, instance)
        if not host_up:
            compute_utils.record_action_start(context, instance, action)
            self._local_delete(context, instance)
            return
        previous = instance.task_state
        try:
            self._claim_delete(context, instance, action)
        except exception.UnexpectedStateError:
            instance.refresh()
            if instance.task_state == task_states.DELETING:
                return
            raise exception.InstanceInvalidState(
                action='delete', instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)
        self._drop_resize_source(context, instance)
        try:
            self.compute.terminate_instance(context, instance)
        except _BUS_DOWN as error:
            # The server stays as it was, so the delete can be retried.
            instance.task_state = previous
            instance.save(expected_task_state=[task_states.DELETING])
            raise exception.ServiceOutage(
                what='The message bus') from error

    @staticmethod
    @db_api.retry_on_deadlock
    def _claim_delete(context, instance, action):
        """DELETING (if the task state still allows it) and the action's
        record, in one transaction: one commit instead of two, and a
        delete that lost the race records no action (as upstream, which
        records it after the state)."""
        with db_api.writer.using(context):
            instance.task_state = task_states.DELETING
            instance.save(expected_task_state=list(
                states.TRANSITIONS['delete'].allowed_task_states))
            compute_utils.record_action_start(context, instance, action)

    # Power actions and locks ------------------------------------------------

    @staticmethod
    def _check_lock(context, instance):
        """Only admins act on a locked server."""
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)

    def _start_action(self, context, instance, action):
        """Check the table and claim the action's task_state atomically.

        The save is conditional on the states the check saw, so of two
        racing actions only one gets past it; the other is a 409.
        """
        self._check_lock(context, instance)
        states.check(instance, action)
        transition = states.TRANSITIONS[action]
        instance.task_state = transition.task_state
        try:
            instance.save(
                expected_vm_state=list(transition.allowed_vm_states),
                expected_task_state=list(transition.allowed_task_states))
        except exception.UnexpectedStateError:
            instance.refresh()
            states.check(instance, action)
            raise exception.InstanceInvalidState(
                action=transition.name, instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)
        compute_utils.record_action_start(context, instance,
                                          states.history_name(action))

    @_task_given_back_when_unsent
    def reboot(self, context, instance, reboot_type):
        action = 'reboot_hard' if reboot_type == 'HARD' else 'reboot_soft'
        self._start_action(context, instance, action)
        self.compute.reboot_instance(context, instance, reboot_type)

    @_task_given_back_when_unsent
    def stop(self, context, instance):
        self._start_action(context, instance, 'stop')
        self.compute.stop_instance(context, instance)

    @_task_given_back_when_unsent
    def start(self, context, instance):
        self._start_action(context, instance, 'start')
        self.compute.start_instance(context, instance)

    @_task_given_back_when_unsent
    def pause(self, context, instance):
        self._start_action(context, instance, 'pause')
        self.compute.pause_instance(context, instance)

    @_task_given_back_when_unsent
    def unpause(self, context, instance):
        self._start_action(context, instance, 'unpause')
        self.compute.unpause_instance(context, instance)

    @_task_given_back_when_unsent
    def suspend(self, context, instance):
        self._start_action(context, instance, 'suspend')
        self.compute.suspend_instance(context, instance)

    @_task_given_back_when_unsent
    def resume(self, context, instance):
        self._start_action(context, instance, 'resume')
        self.compute.resume_instance(context, instance)

    def lock(self, context, instance, reason=None):
        """Lock the server against non-admins; no compute host involved.
        A reason (2.73) is kept in system metadata until the unlock."""
        states.check(instance, 'lock')
        if instance.locked and instance.locked_by == 'admin':
            self._check_lock(context, instance)
        instance.locked = True
        instance.locked_by = 'admin' if context.is_admin else 'owner'
        sysmeta = dict(instance.system_metadata)
        sysmeta.pop(LOCKED_REASON_KEY, None)
        if reason:
            sysmeta[LOCKED_REASON_KEY] = reason
        instance.system_metadata = sysmeta
        instance.save()
        compute_utils.record_action_start(context, instance, 'lock')

    def unlock(self, context, instance):
        """Unlock: by an admin, or by the owner when the owner locked it."""
        states.check(instance, 'unlock')
        if instance.locked_by == 'admin':
            self._check_lock(context, instance)
        instance.locked = False
        instance.locked_by = None
        sysmeta = dict(instance.system_metadata)
        if sysmeta.pop(LOCKED_REASON_KEY, None) is not None:
            instance.system_metadata = sysmeta
        instance.save()
        compute_utils.record_action_start(context, instance, 'unlock')

    # Metadata ---------------------------------------------------------------

    def update_metadata(self, context, instance, metadata, replace=False):
        """Merge metadata into the server's (or replace it all).

        Returns the server's metadata afterwards. The save is conditional
        on the states checked, so a task starting meanwhile wins (409).
        """
        new = dict(metadata) if replace else dict(instance.metadata,
                                                  **metadata)
        self._save_metadata(context, instance, new)
        return dict(instance.metadata)

    def delete_metadata_item(self, context, instance, key):
        new = dict(instance.metadata)
        new.pop(key, None)
        self._save_metadata(context, instance, new)

    def _save_metadata(self, context, instance, metadata):
        self._check_lock(context, instance)
        states.check(instance, 'update_metadata')
        self._check_metadata(context, metadata)
        transition = states.TRANSITIONS['update_metadata']
        instance.metadata = metadata
        try:
            instance.save(
                expected_vm_state=list(transition.allowed_vm_states),
                expected_task_state=list(transition.allowed_task_states))
        except exception.UnexpectedStateError:
            instance.refresh()
            states.check(instance, 'update_metadata')
            raise exception.InstanceInvalidState(
                action=transition.name, instance_uuid=instance.uuid,
                attr='task_state', state=instance.task_state)

    # Consoles ---------------------------------------------------------------

    def get_console(self, context, instance, console_type):
        """A remote console URL: {'protocol', 'type', 'url'}."""
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        return self.compute.get_console(context, instance, console_type)

    # Actions on the guest where it runs -----------------------------------

    @_task_given_back_when_unsent
    def rescue(self, context, instance, rescue_password=None,
               rescue_image_ref=None, allow_bfv_rescue=False):
        """Boot the server from a rescue image (its own by default).

        A volume-backed server (allow_bfv_rescue: API 2.87) is rescued
        only with a stable device rescue: a rescue image naming the
        device or bus to attach as (hw_rescue_device, hw_rescue_bus), so
        the root volume keeps its place.
        """
        volume_backed = self._volume_backed(context, instance)
        if volume_backed and not allow_bfv_rescue:
            raise exception.InstanceNotRescuable(
                instance_id=instance.uuid,
                reason='Cannot rescue a volume-backed instance')
        image = self._get_image_or_400(
            context, rescue_image_ref or instance.image_ref)
        if volume_backed and not _is_stable_rescue(image):
            raise exception.InstanceNotRescuable(
                instance_id=instance.uuid,
                reason='A volume-backed instance is rescued only from an '
                       'image with the hw_rescue_device or hw_rescue_bus '
                       'property (stable device rescue)')
        self._start_guest_action(context, instance, 'rescue')
        self.compute.rescue_instance(context, instance, rescue_password,
                                     objects.ImageMeta.from_dict(image))

    @_task_given_back_when_unsent
    def unrescue(self, context, instance):
        self._start_guest_action(context, instance, 'unrescue')
        self.compute.unrescue_instance(context, instance)

    def _start_guest_action(self, context, instance, action):
        """_start_action for a server that has a host to act on."""
        self._check_host(instance)
        self._start_action(context, instance, action)

    @unsent.task_given_back_with('system_metadata')
    def rebuild(self, context, instance, image_href, admin_password,
                preserve_ephemeral=False, reimage_boot_volume=False,
                disk_config=None, **changes):
        """Rebuild the server from image_href, keeping its id and host.

        changes: instance fields the rebuild also sets (display_name,
        metadata, access_ip_v4, access_ip_v6, display_description,
        key_name: the caller's key pair or None, user_data,
        trusted_certs: certificate IDs, None to remove them; without it
        the configured defaults apply).

        disk_config: 'AUTO' or 'MANUAL', None to keep the server's.

        reimage_boot_volume: a volume-backed server's rebuild writes the
        image onto its boot volume (API 2.93); else such a server only
        rebuilds with the image it has.
        """
        volume_backed = self._volume_backed(context, instance)
        image = self._get_boot_image(context, image_href, instance.flavor,
                                     check_disk=not volume_backed)
        reimage = volume_backed and reimage_boot_volume
        if volume_backed:
            self._check_volume_rebuild(context, instance, image,
                                       reimage_boot_volume)
        if reimage:
            self.compute.require('1.13', 'rebuild_instance')
        if 'trusted_certs' in changes:
            # Given (2.63): set, or with null removed; never the defaults.
            changes['trusted_certs'] = trusted_certs_lib.resolve(
                changes['trusted_certs'], image_backed=not volume_backed,
                defaults=False)
        if changes.get('metadata') is not None:
            self._check_metadata(context, changes['metadata'])
        if 'key_name' in changes:
            changes['key_data'] = self._key_data(context,
                                                 changes['key_name'])
        self._check_user_data(changes.get('user_data'))
        # Checked before the action starts: the new image may refuse AUTO.
        disk_config_lib.resolve(disk_config, image.get('properties'))
        was_stopped = instance.vm_state == vm_states.STOPPED
        self._start_guest_action(context, instance, 'rebuild')
        instance.image_ref = image['id']
        instance.system_metadata = snapshots.with_image_system_metadata(
            instance.system_metadata, image)
        disk_config_lib.set_on(instance, disk_config,
                               image.get('properties'))
        for field, value in changes.items():
            setattr(instance, field, value)
        instance.save()
        self.compute.rebuild_instance(
            context, instance, objects.ImageMeta.from_dict(image),
            admin_password, preserve_ephemeral, was_stopped,
            reimage_boot_volume=reimage)

    @staticmethod
    def _volume_backed(context, instance):
        """Whether the server's root disk is a volume."""
        return any(m.boot_index == 0 and m.is_volume for m in
                   objects.BlockDeviceMappingList.get_by_instance_uuid(
                       context, instance.uuid))

    @staticmethod
    def _check_volume_rebuild(context, instance, image, reimage_boot_volume):
        """Below 2.93 a volume-backed server rebuilds only with its own
        image (400 else); from 2.93 its boot volume is rewritten from the
        image, which the volume service must be able to do (409 else) and
        the image must fit the volume (400 else)."""
        if not reimage_boot_volume:
            if image['id'] != instance.image_ref:
                raise exception.InvalidInput(
                    reason='Unable to rebuild with a different image for a '
                           'volume-backed server.')
            return
        volumes = volume_api.API()
        volumes.check_reimage(context)
        root = next(m for m in
                    objects.BlockDeviceMappingList.get_by_instance_uuid(
                        context, instance.uuid)
                    if m.boot_index == 0 and m.is_volume)
        size_gb = volumes.get(context, root.volume_id)['size']
        needed_gb = max(-(-(image.get('size') or 0) // 1024 ** 3),
                        image.get('min_disk') or 0)
        if needed_gb > size_gb:
            raise exception.InvalidInput(
                reason='Image %s needs %d GiB, more than the %d GiB of the '
                       'server\'s boot volume.' % (
                           image['id'], needed_gb, size_gb))

    @_task_given_back_when_unsent
    def set_admin_password(self, context, instance, password):
        """Set the guest's password; waits for the compute host's answer."""
        self._start_guest_action(context, instance, 'set_admin_password')
        self.compute.set_admin_password(context, instance, password)

    @_task_given_back_when_unsent
    def snapshot(self, context, instance, name, extra_properties=None):
        """Start a snapshot of the server's disk as a new image."""
        return self._image_of_server(context, instance, 'snapshot', name,
                                     {'image_type': 'snapshot'},
                                     extra_properties)

    @_task_given_back_when_unsent
    def backup(self, context, instance, name, backup_type, rotation,
               extra_properties=None):
        """Start a backup image; older ones beyond rotation are deleted."""
        return self._image_of_server(
            context, instance, 'backup', name,
            {'image_type': 'backup', 'backup_type': backup_type},
            extra_properties, backup_type=backup_type, rotation=rotation)

    def _image_of_server(self, context, instance, action, name, properties,
                         extra_properties, **backup):
        # The states are checked before the image exists, so a refused
        # action leaves no queued image behind.
        self._check_lock(context, instance)
        states.check(instance, action)
        self._check_host(instance)
        image = self.images.create(context, snapshots.image_meta(
            context, instance, name, dict(properties,
                                          **(extra_properties or {}))))
        try:
            self._start_action(context, instance, action)
        except Exception:
            self.images.delete(context, image['id'])
            raise
        with unsent.image_deleted(self.images, context, image['id']):
            if action == 'backup':
                self.compute.backup_instance(context, instance, image['id'],
                                             **backup)
            else:
                self.compute.snapshot_instance(context, instance,
                                               image['id'])
        return image

    def get_console_output(self, context, instance, tail_length=None):
        """The last tail_length lines of the guest's console (all: None)."""
        self._check_host(instance)
        states.check(instance, 'console_output')
        return self.compute.get_console_output(context, instance,
                                               tail_length)

    def get_diagnostics(self, context, instance):
        """The hypervisor's counters of the running guest (2.1 format)."""
        self._check_host(instance)
        return self.compute.get_diagnostics(context, instance)

    def get_instance_diagnostics(self, context, instance):
        """The same in the standard format of API 2.48."""
        self._check_host(instance)
        return self.compute.get_instance_diagnostics(context, instance)

    def _volume_host_instance(self, context, volume_id):
        """The instance volume_id is attached to, on its host:
        VolumeBDMNotFound (not attached) or InstanceNotReady (no host)."""
        bdm = objects.BlockDeviceMapping.get_by_volume(context, volume_id)
        instance = objects.Instance.get_by_uuid(context, bdm.instance_uuid,
                                                expected_attrs=[])
        self._check_host(instance)
        return instance

    def volume_snapshot_create(self, context, volume_id, create_info):
        """Ask the host of the volume's server to snapshot it (cast)."""
        instance = self._volume_host_instance(context, volume_id)
        self.compute.volume_snapshot_create(context, instance, volume_id,
                                            create_info)
        return {'snapshot': {'id': create_info.get('id'),
                             'volumeId': volume_id}}

    def volume_snapshot_delete(self, context, volume_id, snapshot_id,
                               delete_info):
        instance = self._volume_host_instance(context, volume_id)
        self.compute.volume_snapshot_delete(context, instance, volume_id,
                                            snapshot_id, delete_info)

    def external_instance_event(self, context, instances, events):
        """Send each host the events of its instances (one cast a host)."""
        by_host = {}
        for event in events:
            instance = instances[event.instance_uuid]
            if event.name == 'volume-extended':
                # Users follow the extend in the server's history (2.51).
                compute_utils.record_action_start(context, instance,
                                                  'extend_volume')
            hosted = by_host.setdefault(instance.host, ({}, []))
            hosted[0][instance.uuid] = instance
            hosted[1].append(event)
        for host, (hosted_instances, host_events) in by_host.items():
            self.compute.external_instance_event(
                context, host, list(hosted_instances.values()), host_events)

    def inject_network_info(self, context, instance):
        self._start_stateless_action(context, instance,
                                     'inject_network_info')
        self.compute.inject_network_info(context, instance)

    def reset_network(self, context, instance):
        self._start_stateless_action(context, instance, 'reset_network')
        self.compute.reset_network(context, instance)

    def trigger_crash_dump(self, context, instance):
        """Send the guest a non-maskable interrupt (API 2.17)."""
        self._start_stateless_action(context, instance,
                                     'trigger_crash_dump')
        self.compute.trigger_crash_dump(context, instance)

    def _start_stateless_action(self, context, instance, action):
        """Start an action that claims no task_state (runs in any state)."""
        self._check_host(instance)
        self._check_lock(context, instance)
        states.check(instance, action)
        compute_utils.record_action_start(context, instance,
                                          states.history_name(action))

    def reset_state(self, context, instance, vm_state):
        """An admin's override: set vm_state, clear any task."""
        instance.vm_state = vm_state
        instance.task_state = None
        instance.save()
        compute_utils.record_action_start(context, instance,
                                          states.history_name('reset_state'))

    @_task_given_back_when_unsent
    def restore(self, context, instance):
        """Bring a soft-deleted server back (powered on).

        Only servers on a host are soft-deleted (see _soft_deletable), so
        there is a guest to power on.
        """
        self._start_action(context, instance, 'restore')
        instance.deleted_at = None
        instance.save()
        self.compute.restore_instance(context, instance)

    def force_delete(self, context, instance):
        """Delete a soft-deleted server now."""
        self._check_lock(context, instance)
        states.check(instance, 'force_delete')
        self._delete_now(context, instance,
                         states.history_name('force_delete'))

    @_task_given_back_when_unsent
    def _soft_delete(self, context, instance):
        """Power off and keep the server until the reclaim interval."""
        self._start_action(context, instance, 'soft_delete')
        instance.deleted_at = timeutils.utcnow()
        instance.save()
        self.compute.soft_delete_instance(context, instance)

    @staticmethod
    def _soft_deletable(instance, host_up):
        return (CONF.reclaim_instance_interval > 0 and host_up and
                states.allowed(instance.vm_state, instance.task_state,
                               'soft_delete'))

    @staticmethod
    def _check_host(instance):
        """Guest actions need a host (409 before the server has one)."""
        if not instance.host:
            raise exception.InstanceNotReady(instance_id=instance.uuid)

    def _get_image_or_400(self, context, image_href):
        try:
            return self.images.get(context,
                                   request_checks.image_id(image_href))
        except exception.ImageNotFound:
            raise exception.InvalidInput(
                reason='Image %s could not be found.' % image_href)

    # Moves between hosts ----------------------------------------------------
    # The conductor chooses destinations (nova.conductor.move_tasks); the
    # compute hosts move the guest (nova.compute.move_actions).

    @_task_given_back_when_unsent
    def resize(self, context, instance, flavor_id, disk_config=None):
        """Start moving the server to a new flavor (vm_state RESIZED at
        the end, awaiting confirmResize or revertResize); disk_config
        'AUTO' or 'MANUAL' changes the server's, None keeps it."""
        try:
            flavor = objects.Flavor.get_by_flavor_id(context, flavor_id)
        except exception.FlavorNotFound:
            raise exception.InvalidInput(
                reason='Unable to find flavor %s.' % flavor_id)
        if flavor.id == instance.flavor.id:
            raise exception.InvalidInput(
                reason='The new flavor is the same flavor as the current '
                       'one: when resizing, a server must change flavor.')
        if flavor.disabled:
            raise exception.InvalidInput(
                reason='Flavor %s is disabled.' % flavor_id)
        self._check_image_fits(instance, flavor)
        self._check_lock(context, instance)
        states.check(instance, 'resize')
        deltas = {resource: delta for resource, delta in (
            ('cores', flavor.vcpus - instance.flavor.vcpus),
            ('ram', flavor.memory_mb - instance.flavor.memory_mb))
            if delta > 0}
        if deltas:
            quota.check_deltas(context, deltas, instance.project_id,
                               instance.user_id)
        disk_config_lib.set_on(instance, disk_config)
        self._start_action(context, instance, 'resize')
        self.conductor.migrate_server(context, instance, flavor)

    @staticmethod
    def _check_image_fits(instance, flavor):
        sysmeta = instance.system_metadata
        min_disk = int(sysmeta.get('image_min_disk') or 0)
        min_ram = int(sysmeta.get('image_min_ram') or 0)
        if flavor.root_gb and min_disk > flavor.root_gb:
            raise exception.FlavorDiskTooSmall(
                flavor_size=flavor.root_gb * 1024 ** 3,
                image_size=min_disk * 1024 ** 3)
        if min_ram > flavor.memory_mb:
            raise exception.FlavorMemoryTooSmall(image_min_ram=min_ram)

    def _drop_resize_source(self, context, instance):
        """Deleting a resized server confirms its resize, so the copy
        on the source host goes and the source's room is freed."""
        if instance.vm_state != vm_states.RESIZED:
            return
        try:
            migration = migration_obj.latest_of(
                context.elevated(), instance.uuid, 'finished')
        except exception.MigrationNotFound:
            return
        migration.status = 'confirming'
        migration.save()
        self.compute.confirm_resize_on_delete(context, instance, migration)

    @_task_given_back_when_unsent
    def migrate(self, context, instance, host=None):
        """Cold-migrate to another host chosen by the scheduler (or to
        host, if the scheduler's filters accept it); ends RESIZED awaiting
        confirmResize, as upstream does."""
        if host is not None:
            self._check_lock(context, instance)
            states.check(instance, 'migrate')
            self._check_target_host(context, instance, host)
        self._start_action(context, instance, 'migrate')
        self.conductor.migrate_server(context, instance, instance.flavor,
                                      host=host)

    @_task_given_back_when_unsent
    def confirm_resize(self, context, instance):
        self._end_resize(context, instance, 'confirm_resize', 'confirming')

    @_task_given_back_when_unsent
    def revert_resize(self, context, instance):
        self._end_resize(context, instance, 'revert_resize', 'reverting')

    def _end_resize(self, context, instance, action, migration_status):
        """Confirm or revert: the compute method has the action's name."""
        migration = self._resized_migration(context, instance, action)
        self._start_action(context, instance, action)
        migration.status = migration_status
        migration.save()
        with unsent.migration_given_back(migration, 'finished'):
            getattr(self.compute, action)(context, instance, migration)

    @staticmethod
    def _resized_migration(context, instance, action):
        states.check(instance, action)
        try:
            return migration_obj.latest_of(context.elevated(), instance.uuid,
                                           'finished')
        except exception.MigrationNotFound:
            raise exception.InstanceInvalidState(
                action=states.TRANSITIONS[action].name,
                instance_uuid=instance.uuid, attr='migration status',
                state='not finished')

    @_task_given_back_when_unsent
    def live_migrate(self, context, instance, host, block_migration,
                     force=True, wait=False):
        """force: a named host skips the scheduler; wait: return once the
        conductor's prechecks passed, raising their failure."""
        self._check_lock(context, instance)
        states.check(instance, 'live_migrate')
        if host is not None:
            self._check_target_host(context, instance, host)
        self._start_action(context, instance, 'live_migrate')
        self.conductor.live_migrate_instance(context, instance, host,
                                             block_migration, force=force,
                                             wait=wait)

    @_task_given_back_when_unsent
    def evacuate(self, context, instance, host, admin_password,
                 force=True, stop=False):
        """Rebuild elsewhere a server whose host is down; returns the
        password of the rebuilt guest. A named host is checked by the
        scheduler's filters unless force is true."""
        self._check_lock(context, instance)
        states.check(instance, 'evacuate')
        if not instance.host:
            raise exception.InvalidInput(
                reason='The server has no host to evacuate it from.')
        if self._compute_is_up(context, instance.host):
            raise exception.InvalidInput(
                reason='Compute service of %s is still in use.'
                       % instance.host)
        if host is not None:
            self._check_target_host(context, instance, host)
        if stop:
            # The conductor casts it on; refuse here, before any change,
            # while a pin keeps computes below it.
            self.compute.require('1.12', 'evacuate_instance')
        self._start_action(context, instance, 'evacuate')
        admin_password = admin_password or generate_password()
        self.conductor.evacuate_instance(context, instance, host,
                                         admin_password, force=force,
                                         stop=stop)
        return admin_password

    def _check_target_host(self, context, instance, host):
        """A host named by an admin must run an up compute service other
        than the server's own."""
        try:
            objects.Service.get_by_host_and_binary(
                context.elevated(), host, 'nova-compute')
        except exception.ServiceNotFound:
            raise exception.ComputeHostNotFound(host=host)
        if host == instance.host:
            raise exception.InvalidInput(
                reason='The server is already on host %s; choose another '
                       'host.' % host)
        if not self._compute_is_up(context, host):
            raise exception.InvalidInput(
                reason='Compute service of %s is unavailable at this '
                       'time.' % host)

    @_task_given_back_when_unsent
    def shelve(self, context, instance):
        """Snapshot the server as <name>-shelved and power it off; it is
        offloaded at once when shelved_offload_time is 0."""
        self._check_lock(context, instance)
        states.check(instance, 'shelve')
        image = self.images.create(context, snapshots.image_meta(
            context, instance, '%s-shelved' % instance.display_name,
            {'image_type': 'snapshot'}))
        try:
            self._start_action(context, instance, 'shelve')
        except Exception:
            self.images.delete(context, image['id'])
            raise
        with unsent.image_deleted(self.images, context, image['id']):
            self.compute.shelve_instance(context, instance, image['id'])

    @_task_given_back_when_unsent
    def shelve_offload(self, context, instance):
        self._start_action(context, instance, 'shelve_offload')
        self.compute.shelve_offload_instance(context, instance)

    @_task_given_back_when_unsent
    def unshelve(self, context, instance, host=None, new_zone=False,
                 availability_zone=None):
        """host (API 2.91) and a new zone (new_zone; None unpins the
        server; 2.77 a zone) only for an offloaded server, which the
        scheduler places."""
        if host is not None or new_zone:
            self._check_unshelve_target(context, instance, host, new_zone,
                                        availability_zone)
        self._start_action(context, instance, 'unshelve')
        self.conductor.unshelve_instance(
            context, instance, host=host, new_zone=new_zone,
            availability_zone=availability_zone)

    def _check_unshelve_target(self, context, instance, host, new_zone,
                               zone):
        if instance.vm_state != vm_states.SHELVED_OFFLOADED:
            raise exception.InstanceInvalidState(
                instance_uuid=instance.uuid, attr='vm_state',
                state=instance.vm_state,
                action='unshelve to a host or zone (only a server in '
                       'vm_state shelved_offloaded may be given one)')
        if new_zone and zone is not None:
            self._check_zone(context, zone)
        if host is None:
            return
        try:
            objects.Service.get_by_host_and_binary(
                context.elevated(), host, 'nova-compute')
        except exception.ServiceNotFound:
            raise exception.ComputeHostNotFound(host=host)
        wanted = zone if new_zone else instance.availability_zone
        host_zone = availability_zones.zone_of_host(context.elevated(), host)
        if wanted and wanted != host_zone:
            raise exception.InvalidInput(
                reason='Host %s is not in availability zone %s.'
                % (host, wanted))

    @staticmethod
    def _compute_is_up(context, host):
        try:
            service = objects.Service.get_by_host_and_binary(
                context.elevated(), host, 'nova-compute')
        except exception.ServiceNotFound:
            return False
        return nova_service.is_up(service)

    def _local_delete(self, context, instance):
        """Delete without a compute host: none yet, or its host is down."""
        LOG.info('Deleting instance %s locally (host %s)', instance.uuid,
                 instance.host or 'none')
        notify.instance_action(context, instance, 'delete', 'start',
                               source='nova-api')
        instance.vm_state = vm_states.DELETED
        instance.task_state = None
        instance.destroy()
        notify.instance_action(context, instance, 'delete', 'end',
                               source='nova-api')
        volumes_api.API().release_local(context, instance)
        if instance.host and instance.node:
            try:
                node = objects.ComputeNode.get_by_host_and_nodename(
                    context.elevated(), instance.host, instance.node)
            except exception.ComputeHostNotFound:
                return
            resource_tracker.refresh_node_usage(node)
