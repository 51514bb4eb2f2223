"""Server create on the API side: the checks, the rows, the build's cast.

nova.compute.api.API.create delegates here. The checks read in one
transaction; the rows are written with the quota recount; the create
action is written last and the conductor is asked to build.
"""

import contextlib
import functools
import re
import secrets
import string

from oslo_db import api as oslo_db_api
from oslo_log import log as logging
from oslo_utils import uuidutils

from nova.compute import block_device_requests
from nova.compute import client_tokens
from nova.compute import disk_config as disk_config_lib
from nova.compute import power_state
from nova.compute import request_checks
from nova.compute import server_group_hint
from nova.compute import task_states
from nova.compute import trusted_certs as trusted_certs_lib
from nova.compute import undo
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.compute import volumes_api
import nova.conf
from nova.db import api as db_api
from nova import exception
from nova.network import boot as network_boot
from nova import objects
from nova import outages
from nova import quota

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

MULTI_NAME_TEMPLATE = '%(name)s-%(count)d'
_HOSTNAME_INVALID = re.compile(r'[^\w.-]+')


def sanitize_hostname(name, default):
    """A DNS-safe hostname derived from a display name."""
    hostname = _HOSTNAME_INVALID.sub('-', name.lower().replace('_', '-'))
    hostname = hostname.strip('.-')[:63].rstrip('.-')
    return hostname or default


def new_reservation_id():
    alphabet = string.ascii_lowercase + string.digits
    return 'r-' + ''.join(secrets.choice(alphabet) for _ in range(8))


@contextlib.contextmanager
def one_read(context):
    """Reads made inside share one read transaction (one connection
    checkout, ping and rollback instead of one each): for the checks
    before a create writes anything. Nothing inside may write."""
    with db_api.reader.using(context):
        yield


