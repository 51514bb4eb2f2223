"""The built-in image store: visibility, data, delete and failed uploads."""

import hashlib
import io
import os

import pytest

from nova import context as nova_context
from nova import exception
from nova.image import default_image
from nova.image import local
from nova.image import qcow2


def _user(project, user=None):
    return nova_context.RequestContext(user_id=user or 'user-' + project,
                                       project_id=project,
                                       roles=['member', 'reader'])


@pytest.fixture
def store(db, tmp_path):
    return local.LocalStore(str(tmp_path / 'images'))


@pytest.fixture
def admin():
    return nova_context.RequestContext(user_id='admin', project_id='admin',
                                       roles=['admin'])


def _ids(images):
    return {image['id'] for image in images}


def _files(store):
    return sorted(os.listdir(store.path)) if os.path.isdir(store.path) \
        else []


def test_visibility_rules(store, admin):
    alice, bob = _user('alice'), _user('bob')
    public = store.create(admin, {'name': 'pub', 'visibility': 'public'})
    private = store.create(alice, {'name': 'priv', 'visibility': 'private'})
    shared = store.create(alice, {'name': 'shared'})
    community = store.create(alice, {'name': 'comm',
                                     'visibility': 'community'})
    assert shared['visibility'] == 'shared'
    assert private['owner'] == 'alice'

    assert _ids(store.get_all(alice)) == {public['id'], private['id'],
                                          shared['id'], community['id']}
    # Like Glance, others' community images are listed only on request.
    assert _ids(store.get_all(bob)) == {public['id']}
    assert _ids(store.get_all(bob, filters={'visibility': 'community'})) \
        == {community['id']}
    assert _ids(store.get_all(admin)) == {public['id'], private['id'],
                                          shared['id'], community['id']}
    # Community and public images can be read by anyone, the rest not.
    assert store.get(bob, community['id'])['name'] == 'comm'
    for image in (private, shared):
        with pytest.raises(exception.ImageNotFound):
            store.get(bob, image['id'])
    assert store.get(admin, private['id'])['name'] == 'priv'


def test_only_admins_make_images_public(store):
    with pytest.raises(exception.NotAuthorized):
        store.create(_user('alice'), {'name': 'x', 'visibility': 'public'})
    image = store.create(_user('alice'), {'name': 'x'})
    with pytest.raises(exception.NotAuthorized):
        store.update(_user('alice'), image['id'], {'visibility': 'public'})


def test_others_cannot_change_a_visible_image(store, admin):
    image = store.create(admin, {'name': 'pub', 'visibility': 'public'})
    bob = _user('bob')
    with pytest.raises(exception.NotAuthorized):
        store.update(bob, image['id'], {'name': 'mine'})
    with pytest.raises(exception.NotAuthorized):
        store.delete(bob, image['id'])
    assert store.get(bob, image['id'])['name'] == 'pub'


def test_upload_and_download_with_checksums(store):
    alice = _user('alice')
    data = os.urandom(200 * 1024 + 7)
    image = store.create(alice, {'name': 'raw', 'disk_format': 'raw',
                                 'container_format': 'bare'})
    assert image['status'] == 'queued'
    assert image['size'] is None
    # A file-like object is read in chunks.
    image = store.upload(alice, image['id'], io.BytesIO(data))
    assert image['status'] == 'active'
    assert image['size'] == len(data)
    assert image['virtual_size'] == len(data)
    assert image['checksum'] == hashlib.md5(data).hexdigest()
    assert image['os_hash_algo'] == 'sha512'
    assert image['os_hash_value'] == hashlib.sha512(data).hexdigest()
    assert b''.join(store.download(alice, image['id'])) == data
    assert _files(store) == [image['id']]


def test_upload_only_once(store):
    alice = _user('alice')
    image = store.create(alice, {'name': 'x'}, data=b'abc')
    with pytest.raises(exception.Conflict):
        store.upload(alice, image['id'], b'other')
    assert b''.join(store.download(alice, image['id'])) == b'abc'


def test_download_without_data(store):
    image = store.create(_user('alice'), {'name': 'x'})
    with pytest.raises(exception.ImageNotActive):
        store.download(_user('alice'), image['id'])


def test_failed_upload_leaves_nothing(store):
    """A broken stream must not leave a partial file or an active image."""
    alice = _user('alice')
    image = store.create(alice, {'name': 'x'})

    def broken():
        yield b'a' * 100000
        raise IOError('connection reset')

    with pytest.raises(IOError):
        store.upload(alice, image['id'], broken())
    assert _files(store) == []
    image = store.get(alice, image['id'])
    assert image['status'] == 'queued'
    assert image['size'] is None and image['checksum'] is None
    # The image can be uploaded again.
    assert store.upload(alice, image['id'], b'ok')['status'] == 'active'


def test_delete_removes_row_and_file(store):
    alice = _user('alice')
    image = store.create(alice, {'name': 'x'}, data=b'data')
    store.delete(alice, image['id'])
    assert _files(store) == []
    with pytest.raises(exception.ImageNotFound):
        store.get(alice, image['id'])
    with pytest.raises(exception.ImageNotFound):
        store.delete(alice, image['id'])


def test_protected_image_cannot_be_deleted(store):
    alice = _user('alice')
    image = store.create(alice, {'name': 'x', 'protected': True}, data=b'd')
    with pytest.raises(exception.NotAuthorized) as info:
        store.delete(alice, image['id'])
    assert info.value.code == 403
    assert _files(store) == [image['id']]
    store.update(alice, image['id'], {'protected': False})
    store.delete(alice, image['id'])
    assert _files(store) == []


