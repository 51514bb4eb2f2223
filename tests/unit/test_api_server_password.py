"""A server's encrypted password: GET/DELETE os-server-password and the
helper the metadata service stores it with."""

import pytest

from nova.compute import password
from nova import objects
from tests.unit import stored_instances

OWNER = 'alice:proj-a'


@pytest.fixture
def server(admin_context):
    return stored_instances.create_owned(
        admin_context, system_metadata={'image_base_image_ref': 'img'})


def _path(server):
    return '/v2.1/servers/%s/os-server-password' % server.uuid


def _sysmeta(context, server):
    return objects.Instance.get_by_uuid(
        context, server.uuid, expected_attrs=['system_metadata']
    ).system_metadata


def test_empty_until_stored(api, server):
    resp = api.as_user(OWNER).get(_path(server))
    assert resp.status_int == 200
    assert resp.json == {'password': ''}


def test_stored_in_255_character_chunks(api, admin_context, server):
    secret = ''.join(chr(ord('a') + i % 26) for i in range(600))
    password.store(server, secret)
    stored = _sysmeta(admin_context, server)
    assert [len(stored['password_%d' % i]) for i in range(4)] == \
        [255, 255, 90, 0]
    assert stored['image_base_image_ref'] == 'img'
    assert api.as_user(OWNER).get(_path(server)).json == \
        {'password': secret}


def test_too_long_is_refused(server):
    with pytest.raises(ValueError):
        password.store(server, 'x' * (4 * 255 + 1))


def test_delete_clears(api, admin_context, server):
    password.store(server, 'encrypted')
    resp = api.as_user(OWNER).delete(_path(server))
    assert resp.status_int == 204
    assert api.as_user(OWNER).get(_path(server)).json == {'password': ''}
    assert _sysmeta(admin_context, server)['image_base_image_ref'] == 'img'


def test_other_projects_get_404(api, server):
    other = api.as_user('bob:proj-b')
    assert other.get(_path(server)).status_int == 404
    assert other.delete(_path(server)).status_int == 404
