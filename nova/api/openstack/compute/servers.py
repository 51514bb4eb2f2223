"""The servers resource: create, list, show, update and delete servers."""

import base64
import binascii
import copy

from oslo_utils import strutils

from nova.api.openstack import common
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute.schemas import servers as schema
from nova.api.openstack.compute.views import addresses as addresses_view
from nova.api.openstack.compute.views import servers as views
from nova.api.openstack.compute.views import volumes_attached
from nova.api.openstack import wsgi
from nova import availability_zones
from nova.compute import api as compute_api
from nova.compute import block_device_requests
from nova.compute import client_tokens
from nova.compute import disk_config
from nova.compute import zone_host
from nova import exception
from nova.network import boot as network_boot
from nova import objects
from nova import policy
from nova import quota
import nova.conf

CONF = nova.conf.CONF

# A retried create with the same value makes its servers once (the EC2
# API's ClientToken, shared with it: nova.compute.client_tokens).
IDEMPOTENCY_HEADER = 'Idempotency-Key'

_API = None


def _compute():
    # Built on first use: it needs RPC, which the service sets up first.
    global _API
    if _API is None:
        _API = compute_api.API()
    return _API


def authorized_server(req, server_id, rule, **get_kwargs):
    """The server the caller may see (404 otherwise), once policy rule
    allows the caller on the server's project (403 otherwise)."""
    instance = _compute().get(req.context, server_id, **get_kwargs)
    policy.authorize(req.context, rule, {'project_id': instance.project_id})
    return instance


def _filters(req, action):
    """Database filters from the query string, as the caller may use."""
    context = req.context
    params = req.GET
    filters = {}
    all_projects = common.bool_param(req, 'all_tenants')
    if all_projects:
        policy.authorize(context, 'os_compute_api:servers:%s:get_all_tenants'
                         % action)
    if not (all_projects and context.is_admin):
        # Without all_tenants a project filter is ignored: the caller's
        # own project it is (upstream, lp:1185290).
        filters['project_id'] = context.project_id
    elif params.get('project_id') or params.get('tenant_id'):
        filters['project_id'] = (params.get('project_id') or
                                 params.get('tenant_id'))
    if params.get('name'):
        filters['display_name'] = params['name']
    statuses = params.getall('status')
    if statuses:
        vm_states_wanted = []
        for status in statuses:
            vm_states_wanted.extend(views.vm_states_for_status(status))
        if not vm_states_wanted:
            if req.is_version('2.38'):
                raise wsgi.Fault(400, 'Invalid status value')
            # Before 2.38 unknown statuses match nothing (upstream: []).
            filters['vm_state'] = ['__none__']
        else:
            filters['vm_state'] = vm_states_wanted
    if params.get('image'):
        filters['image_ref'] = params['image'].rstrip('/').rsplit('/', 1)[-1]
    if params.get('flavor'):
        try:
            filters['instance_type_id'] = objects.Flavor.get_by_flavor_id(
                context, params['flavor']).id
        except exception.FlavorNotFound:
            filters['instance_type_id'] = -1
    if req.is_version('2.66'):
        changes_since, changes_before = common.time_window(req)
    else:
        changes_since = common.time_param(req, 'changes-since')
        changes_before = None
    if changes_since is not None:
        filters['changes-since'] = changes_since
    if changes_before is not None:
        filters['changes-before'] = changes_before
    if params.get('reservation_id'):
        filters['reservation_id'] = params['reservation_id']
    if params.get('ip'):
        filters['ip'] = params['ip']
    # Before 2.5 only admins could filter by ip6 (others had it ignored).
    if params.get('ip6') and (context.is_admin or req.is_version('2.5')):
        filters['ip6'] = params['ip6']
    if req.is_version('2.26'):
        for name in ('tags', 'tags-any', 'not-tags', 'not-tags-any'):
            wanted = [t for value in params.getall(name)
                      for t in value.split(',') if t]
            if wanted:
                filters[name] = wanted
    if req.is_version('2.73') and 'locked' in params:
        filters['locked'] = common.bool_param(req, 'locked')
    if context.is_admin or req.is_version('2.83'):
        filters.update(_owner_filters(req))
    if context.is_admin:
        if params.get('host'):
            filters['host'] = params['host']
        if 'deleted' in params:
            filters['deleted'] = common.bool_param(req, 'deleted')
    return filters


