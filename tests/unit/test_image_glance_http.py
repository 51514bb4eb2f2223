"""The built-in Glance v2 API over real HTTP, and GlanceBackend against it.

The image service runs in a cheroot thread on 127.0.0.1 with a free port;
GlanceBackend is the client nova uses for a real Glance.
"""

import hashlib
import os

import pytest
import requests

from nova.api.image import deploy
from nova import context as nova_context
from nova import exception
from nova.image import api as image_api
from nova.image import glance as glance_backend
from nova import wsgi_server


@pytest.fixture
def server(db, conf):
    srv = wsgi_server.Server('image-test', deploy.loadapp(conf),
                             '127.0.0.1', 0, threads=4)
    srv.start()
    yield 'http://127.0.0.1:%d' % srv.port
    srv.stop()


def _user(project):
    return nova_context.RequestContext(user_id='user-' + project,
                                       project_id=project,
                                       roles=['member'])


@pytest.fixture
def backend(server):
    return glance_backend.GlanceBackend([server])


def test_discovery_and_streamed_upload_over_http(server):
    resp = requests.get(server + '/')
    assert resp.status_code == 300
    v2 = resp.json()['versions'][0]['links'][0]['href']
    assert v2 == server + '/v2/'
    headers = {'X-Auth-Token': 'alice:pa'}
    resp = requests.post(v2 + 'images', headers=headers,
                         json={'name': 'streamed', 'disk_format': 'raw',
                               'container_format': 'bare'})
    assert resp.status_code == 201
    image = resp.json()
    assert resp.headers['x-openstack-request-id'].startswith('req-')
    data = os.urandom(300 * 1024)

    def chunks():  # a generator body goes chunked
        for start in range(0, len(data), 64 * 1024):
            yield data[start:start + 64 * 1024]
    resp = requests.put(server + image['file'], data=chunks(),
                        headers=dict(headers, **{
                            'Content-Type': 'application/octet-stream'}))
    assert resp.status_code == 204, resp.text
    resp = requests.get(server + image['file'], headers=headers)
    assert resp.status_code == 200
    assert resp.content == data
    assert resp.headers['Content-MD5'] == hashlib.md5(data).hexdigest()
    assert int(resp.headers['Content-Length']) == len(data)
    # Glance's error format for a client that asks for HTML.
    resp = requests.get(server + '/v2/images/nope', headers=dict(
        headers, Accept='text/html'))
    assert resp.status_code == 404
    assert '404 Not Found' in resp.text


def test_glance_backend_round_trip(backend):
    alice = _user('alice')
    image = backend.create(alice, {
        'name': 'img', 'disk_format': 'qcow2', 'container_format': 'bare',
        'min_ram': 128, 'tags': ['x'],
        'properties': {'os_distro': 'cirros', 'hw_disk_bus': 'virtio'}},
        data=b'abc' * 1000)
    assert image['status'] == 'active'
    assert image['owner'] == 'alice'
    assert image['size'] == 3000
    assert image['checksum'] == hashlib.md5(b'abc' * 1000).hexdigest()
    assert image['properties'] == {'os_distro': 'cirros',
                                   'hw_disk_bus': 'virtio'}
    assert image['tags'] == ['x']
    assert image['created_at'].year > 2000  # parsed to a datetime
    assert b''.join(backend.download(alice, image['id'])) == b'abc' * 1000

    image = backend.update(alice, image['id'], {
        'name': 'renamed', 'properties': {'os_distro': 'ubuntu', 'new': 'v'}},
        purge_props=True)
    assert image['name'] == 'renamed'
    assert image['properties'] == {'os_distro': 'ubuntu', 'new': 'v'}
    # Sending back what get returned changes nothing.
    assert backend.update(alice, image['id'], image) == image

    listed = backend.get_all(alice, filters={'name': 'renamed'})
    assert [i['id'] for i in listed] == [image['id']]
    assert backend.get_all(alice, filters={'property-new': 'v'})[0][
        'id'] == image['id']
    assert backend.get_all(alice, filters={'property-new': 'w'}) == []

    backend.delete(alice, image['id'])
    with pytest.raises(exception.ImageNotFound):
        backend.get(alice, image['id'])


