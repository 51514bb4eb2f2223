"""One-line senders of notifications for the call sites of every service.

Each sender builds the versioned payload (and the legacy dict where
[notifications] notification_format asks for it) only when a notifier is
enabled, and never raises: a broken bus must not fail the action it
reports on.
"""

import contextlib
import functools
import os
import sys

from oslo_log import log as logging
from oslo_utils import timeutils

import nova.conf
from nova.notifications import base
from nova.notifications import flavor as flavor_payload
from nova.notifications import instance as instance_payload
from nova.notifications import legacy
from nova.notifications import resources
from nova import rpc

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Payload class of the instance actions whose payload is not the plain
# InstanceActionPayload (upstream's choice for each).
INSTANCE_PAYLOADS = {
    'create': instance_payload.InstanceCreatePayload,
    'resize_prep': instance_payload.InstanceActionResizePrepPayload,
    'rescue': instance_payload.InstanceActionRescuePayload,
    'rebuild': instance_payload.InstanceActionRebuildPayload,
    'snapshot': instance_payload.InstanceActionSnapshotPayload,
    'volume_attach': instance_payload.InstanceActionVolumePayload,
    'volume_detach': instance_payload.InstanceActionVolumePayload,
    'interface_attach': instance_payload.InstanceActionInterfacePayload,
    'interface_detach': instance_payload.InstanceActionInterfacePayload,
}


def _enabled():
    legacy_notifier, versioned = rpc.get_notifiers()
    return legacy_notifier.is_enabled() or versioned.is_enabled()


def send(context, obj, action, phase, payload, source, host=None,
         legacy_payload=None, priority=None):
    """Send obj.action.phase with payload (a PayloadBase) from source."""
    try:
        legacy_notifier, versioned = rpc.get_notifiers()
        priority = priority or ('error' if phase == 'error'
                                else CONF.notifications.default_level.lower())
        host = host or CONF.host
        if versioned.is_enabled():
            base.NotificationBase(
                priority=priority,
                event_type=base.EventType(object=obj, action=action,
                                          phase=phase),
                publisher=base.NotificationPublisher(host=host,
                                                     source=source),
                payload=payload).emit(context, versioned)
        if legacy_payload is not None and legacy_notifier.is_enabled():
            legacy.send(context, legacy_notifier, obj, action, phase,
                        legacy_payload, source, host, priority)
    except Exception:
        LOG.exception('Sending notification %s.%s.%s failed', obj, action,
                      phase)


def instance_action(context, instance, action, phase=None, error=None,
                    host=None, source='nova-compute', **extra):
    """instance.<action>.<phase>; error: the exception of an error phase.

    extra: the fields of the action's own payload (volume_id, new_flavor,
    snapshot_image_id, ...). new_flavor may be a Flavor object.
    """
    try:
        if not _enabled():
            return
        if 'new_flavor' in extra and extra['new_flavor'] is not None:
            extra['new_flavor'] = flavor_payload.FlavorPayload.from_flavor(
                extra['new_flavor'])
        if isinstance(extra.get('interface'), dict):
            extra['interface'] = instance_payload.NetworkRequestPayload(
                **extra['interface'])
        fault = (flavor_payload.ExceptionPayload.from_exception(error)
                 if error is not None else None)
        cls = INSTANCE_PAYLOADS.get(action,
                                    instance_payload.InstanceActionPayload)
        payload = cls.build(context, instance, fault=fault, **extra)
        info = legacy.instance_info(instance)
        if error is not None:
            info['exception'] = fault.exception_message
        send(context, 'instance', action, phase, payload, source, host,
             legacy_payload=info)
    except Exception:
        LOG.exception('Building notification instance.%s.%s failed',
                      action, phase)


def state_change_wanted(changes):
    """Whether saving changes may send instance.update."""
    mode = CONF.notifications.notify_on_state_change
    return bool(mode) and ('vm_state' in changes or (
        mode == 'vm_and_task_state' and 'task_state' in changes))


def instance_update(context, instance, old_vm_state, old_task_state,
                    old_display_name=None, source=None):
    """instance.update when the states [notifications] names changed."""
    mode = CONF.notifications.notify_on_state_change
    vm_changed = old_vm_state != instance.vm_state
    task_changed = old_task_state != instance.task_state
    if not mode or not (vm_changed or (
            mode == 'vm_and_task_state' and task_changed)):
        return
    try:
        if not _enabled():
            return
        begin, end = audit_period()
        payload = instance_payload.InstanceUpdatePayload(
            state_update=instance_payload.InstanceStateUpdatePayload(
                old_state=old_vm_state, state=instance.vm_state,
                old_task_state=old_task_state,
                new_task_state=instance.task_state),
            audit_period=instance_payload.AuditPeriodPayload(
                audit_period_beginning=begin, audit_period_ending=end),
            bandwidth=[], old_display_name=old_display_name, tags=[])
        payload.fill(context, instance)
        info = legacy.instance_info(instance)
        info.update(old_state=old_vm_state, old_task_state=old_task_state,
                    new_task_state=instance.task_state,
                    audit_period_beginning=begin.isoformat(),
                    audit_period_ending=end.isoformat())
        send(context, 'instance', 'update', None, payload,
             source or process_binary(), legacy_payload=info)
    except Exception:
        LOG.exception('Building notification instance.update failed')


def process_binary():
    """The console script of this process (nova-all runs them all)."""
    name = os.path.basename(sys.argv[0] or '')
    return name if name.startswith('nova-') else 'nova-conductor'


def audit_period():
    """The current month, upstream's default audit period."""
    now = timeutils.utcnow().replace(microsecond=0)
    begin = now.replace(day=1, hour=0, minute=0, second=0)
    return begin, now


def service_update(context, service):
    if _enabled():
        send(context, 'service', 'update', None,
             resources.ServiceStatusPayload.build(context, service),
             service.binary, host=service.host)


def aggregate(context, aggregate_obj, action, phase):
    """aggregate.<action>.<phase>: create, delete, add_host, ..."""
    if _enabled():
        send(context, 'aggregate', action, phase,
             resources.AggregatePayload.build(context, aggregate_obj),
             'nova-api', legacy_payload=legacy.aggregate_info(
                 aggregate_obj))


def keypair(context, keypair_obj, action, phase):
    """keypair.<action>.<phase>: create, import, delete."""
    if _enabled():
        send(context, 'keypair', action, phase,
             resources.KeypairPayload.build(context, keypair_obj),
             'nova-api', legacy_payload=legacy.keypair_info(keypair_obj))


@contextlib.contextmanager
def phases(context, instance, action, host=None, source='nova-compute',
           **extra):
    """instance.<action>.start, then .end, or .error when the body raises."""
    send_one = functools.partial(instance_action, context, instance, action,
                                 host=host, source=source, **extra)
    send_one(phase='start')
    try:
        yield
    except Exception as error:
        send_one(phase='error', error=error)
        raise
    send_one(phase='end')
