"""How servers look in API responses, from their Instance objects."""

import datetime
import hashlib

from nova import availability_zones
import nova.conf
from nova.api.openstack import common
from nova.api.openstack.compute.views import addresses as addresses_view
from nova.api.openstack.compute.views import volumes_attached
from nova.compute.api import LOCKED_REASON_KEY
from nova.compute import disk_config
from nova.compute import task_states
from nova.compute import vm_states
from nova import exception
from nova import objects
from nova import policy
from nova import service

CONF = nova.conf.CONF

_DEFAULT = 'default'
# Instance system metadata keys that copy the boot image's properties.
_IMAGE_PREFIX = 'image_'
# (vm_state) -> {task_state or _DEFAULT: API status}
_STATUS = {
    vm_states.ACTIVE: {
        _DEFAULT: 'ACTIVE',
        task_states.REBOOTING: 'REBOOT',
        task_states.REBOOT_PENDING: 'REBOOT',
        task_states.REBOOT_STARTED: 'REBOOT',
        task_states.REBOOTING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_PENDING_HARD: 'HARD_REBOOT',
        task_states.REBOOT_STARTED_HARD: 'HARD_REBOOT',
        task_states.UPDATING_PASSWORD: 'PASSWORD',
        task_states.REBUILDING: 'REBUILD',
        task_states.MIGRATING: 'MIGRATING',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
    },
    vm_states.BUILDING: {_DEFAULT: 'BUILD'},
    vm_states.STOPPED: {
        _DEFAULT: 'SHUTOFF',
        task_states.RESIZE_PREP: 'RESIZE',
        task_states.RESIZE_MIGRATING: 'RESIZE',
        task_states.RESIZE_MIGRATED: 'RESIZE',
        task_states.RESIZE_FINISH: 'RESIZE',
        task_states.REBUILDING: 'REBUILD',
    },
    vm_states.RESIZED: {_DEFAULT: 'VERIFY_RESIZE',
                        task_states.RESIZE_REVERTING: 'REVERT_RESIZE'},
    vm_states.PAUSED: {_DEFAULT: 'PAUSED',
                       task_states.MIGRATING: 'MIGRATING'},
    vm_states.SUSPENDED: {_DEFAULT: 'SUSPENDED'},
    vm_states.RESCUED: {_DEFAULT: 'RESCUE'},
    vm_states.ERROR: {_DEFAULT: 'ERROR',
                      task_states.REBUILDING: 'REBUILD'},
    vm_states.DELETED: {_DEFAULT: 'DELETED'},
    vm_states.SOFT_DELETED: {_DEFAULT: 'SOFT_DELETED'},
    vm_states.SHELVED: {_DEFAULT: 'SHELVED'},
    vm_states.SHELVED_OFFLOADED: {_DEFAULT: 'SHELVED_OFFLOADED'},
}

_PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                      'VERIFY_RESIZE', 'MIGRATING')
_FAULT_STATUSES = ('ERROR', 'DELETED')


# The versions the views of a server ask about: asked once per request,
# not a dozen times per server of a list.
_ASKED = ('2.3', '2.9', '2.19', '2.26', '2.47', '2.63', '2.73', '2.90',
          '2.96', '2.98', '2.100')


def _since(req):
    """The versions of _ASKED the request's is at least (a frozenset)."""
    version = req.api_version
    known = req.environ.get('nova.view_versions')
    if known is None or known[0] is not version:
        known = req.environ['nova.view_versions'] = (version, frozenset(
            v for v in _ASKED if req.is_version(v)))
    return known[1]


# The vm_states of the statuses above (only these show a fault).
FAULT_VM_STATES = frozenset(
    vm for vm, tasks in _STATUS.items()
    if set(tasks.values()) & set(_FAULT_STATUSES))


_UNKNOWN = {_DEFAULT: 'UNKNOWN'}


def status_of(instance):
    by_task = _STATUS.get(instance.vm_state, _UNKNOWN)
    return by_task.get(instance.task_state, by_task[_DEFAULT])


def vm_states_for_status(status):
    """The vm_states an API status filter matches ([] when unknown)."""
    status = status.upper()
    return [vm for vm, tasks in _STATUS.items()
            if tasks[_DEFAULT] == status]


def host_id(instance, req=None):
    """An opaque id of the host, the same for one project's servers
    (worked out once per project and host in a request, given req)."""
    if req is None:
        return host_id_of(instance.project_id, instance.host)
    known = req.environ.setdefault('nova.host_ids', {})
    key = (instance.project_id, instance.host)
    found = known.get(key)
    if found is None:
        found = known[key] = host_id_of(*key)
    return found


