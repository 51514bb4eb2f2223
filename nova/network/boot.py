"""Networking of a server create: check the request, then allocate.

Why nova-api allocates (and not the conductor or nova-compute): with the
built-in networks an address does not depend on the host the scheduler
picks, so it is taken where the instance row is written, in the database
nova-api already uses. Mistakes (an unknown network, an address in use,
no address left, over quota) are then the create request's 400/409
instead of a server in ERROR; a reschedule keeps the addresses it had; a
failed build keeps them until the server is deleted, and the delete frees
them in the transaction that deletes the instance row, whichever service
deletes it. nova-compute reads the result (objects.InstanceNetworkInfo,
through the conductor) to plug the guest.
"""

from oslo_log import log as logging
from oslo_utils import excutils
from oslo_utils import uuidutils

from nova import exception
from nova.network import api as network_api
from nova.network import errors

LOG = logging.getLogger(__name__)


# networks "auto" (API 2.37): check() resolves it to the networks the
# project may use, or the one auto-allocated for it.
AUTO = 'auto'


def requested_networks(networks):
    """[(network uuid, fixed ip or None)] from the create body's networks,
    (None, None, port id) for a port the user made (None when the body
    has none, or an empty list, as nova-network took it: the default
    networks); [] for "none" (no interface, API 2.37) and AUTO for
    "auto"."""
    if networks == 'none':
        return []
    if networks == AUTO:
        return AUTO
    if not networks:
        return None
    result = []
    for entry in networks:
        if entry.get('port'):
            if not uuidutils.is_uuid_like(entry['port']):
                raise exception.InvalidInput(
                    reason='Bad networks format: port uuid is not in '
                           'proper format (%s)' % entry['port'])
            result.append((None, None, entry['port']))
            continue
        uuid = entry.get('uuid')
        if not uuid or not uuidutils.is_uuid_like(uuid):
            raise exception.InvalidInput(
                reason='Bad networks format: network uuid is not in proper '
                       'format (%s)' % uuid)
        result.append((uuid, entry.get('fixed_ip')))
    return result


def requested_tags(networks):
    """{network uuid: device tag} of the create body's tagged networks
    (API 2.32)."""
    if isinstance(networks, str):
        return {}  # "auto" and "none" carry no tag
    return {entry['uuid']: entry['tag'] for entry in networks or []
            if entry.get('tag') and entry.get('uuid')}


def _auto(api, context):
    try:
        return api.networks_for_auto(context)
    except errors.AutoAllocationFailure as error:
        # The Compute API's answer (upstream's UnableToAutoAllocateNetwork).
        raise exception.InvalidInput(
            reason='Unable to automatically allocate a network for project '
                   '%s: %s' % (context.project_id, error.format_message()))


def check(context, requested, security_groups, count, tags=None):
    """Fail early, before any instance row exists; (the requested
    networks, AUTO resolved, for allocate(); the security groups named,
    resolved once for allocate())."""
    api = network_api.get_api()
    if tags and not api.supports_interface_tags:
        raise exception.InvalidInput(
            reason='This cloud\'s network service cannot tag interfaces: '
                   'leave out the networks\' tag.')
    if requested == AUTO:
        requested = _auto(api, context)
    if requested:
        try:
            # Validated once: allocate() takes what this read, if the
            # network service can hand it over.
            if getattr(requested, 'validated', None) is not None:
                pass  # "auto"'s networks, validated as they were read
            elif hasattr(api, 'validated_requests'):
                requested = api.validated_requests(context, requested)
            else:
                api.validate_networks(context, requested)
        except (errors.NetworkNotFound,
                errors.NetworkNotFoundForProject) as error:
            # A bad request body, as upstream answers it.
            raise exception.InvalidInput(reason=error.format_message())
        except errors.PortNotFound as error:
            raise exception.InvalidInput(reason=error.format_message())
        if count > 1 and any(r[1] for r in requested):
            raise exception.InvalidInput(
                reason='A fixed IP address can be given for one server '
                       'only; ask for max_count 1.')
        if count > 1 and any(len(r) > 2 for r in requested):
            raise exception.InvalidInput(
                reason='Unable to launch multiple instances with a single '
                       'configured port ID. Please launch your instance '
                       'one by one with different ports.')
        if not security_groups and all(len(r) > 2 for r in requested):
            # A server on ports only is in its ports' groups.
            return requested, []
    return requested, api.resolve_security_groups(
        context, context.project_id, security_groups)


def allocates_with_rows():
    """Whether allocate(with_rows=True) works: the network service keeps
    addresses in the compute database (the built-in one)."""
    return network_api.get_api().allocates_in_caller_transaction


def allocate(context, instances, requested, security_groups, tags=None,
             with_rows=False):
    """Addresses for every new instance, joined to the security_groups
    check() gave, interfaces tagged as tags ({network uuid: tag}) says;
    on failure the instances are destroyed (freeing what was allocated)
    and the error raised.

    with_rows: the instances were inserted in the caller's writer
    transaction (see allocates_with_rows), which the allocation joins; on
    failure it is the caller's rollback that undoes them.
    """
    api = network_api.get_api()
    if with_rows:
        for instance in instances:
            api.allocate_for_instance(context, instance, requested,
                                      security_groups, new=True)
            if tags:
                api.tag_interfaces(context, instance.uuid, tags)
        return
    try:
        for instance in instances:
            api.allocate_for_instance(context, instance, requested,
                                      security_groups)
            if tags:
                api.tag_interfaces(context, instance.uuid, tags)
    except Exception:
        with excutils.save_and_reraise_exception():
            for instance in instances:
                try:
                    instance.destroy()
                except exception.InstanceNotFound:
                    pass
                except Exception:
                    LOG.exception('Could not undo instance %s',
                                  instance.uuid)
