"""The reads behind a list of servers: one query per related table for a
whole page, rows shared rather than copied per server, and instances
built with only the fields a view asks for."""

import datetime

from oslo_utils import uuidutils
import pytest
import webob

from nova.api.openstack import api_version
from nova.api.openstack import wsgi
from nova.db import floating_ips as floating_db
from nova.db import instances as instances_db
from nova.db import address_allocation as allocate_db
from nova.db import networks as networks_db
from nova.db import packed_rows
from nova.db import request_specs as request_specs_db
from nova.db import security_groups as groups_db
from nova.network import manage
from nova import context as nova_context
from nova import objects
from nova.objects import instance_rows


def _instance(ctx, name='vm', project='p'):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': project, 'user_id': 'u',
        'display_name': name, 'hostname': name, 'memory_mb': 64,
        'vcpus': 1, 'root_gb': 1, 'ephemeral_gb': 0, 'vm_state': 'active',
        'metadata': {'role': name}, 'system_metadata': {'image_os': 'x'}})
    return uuid


def test_interfaces_of_a_page_share_their_network(any_admin_context):
    ctx = any_admin_context
    [network] = manage.create_networks(ctx, 'page', '10.9.0.0/28')
    uuids = [_instance(ctx, 'vm%d' % i) for i in range(3)]
    for uuid in uuids:
        allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    info = networks_db.interfaces_by_instances(ctx, uuids + ['none'])
    assert info['none'] == []
    entries = [info[uuid] for uuid in uuids]
    assert all(len(e) == 1 for e in entries)
    # One network row for all of them, not one copy per interface.
    assert len({id(e[0][1]) for e in entries}) == 1
    assert entries[0][0][1].uuid == network.uuid
    addresses = [e[0][2][0].address for e in entries]
    assert len(set(addresses)) == 3
    assert all(a.startswith('10.9.0.') for a in addresses)
    assert [e[0][0].instance_uuid for e in entries] == uuids


def test_groups_of_a_page_are_read_once(admin_context):
    ctx = admin_context
    group = groups_db.create(ctx, {'project_id': 'p', 'user_id': 'u',
                                   'name': 'web', 'description': ''})
    other = groups_db.create(ctx, {'project_id': 'p', 'user_id': 'u',
                                   'name': 'db', 'description': ''})
    uuids = [_instance(ctx, 'vm%d' % i) for i in range(3)]
    for uuid in uuids:
        groups_db.add_instance(ctx, group.id, uuid)
    groups_db.add_instance(ctx, other.id, uuids[0])
    found = groups_db.groups_by_instances(ctx, uuids + ['none'])
    assert [g.name for g in found[uuids[0]]] == ['web', 'db']
    assert [g.name for g in found[uuids[2]]] == ['web']
    assert found['none'] == []
    assert found[uuids[1]][0] is found[uuids[2]][0]


def test_interfaces_keep_their_addresses_in_order(any_admin_context):
    """One joined query for interfaces, fixed and floating IPs: each
    interface once, its IPs and their floating IPs in the order made."""
    ctx = any_admin_context
    [network] = manage.create_networks(ctx, 'joined', '10.8.0.0/28')
    # One floating IP of a pool per fixed IP: two pools.
    manage.create_floating_ips(ctx, '172.24.8.0/29', pool='joined-a')
    manage.create_floating_ips(ctx, '172.24.8.8/29', pool='joined-b')
    uuid, other = _instance(ctx, 'vm1'), _instance(ctx, 'vm2')
    allocate_db.allocate_for_instance(ctx, uuid, [(network.id, None)])
    allocate_db.add_interface(ctx, uuid, network.uuid)
    allocate_db.allocate_for_instance(ctx, other, [(network.id, None)])
    first = networks_db.interfaces_by_instances(ctx, [uuid])[uuid]
    fixed = first[0][2][0].address
    routed = [floating_db.allocate(ctx, 'p', pool).address
              for pool in ('joined-b', 'joined-a')]
    for address in routed:
        floating_db.associate(ctx, address, fixed, uuid)
    info = networks_db.interfaces_by_instances(ctx, [uuid, other])
    assert len(info[uuid]) == 2 and len(info[other]) == 1
    vif_ids = [entry[0].id for entry in info[uuid]]
    assert vif_ids == sorted(vif_ids)
    assert all(len(entry[2]) == 1 for entry in info[uuid] + info[other])
    (vif, _net, [row], floating), second = info[uuid]
    assert row.address == fixed and row.virtual_interface_id == vif.id
    floating_ids = {f.address: f.id for f in floating_db.get_all(ctx)}
    assert floating[row.id] == sorted(routed, key=floating_ids.get)
    assert second[2][0].id not in floating
    assert len({id(e[1]) for e in info[uuid] + info[other]}) == 1


