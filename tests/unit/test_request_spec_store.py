"""The request spec kept with its instance (nova.objects.request_spec,
nova.db.request_specs) and the take-over that reads it."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova.compute import power_state
from nova.compute import task_states
from nova.compute import utils as compute_utils
from nova.compute import vm_states
from nova.conductor import build_recovery
from nova.db import instances as instances_db
from nova.db import request_specs as request_specs_db
from nova import exception
from nova import objects

FILES = [('/etc/motd', 'hello')]
IMAGE = '4c1f0c7e-3d6e-4b8a-9a53-0d6f2d1f1a11'


def _flavor():
    return objects.Flavor(id=7, flavorid='7', name='f', vcpus=1,
                          memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0,
                          extra_specs={})


def _spec(other):
    return objects.RequestSpec(
        project_id='p', user_id='u', flavor=_flavor(),
        image=objects.ImageMeta.from_dict({'id': IMAGE}), num_instances=2,
        availability_zone='nova', instance_uuids=[], ignore_hosts=[],
        force_hosts=['compute2'], force_nodes=['node2'],
        scheduler_hints={'different_host': [other]}, instance_group=None)


def _instance(context):
    instance = objects.Instance(context=context)
    instance.uuid = uuidutils.generate_uuid()
    instance.project_id = 'p'
    instance.user_id = 'u'
    instance.display_name = 'vm'
    instance.image_ref = ''
    instance.vm_state = vm_states.BUILDING
    instance.task_state = task_states.SCHEDULING
    instance.power_state = power_state.NOSTATE
    compute_utils.set_flavor(instance, _flavor())
    return instance


def test_the_spec_is_stored_with_its_instance(admin_context):
    instance = _instance(admin_context)
    _spec('other-uuid').create_with_instance(instance, FILES)
    spec, files = objects.RequestSpec.get_stored(admin_context,
                                                 instance.uuid)
    assert spec.scheduler_hints == {'different_host': ['other-uuid']}
    assert (spec.force_hosts, spec.force_nodes) == (['compute2'],
                                                    ['node2'])
    assert (spec.instance_uuids, spec.num_instances) == ([instance.uuid], 1)
    assert (spec.flavor.flavorid, spec.image.id) == ('7', IMAGE)
    assert files == FILES


def test_an_instance_made_before_specs_has_none(admin_context):
    assert objects.RequestSpec.get_stored(
        admin_context, uuidutils.generate_uuid()) is None


def test_no_instance_without_its_spec(admin_context, monkeypatch):
    """The spec and the instance are one transaction: when writing the
    spec fails, the instance row is not left behind either."""
    def refused(*args, **kwargs):
        raise exception.NovaException('refused')
    monkeypatch.setattr(request_specs_db, 'request_spec_create', refused)
    instance = _instance(admin_context)
    with pytest.raises(exception.NovaException):
        _spec('x').create_with_instance(instance)
    with pytest.raises(exception.InstanceNotFound):
        objects.Instance.get_by_uuid(admin_context, instance.uuid)


def test_the_spec_goes_with_its_instance(admin_context):
    instance = _instance(admin_context)
    _spec('x').create_with_instance(instance)
    instance.destroy()
    assert request_specs_db.request_spec_get(admin_context,
                                             instance.uuid) is None


def test_a_reschedule_records_the_hosts_it_skips(admin_context):
    instance = _instance(admin_context)
    spec = _spec('x')
    spec.create_with_instance(instance, FILES)
    spec.ignore_hosts = ['compute1']
    spec.save_ignore_hosts(admin_context, instance.uuid)
    stored, files = objects.RequestSpec.get_stored(admin_context,
                                                   instance.uuid)
    assert stored.ignore_hosts == ['compute1']
    assert stored.force_hosts == ['compute2']
    assert files == FILES


def test_a_build_taken_over_keeps_its_hints_host_and_files(admin_context):
    """Root cause: a build taken over after its conductor died was
    scheduled with a spec rebuilt from the instance row, which has no
    scheduler hints, forced host or files: a different_host hint and an
    admin's zone:host were silently dropped."""
    instance = _instance(admin_context)
    _spec('other-uuid').create_with_instance(instance, FILES)
    objects.InstanceAction.action_start(admin_context, instance.uuid,
                                        'create')
    instances_db.instance_update(admin_context, instance.uuid, {
        'updated_at': timeutils.utcnow() - datetime.timedelta(hours=1)})
    calls = []
    recovery = build_recovery.BuildRecovery(
        'conductor1', lambda *args: calls.append(args))
    recovery._started -= 3600
    assert recovery.sweep(admin_context)['rescheduled'] == 1
    [(_, instances, image, spec, password, files)] = calls
    assert [i.uuid for i in instances] == [instance.uuid]
    assert spec.scheduler_hints == {'different_host': ['other-uuid']}
    assert spec.force_hosts == ['compute2']
    assert image.id == IMAGE
    assert (password, files) == (None, FILES)
