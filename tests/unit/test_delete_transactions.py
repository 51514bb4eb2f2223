"""A delete of a server on a live host (nova.compute.api.API.delete):
the DELETING claim and the delete action's record commit together, and
a delete that lost the race to another task records nothing."""

from oslo_utils import uuidutils
from sqlalchemy import event

from nova.compute import api as compute_api
from nova.compute import task_states
from nova.compute import vm_states
from nova import context as nova_context
from nova.db import api as db_api
from nova import exception
from nova import objects
import pytest


class _Compute:
    """Takes the terminate cast (nothing runs in these tests)."""

    def __init__(self):
        self.terminated = []

    def terminate_instance(self, context, instance):
        self.terminated.append(instance.uuid)


@pytest.fixture
def api(any_db):
    api = compute_api.API()
    api._compute = _Compute()
    return api


@pytest.fixture
def context(any_db):
    return nova_context.RequestContext(user_id='u', project_id='p')


def _server(context, task_state=None):
    admin = nova_context.get_admin_context()
    try:
        objects.Service.get_by_host_and_binary(admin, 'h1', 'nova-compute')
    except exception.ServiceNotFound:
        objects.Service(admin, host='h1', binary='nova-compute',
                        topic='compute').create()
    instance = objects.Instance(
        context=context, uuid=uuidutils.generate_uuid(), user_id='u',
        project_id='p', host='h1', node='h1', vm_state=vm_states.ACTIVE,
        task_state=task_state, memory_mb=512, vcpus=1, root_gb=1,
        ephemeral_gb=0)
    instance.create()
    return instance


def _counted(name):
    counted = []
    engine = db_api.get_engine()

    def count(conn):
        counted.append(1)
    event.listen(engine, name, count)
    return counted, lambda: event.remove(engine, name, count)


def _actions(context, instance):
    return [a.action for a in objects.InstanceActionList.get_by_instance_uuid(
        context, instance.uuid)]


def test_delete_claims_and_records_in_one_commit(api, context):
    instance = _server(context)
    commits, stop = _counted('commit')
    try:
        api.delete(context, instance, host_up=True)
    finally:
        stop()
    assert len(commits) == 1
    assert api.compute.terminated == [instance.uuid]
    assert objects.Instance.get_by_uuid(
        context, instance.uuid).task_state == task_states.DELETING
    assert _actions(context, instance) == ['delete']


def test_the_host_is_read_when_the_caller_did_not(api, context):
    instance = _server(context)
    api.delete(context, instance)
    assert api.compute.terminated == [instance.uuid]


def test_a_delete_that_lost_the_race_records_no_action(api, context):
    instance = _server(context)
    # Another task (a reboot) claimed the server after this copy was read.
    racing = objects.Instance.get_by_uuid(context, instance.uuid)
    racing.task_state = task_states.REBOOTING
    racing.save()
    with pytest.raises(exception.InstanceInvalidState):
        api.delete(context, instance, host_up=True)
    assert api.compute.terminated == []
    assert _actions(context, instance) == []
    assert objects.Instance.get_by_uuid(
        context, instance.uuid).task_state == task_states.REBOOTING
