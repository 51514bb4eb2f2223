"""NovaObject.obj_to_primitive gives exactly oslo.versionedobjects'
primitive (it only skips ovo's calls for values that are their own)."""

import datetime

from oslo_versionedobjects import base as ovo_base

from nova import context as nova_context
from nova import objects


def _ovo(obj, *args):
    return ovo_base.VersionedObject.obj_to_primitive(obj, *args)


def _flavor():
    return objects.Flavor(
        id=1, name='m1', memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0,
        flavorid='1', swap=0, rxtx_factor=1.0, vcpu_weight=None,
        disabled=False, is_public=True, description=None,
        extra_specs={'hw:cpu_policy': 'dedicated'},
        created_at=datetime.datetime(2026, 1, 2, 3, 4, 5), updated_at=None)


def _same(obj, *args):
    ours, theirs = obj.obj_to_primitive(*args), _ovo(obj, *args)
    # Changes are a set's order in both.
    assert sorted(ours.pop('nova_object.changes', [])) == sorted(
        theirs.pop('nova_object.changes', []))
    assert ours == theirs
    assert list(ours['nova_object.data']) == list(
        theirs['nova_object.data'])


def test_a_new_servers_objects_encode_as_ovo_does():
    ctx = nova_context.RequestContext(user_id='u', project_id='p')
    flavor = _flavor()
    instance = objects.Instance(
        context=ctx, uuid='8a9f0b2c-1111-2222-3333-444455556666',
        user_id='u', project_id='p', display_name='x', hostname='x',
        image_ref='8a9f0b2c-1111-2222-3333-444455550000', key_name=None,
        power_state=0, vm_state='building', task_state='scheduling',
        launch_index=0, access_ip_v4='192.0.2.1', locked=False,
        metadata={'a': 'b'}, system_metadata={'image_os_type': 'linux'},
        flavor=flavor, trusted_certs=None,
        launched_at=datetime.datetime(2026, 1, 2, 3, 4, 5))
    image = objects.ImageMeta.from_dict({
        'id': '8a9f0b2c-1111-2222-3333-444455550000', 'name': 'cirros',
        'status': 'active', 'min_ram': 0, 'size': 100,
        'properties': {'os_type': 'linux'}})
    spec = objects.RequestSpec(
        project_id='p', user_id='u', flavor=flavor, image=image,
        num_instances=1, instance_uuids=[instance.uuid],
        scheduler_hints={'group': ['g']}, instance_group=None,
        force_hosts=[], requested_host=None)
    for obj in (flavor, instance, image, spec):
        _same(obj)
        obj.obj_reset_changes(recursive=True)
        _same(obj)
    instance.display_name = 'y'
    _same(instance)
    _same(spec, spec.VERSION)


def test_another_version_is_ovos_own():
    spec = objects.RequestSpec(project_id='p', requested_host='h',
                               force_hosts=['h'])
    ours = spec.obj_to_primitive('1.1')
    assert 'requested_host' not in ours['nova_object.data']
    assert 'force_hosts' not in ours['nova_object.data']
    _same(spec, '1.1')
