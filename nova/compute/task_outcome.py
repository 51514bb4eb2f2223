"""Ending a task that will not finish: state, fault and action event.

Shared by the conductor's deadline sweeper and the compute service's
recovery after a restart. The save is conditional on the task_state the
caller saw, so whoever else finishes or takes over the task at the same
moment (the compute, another conductor, a delete) wins, and only the
winner records the action event and ends the move. The fault is written
first, so no client ever sees the server in ERROR without it; a loser's
fault stays unseen, as the API shows faults of servers in ERROR only.
A task ended in ERROR also ends the move it was part of, if any,
releasing what it held.
"""

from oslo_log import log as logging

from nova.compute import resource_tracker
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


def end_task(context, instance, error, event, host, vm_state=None,
             power_state=None):
    """Clear instance's task_state, recording error as its fault.

    vm_state and power_state, when given, are set in the same save.
    Returns False (leaving the state as it is) when the instance left
    that task or was deleted meanwhile, or when an ERROR's fault could
    not be stored.
    """
    if not compute_utils.record_fault(context, instance, error, host=host) \
            and vm_state == vm_states.ERROR:
        # Never ERROR without its fault: the next sweep tries again.
        return False
    task_state = instance.task_state
    instance.task_state = None
    if vm_state is not None:
        instance.vm_state = vm_state
    if power_state is not None:
        instance.power_state = power_state
    try:
        instance.save(expected_task_state=[task_state])
    except (exception.InstanceNotFound, exception.UnexpectedStateError):
        LOG.info('Instance %s left task_state %s meanwhile; leaving it',
                 instance.uuid, task_state)
        return False
    LOG.warning('Instance %s: %s', instance.uuid, error.format_message())
    _record_failed_event(context, instance.uuid, event, host,
                         error.format_message())
    if vm_state == vm_states.ERROR:
        try:
            end_migration(context, instance.uuid)
        except Exception:
            LOG.exception('Could not end the move of instance %s',
                          instance.uuid)
    return True


def in_flight_migration(context, instance_uuid):
    """The instance's newest move still under way, or None. A finished
    resize awaiting its confirm is a stable state, not a move."""
    # Here, not at the top: nova-compute, which imports this module, loads
    # no database layer (nova.cmd.no_database) unless a move needs ending.
    from nova.db import instance_migrations
    done = instance_migrations.FINISHED_STATUSES + ('finished',)
    moves = [m for m in objects.MigrationList.get_by_filters(
        context, instance_uuid=instance_uuid) if m.status not in done]
    return moves[-1] if moves else None


def end_migration(context, instance_uuid):
    """End the instance's move under way in error and recount both of its
    hosts, so the claim on the host it was going to is released."""
    migration = in_flight_migration(context, instance_uuid)
    if migration is None:
        return
    migration.status = 'error'
    migration.save()
    resource_tracker.refresh_move_nodes(context, migration)


def _record_failed_event(context, instance_uuid, event, host, message):
    """An Error event under the instance's latest action (the task's)."""
    try:
        objects.InstanceActionEvent.event_start(context, instance_uuid,
                                                event, host=host)
        objects.InstanceActionEvent.event_finish(
            context, instance_uuid, event, 'Error', details=message,
            host=host)
    except Exception:
        LOG.exception('Could not record event %s of instance %s', event,
                      instance_uuid)