def _int_param(req, name):
    try:
        return int(req.GET[name])
    except ValueError:
        raise wsgi.Fault(400, 'Invalid value \'%s\' for %s: expected an '
                              'integer' % (req.GET[name], name))


def _owner_filters(req):
    """The filters upstream kept for administrators until 2.83 opened
    them to every user (their own project's servers)."""
    params = req.GET
    filters = {}
    for name in ('availability_zone', 'key_name', 'user_id', 'created_at',
                 'launched_at', 'terminated_at'):
        if params.get(name):
            filters[name] = params[name]
    for name in ('vm_state', 'task_state'):
        wanted = params.getall(name)
        if wanted and not (name == 'vm_state' and params.getall('status')):
            filters[name] = wanted
    for name in ('power_state', 'progress'):
        if params.get(name):
            filters[name] = _int_param(req, name)
    if 'config_drive' in params:
        filters['config_drive'] = ('True' if common.bool_param(
            req, 'config_drive') else '')
    return filters


def _list(req, action, view):
    policy.authorize(req.context, 'os_compute_api:servers:%s' % action)
    limit, marker = common.pagination(req)
    sort_keys, sort_dirs = common.sort_params(req)
    for key in sort_keys:
        if key not in objects.InstanceList.SORT_KEYS:
            raise exception.InvalidSortKey(key=key)
    context = req.context
    filters = _filters(req, action)
    if ('changes-since' in filters or 'changes-before' in filters) and \
            'deleted' not in filters:
        # A time window also reports the servers deleted in it.
        context = copy.copy(context)
        context.read_deleted = 'yes'
    detailed = view is views.detail
    # A page is read in one read transaction (one connection checkout,
    # not one per query), as read-only rows of the columns its view
    # shows: names and links read two.
    try:
        with compute_api.one_read(req.context):
            instances = _compute().get_rows(
                context, filters, views.list_columns(req, detailed),
                limit=limit, marker=marker, sort_keys=sort_keys,
                sort_dirs=sort_dirs, metadata=detailed,
                fault_states=views.FAULT_VM_STATES if detailed else None)
            if detailed:
                addresses_view.prefetch(req, instances)
                volumes_attached.prefetch(req, instances)
                views.prefetch_system_metadata(req, instances)
                views.prefetch_tags(req, instances)
                views.prefetch_scheduler_hints(req, instances)
                if views.may_see_host_status(req):
                    views.prefetch_host_status(req)
    except exception.InvalidMarker as error:
        raise wsgi.Fault(400, error.format_message())
    if not detailed:
        return common.collection_body(
            req, 'servers', views.names(req, instances), limit)
    servers = views.details(req, instances)
    if views.may_see_host_status(req):
        for server, instance in zip(servers, instances):
            server['host_status'] = views.host_status(req, instance)
    return common.collection_body(req, 'servers', servers, limit)


@wsgi.api(errors=(400, 403), query=schema.index_query, max_version='2.74')
def index(req):
    return _list(req, 'index', views.basic)


@wsgi.api(errors=(400, 403), query=schema.index_query_v275,
          min_version='2.75')
def index_v275(req):
    """2.75: unknown query parameters are refused."""
    return _list(req, 'index', views.basic)


@wsgi.api(errors=(400, 403), query=schema.index_query, max_version='2.74')
def detail(req):
    return _list(req, 'detail', views.detail)


@wsgi.api(errors=(400, 403), query=schema.index_query_v275,
          min_version='2.75')
def detail_v275(req):
    """2.75: unknown query parameters are refused."""
    return _list(req, 'detail', views.detail)


@wsgi.api(errors=(404,), query=schema.show_query)
def show(req, server_id):
    instance = authorized_server(req, server_id,
                                 'os_compute_api:servers:show')
    server = views.with_server_groups(req, views.detail(req, instance),
                                      instance)
    if views.may_see_host_status(req):
        server['host_status'] = views.host_status(req, instance)
    return {'server': server}