@quota.reads_limits_once
def create(api, context, flavor, image_href, name, min_count=1,
           max_count=1, key_name=None, metadata=None, user_data=None,
           availability_zone=None, admin_password=None,
           access_ip_v4=None, access_ip_v6=None, description=None,
           config_drive=None, scheduler_hints=None, forced_host=None,
           forced_node=None, requested_networks=None,
           security_groups=None, block_device_mapping=None,
           network_tags=None, tags=None, injected_files=(),
           client_token=None, multiattach_ok=True, trusted_certs=None,
           requested_host=None, requested_node=None, hostname=None,
           disk_config=None):
    """Record and start building servers; returns (instances, rid).

    disk_config: 'AUTO', 'MANUAL' or None for the image's choice
    (nova.compute.disk_config).

    trusted_certs: certificate IDs the request gave (API 2.63), None
    for the configured defaults (nova.compute.trusted_certs).

    hostname: the guest's hostname (API 2.90), else one derived from
    the name; only for a single server.

    tags: server tags (API 2.52) every new server starts with.

    multiattach_ok: whether block_device_mapping may use multiattach
    volumes (API 2.60).

    forced_host/forced_node: the host and node parts of an admin's
    availability_zone "zone:host[:node]" (zone_host.py parses it).
    requested_host/requested_node: an admin's host and
    hypervisor_hostname (API 2.74), checked by the scheduler's filters.
    injected_files: [(path, contents)], the personality files.
    client_token: the Idempotency-Key (nova.compute.client_tokens).
    """
    if flavor.disabled:
        raise exception.FlavorNotFound(flavor_id=flavor.flavorid)
    mappings = block_device_requests.parse(block_device_mapping,
                                           image_href)
    # The checks read only: one transaction for them all.
    with one_read(context):
        image = block_device_requests.boot_image(
            api, context, image_href, flavor, mappings)
        block_device_requests.validate(context, flavor, mappings,
                                       api.images, max_count,
                                       multiattach_ok=multiattach_ok)
        trusted_certs = trusted_certs_lib.resolve(
            trusted_certs, image_backed=not any(
                m['boot_index'] == 0 and
                m['destination_type'] == 'volume' for m in mappings))
        key_data = request_checks.key_data(context, key_name)
        metadata = metadata or {}
        request_checks.check_metadata(context, metadata)
        request_checks.check_user_data(user_data)
        availability_zone = request_checks.check_zone(
            context, availability_zone or CONF.default_schedule_zone,
            forced=bool(forced_host or forced_node))
        count = _count_that_fits(context, flavor, min_count, max_count)
    requested_networks, secgroups = network_boot.check(
        context, requested_networks, security_groups, count,
        tags=network_tags)
    group = server_group_hint.requested_group(context, scheduler_hints,
                                              count)
    reservation_id = new_reservation_id()
    system_metadata = _system_metadata(image, disk_config)
    request_spec = _request_spec(context, flavor, image, count,
                                 availability_zone, forced_host,
                                 forced_node, requested_host,
                                 requested_node, scheduler_hints)

    def new_instance(index):
        display_name = name if count == 1 else \
            MULTI_NAME_TEMPLATE % {'name': name, 'count': index + 1}
        instance = objects.Instance(context=context)
        instance.uuid = uuidutils.generate_uuid()
        instance.user_id = context.user_id
        instance.project_id = context.project_id
        instance.display_name = display_name
        instance.display_description = description
        instance.hostname = hostname or sanitize_hostname(
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
        compute_utils.set_flavor(instance, flavor)
        instance.user_data = user_data
        instance.reservation_id = reservation_id
        instance.launch_index = index
        instance.availability_zone = availability_zone
        instance.access_ip_v4 = access_ip_v4
        instance.access_ip_v6 = access_ip_v6
        instance.config_drive = 'True' if config_drive else ''
        instance.progress = 0
        instance.locked = False
        instance.os_type = image.get('properties', {}).get(
            'os_type')
        instance.architecture = image.get('properties', {}).get(
            'architecture')
        instance.metadata = metadata
        instance.system_metadata = system_metadata
        instance.trusted_certs = trusted_certs
        return instance

    # A plain create (no volumes to record, no server group to join,
    # addresses kept in this database) writes everything in the
    # transaction of its rows: one commit instead of three.
    in_one = (group is None and quota.creates_in_one_transaction() and
              not block_device_requests.needs_recording(mappings) and
              network_boot.allocates_with_rows())

    def record_dispatch():
        # Recorded last, all in one transaction: a server without its
        # create action is one whose request never completed (a
        # conductor deletes it; see nova.conductor.build_recovery).
        client_tokens.dispatched(
            context, client_token, reservation_id,
            lambda: objects.InstanceAction.action_start_many(
                context, [i.uuid for i in instances], 'create'))

    # A deadlock rolls the whole transaction back (and empties
    # instances): it all runs again.
    @oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
    def write_rows():
        # The recount with concurrent creates (which all passed the
        # count above), the rows, their specs and tags in one
        # transaction: together they never exceed the quota.
        with quota.instances_recounted(context, flavor, count, instances,
                                       read_committed=in_one):
            for index in range(count):
                instance = new_instance(index)
                # The spec is kept with the instance, for a take-over.
                request_spec.create_with_instance(instance,
                                                  injected_files)
                instances.append(instance)
                if tags:
                    objects.TagList.create(context, instance.uuid, tags)
            if in_one:
                network_boot.allocate(context, instances,
                                      requested_networks, secgroups,
                                      tags=network_tags, with_rows=True)
                record_dispatch()

    instances = []
    try:
        write_rows()
        if not in_one:
            block_device_requests.record_all(context, instances, mappings)
            network_boot.allocate(context, instances, requested_networks,
                                  secgroups, tags=network_tags)
            if group is not None:
                group = server_group_hint.join(context, group, instances)
            record_dispatch()
        request_spec.instance_group = group
        request_spec.instance_uuids = [i.uuid for i in instances]
        request_spec.num_instances = len(instances)
        api.conductor.build_instances(
            context, instances, request_spec.image, request_spec,
            admin_password, injected_files)
    except Exception as error:
        # No half-made server: whatever step failed (quota, volumes,
        # addresses, the database or the bus going away), the rows
        # written so far go; if even that fails, the conductor's
        # take-over deletes them (nova.conductor.build_recovery).
        undo_create(context, instances)
        if isinstance(error, outages.BUS_DOWN):
            raise exception.ServiceOutage(
                what='The message bus') from error
        raise
    return instances, reservation_id


def _count_that_fits(context, flavor, min_count, max_count):
    """How many servers to make: quota.instances_that_fit, except where
    the count is fixed and the recount that writes them checks the same
    limits against the same usage (quota.instances_recounted, before any
    row is written, with the same TooManyInstances): counting twice
    cost a query, and often the checks' whole read transaction."""
    if min_count == max_count and quota.recounts_in_transaction():
        return max_count
    return quota.instances_that_fit(context, flavor, min_count, max_count)


def _system_metadata(image, disk_config):
    """What a new server keeps of its image (image_* keys) and its disk
    config choice."""
    system_metadata = {
        'image_' + key: str(value)[:255]
        for key, value in image.get('properties', {}).items()}
    for key in ('min_ram', 'min_disk', 'disk_format',
                'container_format'):
        if image.get(key) is not None:
            system_metadata['image_' + key] = str(image[key])
    system_metadata['image_base_image_ref'] = image['id']
    system_metadata[disk_config_lib.KEY] = disk_config_lib.resolve(
        disk_config, image.get('properties'))
    return system_metadata


def _request_spec(context, flavor, image, count, availability_zone,
                  forced_host, forced_node, requested_host, requested_node,
                  scheduler_hints):
    """The scheduler's request; its group and instances are set once the
    rows exist."""
    return objects.RequestSpec(
        instance_group=None,
        project_id=context.project_id, user_id=context.user_id,
        flavor=flavor, image=objects.ImageMeta.from_dict(image),
        num_instances=count, availability_zone=availability_zone,
        instance_uuids=[], ignore_hosts=[],
        force_hosts=[forced_host] if forced_host else [],
        force_nodes=[forced_node] if forced_node else [],
        requested_host=requested_host, requested_node=requested_node,
        scheduler_hints={k: [str(x) for x in v] if isinstance(
            v, list) else [str(v)]
            for k, v in (scheduler_hints or {}).items()})


def undo_create(context, instances):
    """Delete what a failed create wrote (later, in the background, what
    cannot be deleted now)."""
    for instance in instances:
        try:
            _undo_one(context, instance)
        except Exception as error:
            LOG.warning('Could not undo the create of instance %s yet '
                        '(%s); retrying in the background',
                        instance.uuid, error)
            undo.later('the create of instance %s' % instance.uuid,
                       functools.partial(_undo_one, context,
                                         instance))


def _undo_one(context, instance):
    try:
        volumes_api.API().release_local(context, instance)
        instance.destroy()
    except exception.InstanceNotFound:
        pass
