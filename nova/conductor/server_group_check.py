"""The late anti-affinity check: placements that a concurrent request into
the same group made invalid after both passed the scheduler's filters.

Two schedulers may both see a host free of the group and claim it for
different servers. Once the claims are in the database (the claim sets the
instance's host), each server is checked under the group's lock: one that
shares its host with another member is taken off it, so exactly one of
two colliding servers moves.
"""

from oslo_log import log as logging

from nova.compute import resource_tracker
from nova import exception
from nova import objects
from nova.objects import instance_group as group_obj

LOG = logging.getLogger(__name__)

VIOLATION = ('Anti-affinity instance group policy was violated: another '
             'server of group %s was placed on %s at the same time.')


def refresh_group(request_spec):
    """Reload the spec's group: members may have landed since the API read
    it. A group deleted meanwhile no longer constrains the placement."""
    if not request_spec.obj_attr_is_set('instance_group') or \
            request_spec.instance_group is None:
        return
    try:
        request_spec.instance_group.refresh()
    except exception.InstanceGroupNotFound:
        request_spec.instance_group = None


def unplace_losers(context, request_spec, instances, selections):
    """Selections that lost their host to another server of the group.

    Their instances are already off the host (in the database and in
    instances); the caller reschedules them.
    """
    group = request_spec.instance_group if request_spec.obj_attr_is_set(
        'instance_group') else None
    if group is None or group.policy != group_obj.ANTI_AFFINITY:
        return []
    by_uuid = {i.uuid: i for i in instances}
    losers = []
    for selection in selections:
        if not group.unplace_if_shared(selection.instance_uuid,
                                       selection.service_host):
            continue
        LOG.info('Server %s lost host %s to another server of '
                 'anti-affinity group %s', selection.instance_uuid,
                 selection.service_host, group.uuid)
        instance = by_uuid[selection.instance_uuid]
        instance.host = instance.node = None
        instance.obj_reset_changes(['host', 'node'])
        _refresh_node(context, selection)
        losers.append(selection)
    return losers


def _refresh_node(context, selection):
    """Recount the node the loser's claim was on: that room is free."""
    node = objects.ComputeNode.get_by_host_and_nodename(
        context, selection.service_host, selection.nodename)
    resource_tracker.refresh_node_usage(node)


def group_for_move(context, instance):
    """The group of a server being moved, with the hosts of its other
    members (its own host does not bind it), or None."""
    try:
        return objects.InstanceGroup.get_by_instance_uuid(
            context, instance.uuid, others_hosts=True)
    except exception.InstanceGroupNotFound:
        return None
