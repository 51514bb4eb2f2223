"""openstacksdk's image calls sent to the Compute API endpoint.

With auth type none the SDK calls <compute>/v2.1/images for the image
service; the headers below are the ones it sends (recorded from
openstack image list / image show / image create against a logging
server).
"""

import json

import pytest
import webob

from nova.api.image import compat
from nova.api.openstack import deploy

SDK = 'openstacksdk/4.22.0 keystoneauth1/5.18.1 python-requests/2.34.2'


@pytest.fixture
def app(db, conf):
    return compat.wrap(deploy.loadapp(conf), conf)


def _call(app, method, path, user_agent=SDK, headers=None, body=None,
          content_type='application/json'):
    req = webob.Request.blank(path, method=method)
    req.headers['X-Auth-Token'] = 'notused'
    req.headers['User-Agent'] = user_agent
    req.headers.update(headers or {})
    if body is not None:
        req.body = body if isinstance(body, bytes) else \
            json.dumps(body).encode()
        req.content_type = content_type
    return req.get_response(app)


def test_sdk_image_calls_get_the_image_service(app):
    resp = _call(app, 'POST', '/v2.1/images', body={
        'name': 'sdk', 'disk_format': 'raw', 'container_format': 'bare'})
    assert resp.status_int == 201
    image = resp.json
    assert image['self'] == '/v2/images/%s' % image['id']
    resp = _call(app, 'PUT', '/v2.1/images/%s/file' % image['id'],
                 body=b'bytes', content_type='application/octet-stream')
    assert resp.status_int == 204
    listed = _call(app, 'GET', '/v2.1/images?name=sdk').json
    assert listed['images'][0]['status'] == 'active'  # Glance's shape
    assert listed['schema'] == '/v2/schemas/images'
    shown = _call(app, 'GET', '/v2.1/images/%s' % image['id']).json
    assert shown['checksum'] and 'image' not in shown
    assert _call(app, 'GET', '/v2.1/images/%s/file'
                 % image['id']).body == b'bytes'
    assert _call(app, 'GET', '/v2/schemas/image').json['name'] == 'image'


def test_compute_calls_keep_the_compute_shape(app):
    image = _call(app, 'POST', '/v2.1/images', body={'name': 'x'}).json
    path = '/v2.1/images/%s' % image['id']
    # The SDK's and novaclient's compute calls carry a microversion.
    for headers in ({'OpenStack-API-Version': 'compute 2.1'},
                    {'X-OpenStack-Nova-API-Version': '2.1'}):
        resp = _call(app, 'GET', path, headers=headers)
        assert resp.json['image']['status'] == 'SAVING', headers
    # Other clients (curl, tempest) without one still get the proxy.
    resp = _call(app, 'GET', path, user_agent='curl/8.0')
    assert resp.json['image']['id'] == image['id']
    # Non-image paths are never diverted.
    resp = _call(app, 'GET', '/v2.1/servers')
    assert 'servers' in resp.json


def test_nothing_is_diverted_with_a_real_glance(db, conf):
    conf.set_override('backend', 'glance', 'glance')
    compute = deploy.loadapp(conf)
    assert compat.wrap(compute, conf) is compute
