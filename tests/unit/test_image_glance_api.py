"""The built-in Glance v2 API, called in process."""

import hashlib
import json

import pytest
import webob

from nova.api.image import deploy

PATCH = 'application/openstack-images-v2.1-json-patch'


class Client:
    """Calls the image service app as user:project (noauth2)."""

    def __init__(self, app, token='admin:admin'):
        self.app = app
        self.token = token

    def as_user(self, token):
        return Client(self.app, token)

    def request(self, method, path, body=None, content_type=None,
                headers=None):
        req = webob.Request.blank(path, method=method)
        req.headers['X-Auth-Token'] = self.token
        req.headers['Accept'] = 'application/json'
        if body is not None:
            req.body = body if isinstance(body, bytes) else \
                json.dumps(body).encode()
            req.content_type = content_type or 'application/json'
        req.headers.update(headers or {})
        return req.get_response(self.app)


@pytest.fixture
def glance(db, conf):
    return Client(deploy.loadapp(conf))


def _create(client, **body):
    resp = client.request('POST', '/v2/images', body)
    assert resp.status_int == 201, resp.body
    return resp.json


def test_version_documents_need_no_token(glance):
    anonymous = Client(glance.app, token='')
    resp = anonymous.request('GET', '/')
    assert resp.status_int == 300
    versions = resp.json['versions']
    assert versions[0]['status'] == 'CURRENT'
    assert {v['id'] for v in versions} >= {'v2.0', 'v2.1'}
    assert versions[0]['links'][0]['href'] == 'http://localhost/v2/'
    assert anonymous.request('GET', '/versions').status_int == 200


def test_image_shape(glance):
    image = _create(glance, name='cirros', disk_format='qcow2',
                    container_format='bare', visibility='public',
                    os_distro='cirros', tags=['a'], min_ram=64)
    assert image['status'] == 'queued'
    assert image['self'] == '/v2/images/%s' % image['id']
    assert image['file'] == '/v2/images/%s/file' % image['id']
    assert image['schema'] == '/v2/schemas/image'
    assert image['os_distro'] == 'cirros'  # extra properties at top level
    assert image['tags'] == ['a']
    assert image['min_ram'] == 64 and image['min_disk'] == 0
    assert image['owner'] == 'admin'
    assert image['protected'] is False and image['os_hidden'] is False
    for key in ('checksum', 'size', 'virtual_size', 'os_hash_algo',
                'os_hash_value'):
        assert key in image and image[key] is None
    assert image['created_at'].endswith('Z')
    assert 'properties' not in image
    resp = glance.request('GET', '/v2/images/%s' % image['id'])
    assert resp.status_int == 200
    assert resp.json == image


def test_upload_download(glance):
    image = _create(glance, name='x', disk_format='raw',
                    container_format='bare')
    path = '/v2/images/%s/file' % image['id']
    assert glance.request('GET', path).status_int == 204  # no data yet
    resp = glance.request('PUT', path, b'not octets',
                          content_type='application/json')
    assert resp.status_int == 415
    data = b'0123456789' * 1000
    resp = glance.request('PUT', path, data,
                          content_type='application/octet-stream')
    assert resp.status_int == 204
    resp = glance.request('PUT', path, data,
                          content_type='application/octet-stream')
    assert resp.status_int == 409
    resp = glance.request('GET', path)
    assert resp.status_int == 200
    assert resp.body == data
    assert resp.headers['Content-MD5'] == hashlib.md5(data).hexdigest()
    assert resp.content_type == 'application/octet-stream'
    shown = glance.request('GET', '/v2/images/%s' % image['id']).json
    assert shown['status'] == 'active'
    assert shown['size'] == len(data)
    assert shown['os_hash_value'] == hashlib.sha512(data).hexdigest()


def test_list_filters_and_pages(glance):
    made = [_create(glance, name='img-%d' % i, visibility='public',
                    disk_format='qcow2' if i % 2 else 'raw', flavour=str(i))
            for i in range(5)]
    resp = glance.request('GET', '/v2/images?limit=2&sort_key=name&'
                                 'sort_dir=asc')
    body = resp.json
    assert body['schema'] == '/v2/schemas/images'
    assert body['first'] == '/v2/images?limit=2&sort_key=name&sort_dir=asc'
    assert [i['name'] for i in body['images']] == ['img-0', 'img-1']
    names = []
    while True:
        names += [i['name'] for i in body['images']]
        if 'next' not in body:
            break
        body = glance.request('GET', body['next']).json
    assert names == ['img-%d' % i for i in range(5)]

    def ids(query):
        resp = glance.request('GET', '/v2/images?' + query)
        assert resp.status_int == 200, resp.body
        return {i['id'] for i in resp.json['images']}
    assert ids('disk_format=qcow2') == {made[1]['id'], made[3]['id']}
    assert ids('name=img-2') == {made[2]['id']}
    assert ids('flavour=4') == {made[4]['id']}  # extra property filter
    assert ids('id=in:%s,%s' % (made[0]['id'], made[1]['id'])) == \
        {made[0]['id'], made[1]['id']}
    assert ids('sort=name:desc&limit=1') == {made[4]['id']}
    assert glance.request('GET', '/v2/images?limit=-1').status_int == 400
    assert glance.request('GET', '/v2/images?sort_key=nope').status_int \
        == 400
    assert glance.request('GET', '/v2/images?marker=nope').status_int == 400
    assert glance.request('GET',
                          '/v2/images?visibility=all').status_int == 200
    assert glance.request('GET',
                          '/v2/images?visibility=wide').status_int == 400


