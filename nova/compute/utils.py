"""Small helpers the compute-side services share."""

import functools
import time
import traceback

from oslo_log import log as logging

from nova.compute import vm_states
from nova import exception
from nova import objects
from nova import outages

LOG = logging.getLogger(__name__)


# A fault written during a database outage is tried again for about this
# long: the ERROR state that follows must not be seen without its fault.
FAULT_RETRY_DELAYS = (0.2, 0.5, 1, 2)


def record_fault(context, instance, error, host=None):
    """Store error as the instance's latest fault, trying again through a
    short outage. Returns whether it was stored; never raises."""
    fault = objects.InstanceFault.from_exception(
        context, instance.uuid, error, host=host)
    for delay in FAULT_RETRY_DELAYS + (None,):
        try:
            fault.create()
            return True
        except Exception as failure:
            if delay is None or not outages.is_outage(failure):
                LOG.exception('Could not record the fault of instance %s',
                              instance.uuid)
                return False
            LOG.warning('Recording the fault of instance %s: %s; trying '
                        'again in %s s', instance.uuid, failure, delay)
            time.sleep(delay)
            # create() may have set fields before it failed.
            fault = objects.InstanceFault.from_exception(
                context, instance.uuid, error, host=host)


class FaultNotRecorded(exception.NovaException):
    msg_fmt = 'The fault of instance %(instance_uuid)s could not be stored'


def set_error(context, instance, error, host=None):
    """Move an instance to ERROR with error as its fault.

    Raises FaultNotRecorded, leaving the instance as it is, when the fault
    cannot be stored: a server in ERROR always shows why, and the one left
    in its task is ended later by the deadline sweepers.
    """
    if not record_fault(context, instance, error, host=host):
        raise FaultNotRecorded(instance_uuid=instance.uuid)
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save()
    except exception.InstanceNotFound:
        LOG.info('Instance %s was deleted while failing', instance.uuid)


def set_flavor(instance, flavor):
    """Give instance flavor, with the copies of its sizes (and id) the
    instances table keeps for usage counts and filters."""
    instance.flavor = flavor
    instance.instance_type_id = flavor.id
    instance.vcpus = flavor.vcpus
    instance.memory_mb = flavor.memory_mb
    instance.root_gb = flavor.root_gb
    instance.ephemeral_gb = flavor.ephemeral_gb


def record_action_start(context, instance, action):
    """Record the start of a user action in the instance's history."""
    return objects.InstanceAction.action_start(context, instance.uuid,
                                               action)


def failure_details(error):
    """What users may read of why a step failed (event details, API
    2.84): the message of our own errors, else only the error's kind, as
    other messages may tell internals."""
    if isinstance(error, exception.NovaException):
        return error.format_message()
    return type(error).__name__


class EventReporter:
    """Record one step of an action as an instance action event.

        with compute_utils.EventReporter(context, 'compute_reboot_instance',
                                         host, instance.uuid):
            ...

    The event finishes with result Success, or Error with the traceback
    when the block raises (the exception still propagates). Recording
    never breaks the step itself. started: the caller recorded the start
    (in a save, see event_note); success_by_caller: the caller records
    a Success itself, in the save that ends the step.
    """

    def __init__(self, context, event, host, *instance_uuids,
                 started=False, success_by_caller=False):
        self.context = context
        self.event = event
        self.host = host
        self.instance_uuids = instance_uuids
        self.started = started
        self.success_by_caller = success_by_caller

    def __enter__(self):
        if not self.started:
            self.start()
        return self

    def start(self):
        for uuid in self.instance_uuids:
            try:
                objects.InstanceActionEvent.event_start(
                    self.context, uuid, self.event, host=self.host)
            except Exception:
                LOG.exception('Could not record event %s of instance %s',
                              self.event, uuid)
        self.started = True

    def __exit__(self, exc_type, exc_value, tb):
        if exc_value is None and self.success_by_caller:
            return False
        if exc_value is None:
            self.finish('Success')
        else:
            self.finish('Error', ''.join(traceback.format_exception(
                exc_type, exc_value, tb)), failure_details(exc_value))
        return False

    def finish(self, result, traceback_text=None, details=None):
        for uuid in self.instance_uuids:
            try:
                objects.InstanceActionEvent.event_finish(
                    self.context, uuid, self.event, result,
                    traceback_text=traceback_text, details=details,
                    host=self.host)
            except Exception:
                LOG.exception('Could not record event %s of instance %s',
                              self.event, uuid)


def event_note(event, host, result=None):
    """Instance.save's action_event: the start of event, or with a
    result its finish."""
    note = {'event': event, 'host': host}
    if result is not None:
        note['result'] = result
    return note


def reporting(event_name):
    """Decorate a manager method(self, context, instance, ...) so it runs
    as event event_name of the instance's current action."""
    def decorate(func):
        @functools.wraps(func)
        def wrapper(self, context, instance, *args, **kwargs):
            with EventReporter(context, event_name, self.host,
                               instance.uuid):
                return func(self, context, instance, *args, **kwargs)
        return wrapper
    return decorate
