"""nova.image.boot_cache: a create's image is read from Glance (or the
built-in store) once per few seconds, per image and per who asks."""

import time

import pytest

from nova import context as nova_context
from nova import exception
from nova.image import api as image_api
from nova.image import boot_cache


class CountingImages:
    """Answers like an image backend and counts what it was asked."""

    def __init__(self):
        self.asked = []
        self.status = 'active'

    def get(self, context, image_id):
        self.asked.append((image_id, context.project_id))
        if image_id == 'missing':
            raise exception.ImageNotFound(image_id=image_id)
        return {'id': image_id, 'status': self.status,
                'properties': {'os_type': 'linux'}}


@pytest.fixture
def glance(conf):
    conf.set_override('backend', 'glance', group='glance')
    conf.set_override('api_servers', ['http://127.0.0.1:9'], group='glance')
    boot_cache.forget()
    yield CountingImages()
    boot_cache.forget()


def _ctx(project='proj-a', admin=False):
    return nova_context.RequestContext(user_id='u', project_id=project,
                                       is_admin=admin)


def test_kept_per_image_and_asker(glance):
    first = boot_cache.get(glance, _ctx(), 'img')
    # What a caller does with its copy stays its own.
    first['properties']['os_type'] = 'changed'
    assert boot_cache.get(glance, _ctx(), 'img')['properties'] == {
        'os_type': 'linux'}
    assert len(glance.asked) == 1
    boot_cache.get(glance, _ctx('proj-b'), 'img')
    boot_cache.get(glance, _ctx(admin=True), 'img')
    boot_cache.get(glance, _ctx(), 'other')
    assert len(glance.asked) == 4


def test_missing_images_are_asked_again(glance):
    for _ in range(2):
        with pytest.raises(exception.ImageNotFound):
            boot_cache.get(glance, _ctx(), 'missing')
    assert len(glance.asked) == 2


def test_expires_and_changes_through_this_process_apply_at_once(glance,
                                                                conf):
    conf.set_override('boot_image_cache_seconds', 1, group='glance')
    boot_cache.get(glance, _ctx(), 'img')
    glance.status = 'deactivated'
    assert boot_cache.get(glance, _ctx(), 'img')['status'] == 'active'
    image_api._changed('img')
    assert boot_cache.get(glance, _ctx(), 'img')['status'] == 'deactivated'
    glance.status = 'active'
    time.sleep(1.1)
    assert boot_cache.get(glance, _ctx(), 'img')['status'] == 'active'


def test_off_when_set_to_0(glance, conf):
    conf.set_override('boot_image_cache_seconds', 0, group='glance')
    boot_cache.get(glance, _ctx(), 'img')
    boot_cache.get(glance, _ctx(), 'img')
    assert len(glance.asked) == 2


def test_the_built_in_store_is_kept_too(glance, conf):
    conf.set_override('backend', 'local', group='glance')
    boot_cache.get(glance, _ctx(), 'img')
    boot_cache.get(glance, _ctx(), 'img')
    assert len(glance.asked) == 1


def test_a_change_through_the_built_in_image_service_applies_at_once(
        glance, conf, tmp_path):
    """Its handlers write the store directly, not through nova.image.api:
    any request that may change an image forgets what was kept."""
    from nova.api.image import deploy
    conf.set_override('backend', 'local', group='glance')
    seen = []
    store = deploy.Store(lambda environ, start: seen.append(
        environ['REQUEST_METHOD']) or [], object())
    boot_cache.get(glance, _ctx(), 'img')
    store({'REQUEST_METHOD': 'GET'}, None)
    boot_cache.get(glance, _ctx(), 'img')
    assert len(glance.asked) == 1
    store({'REQUEST_METHOD': 'POST'}, None)
    boot_cache.get(glance, _ctx(), 'img')
    assert len(glance.asked) == 2 and seen == ['GET', 'POST']
