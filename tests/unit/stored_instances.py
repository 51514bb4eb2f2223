"""Instances stored in the test database, as the compute-side tests need."""

from oslo_utils import uuidutils

from nova.compute import power_state
from nova.compute import vm_states
from nova import objects


def create(context, task_state=None, vm_state=vm_states.ACTIVE,
           host='host1', uuid=None, **fields):
    """A stored running instance of project p; fields set any others."""
    instance = objects.Instance(context=context)
    instance.uuid = uuid or uuidutils.generate_uuid()
    instance.project_id = 'p'
    instance.user_id = 'u'
    instance.host = host
    instance.display_name = 'vm'
    instance.memory_mb = 512
    instance.vcpus = 1
    instance.vm_state = vm_state
    instance.task_state = task_state
    instance.power_state = power_state.RUNNING
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.create()
    return instance


def reload(context, instance):
    """The instance as stored now, with its fault."""
    return objects.Instance.get_by_uuid(context, instance.uuid,
                                        expected_attrs=['fault'])


def create_owned(context, **fields):
    """A server of alice in proj-a (the API tests' OWNER), on no host."""
    return create(context, host=None, project_id='proj-a', user_id='alice',
                  **fields)