def test_groups_keep_each_instances_join_order(any_admin_context):
    """Memberships are read a row per group: instances in several keep
    the order they joined them in."""
    ctx = any_admin_context
    web = groups_db.create(ctx, {'project_id': 'p', 'user_id': 'u',
                                 'name': 'web', 'description': ''})
    db = groups_db.create(ctx, {'project_id': 'p', 'user_id': 'u',
                                'name': 'db', 'description': ''})
    uuids = [_instance(ctx, 'vm%d' % i) for i in range(3)]
    groups_db.add_instance(ctx, db.id, uuids[0])
    groups_db.add_instance(ctx, web.id, uuids[0])
    groups_db.add_instance(ctx, web.id, uuids[1])
    groups_db.add_instance(ctx, web.id, uuids[2])
    groups_db.add_instance(ctx, db.id, uuids[2])
    found = groups_db.groups_by_instances(ctx, uuids + ['none'])
    assert [g.name for g in found[uuids[0]]] == ['db', 'web']
    assert [g.name for g in found[uuids[1]]] == ['web']
    assert [g.name for g in found[uuids[2]]] == ['web', 'db']
    assert found['none'] == []


def test_system_metadata_shared_and_own_values(any_admin_context):
    """Read grouped by value, each instance still gets its own values,
    in key order."""
    ctx = any_admin_context
    uuids = []
    for os_name in ('cirros', 'cirros', 'fedora'):
        uuid = uuidutils.generate_uuid()
        instances_db.instance_create(ctx, {
            'uuid': uuid, 'project_id': 'p', 'user_id': 'u',
            'memory_mb': 1, 'vcpus': 1, 'root_gb': 0, 'ephemeral_gb': 0,
            'vm_state': 'active', 'system_metadata': {
                'image_os_distro': os_name, 'image_min_ram': '0',
                'image_disk_format': 'qcow2', 'clean_attempts': '1'}})
        uuids.append(uuid)
    found = objects.Instance.system_metadata_by_instances(
        ctx, uuids, keys=['locked_reason'], prefixes=['image_'])
    for uuid, os_name in zip(uuids, ('cirros', 'cirros', 'fedora')):
        assert list(found[uuid].items()) == [
            ('image_disk_format', 'qcow2'), ('image_min_ram', '0'),
            ('image_os_distro', os_name)]
    # Equal entries are one (read-only) dict, for the views to share.
    assert found[uuids[0]] is found[uuids[1]]
    assert objects.Instance.system_metadata_by_instances(ctx, uuids) == {
        uuid: {} for uuid in uuids}


def test_system_metadata_held_by_all_some_or_one(any_admin_context):
    """Pairs every instance holds are counted, not listed; the others
    are listed by holder: keys held by some, values that differ."""
    ctx = any_admin_context
    kept = [{'image_a': '1', 'image_b': 'x', 'image_c': 'only'},
            {'image_a': '1', 'image_b': 'y'},
            {'image_a': '1', 'image_b': 'x'}]
    uuids = []
    for system_metadata in kept:
        uuid = uuidutils.generate_uuid()
        instances_db.instance_create(ctx, {
            'uuid': uuid, 'project_id': 'p', 'user_id': 'u',
            'memory_mb': 1, 'vcpus': 1, 'root_gb': 0, 'ephemeral_gb': 0,
            'vm_state': 'active', 'system_metadata': system_metadata})
        uuids.append(uuid)
    found = objects.Instance.system_metadata_by_instances(
        ctx, uuids, prefixes=['image_'])
    assert [list(found[u].items()) for u in uuids] == [
        sorted(k.items()) for k in kept]
    # A uuid without a row: no pair is everyone's, all are listed.
    assert objects.Instance.system_metadata_by_instances(
        ctx, uuids + ['none'], prefixes=['image_']) == dict(
        zip(uuids, kept), none={})