def _flavor(context, flavor_ref):
    """The flavor to boot with; a private one the caller's project has
    no access to does not exist for it (400, as upstream)."""
    flavor_id = str(flavor_ref).rstrip('/').rsplit('/', 1)[-1]
    try:
        return flavors.get_flavor(context, flavor_id, recent=True)
    except exception.FlavorNotFound:
        raise wsgi.Fault(400, 'Flavor \'%s\' could not be found.'
                         % flavor_ref)


def _boot_image(server):
    """The image to boot from: imageRef or the root image mapping; None
    when the server boots from a volume (block_device_mapping_v2, checked
    by nova.compute.block_device_requests)."""
    image_ref = block_device_requests.image_ref_of(server)
    if not image_ref and not server.get('block_device_mapping_v2'):
        raise wsgi.Fault(400, 'Missing imageRef attribute')
    return image_ref


def _personality(server):
    """The personality files as [(path, text)], contents decoded from
    base64 (text as UTF-8, what the config drive and metadata carry)."""
    files = []
    for item in server.get('personality', []):
        try:
            contents = base64.b64decode(item['contents'], validate=True)
        except (binascii.Error, ValueError):
            raise wsgi.Fault(400, 'Personality content for %s cannot be '
                             'decoded' % item['path'])
        files.append((item['path'], contents.decode('utf-8', 'replace')))
    return files


def _check_destination(context, host, node):
    """400 unless host and node (2.74) name a compute node of this
    cloud, together when both are given."""
    nodes = objects.ComputeNodeList.get_all(context.elevated(), host=host)
    if not nodes:
        raise wsgi.Fault(400, 'Compute host %s could not be found.' % host)
    if node and not any(n.hypervisor_hostname == node for n in nodes):
        raise wsgi.Fault(400, 'Compute host %s could not be found.' % (
            '%s (node %s)' % (host, node) if host else node))


def _create(req, body):
    # The quota limits are read once for the whole request (the checks
    # here and the compute API's read them three times), and the checks
    # here in one read transaction (one connection, not one each).
    with quota.limits_read_once():
        with compute_api.one_read(req.context):
            checked = _checked(req, body)
        return _create_checked(req, body, **checked)


def _checked(req, body):
    """What the create request asks for, checked as far as the API layer
    does (policy, quota of files, destination, flavor)."""
    context = req.context
    policy.authorize(context, 'os_compute_api:servers:create')
    server = body['server']
    image_ref = _boot_image(server)
    quota.check_injected_files(context, [
        (f['path'], f['contents']) for f in server.get('personality', [])])
    min_count = int(server.get('min_count', 1))
    max_count = int(server.get('max_count', min_count))
    if min_count > max_count:
        raise wsgi.Fault(400, 'min_count must be <= max_count')
    if 'hostname' in server and max_count > 1:
        raise wsgi.Fault(400, 'A hostname can only be given when creating '
                              'one server; leave it out (each server takes '
                              'one from its name) or set max_count to 1.')
    zone, forced_host, forced_node = zone_host.parse_availability_zone(
        server.get('availability_zone'))
    if forced_host or forced_node:
        policy.authorize(context, 'os_compute_api:servers:create:forced_host')
    requested_host = server.get('host')
    requested_node = server.get('hypervisor_hostname')
    if requested_host or requested_node:
        policy.authorize(
            context, 'os_compute_api:servers:create:requested_destination')
        _check_destination(context, requested_host, requested_node)
    token = req.headers.get(IDEMPOTENCY_HEADER)
    if token is not None and not 0 < len(token) <= client_tokens.MAX_LENGTH:
        raise wsgi.Fault(400, 'The %s header must have 1 to %d characters.'
                         % (IDEMPOTENCY_HEADER, client_tokens.MAX_LENGTH))
    return dict(image_ref=image_ref, min_count=min_count,
                max_count=max_count, zone=zone, forced_host=forced_host,
                forced_node=forced_node, requested_host=requested_host,
                requested_node=requested_node, token=token,
                flavor=_flavor(context, server['flavorRef']),
                files=_personality(server))