def test_glance_backend_follows_pages(backend, conf):
    alice = _user('alice')
    for i in range(30):  # more than the service's default page of 25
        backend.create(alice, {'name': 'n%02d' % i})
    everything = backend.get_all(alice, sort_key='name', sort_dir='asc')
    names = [i['name'] for i in everything]
    assert names == ['n%02d' % i for i in range(30)]
    page = backend.get_all(alice, limit=5, sort_key='name', sort_dir='asc')
    assert [i['name'] for i in page] == names[:5]
    rest = backend.get_all(alice, marker=page[-1]['id'], sort_key='name',
                           sort_dir='asc')
    assert [i['name'] for i in rest] == names[5:]


def test_glance_backend_errors(backend):
    alice, bob = _user('alice'), _user('bob')
    image = backend.create(alice, {'name': 'private',
                                   'visibility': 'private'})
    with pytest.raises(exception.ImageNotFound):
        backend.get(bob, image['id'])
    with pytest.raises(exception.ImageNotFound):
        backend.delete(bob, image['id'])
    with pytest.raises(exception.NotAuthorized):
        backend.create(alice, {'name': 'x', 'visibility': 'public'})
    with pytest.raises(exception.Invalid):
        backend.create(alice, {'name': 'x', 'disk_format': 'floppy'})
    with pytest.raises(exception.ImageNotActive):
        list(backend.download(alice, image['id']))
    protected = backend.create(alice, {'name': 'p', 'protected': True})
    with pytest.raises(exception.NotAuthorized):
        backend.delete(alice, protected['id'])
    with pytest.raises(exception.Invalid):  # the marker is unknown
        backend.get_all(alice, marker='nope')


def test_glance_backend_fails_over_and_reports_unreachable(server):
    alice = _user('alice')
    dead = 'http://127.0.0.1:9'  # discard port: nothing listens
    backend = glance_backend.GlanceBackend([dead, server])
    assert backend.create(alice, {'name': 'x'})['name'] == 'x'
    with pytest.raises(glance_backend.GlanceUnavailable) as info:
        glance_backend.GlanceBackend([dead]).get_all(alice)
    assert info.value.code == 503


def test_image_api_facade_uses_glance_when_configured(server, conf):
    conf.set_override('backend', 'glance', 'glance')
    conf.set_override('api_servers', [server], 'glance')
    images = image_api.API()
    assert isinstance(images._backend, glance_backend.GlanceBackend)
    image = images.create(_user('alice'), {'name': 'via-facade'},
                          data=b'x')
    assert images.get(_user('alice'), image['id'])['status'] == 'active'


def test_glance_backend_detects_corrupted_downloads(backend, conf):
    alice = _user('alice')
    image = backend.create(alice, {'name': 'x'}, data=b'good data')
    # Rot the stored bytes behind the service's back: same size, new bytes.
    with open(os.path.join(conf.glance.images_path, image['id']), 'wb') as f:
        f.write(b'evil data')
    with pytest.raises(exception.NovaException, match='corrupted'):
        b''.join(backend.download(alice, image['id']))


def test_glance_read_only_names_are_not_properties(backend, server):
    """Root cause: every key of a Glance image outside the core attributes
    was taken for a property, so Glance's read-only `stores` (and its
    os_glance_* names) went back in updates and creates: the image
    metadata proxy got 409 and shelve 403 from a real Glance."""
    body = {'id': 'i', 'name': 'n', 'status': 'active', 'tags': [],
            'stores': 'file', 'os_glance_importing_to_stores': '',
            'os_distro': 'cirros', 'self': '/v2/images/i',
            'file': '/v2/images/i/file', 'schema': '/v2/schemas/image'}
    assert glance_backend.to_image(body)['properties'] == {
        'os_distro': 'cirros'}
    # The built-in image service refuses them as Glance does ...
    headers = {'X-Auth-Token': 'alice:alice'}
    for name in ('stores', 'os_glance_import_task'):
        resp = requests.post(server + '/v2/images', headers=headers,
                             json={'name': 'x', name: 'v'})
        assert resp.status_code == 403, resp.text
    # ... and the client never sends them back: an update or a create
    # carrying them (an image dict read from Glance) goes through.
    alice = _user('alice')
    image = backend.create(alice, {
        'name': 'snap', 'disk_format': 'raw', 'container_format': 'bare',
        'properties': {'stores': 'file', 'os_glance_x': 'y', 'kept': '1'}})
    assert image['properties'] == {'kept': '1'}
    image['properties'].update(stores='file', os_glance_x='y', more='2')
    image = backend.update(alice, image['id'], image, purge_props=True)
    assert image['properties'] == {'kept': '1', 'more': '2'}