def test_packed_rows_hold_what_plain_rows_hold(any_admin_context):
    """A wide page is read as a JSON array per row: the same values
    (times with their microseconds, flags as booleans, text as stored)
    as the driver's own rows."""
    ctx = any_admin_context
    uuid = _instance(ctx, 'p\u00e4cked "one"')
    instances_db.instance_update(ctx, uuid, {
        'locked': True, 'progress': 40, 'key_name': None,
        'launched_at': datetime.datetime(2026, 1, 2, 3, 4, 5, 678901),
        'flavor': '{"name": "tiny"}'})
    names = ('display_name', 'locked', 'progress', 'key_name',
             'launched_at', 'created_at', 'updated_at', 'terminated_at',
             'flavor', 'power_state', 'vm_state')
    [packed] = instances_db.instance_get_all_by_filters(
        ctx, {'uuid': uuid}, columns=names)
    [plain] = instances_db.instance_get_all_by_filters(
        ctx, {'uuid': uuid})
    assert set(packed._fields) == set(names) | {'uuid'}
    for name in packed._fields:
        assert getattr(packed, name) == getattr(plain, name), name
        assert type(getattr(packed, name)) is type(getattr(plain, name))
    assert packed.locked is True
    assert packed.display_name == 'p\u00e4cked "one"'


def test_instances_from_plain_rows_match_a_single_read(admin_context):
    ctx = admin_context
    uuid = _instance(ctx, 'alpha')
    listed = objects.InstanceList.get_by_filters(
        ctx, {'uuid': uuid}, expected_attrs=['metadata', 'system_metadata'])
    [item] = listed.objects
    single = objects.Instance.get_by_uuid(
        ctx, uuid, expected_attrs=['metadata', 'system_metadata'])
    for name in item.fields:
        if name == 'fault':
            continue
        assert item.obj_attr_is_set(name) == single.obj_attr_is_set(name)
        if item.obj_attr_is_set(name):
            assert getattr(item, name) == getattr(single, name), name
    assert item.metadata == {'role': 'alpha'}
    assert item.system_metadata == {'image_os': 'x'}
    assert item.created_at.tzinfo is not None
    assert item.obj_what_changed() == set()


def test_scheduler_hints_read_from_stored_specs(admin_context):
    ctx = admin_context
    with_hints, without = _instance(ctx, 'a'), _instance(ctx, 'b')
    spec = objects.RequestSpec(scheduler_hints={'group': ['g1'],
                                                'near': ['x', 'y']})
    request_specs_db.request_spec_create(
        ctx, with_hints, spec._document(with_hints, ()))
    request_specs_db.request_spec_create(
        ctx, without, objects.RequestSpec()._document(without, ()))
    hints = objects.RequestSpec.hints_by_instances(
        ctx, [with_hints, without, 'none'])
    assert hints == {with_hints: {'group': ['g1'], 'near': ['x', 'y']},
                     without: {}, 'none': {}}


def test_version_checks_follow_the_request_version():
    req = wsgi.Request(webob.Request.blank('/').environ)
    req.environ['nova.api_version'] = api_version.APIVersion('2.10')
    assert req.is_version('2.9') and not req.is_version('2.11')
    assert req.is_version('2.1', '2.10') and not req.is_version('2.1', '2.9')
    req.environ['nova.api_version'] = api_version.APIVersion('2.20')
    assert req.is_version('2.11') and not req.is_version('2.1', '2.9')


