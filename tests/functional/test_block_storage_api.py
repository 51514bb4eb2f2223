"""The Block Storage v3 API of the built-in volume service over HTTP on
the all-in-one (the lifecycle also on split daemons): version documents,
create, list, show, rename, delete, types, another project's volume
(404), bad sizes and bodies (400), over quota (413)."""

import time
import uuid

import requests

from tests.functional import cloud as cloud_lib


def _project(name):
    return '%s-%s' % (name, uuid.uuid4().hex[:6])


def _client(cloud, user, project, version=None):
    """A client of /v3/<project> on the Block Storage listener."""
    client = cloud_lib.Client(cloud.volume_endpoint + '/v3/' + project,
                              '%s:%s' % (user, project))
    if version:
        client.session.headers['OpenStack-API-Version'] = \
            'volume %s' % version
    deadline = time.time() + 30
    while True:
        try:
            client.get('/types')
            return client
        except requests.ConnectionError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def _fault(resp, status, name):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert list(body) == [name], body
    assert body[name]['code'] == status
    return body[name]['message']


def _wait(api, volume_id, status, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        resp = api.get('/volumes/%s' % volume_id)
        if status is None and resp.status_code == 404:
            return None
        volume = resp.json()['volume']
        if volume['status'] == status:
            return volume
        time.sleep(0.1)
    raise AssertionError('volume %s not %s: %s' % (volume_id, status,
                                                   resp.text))


def test_version_documents(aio):
    _client(aio, 'u', 'p')
    root = requests.get(aio.volume_endpoint + '/', timeout=30)
    assert root.status_code == 300
    [version] = root.json()['versions']
    assert (version['id'], version['status']) == ('v3.0', 'CURRENT')
    assert (version['min_version'], version['version']) == ('3.0', '3.0')
    assert version['links'][0]['href'] == aio.volume_endpoint + '/v3/'
    v3 = requests.get(aio.volume_endpoint + '/v3/', timeout=30)
    assert v3.status_code == 200
    assert v3.json()['versions'][0]['id'] == 'v3.0'


def test_microversions(aio):
    project = _project('mv')
    resp = _client(aio, 'u', project, '3.0').get('/volumes')
    assert resp.status_code == 200
    assert resp.headers['OpenStack-API-Version'] == 'volume 3.0'
    assert 'OpenStack-API-Version' in resp.headers['Vary']
    latest = _client(aio, 'u', project, 'latest').get('/volumes')
    assert latest.headers['OpenStack-API-Version'] == 'volume 3.0'
    _fault(_client(aio, 'u', project, '3.5').get('/volumes'), 406,
           'notAcceptable')
    _fault(_client(aio, 'u', project, 'x.y').get('/volumes'), 400,
           'badRequest')


def test_volume_lifecycle(cloud):
    # Every shape: nova-all, and nova-api-volume beside nova-volume over
    # RabbitMQ with MariaDB and PostgreSQL.
    aio = cloud
    project = _project('bs')
    api = _client(aio, 'owner', project)
    resp = api.post('/volumes', json={'volume': {
        'size': 1, 'name': 'data', 'description': 'first',
        'metadata': {'purpose': 'test'}}})
    assert resp.status_code == 202, resp.text
    volume = resp.json()['volume']
    assert (volume['name'], volume['size'], volume['description']) == \
        ('data', 1, 'first')
    assert volume['os-vol-tenant-attr:tenant_id'] == project
    assert 'os-vol-host-attr:host' not in volume
    volume = _wait(api, volume['id'], 'available')
    assert volume['volume_type'] == '__DEFAULT__'
    assert volume['metadata'] == {'purpose': 'test'}
    assert volume['attachments'] == [] and volume['bootable'] == 'false'

    listed = api.get('/volumes').json()['volumes']
    assert [(v['id'], v['name']) for v in listed] == [(volume['id'],
                                                       'data')]
    assert set(listed[0]) == {'id', 'name', 'links'}
    detail = api.get('/volumes/detail').json()['volumes']
    assert [v['status'] for v in detail] == ['available']
    assert api.get('/volumes/detail', params={
        'name': 'other'}).json()['volumes'] == []

    renamed = api.put('/volumes/%s' % volume['id'], json={
        'volume': {'name': 'renamed', 'description': 'second'}})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()['volume']['name'] == 'renamed'
    shown = api.get('/volumes/%s' % volume['id']).json()['volume']
    assert (shown['name'], shown['description']) == ('renamed', 'second')
    assert shown['metadata'] == {'purpose': 'test'}

    # The administrator sees the host and every project's volumes.
    admin = _client(aio, 'admin', 'admin')
    every = admin.get('/volumes/detail', params={'all_tenants': 1})
    found = {v['id']: v for v in every.json()['volumes']}
    assert found[volume['id']]['os-vol-host-attr:host']

    resp = api.delete('/volumes/%s' % volume['id'])
    assert resp.status_code == 202, resp.text
    assert resp.content == b''
    _wait(api, volume['id'], None)
    assert api.get('/volumes').json()['volumes'] == []
    _fault(api.delete('/volumes/%s' % volume['id']), 404, 'itemNotFound')


def test_another_project_sees_404(aio):
    owner = _client(aio, 'owner', _project('mine'))
    other_project = _project('theirs')
    other = _client(aio, 'other', other_project)
    volume = owner.post('/volumes', json={'volume': {'size': 1}}).json()[
        'volume']
    _wait(owner, volume['id'], 'available')
    path = '/volumes/%s' % volume['id']
    _fault(other.get(path), 404, 'itemNotFound')
    _fault(other.put(path, json={'volume': {'name': 'x'}}), 404,
           'itemNotFound')
    _fault(other.delete(path), 404, 'itemNotFound')
    assert other.get('/volumes/detail').json()['volumes'] == []
    # Another project's URL with one's own token.
    _fault(other.get(owner.endpoint + '/volumes'), 400, 'badRequest')
    assert owner.get(path).json()['volume']['name'] is None
    assert owner.delete(path).status_code == 202


def test_bad_input_is_400(aio):
    api = _client(aio, 'u', _project('bad'))
    for size in ('abc', 0, -1, 1.5, True, None):
        resp = api.post('/volumes', json={'volume': {'size': size}})
        assert 'size' in _fault(resp, 400, 'badRequest')
    _fault(api.post('/volumes', data='{not json'), 400, 'badRequest')
    _fault(api.post('/volumes', json={'size': 1}), 400, 'badRequest')
    _fault(api.post('/volumes', json={'volume': {
        'size': 1, 'metadata': 'x'}}), 400, 'badRequest')
    _fault(api.post('/volumes', json={'volume': {
        'size': 1, 'volume_type': 'no-such-type'}}), 404, 'itemNotFound')
    # Over the project's gigabytes quota: Cinder's 413 overLimit.
    _fault(api.post('/volumes', json={'volume': {'size': 1001}}), 413,
           'overLimit')
    volume = api.post('/volumes', json={'volume': {'size': 1}}).json()[
        'volume']
    _fault(api.put('/volumes/%s' % volume['id'], json={
        'volume': {'size': 2}}), 400, 'badRequest')
    _fault(api.put('/volumes/%s' % volume['id'], json={
        'volume': {'name': 5}}), 400, 'badRequest')
    _fault(api.get('/volumes', params={'limit': 'x'}), 400, 'badRequest')
    _fault(api.get('/nothing-here'), 404, 'itemNotFound')
    _wait(api, volume['id'], 'available')
    assert api.delete('/volumes/%s' % volume['id']).status_code == 202


def test_types(aio):
    api = _client(aio, 'u', _project('types'))
    types = api.get('/types').json()['volume_types']
    default = [t for t in types if t['name'] == '__DEFAULT__']
    assert len(default) == 1 and default[0]['is_public'] is True
    shown = api.get('/types/%s' % default[0]['id']).json()['volume_type']
    assert shown['name'] == '__DEFAULT__'
    _fault(api.get('/types/nope'), 404, 'itemNotFound')
    volume = api.post('/volumes', json={'volume': {
        'size': 1, 'volume_type': '__DEFAULT__'}})
    assert volume.status_code == 202, volume.text
    volume_id = volume.json()['volume']['id']
    _wait(api, volume_id, 'available')
    assert api.delete('/volumes/%s' % volume_id).status_code == 202
