"""The API side of the compute service: validates, records, dispatches.

Runs inside nova-api. It writes the instance rows, checks quota and hands
work to the conductor or a compute host over RPC; it never talks to a
hypervisor.
"""

import base64
import binascii
import re
import secrets
import string

from oslo_log import log as logging
from oslo_utils import uuidutils

import nova.conf
from nova.compute import power_state
from nova.compute import resource_tracker
from nova.compute import rpcapi as compute_rpcapi
from nova.compute import states
from nova.compute import task_states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.conductor import rpcapi as conductor_rpcapi
from nova.db import instances as instances_db
from nova import exception
from nova.image import api as image_api
from nova import objects
from nova import service as nova_service

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

MULTI_NAME_TEMPLATE = '%(name)s-%(count)d'
_HOSTNAME_INVALID = re.compile(r'[^\w.-]+')


def sanitize_hostname(name, default):
    """A DNS-safe hostname derived from a display name."""
    hostname = _HOSTNAME_INVALID.sub('-', name.lower().replace('_', '-'))
    hostname = hostname.strip('.-')[:63].rstrip('.-')
    return hostname or default


def generate_password(length=12):
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(length))


def _reservation_id():
    alphabet = string.ascii_lowercase + string.digits
    return 'r-' + ''.join(secrets.choice(alphabet) for _ in range(8))