def test_system_metadata_of_a_page_only_the_keys_shown(any_admin_context):
    ctx = any_admin_context
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(ctx, {
        'uuid': uuid, 'project_id': 'p', 'user_id': 'u', 'memory_mb': 1,
        'vcpus': 1, 'root_gb': 0, 'ephemeral_gb': 0, 'vm_state': 'active',
        'system_metadata': {'image_os': 'x', 'image_min_ram': '0',
                            'imageXos': 'no', 'locked_reason': 'why',
                            'clean_attempts': '1'}})
    found = objects.Instance.system_metadata_by_instances(
        ctx, [uuid, 'none'], keys=['locked_reason'], prefixes=['image_'])
    assert found == {uuid: {'image_os': 'x', 'image_min_ram': '0',
                            'locked_reason': 'why'}, 'none': {}}
    only_key = objects.Instance.system_metadata_by_instances(
        ctx, [uuid], keys=['locked_reason'])
    assert only_key == {uuid: {'locked_reason': 'why'}}


def test_rows_hold_what_instances_hold(admin_context):
    ctx = admin_context
    uuid = _instance(ctx, 'alpha')
    instances_db.instance_update(ctx, uuid, {
        'access_ip_v4': '192.0.2.7', 'access_ip_v6': '2001:db8::7',
        'trusted_certs': '["cert-1"]'})
    columns = ('id', 'display_name', 'host', 'flavor', 'power_state',
               'locked', 'access_ip_v4', 'access_ip_v6', 'trusted_certs',
               'created_at', 'vm_state')
    [row] = instance_rows.get_by_filters(ctx, {'uuid': uuid}, columns,
                                         metadata=True,
                                         fault_states={'error'})
    single = objects.Instance.get_by_uuid(ctx, uuid,
                                          expected_attrs=['metadata'])
    for name in columns + ('uuid', 'metadata'):
        if name == 'created_at':
            # Naive UTC (the views only format times).
            assert row.created_at == single.created_at.replace(tzinfo=None)
            continue
        assert getattr(row, name) == getattr(single, name), name
    assert row.locked is False
    assert str(row.access_ip_v6) == '2001:db8::7'
    assert row.trusted_certs == ['cert-1']
    assert row.metadata == {'role': 'alpha'}
    assert row.fault is None
    # Only the columns asked for are read (and uuid).
    assert not hasattr(row, 'key_data') and not hasattr(row, 'user_data')
    [named] = instance_rows.get_by_filters(ctx, {'uuid': uuid},
                                           ('display_name',))
    assert vars(named) == {'uuid': uuid, 'display_name': 'alpha'}


def test_rows_page_like_instances(admin_context):
    ctx = admin_context
    uuids = [_instance(ctx, name) for name in ('web-1', 'db-1', 'web-2')]
    page = instance_rows.get_by_filters(
        ctx, {'project_id': 'p', 'display_name': '^web'}, ('display_name',),
        sort_keys=['display_name'], sort_dirs=['asc'])
    assert [(r.uuid, r.display_name) for r in page] == [
        (uuids[0], 'web-1'), (uuids[2], 'web-2')]
    page = instance_rows.get_by_filters(
        ctx, {'project_id': 'p'}, ('display_name',), limit=1,
        marker=uuids[0], sort_keys=['display_name'], sort_dirs=['asc'])
    assert [r.display_name for r in page] == ['web-2']
    assert instance_rows.get_by_filters(
        ctx, {'project_id': 'none'}, ('display_name',)) == []


def test_spec_documents_without_hints_not_read(any_admin_context):
    ctx = any_admin_context
    none, some, nested = (_instance(ctx, n) for n in ('a', 'b', 'c'))
    docs = {
        none: '{"spec": {"nova_object.data": {"scheduler_hints": {}}}}',
        some: '{"spec": {"nova_object.data": {"scheduler_hints": '
              '{"group": ["g"]}}}}',
        # A key of the same name deeper down with {} is not the hints.
        nested: '{"spec": {"nova_object.data": {"x": {"scheduler_hints": '
                '{}}, "scheduler_hints": {"a": ["1"]}}}}'}
    for uuid, doc in docs.items():
        request_specs_db.request_spec_create(ctx, uuid, doc)
    found = request_specs_db.request_spec_hints_many(
        ctx, [none, some, nested, 'other'])
    # No row at all for a document showing no hints (nor for a server
    # with none kept).
    assert found == {some: docs[some], nested: docs[nested]}
    assert objects.RequestSpec.hints_by_instances(
        ctx, [none, some, nested]) == {none: {}, some: {'group': ['g']},
                                       nested: {'a': ['1']}}