def host_id_of(project_id, host):
    """The opaque id of host as project_id's users see it ('' for none)."""
    if not host:
        return ''
    return hashlib.sha224(('%s%s' % (project_id, host)).encode()).hexdigest()


# The instance columns a server's full view reads (not key_data, the
# flavor's copied sizes, launched_on, os_type, ...), and those only 2.3's
# administrator attributes read.
_DETAIL_COLUMNS = (
    'id', 'display_name', 'display_description', 'project_id', 'user_id',
    'host', 'node', 'hostname', 'image_ref', 'flavor', 'key_name',
    'vm_state', 'task_state', 'power_state', 'progress', 'locked',
    'config_drive', 'availability_zone', 'access_ip_v4', 'access_ip_v6',
    'trusted_certs', 'created_at', 'updated_at', 'launched_at',
    'terminated_at')
_EXTENDED_COLUMNS = ('reservation_id', 'launch_index', 'kernel_id',
                     'ramdisk_id', 'root_device_name', 'user_data')


def list_columns(req, detailed):
    """The instance columns a list's views read (besides uuid)."""
    if not detailed:
        return ('display_name',)
    if req.context.is_admin and req.is_version('2.3'):
        return _DETAIL_COLUMNS + _EXTENDED_COLUMNS
    return _DETAIL_COLUMNS


def _link_prefixes(req):
    """common.link_prefixes of servers, worked out once per request."""
    prefixes = req.environ.get('nova.server_link_prefixes')
    if prefixes is None:
        prefixes = req.environ['nova.server_link_prefixes'] = \
            common.link_prefixes(req, 'servers')
    return prefixes


def _links(req, uuid):
    """common.resource_links of a server."""
    prefixes = _link_prefixes(req)
    return [{'rel': 'self', 'href': prefixes[0] + uuid},
            {'rel': 'bookmark', 'href': prefixes[1] + uuid}]


def basic(req, instance):
    return {'id': instance.uuid, 'name': instance.display_name,
            'links': _links(req, instance.uuid)}


def names(req, instances):
    """basic() of each instance."""
    versioned, bookmark = _link_prefixes(req)
    return [{'id': i.uuid, 'name': i.display_name,
             'links': [{'rel': 'self', 'href': versioned + i.uuid},
                       {'rel': 'bookmark', 'href': bookmark + i.uuid}]}
            for i in instances]


def _bookmark(req, collection, resource_id):
    # The same few flavors and images for every server of a list: one
    # link each per request (the views only read them).
    known = req.environ.setdefault('nova.bookmarks', {})
    key = (collection, resource_id)
    found = known.get(key)
    if found is None:
        found = known[key] = [
            common.resource_links(req, collection, resource_id)[1]]
    return found


def _fault(req, instance):
    fault = instance.fault
    if fault is None:
        return None
    body = {'code': fault.code, 'message': fault.message,
            'created': common.isotime(fault.created_at)}
    # Tracebacks of internal errors are for administrators only; like
    # upstream, empty details are left out.
    if fault.details and (req.context.is_admin or fault.code != 500):
        body['details'] = fault.details
    return body


def _flavor_link(req, instance):
    flavor_id = instance.flavor.flavorid if instance.flavor else ''
    return {'id': flavor_id, 'links': _bookmark(req, 'flavors', flavor_id)}


def _may_see_extra_specs(req):
    """Whether policy shows the caller flavors' extra specs (decided once
    per request)."""
    allowed = req.environ.get('nova.extra_specs_allowed')
    if allowed is None:
        allowed = req.environ['nova.extra_specs_allowed'] = policy.check(
            req.context, 'os_compute_api:os-flavor-extra-specs:index')
    return allowed


def flavor(req, instance):
    """The server's flavor: its id and links, or from 2.47 the copy the
    server keeps of it (so a deleted or changed flavor still shows what
    the server got)."""
    if '2.47' not in _since(req):
        return _flavor_link(req, instance)
    kept = instance.flavor
    if kept is None:
        return {}
    # The rows of a list share one Flavor per distinct stored flavor:
    # one view of each per request (the views only read it).
    known = req.environ.setdefault('nova.flavor_views', {})
    found = known.get(id(kept))
    if found is not None and found[0] is kept:
        return found[1]
    view = {'vcpus': kept.vcpus, 'ram': kept.memory_mb,
            'disk': kept.root_gb, 'ephemeral': kept.ephemeral_gb,
            'swap': kept.swap or 0, 'original_name': kept.name}
    if _may_see_extra_specs(req):
        view['extra_specs'] = dict(kept.extra_specs or {})
    known[id(kept)] = (kept, view)
    return view