def _create_checked(req, body, image_ref, min_count, max_count, zone,
                    forced_host, forced_node, requested_host,
                    requested_node, token, flavor, files):
    context = req.context
    server = body['server']
    return_reservation_id = strutils.bool_from_string(
        server.get('return_reservation_id', False))
    admin_password = server.get('adminPass') or \
        compute_api.generate_password()
    hints = body.get('os:scheduler_hints') or body.get(
        'OS-SCH-HNT:scheduler_hints')
    # Before 2.19 the description was the name, as upstream stores it.
    description = (server.get('description') if req.is_version('2.19')
                   else server['name'])
    instances, reservation_id, made = client_tokens.create_once(
        context, token, lambda: _compute().create(
            context, flavor, image_ref,
            server['name'], min_count=min_count, max_count=max_count,
            description=description,
            key_name=server.get('key_name'), metadata=server.get('metadata'),
            user_data=server.get('user_data'),
            availability_zone=zone, forced_host=forced_host,
            forced_node=forced_node, admin_password=admin_password,
            access_ip_v4=server.get('accessIPv4'),
            access_ip_v6=server.get('accessIPv6'),
            config_drive=strutils.bool_from_string(
                server.get('config_drive') or False),
            scheduler_hints=hints,
            requested_networks=network_boot.requested_networks(
                server.get('networks')),
            network_tags=network_boot.requested_tags(
                server.get('networks')),
            security_groups=[g['name'] for g in
                             server.get('security_groups') or []],
            block_device_mapping=server.get('block_device_mapping_v2'),
            tags=server.get('tags'), injected_files=files,
            client_token=token, multiattach_ok=req.is_version('2.60'),
            trusted_certs=server.get('trusted_image_certificates'),
            requested_host=requested_host, requested_node=requested_node,
            hostname=server.get('hostname'),
            disk_config=server.get('OS-DCF:diskConfig')))
    if return_reservation_id:
        return wsgi.Response({'reservation_id': reservation_id})
    first = instances[0]
    result = views.basic(req, first)
    del result['name']
    result['OS-DCF:diskConfig'] = disk_config.api_value(first)
    result['security_groups'] = [
        {'name': g['name']} for g in server.get('security_groups') or
        [{'name': 'default'}]]
    if made:
        # A retry (same Idempotency-Key) cannot tell the password again.
        result['adminPass'] = admin_password
    return wsgi.Response({'server': result}, headers={
        'Location': result['links'][0]['href']})


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create,
          max_version='2.18')
def create(req, body):
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v219,
          min_version='2.19', max_version='2.31')
def create_v219(req, body):
    """2.19: a description."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v232,
          min_version='2.32', max_version='2.32')
def create_v232(req, body):
    """2.32: device tags on block devices and networks."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v233,
          min_version='2.33', max_version='2.36')
def create_v233(req, body):
    """2.33: device tags on networks only (as upstream)."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v237,
          min_version='2.37', max_version='2.41')
def create_v237(req, body):
    """2.37: networks required, "auto" or "none" or a list; no tags."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v242,
          min_version='2.42', max_version='2.51')
def create_v242(req, body):
    """2.42: device tags again on networks and block devices."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v252,
          min_version='2.52', max_version='2.56')
def create_v252(req, body):
    """2.52: server tags at create."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v257,
          min_version='2.57', max_version='2.62')
def create_v257(req, body):
    """2.57: no personality."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v263,
          min_version='2.63', max_version='2.66')
def create_v263(req, body):
    """2.63: trusted_image_certificates."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v267,
          min_version='2.67', max_version='2.73')
def create_v267(req, body):
    """2.67: volume_type in block_device_mapping_v2."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v274,
          min_version='2.74', max_version='2.89')
def create_v274(req, body):
    """2.74: an administrator's host and hypervisor_hostname."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v290,
          min_version='2.90', max_version='2.93')
def create_v290(req, body):
    """2.90: the guest's hostname."""
    return _create(req, body)


