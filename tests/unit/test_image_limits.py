"""Upload limits of the built-in image store: size cap, project storage
quota, free-space reserve and a full disk (issue 15)."""

import errno
import os

import pytest

from nova import context as nova_context
from nova import exception
from nova.image import limits
from nova.image import local


def _user(project):
    return nova_context.RequestContext(user_id='u-' + project,
                                       project_id=project,
                                       roles=['member', 'reader'])


@pytest.fixture
def store(db, conf, tmp_path):
    conf.set_override('store_reserved_mb', 0, 'glance')
    return local.LocalStore(str(tmp_path / 'images'))


def _queued(store, ctx):
    return store.create(ctx, {'name': 'i', 'disk_format': 'raw',
                              'container_format': 'bare'})['id']


def test_declared_size_over_the_cap_is_refused_before_reading(conf, store):
    conf.set_override('image_size_cap', 1000, 'glance')
    ctx = _user('p')
    image_id = _queued(store, ctx)

    def never_read():
        raise AssertionError('the data was read')
        yield b''
    with pytest.raises(exception.ImageTooLarge):
        store.upload(ctx, image_id, never_read(), size=1001)
    assert store.get(ctx, image_id)['status'] == 'queued'


def test_streamed_size_over_the_cap_leaves_nothing(conf, store):
    conf.set_override('image_size_cap', 1000, 'glance')
    ctx = _user('p')
    image_id = _queued(store, ctx)
    with pytest.raises(exception.ImageTooLarge):
        store.upload(ctx, image_id, iter([b'x' * 600, b'x' * 600]))
    assert store.get(ctx, image_id)['status'] == 'queued'
    assert os.listdir(store.path) == []


def test_project_storage_quota(conf, store):
    conf.set_override('project_storage_quota_mb', 1, 'glance')
    ctx, other = _user('p'), _user('q')
    store.upload(ctx, _queued(store, ctx), b'x' * 700000)
    second = _queued(store, ctx)
    with pytest.raises(exception.ImageStorageQuotaExceeded) as e:
        store.upload(ctx, second, b'x' * 400000)
    assert e.value.code == 413 and 'Delete images' in str(e.value)
    # Other projects have their own quota.
    assert store.upload(other, _queued(store, other),
                        b'x' * 700000)['status'] == 'active'


def test_reserve_refuses_uploads_that_would_fill_the_disk(conf, store):
    os.makedirs(store.path)
    free = limits._free_bytes(store.path)
    conf.set_override('store_reserved_mb', free // limits.MIB, 'glance')
    ctx = _user('p')
    with pytest.raises(exception.ImageStoreFull) as e:
        store.upload(ctx, _queued(store, ctx), b'x' * 10,
                     size=2 * limits.MIB)
    assert e.value.code == 507


def test_full_disk_is_a_507_and_leaves_no_partial_image(store):
    ctx = _user('p')
    image_id = _queued(store, ctx)

    def filling():
        yield b'x' * 1000
        raise OSError(errno.ENOSPC, 'No space left on device')
    with pytest.raises(exception.ImageStoreFull):
        store.upload(ctx, image_id, filling())
    assert store.get(ctx, image_id)['status'] == 'queued'
    assert os.listdir(store.path) == []
    store.delete(ctx, image_id)
    with pytest.raises(exception.ImageNotFound):
        store.get(ctx, image_id)