def _image(req, instance):
    """The image the server booted from ('' for a volume); from 2.98 with
    the image properties the server kept when it was built or rebuilt."""
    if not instance.image_ref:
        return ''
    if '2.98' not in _since(req):
        return {'id': instance.image_ref,
                'links': _bookmark(req, 'images', instance.image_ref)}
    kept = _system_metadata(req, instance) or {}
    # A list's servers of one image share their kept properties (one
    # dict, see Instance.system_metadata_by_instances): one view each.
    known = req.environ.setdefault('nova.image_views', {})
    view_key = (instance.image_ref, id(kept))
    found = known.get(view_key)
    if found is not None and found[0] is kept:
        return found[1]
    image = {'id': instance.image_ref,
             'links': _bookmark(req, 'images', instance.image_ref),
             'properties': {
                 key[len(_IMAGE_PREFIX):]: value
                 for key, value in kept.items()
                 if key.startswith(_IMAGE_PREFIX)}}
    known[view_key] = (kept, image)
    return image


def details(req, instances, full=True):
    """The views of instances: full (show and the detail list) or the
    core fields only (full=False: update and rebuild before 2.75).

    What the servers of a list share (the versions asked, link
    prefixes, policy, the prefetched rows, the views of their flavors,
    images and disk configs) is worked out once, not per server: a list
    builds 1,000 of these, each in one dict literal of its core fields
    (same keys, same order as basic() then the rest).
    """
    since = _since(req)
    self_prefix, bookmark_prefix = _link_prefixes(req)
    admin = req.context.is_admin
    network = addresses_view.prefetch(req, instances)
    addresses_of, groups_of = network['addresses'], network['groups']
    if full:
        volumes = volumes_attached.prefetch(req, instances)
        delete_flags = '2.3' in since
    kept_flavors = '2.47' in since
    image_properties = '2.98' in since
    # Views of the few flavors, images and hosts a page's servers share
    # (read only).
    flavor_links, image_links, host_ids, disk_configs = {}, {}, {}, {}
    flags = (
        ('2.9' in since), ('2.73' in since), ('2.19' in since),
        ('2.26' in since), ('2.63' in since), ('2.90' in since),
        ('2.100' in since), ('2.96' in since))
    isotime = common.isotime
    result = []
    for instance in instances:
        uuid = instance.uuid
        by_task = _STATUS.get(instance.vm_state, _UNKNOWN)
        status = by_task.get(instance.task_state, by_task[_DEFAULT])
        system_metadata = _system_metadata(req, instance)
        stored = system_metadata.get(disk_config.KEY)
        disk = disk_configs.get(stored)
        if disk is None:
            disk = disk_configs[stored] = disk_config.api_value(
                instance, system_metadata)
        key = (instance.project_id, instance.host)
        hashed = host_ids.get(key)
        if hashed is None:
            hashed = host_ids[key] = host_id(instance, req)
        image_ref = instance.image_ref
        if not image_ref or image_properties:
            image = _image(req, instance)
        else:
            image = image_links.get(image_ref)
            if image is None:
                image = image_links[image_ref] = _image(req, instance)
        if kept_flavors:
            flavor_view = flavor(req, instance)
        else:
            kept = instance.flavor
            found = flavor_links.get(id(kept))
            if found is None or found[0] is not kept:
                found = flavor_links[id(kept)] = (
                    kept, _flavor_link(req, instance))
            flavor_view = found[1]
        created = instance.created_at
        server = {
            'id': uuid, 'name': instance.display_name,
            'links': [{'rel': 'self', 'href': self_prefix + uuid},
                      {'rel': 'bookmark', 'href': bookmark_prefix + uuid}],
            'status': status,
            'tenant_id': instance.project_id,
            'user_id': instance.user_id,
            'metadata': dict(instance.metadata),
            'hostId': hashed,
            'image': image,
            'flavor': flavor_view,
            'created': isotime(created),
            'updated': isotime(instance.updated_at or created),
            'addresses': addresses_view.listed(
                addresses_of[uuid] if uuid in addresses_of else
                addresses_view.prefetch(req, [instance])['addresses'][uuid],
                extended=full),
            'accessIPv4': str(instance.access_ip_v4 or ''),
            'accessIPv6': str(instance.access_ip_v6 or ''),
            'OS-DCF:diskConfig': disk,
        }
        if full:
            attached = volumes[uuid] if uuid in volumes else \
                volumes_attached.prefetch(req, [instance])[uuid]
            server['key_name'] = instance.key_name
            server['config_drive'] = instance.config_drive or ''
            server['OS-EXT-AZ:availability_zone'] = _zone(req, instance)
            server['OS-EXT-STS:task_state'] = instance.task_state
            server['OS-EXT-STS:vm_state'] = instance.vm_state
            server['OS-EXT-STS:power_state'] = instance.power_state
            server['OS-SRV-USG:launched_at'] = _usage_time(
                instance.launched_at)
            server['OS-SRV-USG:terminated_at'] = _usage_time(
                instance.terminated_at)
            server['os-extended-volumes:volumes_attached'] = (
                [{'id': volume_id, 'delete_on_termination': delete}
                 for volume_id, delete in attached] if delete_flags else
                [{'id': volume_id} for volume_id, _d in attached])
            # Like upstream, a server in no security group has no such
            # key.
            groups = groups_of[uuid] if uuid in groups_of else \
                addresses_view.prefetch(req, [instance])['groups'][uuid]
            if groups:
                server['security_groups'] = addresses_view.group_views(
                    req, groups)
            if admin:
                server['OS-EXT-SRV-ATTR:host'] = instance.host
                server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = \
                    instance.node
                server['OS-EXT-SRV-ATTR:instance_name'] = \
                    'instance-%08x' % instance.id
                if delete_flags:
                    server.update(_extended_attributes(instance))
        (locked, locked_reason, description, with_tags, certs, hostname,
         hints, pinned_zone) = flags
        if locked:
            server['locked'] = bool(instance.locked)
        if locked_reason:
            server['locked_reason'] = (
                system_metadata.get(LOCKED_REASON_KEY)
                if instance.locked else None)
        if description:
            server['description'] = instance.display_description
        if with_tags:
            server['tags'] = tags(req, instance)
        if certs:
            server['trusted_image_certificates'] = instance.trusted_certs
        if hostname:
            # Every user sees (and from 2.90 may set) the guest's
            # hostname.
            server['OS-EXT-SRV-ATTR:hostname'] = instance.hostname
        if hints:
            server['scheduler_hints'] = scheduler_hints(req, instance)
        if pinned_zone:
            # The zone the server was asked into (create, or a 2.77/2.91
            # unshelve); null when it may land in any.
            server['pinned_availability_zone'] = \
                instance.availability_zone or None
        if status in _PROGRESS_STATUSES:
            server['progress'] = instance.progress or 0
        if status in _FAULT_STATUSES:
            fault = _fault(req, instance)
            if fault:
                server['fault'] = fault
        result.append(server)
    return result