def test_properties_tags_and_purge(store):
    alice = _user('alice')
    image = store.create(alice, {'name': 'x', 'tags': ['a', 'b'],
                                 'properties': {'os_distro': 'cirros',
                                                'hw_disk_bus': 'virtio'}})
    assert image['tags'] == ['a', 'b']
    image = store.update(alice, image['id'], {'properties': {'k': 'v'}})
    assert image['properties'] == {'os_distro': 'cirros',
                                   'hw_disk_bus': 'virtio', 'k': 'v'}
    image = store.update(alice, image['id'], {'properties': {'k': 'w'}},
                         purge_props=True)
    assert image['properties'] == {'k': 'w'}
    store.add_tag(alice, image['id'], 'c')
    store.remove_tag(alice, image['id'], 'a')
    assert store.get(alice, image['id'])['tags'] == ['b', 'c']
    with pytest.raises(exception.NotFound):
        store.remove_tag(alice, image['id'], 'a')
    # Read-only attributes can be sent back unchanged, but not changed.
    current = store.get(alice, image['id'])
    store.update(alice, image['id'], current)
    with pytest.raises(exception.NotAuthorized):
        store.update(alice, image['id'], {'status': 'active'})


def test_invalid_attributes(store):
    alice = _user('alice')
    for meta in ({'disk_format': 'floppy'}, {'container_format': 'box'},
                 {'visibility': 'everyone'}, {'min_ram': -1},
                 {'id': 'not-a-uuid'}):
        with pytest.raises(exception.Invalid):
            store.create(alice, dict(meta, name='x'))
    assert store.get_all(alice) == []


def test_filters_sort_and_pages(store):
    alice = _user('alice')
    made = [store.create(alice, {'name': 'img-%d' % i, 'min_ram': i * 100,
                                 'disk_format': 'qcow2' if i % 2 else 'raw',
                                 'properties': {'n': str(i)}})
            for i in range(5)]
    names = [i['name'] for i in store.get_all(alice, sort_key='name',
                                              sort_dir='asc')]
    assert names == ['img-0', 'img-1', 'img-2', 'img-3', 'img-4']
    page = store.get_all(alice, limit=2, sort_key='name', sort_dir='asc')
    rest = store.get_all(alice, marker=page[-1]['id'], sort_key='name',
                         sort_dir='asc')
    assert [i['name'] for i in page + rest] == names
    assert _ids(store.get_all(alice, filters={'disk_format': 'qcow2'})) == \
        {made[1]['id'], made[3]['id']}
    assert _ids(store.get_all(alice, filters={'min_ram': 300})) == \
        {made[3]['id'], made[4]['id']}
    assert _ids(store.get_all(alice, filters={'property-n': '2'})) == \
        {made[2]['id']}
    assert _ids(store.get_all(alice, filters={'name': 'img-4'})) == \
        {made[4]['id']}
    with pytest.raises(exception.InvalidMarker):
        store.get_all(alice, marker='00000000-0000-0000-0000-000000000000')
    with pytest.raises(exception.InvalidSortKey):
        store.get_all(alice, sort_key='checksum')


def test_qcow2_virtual_size_is_read_from_the_header(store):
    data = qcow2.empty_image(512 * 1024 ** 2)
    image = store.create(_user('alice'), {'name': 'q', 'disk_format': 'qcow2',
                                          'container_format': 'bare'},
                         data=data)
    assert image['virtual_size'] == 512 * 1024 ** 2
    assert image['size'] == len(data)


def test_default_image_is_created_once(db, conf, admin_context):
    image = default_image.ensure_default_image(admin_context)
    assert image['name'] == 'cirros'
    assert image['visibility'] == 'public'
    assert image['status'] == 'active'
    assert image['disk_format'] == 'qcow2'
    assert image['container_format'] == 'bare'
    assert image['virtual_size'] == 1024 ** 3
    assert image['size'] < 64 * 1024
    assert default_image.ensure_default_image(admin_context) is None
    store = local.LocalStore()
    assert len(store.get_all(admin_context)) == 1
    # Another project sees it and can read its bytes.
    data = b''.join(store.download(_user('bob'), image['id']))
    assert data.startswith(qcow2.MAGIC)
    assert hashlib.md5(data).hexdigest() == image['checksum']
    assert os.path.isfile(os.path.join(conf.glance.images_path, image['id']))


def test_queries_on_every_database(any_admin_context, tmp_path):
    """Visibility, filters, pages and delete on SQLite, MariaDB, PostgreSQL."""
    store = local.LocalStore(str(tmp_path / 'images'))
    alice, bob = _user('alice'), _user('bob')
    admin = nova_context.RequestContext(user_id='admin', project_id='admin',
                                        roles=['admin'])
    public = store.create(admin, {'name': 'b-pub', 'visibility': 'public',
                                  'tags': ['x'], 'properties': {'k': 'v'}})
    mine = [store.create(alice, {'name': 'a-%d' % i, 'min_disk': i,
                                 'visibility': 'private'})
            for i in range(3)]
    assert _ids(store.get_all(bob)) == {public['id']}
    page = store.get_all(alice, limit=2, sort_key='name', sort_dir='asc')
    rest = store.get_all(alice, marker=page[-1]['id'], sort_key='name',
                         sort_dir='asc')
    assert [i['name'] for i in page + rest] == ['a-0', 'a-1', 'a-2',
                                                'b-pub']
    assert _ids(store.get_all(alice, filters={'tags': ['x'],
                                              'property-k': 'v'})) == \
        {public['id']}
    assert _ids(store.get_all(alice, filters={'min_disk': 2})) == \
        {mine[2]['id']}
    store.update(alice, mine[0]['id'], {'properties': {'p': '1'}},
                 purge_props=True)
    store.delete(alice, mine[0]['id'])
    with pytest.raises(exception.ImageNotFound):
        store.get(alice, mine[0]['id'])