def _image_id(image_href):
    # imageRef may be a bare id or a URL ending in the id.
    return str(image_href).rstrip('/').rsplit('/', 1)[-1]


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

    # Create ---------------------------------------------------------------

    def create(self, context, flavor, image_href, name, min_count=1,
               max_count=1, key_name=None, metadata=None, user_data=None,
               availability_zone=None, admin_password=None,
               access_ip_v4=None, access_ip_v6=None, description=None,
               config_drive=None, scheduler_hints=None):
        """Record and start building servers; returns (instances, rid)."""
        if flavor.disabled:
            raise exception.FlavorNotFound(flavor_id=flavor.flavorid)
        image = self._get_boot_image(context, image_href, flavor)
        key_data = None
        if key_name is not None:
            try:
                key_data = objects.KeyPair.get_by_name(
                    context, context.user_id, key_name).public_key
            except exception.KeypairNotFound:
                raise exception.InvalidInput(
                    reason='Invalid key_name provided.')
        metadata = metadata or {}
        self._check_metadata(metadata)
        if user_data is not None:
            try:
                base64.b64decode(user_data, validate=True)
            except (binascii.Error, ValueError):
                raise exception.InvalidInput(
                    reason='User data needs to be valid base 64.')
        availability_zone = self._check_zone(
            availability_zone or CONF.default_schedule_zone)
        count = self._check_quota(context, flavor, min_count, max_count)
        reservation_id = _reservation_id()
        system_metadata = {
            'image_' + key: str(value)[:255]
            for key, value in image.get('properties', {}).items()}
        for key in ('min_ram', 'min_disk', 'disk_format',
                    'container_format'):
            if image.get(key) is not None:
                system_metadata['image_' + key] = str(image[key])
        system_metadata['image_base_image_ref'] = image['id']
        instances = []
        for index in range(count):
            display_name = name if count == 1 else MULTI_NAME_TEMPLATE % {
                'name': name, 'count': index + 1}
            instance = objects.Instance(context=context)
            instance.uuid = uuidutils.generate_uuid()
            instance.user_id = context.user_id
            instance.project_id = context.project_id
            instance.display_name = display_name
            instance.display_description = description
            instance.hostname = sanitize_hostname(
                display_name, 'server-%s' % instance.uuid)
            instance.image_ref = image['id']
            instance.kernel_id = image.get('properties', {}).get(
                'kernel_id')
            instance.ramdisk_id = image.get('properties', {}).get(
                'ramdisk_id')
            instance.key_name = key_name
            instance.key_data = key_data
            instance.power_state = power_state.NOSTATE
            instance.vm_state = vm_states.BUILDING
            instance.task_state = task_states.SCHEDULING
            instance.memory_mb = flavor.memory_mb
            instance.vcpus = flavor.vcpus
            instance.root_gb = flavor.root_gb
            instance.ephemeral_gb = flavor.ephemeral_gb
            instance.instance_type_id = flavor.id
            instance.flavor = flavor
            instance.user_data = user_data
            instance.reservation_id = reservation_id
            instance.launch_index = index
            instance.availability_zone = availability_zone
            instance.access_ip_v4 = access_ip_v4
            instance.access_ip_v6 = access_ip_v6
            instance.config_drive = 'True' if config_drive else ''
            instance.progress = 0
            instance.locked = False
            instance.os_type = image.get('properties', {}).get('os_type')
            instance.architecture = image.get('properties', {}).get(
                'architecture')
            instance.metadata = metadata
            instance.system_metadata = system_metadata
            instance.create()
            compute_utils.record_action_start(context, instance, 'create')
            instances.append(instance)
        request_spec = objects.RequestSpec(
            project_id=context.project_id, user_id=context.user_id,
            flavor=flavor, image=objects.ImageMeta.from_dict(image),
            num_instances=len(instances),
            availability_zone=availability_zone,
            instance_uuids=[i.uuid for i in instances], ignore_hosts=[],
            scheduler_hints={k: [str(x) for x in v] if isinstance(
                v, list) else [str(v)]
                for k, v in (scheduler_hints or {}).items()})
        self.conductor.build_instances(
            context, instances, request_spec.image, request_spec,
            admin_password, [])
        return instances, reservation_id

    def _get_boot_image(self, context, image_href, flavor):
        image_id = _image_id(image_href)
        try:
            image = self.images.get(context, image_id)
        except exception.ImageNotFound:
            raise exception.InvalidInput(
                reason='Can not find requested image')
        if image.get('status') != 'active':
            raise exception.ImageNotActive(image_id=image_id)
        if flavor.root_gb and image.get('size') and \
                image['size'] > flavor.root_gb * 1024 ** 3:
            raise exception.FlavorDiskTooSmall(
                flavor_size=flavor.root_gb * 1024 ** 3,
                image_size=image['size'])
        if flavor.root_gb and (image.get('min_disk') or 0) > flavor.root_gb:
            raise exception.FlavorDiskTooSmall(
                flavor_size=flavor.root_gb * 1024 ** 3,
                image_size=image['min_disk'] * 1024 ** 3)
        if (image.get('min_ram') or 0) > flavor.memory_mb:
            raise exception.FlavorMemoryTooSmall(
                image_min_ram=image['min_ram'])
        return image

    @staticmethod
    def _check_metadata(metadata):
        limit = CONF.quota.metadata_items
        if 0 <= limit < len(metadata):
            raise exception.MetadataLimitExceeded(allowed=limit)

    @staticmethod
    def _check_zone(zone):
        if zone and zone != CONF.default_availability_zone:
            raise exception.InvalidInput(
                reason='The requested availability zone is not available')
        return zone

    @staticmethod
    def _check_quota(context, flavor, min_count, max_count):
        """How many of max_count fit the project's quota (>= min_count)."""
        used = instances_db.instance_usage_by_project(context,
                                                      context.project_id)
        wanted = {'instances': 1, 'cores': flavor.vcpus,
                  'ram': flavor.memory_mb}
        fits = max_count
        for resource, per_instance in wanted.items():
            limit = getattr(CONF.quota, resource)
            if limit < 0 or per_instance == 0:
                continue
            fits = min(fits, (limit - used[resource]) // per_instance)
        if fits < min_count:
            over = next(r for r, p in wanted.items()
                        if getattr(CONF.quota, r) >= 0 and p and
                        (getattr(CONF.quota, r) - used[r]) // p < min_count)
            raise exception.TooManyInstances(
                overs=over, req=wanted[over] * min_count, used=used[over],
                allowed=getattr(CONF.quota, over))
        return fits

    # Update and delete ----------------------------------------------------

    def update(self, context, instance, **values):
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    def delete(self, context, instance):
        self._check_lock(context, instance)
        if instance.task_state == task_states.DELETING:
            return
        compute_utils.record_action_start(context, instance, 'delete')
        if instance.host and self._compute_is_up(context, instance.host):
            try:
                instance.task_state = task_states.DELETING
                instance.save(expected_task_state=list(
                    states.TRANSITIONS['delete'].allowed_task_states))
            except exception.UnexpectedStateError:
                instance.refresh()
                if instance.task_state == task_states.DELETING:
                    return
                raise exception.InstanceInvalidState(
                    action='delete', instance_uuid=instance.uuid,
                    attr='task_state', state=instance.task_state)
            self.compute.terminate_instance(context, instance)
            return
        self._local_delete(context, instance)

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

    def reboot(self, context, instance, reboot_type):
        action = 'reboot_hard' if reboot_type == 'HARD' else 'reboot_soft'
        self._start_action(context, instance, action)
        self.compute.reboot_instance(context, instance, reboot_type)

    def stop(self, context, instance):
        self._start_action(context, instance, 'stop')
        self.compute.stop_instance(context, instance)

    def start(self, context, instance):
        self._start_action(context, instance, 'start')
        self.compute.start_instance(context, instance)

    def pause(self, context, instance):
        self._start_action(context, instance, 'pause')
        self.compute.pause_instance(context, instance)

    def unpause(self, context, instance):
        self._start_action(context, instance, 'unpause')
        self.compute.unpause_instance(context, instance)

    def suspend(self, context, instance):
        self._start_action(context, instance, 'suspend')
        self.compute.suspend_instance(context, instance)

    def resume(self, context, instance):
        self._start_action(context, instance, 'resume')
        self.compute.resume_instance(context, instance)

    def lock(self, context, instance):
        """Lock the server against non-admins; no compute host involved."""
        states.check(instance, 'lock')
        if instance.locked and instance.locked_by == 'admin':
            self._check_lock(context, instance)
        instance.locked = True
        instance.locked_by = 'admin' if context.is_admin else 'owner'
        instance.save()
        compute_utils.record_action_start(context, instance, 'lock')

    def unlock(self, context, instance):
        """Unlock: by an admin, or by the owner when the owner locked it."""
        states.check(instance, 'unlock')
        if instance.locked_by == 'admin':
            self._check_lock(context, instance)
        instance.locked = False
        instance.locked_by = None
        instance.save()
        compute_utils.record_action_start(context, instance, 'unlock')

    # Actions on the guest where it runs -----------------------------------

    # Moves between hosts ----------------------------------------------------

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
        instance.vm_state = vm_states.DELETED
        instance.task_state = None
        instance.destroy()
        if instance.host and instance.node:
            try:
                node = objects.ComputeNode.get_by_host_and_nodename(
                    context.elevated(), instance.host, instance.node)
            except exception.ComputeHostNotFound:
                return
            resource_tracker.refresh_node_usage(node)