def detail(req, instance):
    return details(req, [instance])[0]


def after_change(req, instance):
    """The server as update and rebuild answer it: the core fields only
    (no extension attributes, addresses without type and MAC), as
    upstream does before 2.75 (from 2.71 with its server groups); from
    2.75 as show answers it."""
    if req.is_version('2.75'):
        server = with_server_groups(req, detail(req, instance), instance)
        if may_see_host_status(req):
            server['host_status'] = host_status(req, instance)
        return server
    return with_server_groups(req, details(req, [instance], full=False)[0],
                              instance)


def with_server_groups(req, server, instance):
    """2.71: the uuids of the server's groups (at most one) in a single
    server's views (show, update, rebuild), not in lists."""
    if req.is_version('2.71'):
        try:
            group = objects.InstanceGroup.get_by_instance_uuid(
                req.context, instance.uuid)
            server['server_groups'] = [group.uuid]
        except exception.InstanceGroupNotFound:
            server['server_groups'] = []
    return server


def _extended_attributes(instance):
    """What 2.3 shows administrators of how the server was built."""
    prefix = 'OS-EXT-SRV-ATTR:'
    return {
        prefix + 'reservation_id': instance.reservation_id,
        prefix + 'launch_index': instance.launch_index,
        prefix + 'hostname': instance.hostname,
        prefix + 'kernel_id': instance.kernel_id or '',
        prefix + 'ramdisk_id': instance.ramdisk_id or '',
        prefix + 'root_device_name': instance.root_device_name,
        prefix + 'user_data': instance.user_data,
    }


