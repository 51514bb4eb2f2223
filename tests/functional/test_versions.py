"""Version documents and microversion negotiation over HTTP."""

import requests

from nova.api.openstack import microversions


def test_version_documents_without_token(aio):
    root = aio.endpoint.rsplit('/v2.1', 1)[0]
    resp = requests.get(root + '/')
    assert resp.status_code == 200
    versions = {v['id']: v for v in resp.json()['versions']}
    assert versions['v2.1']['status'] == 'CURRENT'
    assert versions['v2.1']['min_version'] == '2.1'
    assert versions['v2.0']['status'] == 'SUPPORTED'
    for path in ('/v2.1', '/v2.1/'):
        resp = requests.get(root + path)
        assert resp.status_code == 200
        doc = resp.json()['version']
        assert doc['id'] == 'v2.1'
        assert doc['links'][0]['href'] == root + '/v2.1/'
        assert doc['media-types'][0]['type'] == \
            'application/vnd.openstack.compute+json;version=2.1'
    assert resp.headers['x-openstack-request-id'].startswith('req-')


def test_microversion_negotiation(aio):
    api = aio.api
    resp = api.get('/flavors', headers={
        'X-OpenStack-Nova-API-Version': '2.1'})
    assert resp.status_code == 200
    assert resp.headers['X-OpenStack-Nova-API-Version'] == '2.1'
    assert resp.headers['OpenStack-API-Version'] == 'compute 2.1'
    assert 'OpenStack-API-Version' in resp.headers['Vary']
    resp = api.get('/flavors', headers={
        'OpenStack-API-Version': 'compute latest'})
    assert resp.headers['OpenStack-API-Version'] == 'compute %s' % (
        microversions.MAX_VERSION)
    resp = api.get('/flavors', headers={
        'OpenStack-API-Version': 'compute 2.999'})
    assert resp.status_code == 406
    assert 'not supported' in resp.json()['notAcceptable']['message']
    resp = api.get('/flavors', headers={
        'X-OpenStack-Nova-API-Version': '2.x'})
    assert resp.status_code == 400


def test_unknown_resource_and_method(aio):
    api = aio.api
    resp = api.get('/no-such-thing')
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['code'] == 404
    resp = api.request('PATCH', '/servers')
    assert resp.status_code == 405


def test_version_document_inside_the_api(aio):
    """Root cause: /v2.1/versions/{id} had no route (Tempest's version
    detail test got 404); upstream serves each major version's document
    there, inside the API like its other resources."""
    root = aio.endpoint.rsplit('/v2.1', 1)[0]
    for version_id in ('v2.1', 'v2.0'):
        resp = aio.api.get('/versions/%s' % version_id)
        assert resp.status_code == 200, resp.text
        doc = resp.json()['version']
        assert doc['id'] == version_id
        assert doc == requests.get(
            root + ('/v2.1' if version_id == 'v2.1' else '/v2')).json()[
            'version']
    resp = aio.api.get('/versions/v3.0')
    assert resp.status_code == 404
    assert 'itemNotFound' in resp.json()