def test_private_images_are_invisible_to_other_projects(glance):
    alice, bob = glance.as_user('alice:pa'), glance.as_user('bob:pb')
    image = _create(alice, name='mine', visibility='private')
    assert bob.request('GET', '/v2/images/%s' % image['id']).status_int \
        == 404
    assert bob.request('GET', '/v2/images').json['images'] == []
    assert alice.request('GET', '/v2/images').json['images'][0]['id'] == \
        image['id']
    resp = bob.request('DELETE', '/v2/images/%s' % image['id'])
    assert resp.status_int == 404
    # Errors are Glance's: webob's JSON body naming the status.
    assert resp.json['code'] == '404 Not Found'
    assert image['id'] in resp.json['message']
    # Non-admins may not publish.
    resp = alice.request('POST', '/v2/images', {'visibility': 'public'})
    assert resp.status_int == 403


def test_patch(glance):
    image = _create(glance, name='x', os_distro='cirros')
    path = '/v2/images/%s' % image['id']

    def patch(*ops, content_type=PATCH):
        return glance.request('PATCH', path, list(ops),
                              content_type=content_type)
    resp = patch({'op': 'replace', 'path': '/name', 'value': 'y'},
                 {'op': 'add', 'path': '/hw_disk_bus', 'value': 'scsi'},
                 {'op': 'replace', 'path': '/min_disk', 'value': 2},
                 {'op': 'replace', 'path': '/protected', 'value': True},
                 {'op': 'remove', 'path': '/os_distro'},
                 {'op': 'replace', 'path': '/tags', 'value': ['t']})
    assert resp.status_int == 200, resp.body
    image = resp.json
    assert image['name'] == 'y' and image['min_disk'] == 2
    assert image['protected'] is True and image['tags'] == ['t']
    assert image['hw_disk_bus'] == 'scsi' and 'os_distro' not in image
    # The v2.0 form of an operation.
    resp = patch({'replace': '/name', 'value': 'z'})
    assert resp.json['name'] == 'z'
    assert patch({'op': 'replace', 'path': '/status',
                  'value': 'active'}).status_int == 403
    assert patch({'op': 'add', 'path': '/deleted',
                  'value': 'x'}).status_int == 403
    assert patch({'op': 'replace', 'path': '/missing',
                  'value': 'x'}).status_int == 409
    assert patch({'op': 'remove', 'path': '/missing'}).status_int == 409
    assert patch({'op': 'replace', 'path': '/min_ram',
                  'value': 'lots'}).status_int == 400
    assert patch({'op': 'add', 'path': '/prop',
                  'value': 5}).status_int == 400
    assert patch({'op': 'move', 'path': '/name'}).status_int == 400
    assert patch({'op': 'replace', 'path': '/name', 'value': 'x'},
                 content_type='application/json').status_int == 415


def test_delete_and_protected(glance):
    image = _create(glance, name='x', protected=True)
    path = '/v2/images/%s' % image['id']
    assert glance.request('DELETE', path).status_int == 403
    glance.request('PATCH', path, [{'op': 'replace', 'path': '/protected',
                                    'value': False}], content_type=PATCH)
    assert glance.request('DELETE', path).status_int == 204
    assert glance.request('GET', path).status_int == 404


def test_tags(glance):
    image = _create(glance, name='x')
    path = '/v2/images/%s/tags/' % image['id']
    assert glance.request('PUT', path + 'blue').status_int == 204
    assert glance.request('PUT', path + 'blue').status_int == 204
    assert glance.request('PUT', path + 'red').status_int == 204
    shown = glance.request('GET', '/v2/images/%s' % image['id']).json
    assert shown['tags'] == ['blue', 'red']
    assert glance.request('GET', '/v2/images?tag=red').json['images'][0][
        'id'] == image['id']
    assert glance.request('DELETE', path + 'blue').status_int == 204
    assert glance.request('DELETE', path + 'blue').status_int == 404


def test_create_rejects_read_only_and_bad_values(glance):
    for body, status in (({'status': 'active'}, 403),
                         ({'checksum': 'x'}, 403),
                         ({'self': 'x'}, 403),
                         ({'deleted': True}, 403),
                         ({'disk_format': 'floppy'}, 400),
                         ({'min_ram': 'x'}, 400),
                         ({'custom': 1}, 400),
                         (['not', 'an', 'object'], 400)):
        resp = glance.request('POST', '/v2/images', body)
        assert resp.status_int == status, (body, resp.body)
    image_id = 'b2173dd3-7ad6-4362-baa6-a68bce3565cb'
    assert _create(glance, id=image_id)['id'] == image_id
    assert glance.request('POST', '/v2/images',
                          {'id': image_id}).status_int == 409


def test_schemas_and_unknown_paths(glance):
    schema = glance.request('GET', '/v2/schemas/image').json
    assert schema['name'] == 'image'
    # Extra properties are strings, bounded by their Text column.
    assert schema['additionalProperties'] == {'type': 'string',
                                              'maxLength': 16383}
    assert schema['properties']['visibility']['enum']
    images = glance.request('GET', '/v2/schemas/images').json
    assert images['properties']['images']['items']['name'] == 'image'
    assert glance.request('GET', '/v2/nothing').status_int == 404
    resp = glance.request('POST', '/v2/images/x/file')
    assert resp.status_int == 405
    assert 'PUT' in resp.headers['Allow']
