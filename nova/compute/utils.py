"""Small helpers the compute-side services share."""

from oslo_log import log as logging

from nova.compute import vm_states
from nova import exception
from nova import objects

LOG = logging.getLogger(__name__)


def record_fault(context, instance, error, host=None):
    """Store error as the instance's latest fault (never raises)."""
    try:
        objects.InstanceFault.from_exception(
            context, instance.uuid, error, host=host).create()
    except Exception:
        LOG.exception('Could not record the fault of instance %s',
                      instance.uuid)


def set_error(context, instance, error, host=None):
    """Move an instance to ERROR with error as its fault."""
    record_fault(context, instance, error, host=host)
    instance.vm_state = vm_states.ERROR
    instance.task_state = None
    try:
        instance.save()
    except exception.InstanceNotFound:
        LOG.info('Instance %s was deleted while failing', instance.uuid)