def prefetch_system_metadata(req, instances):
    """Read in one query the system metadata the views of a list show
    (the disk config, the locked reason from 2.73, the image properties
    from 2.98), and only those keys. A server missing from the answer
    has none of them: it is not read again one by one (which would also
    fail the whole list on a server deleted meanwhile)."""
    keys = [disk_config.KEY]
    if req.is_version('2.73'):
        keys.append(LOCKED_REASON_KEY)
    req.environ['nova.system_metadata'] = \
        objects.Instance.system_metadata_by_instances(
            req.context, [i.uuid for i in instances], keys=keys,
            prefixes=[_IMAGE_PREFIX] if req.is_version('2.98') else [])


def _system_metadata(req, instance):
    """The server's system metadata, from the list's prefetch when there
    is one."""
    known = req.environ.get('nova.system_metadata')
    if known is None:
        return instance.system_metadata or {}
    return known.get(instance.uuid, {})


def prefetch_tags(req, instances):
    """Read the tags of the servers a list shows in one query (2.26)."""
    if req.is_version('2.26'):
        req.environ['nova.server_tags'] = \
            objects.TagList.names_by_resource_ids(
                req.context, [i.uuid for i in instances])


def prefetch_scheduler_hints(req, instances):
    """Read the scheduler hints of the servers a list shows in one query
    (2.100)."""
    if req.is_version('2.100'):
        req.environ.setdefault('nova.scheduler_hints', {}).update(
            objects.RequestSpec.hints_by_instances(
                req.context, [i.uuid for i in instances]))


def scheduler_hints(req, instance):
    """The hints the server was created with, as its request spec keeps
    them (each a list of strings)."""
    known = req.environ.get('nova.scheduler_hints', {})
    if instance.uuid not in known:
        known = objects.RequestSpec.hints_by_instances(req.context,
                                                       [instance.uuid])
    return known[instance.uuid]


def tags(req, instance):
    """The server's tags, from the list's prefetch when there is one."""
    known = req.environ.get('nova.server_tags', {})
    if instance.uuid in known:
        return known[instance.uuid]
    return [t.tag for t in objects.TagList.get_by_resource_id(
        req.context, instance.uuid)]


def host_status(req, instance):
    """What 2.16 tells of the server's compute host: UP, DOWN (forced
    down), MAINTENANCE (disabled), UNKNOWN (not reporting), or '' without
    a host. The services are read once per request."""
    if not instance.host:
        return ''
    # Worked out once per host in a request (a list's servers share a
    # few hosts).
    known = req.environ.setdefault('nova.host_statuses', {})
    found = known.get(instance.host)
    if found is None:
        found = known[instance.host] = _service_status(
            prefetch_host_status(req).get(instance.host))
    return found


def _service_status(found):
    if found is None:
        return ''
    if found.forced_down:
        return 'DOWN'
    if found.disabled:
        return 'MAINTENANCE'
    return 'UP' if service.is_up(found) else 'UNKNOWN'


def prefetch_host_status(req):
    """{host: Service} of the compute services, read once per request."""
    services = req.environ.get('nova.compute_services')
    if services is None:
        services = req.environ['nova.compute_services'] = {
            s.host: s for s in objects.ServiceList.get_all(
                req.context.elevated(), binary='nova-compute')}
    return services


def may_see_host_status(req):
    """Whether the caller may see host_status (2.16, policy decided once
    per request)."""
    if not req.is_version('2.16'):
        return False
    allowed = req.environ.get('nova.host_status_allowed')
    if allowed is None:
        allowed = req.environ['nova.host_status_allowed'] = policy.check(
            req.context, 'os_compute_api:servers:show:host_status')
    return allowed


def _usage_time(value):
    # Shown without a zone suffix and always with microseconds: what
    # strftime('%Y-%m-%dT%H:%M:%S.%f') gives, at a fraction of its cost.
    if not value:
        return None
    if not isinstance(value, datetime.datetime) or value.year < 1000:
        return value.strftime('%Y-%m-%dT%H:%M:%S.%f')
    return value.isoformat(timespec='microseconds')[:26]


def _zone(req, instance):
    """The requested zone, or the zone of the host it landed on."""
    if instance.availability_zone:
        return instance.availability_zone
    host = instance.host
    if not host:
        return ''
    # Aggregates read once per request, however many servers it shows;
    # each host's zone worked out once.
    zones = req.environ.get('nova.host_zones')
    if zones is None:
        zones = req.environ['nova.host_zones'] = \
            availability_zones.host_zones(req.context)
    zone = zones.get(host)
    if zone is None:
        zone = zones[host] = CONF.default_availability_zone
    return zone
