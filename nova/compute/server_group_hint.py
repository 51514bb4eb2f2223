"""The "group" scheduler hint of a server create: check it, enforce the
group's member quota and make the new servers members before scheduling.
"""

from nova import exception
from nova import objects
from nova import quota

HINT = 'group'


def requested_group(context, hints, count):
    """The group the hint names, after checking that count more servers
    fit its member quota; None without the hint.

    A group that does not exist or belongs to another project is a bad
    request (400), as upstream answers.
    """
    group_uuid = (hints or {}).get(HINT)
    if isinstance(group_uuid, list):
        group_uuid = group_uuid[0] if len(group_uuid) == 1 else None
    if not group_uuid:
        return None
    try:
        group = objects.InstanceGroup.get_by_uuid(context, str(group_uuid))
    except exception.InstanceGroupNotFound:
        group = None
    if group is None or (group.project_id != context.project_id and
                         not context.is_admin):
        raise exception.InvalidInput(
            reason='Server group %s not found: the "group" scheduler hint '
                   'must be the id of one of your server groups.'
                   % group_uuid)
    quota.check_server_group_members(context, group, count)
    return group


def join(context, group, instances):
    """Make instances members; returns the group with its members' hosts
    as they are now, for the request spec; None if the group was deleted
    since it was checked (then it constrains nothing, like any gone group).
    """
    try:
        objects.InstanceGroup.add_members(
            context, group.uuid, [i.uuid for i in instances],
            max_members=quota.server_group_member_limit(context))
        group.refresh()
    except exception.InstanceGroupNotFound:
        return None
    except exception.OverQuota:
        # Concurrent creates filled the group since the first check: ours
        # were never scheduled, so they go and the create fails (403).
        for instance in instances:
            instance.destroy()
        raise
    return group