def test_rows_faults_only_of_the_states_asked(admin_context):
    ctx = admin_context
    broken, fine = _instance(ctx, 'broken'), _instance(ctx, 'fine')
    for uuid in (broken, fine):
        instances_db.instance_fault_create(ctx, {
            'instance_uuid': uuid, 'code': 500, 'message': 'boom',
            'details': '', 'host': None})
    instances_db.instance_update(ctx, broken, {'vm_state': 'error'})
    rows = instance_rows.get_by_filters(
        ctx, {'project_id': 'p'}, ('vm_state',), sort_keys=['id'],
        sort_dirs=['asc'], fault_states={'error'})
    assert [r.uuid for r in rows] == [broken, fine]
    assert rows[0].fault.message == 'boom'
    assert rows[1].fault is None
    with pytest.raises(ValueError):
        instance_rows.get_by_filters(ctx, {}, (), fault_states={'error'})


def test_rows_fault_the_newest_as_the_instance_holds_it(any_admin_context):
    ctx = any_admin_context
    broken = _instance(ctx, 'broken')
    for message, details in (('old', 'first'), ('new', 'tb\n"quoted" é')):
        instances_db.instance_fault_create(ctx, {
            'instance_uuid': broken, 'code': 500, 'message': message,
            'details': details, 'host': 'h'})
    instances_db.instance_update(ctx, broken, {'vm_state': 'error'})
    [row] = instance_rows.get_by_filters(
        ctx, {'uuid': broken}, ('vm_state',), fault_states={'error'})
    single = objects.Instance.get_by_uuid(ctx, broken,
                                          expected_attrs=['fault'])
    for name in ('code', 'message', 'details'):
        assert getattr(row.fault, name) == getattr(single.fault, name)
    assert row.fault.message == 'new'
    # Naive UTC (the views only format times).
    assert row.fault.created_at == single.fault.created_at.replace(
        tzinfo=None)


def test_packed_pages_keep_the_order_and_the_page(any_db, monkeypatch):
    """A page read packed (on MariaDB as one value for the whole page)
    holds the rows a plain read gives, in the same order: several sort
    keys, both directions, NULLs, a limit and a marker; and on MariaDB
    the page came in one value, not row by row."""
    ctx = nova_context.get_admin_context()
    uuids = [_instance(ctx, name) for name in
             ('b', 'a', 'b', None, 'c', 'a', None)]
    joined = []
    real = packed_rows._read_joined
    monkeypatch.setattr(packed_rows, '_read_joined', lambda *a: (
        joined.append(1), real(*a))[1])
    names = ('display_name', 'locked', 'progress', 'key_name',
             'launched_at', 'created_at', 'updated_at', 'flavor',
             'vm_state')
    for sort_keys, sort_dirs, limit, marker in (
            (['display_name', 'created_at'], ['asc', 'desc'], None, None),
            (['display_name'], ['desc'], 4, None),
            (['display_name', 'id'], ['asc', 'asc'], 3, uuids[1]),
            (None, None, 5, uuids[4])):
        kwargs = dict(sort_keys=sort_keys, sort_dirs=sort_dirs,
                      limit=limit, marker=marker)
        packed = instances_db.instance_get_all_by_filters(
            ctx, {'project_id': 'p'}, columns=names, **kwargs)
        plain = instances_db.instance_get_all_by_filters(
            ctx, {'project_id': 'p'}, **kwargs)
        assert [r.uuid for r in packed] == [r.uuid for r in plain]
        assert [r.display_name for r in packed] == [
            r.display_name for r in plain]
        assert packed, kwargs
    if any_db == 'mysql':
        assert joined
    # No row: an empty page.
    assert instances_db.instance_get_all_by_filters(
        ctx, {'project_id': 'none'}, columns=names) == []
