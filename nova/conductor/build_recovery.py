"""Builds whose service stopped: taken over by a surviving conductor.

A periodic task of every nova-conductor, next to the deadline sweeper.
A build waits in task_state scheduling while nova-api, a conductor, the
scheduler and the chosen compute pass it along; each hop that dies
(SIGKILL, a host lost) drops it, and before this only the hour of
instance_build_timeout ended it. A build whose row has not moved for
[deadlines] build_pickup_timeout is taken over, by who dropped it:

- nova-api never finished it (it stopped, or could not undo its rows in
  an outage, before it answered; the API records the create action
  last, just before it sends the build): the request was never
  accepted, so the server is deleted (its addresses, room and quota go
  with it). Only a conductor up for longer than the timeout does this.
- nova-api sent it but no host was chosen (a conductor or the scheduler
  stopped, the database went away mid-way, or nova-api stopped just
  before sending): scheduled again with the request spec stored with
  the instance (scheduler hints, forced host and node, zone, injected
  files, hosts a reschedule already skipped; the server group from its
  members). The admin password is not kept: the guest gets none.
- a host was chosen for a conductor that died waiting for the answer
  (the scheduler served its queued call later): taken off that node and
  scheduled again, as above.
- a host was chosen but never started it (nova-compute stopped after
  taking the message): ERROR with a fault.

Each take-over is a conditional update on the row as it was seen (task
state, host and last update), so of several conductors, or a service
that moves the build at that moment, exactly one wins.

The same task releases what failed builds hold: see
nova.db.instances.instance_release_failed_builds.
"""

import datetime
import time

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.compute import task_outcome
from nova.compute import task_states
from nova.compute import volumes_api
from nova.compute import vm_states
from nova.conductor import server_group_check
from nova.db import instances as db
from nova import exception
from nova.image import api as image_api
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# The conductor's event when it receives a build (nova.conductor.manager).
SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'
EVENT = 'conductor_build_taken_over'


class BuildRecovery:
    """Takes over dropped builds; build is the conductor's
    build_instances(context, instances, image, request_spec,
    admin_password, injected_files)."""

    def __init__(self, host, build):
        self.host = host
        self._build = build
        self._started = time.monotonic()

    def sweep(self, context):
        """One pass; returns {outcome: count} for logs and tests."""
        counts = {'released': len(db.instance_release_failed_builds(
            context))}
        timeout = CONF.deadlines.build_pickup_timeout
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=timeout)
        for row in db.instance_get_past_deadline(
                context, {task_states.SCHEDULING: cutoff}):
            if row.vm_state != vm_states.BUILDING:
                continue
            try:
                outcome = self._take_over(context, row, timeout)
            except Exception:
                LOG.exception('Could not take over the build of %s',
                              row.uuid)
                continue
            if outcome:
                counts[outcome] = counts.get(outcome, 0) + 1
        if len(counts) > 1 or counts['released']:
            LOG.info('Dropped builds taken over: %s', counts)
        return counts

    def _take_over(self, context, row, timeout):
        instance = objects.Instance._from_db(context, row)
        if row.host and _asked_by_a_dead_conductor(context, row.uuid):
            # The scheduler placed it for a conductor that died waiting
            # for the answer: nobody sent it to the host.
            if not self._unplace(context, row):
                return None
            row = db.instance_get_by_uuid(context, row.uuid)
        if row.host:
            error = exception.BuildAbortException(
                instance_uuid=row.uuid,
                reason='it was placed on host %s, which did not start it '
                       'within %d s ([deadlines] build_pickup_timeout)' % (
                           row.host, timeout))
            if task_outcome.end_task(context, instance, error, EVENT,
                                     self.host, vm_state=vm_states.ERROR):
                return 'failed'
            return None
        if not _dispatched(context, row.uuid):
            if time.monotonic() - self._started < timeout:
                return None  # its cast may still wait in our queue
            if not self._lease(context, row, task_states.DELETING):
                return None
            LOG.warning('Deleting instance %s: the request that created it '
                        'never reached a conductor', row.uuid)
            instance.refresh()
            instance.vm_state = vm_states.DELETED
            instance.task_state = None
            instance.destroy()
            volumes_api.API().release_local(context, instance)
            return 'deleted'
        if time.monotonic() - self._started < CONF.service_down_time:
            # Hosts report through a conductor: while none ran, they
            # look down; scheduled now, the build would find no host.
            return None
        if not self._lease(context, row, task_states.SCHEDULING):
            return None
        LOG.warning('Scheduling instance %s again: its build was dropped '
                    'before a host was chosen', row.uuid)
        instance.refresh()
        spec, files = _request_spec(context, instance)
        self._build(context, [instance], spec.image, spec, None, files)
        return 'rescheduled'

    @staticmethod
    def _unplace(context, row):
        try:
            db.instance_unplace(context, row.uuid, {
                'task_state': [row.task_state], 'host': [row.host],
                'updated_at': [row.updated_at]})
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            return False
        LOG.warning('Instance %s was placed on %s for a conductor that '
                    'stopped before it sent the build; its claim is '
                    'given back', row.uuid, row.host)
        return True

    @staticmethod
    def _lease(context, row, task_state):
        """Take the build as seen: False if anyone moved it meanwhile."""
        try:
            db.instance_update(context, row.uuid, {'task_state': task_state},
                               expected={'task_state': [row.task_state],
                                         'host': [None],
                                         'updated_at': [row.updated_at]})
        except (exception.InstanceNotFound, exception.UnexpectedStateError):
            return False
        return True


def _asked_by_a_dead_conductor(context, instance_uuid):
    """Whether the last conductor to schedule the build never heard
    the scheduler's answer (its event never finished)."""
    action = objects.InstanceAction.get_latest(context, instance_uuid)
    if action is None:
        return False
    events = [e for e in objects.InstanceActionEventList.get_by_action(
        context, action.id) if e.event == SCHEDULE_EVENT]
    return bool(events) and events[-1].finish_time is None


def _dispatched(context, instance_uuid):
    """Whether nova-api completed the create (its last write)."""
    return objects.InstanceAction.get_latest(context,
                                             instance_uuid) is not None


def _request_spec(context, instance):
    """(spec, injected files) the build was requested with: the stored
    ones (nova.objects.request_spec), or what the server records for an
    instance made before specs were kept."""
    stored = objects.RequestSpec.get_stored(context, instance.uuid)
    if stored is None:
        return _recorded_spec(context, instance), []
    spec, files = stored
    spec.instance_group = server_group_check.group_for_move(context,
                                                            instance)
    return spec, files


def _recorded_spec(context, instance):
    """What the scheduler needs, from what the server records."""
    try:
        image = objects.ImageMeta.from_dict(
            image_api.API().get(context, instance.image_ref))
    except Exception:
        image = objects.ImageMeta.from_dict({'id': instance.image_ref or None})
    return objects.RequestSpec(
        project_id=instance.project_id, user_id=instance.user_id,
        flavor=instance.flavor, image=image, num_instances=1,
        availability_zone=instance.availability_zone,
        instance_uuids=[instance.uuid], ignore_hosts=[],
        scheduler_hints={},
        instance_group=server_group_check.group_for_move(context, instance))