@wsgi.api(success=202, errors=(400, 403, 409), body=schema.create_v294,
          min_version='2.94')
def create_v294(req, body):
    """2.94: the hostname may be fully qualified."""
    return _create(req, body)


def _update(req, server_id, body):
    context = req.context
    instance = authorized_server(req, server_id,
                                 'os_compute_api:servers:update')
    values = {}
    changes = body['server']
    if 'pinned_availability_zone' in changes:
        values['availability_zone'] = _pinned_zone(
            context, instance, changes['pinned_availability_zone'])
    if 'name' in changes:
        values['display_name'] = changes['name']
    if 'accessIPv4' in changes:
        values['access_ip_v4'] = changes['accessIPv4'] or None
    if 'accessIPv6' in changes:
        values['access_ip_v6'] = changes['accessIPv6'] or None
    if 'description' in changes:
        values['display_description'] = changes['description']
    if 'hostname' in changes:
        # The metadata service and config drive tell the guest; the
        # guest's own name changes when it reads them again.
        values['hostname'] = changes['hostname']
    try:
        disk_config.set_on(instance, changes.get('OS-DCF:diskConfig'))
    except exception.InvalidInput as error:
        raise wsgi.Fault(400, error.format_message())
    instance = _compute().update(context, instance, **values)
    return {'server': views.after_change(req, instance)}


@wsgi.api(errors=(400, 404), body=schema.update, max_version='2.18')
def update(req, server_id, body):
    return _update(req, server_id, body)


@wsgi.api(errors=(400, 404), body=schema.update_v219, min_version='2.19',
          max_version='2.89')
def update_v219(req, server_id, body):
    """2.19: the description too."""
    return _update(req, server_id, body)


@wsgi.api(errors=(400, 404), body=schema.update_v290, min_version='2.90',
          max_version='2.93')
def update_v290(req, server_id, body):
    """2.90: the hostname too."""
    return _update(req, server_id, body)


@wsgi.api(errors=(400, 404), body=schema.update_v294, min_version='2.94',
          max_version='2.103')
def update_v294(req, server_id, body):
    """2.94: a fully qualified hostname too."""
    return _update(req, server_id, body)


@wsgi.api(errors=(400, 404), body=schema.update_v2104, min_version='2.104')
def update_v2104(req, server_id, body):
    """2.104: pinned_availability_zone too."""
    return _update(req, server_id, body)


def _pinned_zone(context, instance, zone):
    """The zone a 2.104 update pins the server to: none (null), or the
    zone it is in now, so that a pin never contradicts where it runs."""
    if zone is None:
        return None
    if instance.host:
        current = availability_zones.host_zones(context).get(
            instance.host, CONF.default_availability_zone)
    else:
        # Shelved offloaded: no host, the zone it was asked into if any.
        current = instance.availability_zone
    if zone != current:
        raise wsgi.Fault(400, 'The server is in availability zone %s; it '
                              'can only be pinned to the zone it is in, '
                              'not %s.' % (current or '(none)', zone))
    return zone


@wsgi.api(success=204, errors=(404, 409))
def delete(req, server_id):
    context = req.context
    compute = _compute()
    # The server (without its fault, which only views show) and its
    # host's service are read in one transaction.
    with compute.reads_together(context):
        instance = authorized_server(req, server_id,
                                     'os_compute_api:servers:delete',
                                     expected_attrs=('metadata',))
        host_up = compute.host_is_up(context, instance)
    compute.delete(context, instance, host_up=host_up)


# The create handlers, one per microversion window (os-volumes_boot,
# create's old name, serves them too).
CREATE = [create, create_v219, create_v232, create_v233, create_v237,
          create_v242, create_v252, create_v257, create_v263, create_v267,
          create_v274, create_v290, create_v294]

ROUTES = [
    ('/servers/detail', {'GET': [detail, detail_v275]}),
    ('/servers', {'GET': [index, index_v275], 'POST': CREATE}),
    ('/servers/{server_id}', {'GET': show,
                              'PUT': [update, update_v219, update_v290,
                                      update_v294, update_v2104],
                              'DELETE': delete}),
]
