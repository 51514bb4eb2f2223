"""nova-manage db online_data_migrations: the runner's batches and exit
codes, and add_missing_request_specs on instances made before request
specs were kept."""

from oslo_utils import uuidutils

from nova.compute import utils as compute_utils
from nova import context as nova_context
from nova.db import request_specs as request_specs_db
from nova import objects
from nova.objects import request_spec_migration
from nova import online_migrations
from tests.unit import stored_instances


def _flavor():
    return objects.Flavor(id=7, flavorid='7', name='f', vcpus=1,
                          memory_mb=512, root_gb=1, ephemeral_gb=0, swap=0,
                          extra_specs={'hw:cpu_policy': 'shared'})


def _old_instance(context, **fields):
    """An instance as older code stored it: no request spec."""
    instance = stored_instances.create(
        context, image_ref='1f2e3d4c-0000-4000-8000-000000000001',
        availability_zone='zone-a',
        system_metadata={'image_min_ram': '128', 'image_disk_format': 'qcow2',
                         'image_hw_disk_bus': 'virtio',
                         'image_base_image_ref': 'x'}, **fields)
    compute_utils.set_flavor(instance, _flavor())
    instance.save()
    assert request_specs_db.request_spec_get(context, instance.uuid) is None
    return instance


def test_specs_rebuilt_from_what_the_instance_knows(db, capsys):
    context = nova_context.get_admin_context()
    grouped = _old_instance(context)
    group = objects.InstanceGroup(
        context=context, uuid=uuidutils.generate_uuid(), name='g',
        policy='affinity', user_id='u', project_id='p',
        members=[grouped.uuid])
    group.create()
    plain = _old_instance(context)
    gone = _old_instance(context)
    gone.destroy()
    assert online_migrations.pending(context) == {
        'add_missing_request_specs': 2}

    assert online_migrations.run(context) == online_migrations.DONE
    out = capsys.readouterr().out
    assert '2 rows matched query add_missing_request_specs, 2 migrated' \
        in out
    assert 'add_missing_request_specs | 2            | 2' in out
    assert online_migrations.pending(context) == {}

    spec, files = objects.RequestSpec.get_stored(context, grouped.uuid)
    assert files == []
    assert spec.flavor.flavorid == '7'
    assert spec.flavor.extra_specs == {'hw:cpu_policy': 'shared'}
    assert spec.image.id == '1f2e3d4c-0000-4000-8000-000000000001'
    assert spec.image.min_ram == 128
    assert spec.image.disk_format == 'qcow2'
    assert spec.image.properties == {'hw_disk_bus': 'virtio'}
    assert spec.availability_zone == 'zone-a'
    assert (spec.project_id, spec.user_id) == ('p', 'u')
    assert spec.scheduler_hints == {'group': [group.uuid]}
    assert spec.instance_uuids == [grouped.uuid]
    spec, _ = objects.RequestSpec.get_stored(context, plain.uuid)
    assert spec.scheduler_hints == {}
    assert objects.RequestSpec.get_stored(context, gone.uuid) is None

    # Nothing left: a second run finds nothing and exits 0.
    assert online_migrations.run(context) == online_migrations.DONE
    assert 'add_missing_request_specs | 0            | 0' in \
        capsys.readouterr().out


def test_max_count_exit_codes(db, capsys):
    context = nova_context.get_admin_context()
    for _ in range(3):
        _old_instance(context)
    assert online_migrations.run(context, max_count=0) == \
        online_migrations.BAD_INPUT
    assert online_migrations.run(context, max_count=2) == \
        online_migrations.MORE
    assert online_migrations.pending(context) == {
        'add_missing_request_specs': 1}
    assert online_migrations.run(context, max_count=2) == \
        online_migrations.MORE
    assert online_migrations.run(context, max_count=2) == \
        online_migrations.DONE
    assert online_migrations.pending(context) == {}


def test_a_failing_migration_exits_2_unless_others_progress(db, capsys):
    context = nova_context.get_admin_context()
    _old_instance(context)

    def broken(context, max_count):
        raise RuntimeError('boom')

    failing = (('broken', broken, lambda context: 1),)
    assert online_migrations.run(context, migrations=failing) == \
        online_migrations.FAILED
    assert 'Some migrations failed' in capsys.readouterr().out
    both = failing + online_migrations.MIGRATIONS
    # The request specs still progress in the pass: 1 with --max-count.
    assert online_migrations.run(context, max_count=5,
                                 migrations=both) == online_migrations.MORE
    assert online_migrations.run(context, migrations=both) == \
        online_migrations.FAILED


def test_spec_for_an_instance_without_image_metadata(db):
    context = nova_context.get_admin_context()
    instance = stored_instances.create(context, image_ref='')
    compute_utils.set_flavor(instance, _flavor())
    instance.save()
    spec = request_spec_migration.spec_for(
        context, objects.Instance.get_by_uuid(
            context, instance.uuid, expected_attrs=['system_metadata']))
    assert spec.image_id is None
    assert spec.image.properties == {}
