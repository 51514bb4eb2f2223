"""Quotas on the whole stack: limits set over the API hold against
parallel server creates, trim multiple creates, and guard metadata and
personality files."""

import concurrent.futures
import re
import uuid

QUOTA_MESSAGE = re.compile(
    r'^Quota exceeded for instances: Requested 1, but already used '
    r'(\d+) of 10 instances$')


def _project():
    # A project of its own per test: the clouds are shared by the session.
    return 'proj-quota-%s' % uuid.uuid4().hex[:8]


def _set_quota(cloud, project_id, **limits):
    resp = cloud.api.put('/os-quota-sets/%s' % project_id,
                         json={'quota_set': limits})
    assert resp.status_code == 200, resp.text
    return resp.json()['quota_set']


def _image_id(api):
    return api.get('/images').json()['images'][0]['id']


def _server(name, image_id, **extra):
    return {'server': dict(name=name, imageRef=image_id, flavorRef='1',
                           **extra)}


def _servers(api):
    return api.get('/servers/detail').json()['servers']


def _delete_all(api):
    ids = [s['id'] for s in _servers(api)]
    for server_id in ids:
        assert api.delete('/servers/%s' % server_id).status_code == 204
    for server_id in ids:
        api.wait_for_deletion(server_id)


def _forbidden(resp):
    assert resp.status_code == 403, resp.text
    return resp.json()['forbidden']['message']


def test_parallel_creates_stop_exactly_at_the_quota(cloud):
    project_id = _project()
    token = 'racer:%s' % project_id
    api = cloud.api.as_user(token)
    assert _set_quota(cloud, project_id, instances=10)['instances'] == 10
    image_id = _image_id(api)

    def create(index):
        # A client (connection) per thread: requests' sessions are not
        # thread-safe.
        return api.as_user(token).post(
            '/servers', json=_server('race-%d' % index, image_id))

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(create, range(20)))
    try:
        codes = sorted(r.status_code for r in responses)
        assert codes == [202] * 10 + [403] * 10, [
            (r.status_code, r.text) for r in responses]
        for resp in responses:
            if resp.status_code == 403:
                match = QUOTA_MESSAGE.match(_forbidden(resp))
                assert match and int(match.group(1)) >= 10, resp.text
        servers = _servers(api)
        assert len(servers) == 10
        # The accepted ones build; the refused ones left nothing behind.
        for server in servers:
            built = api.wait_for_status(server['id'], ['ACTIVE', 'ERROR'])
            assert built['status'] == 'ACTIVE', built.get('fault')
        limits = api.get('/limits').json()['limits']['absolute']
        assert (limits['totalInstancesUsed'], limits['maxTotalInstances'],
                limits['totalCoresUsed']) == (10, 10, 10)
        assert QUOTA_MESSAGE.match(_forbidden(create(20))).group(1) == '10'
    finally:
        _delete_all(api)


def test_multiple_create_is_trimmed_to_what_fits(aio):
    project_id = _project()
    api = aio.api.as_user('trim:%s' % project_id)
    _set_quota(aio, project_id, instances=4)
    image_id = _image_id(api)
    try:
        assert api.post('/servers', json=_server(
            'one', image_id)).status_code == 202
        # Not even min_count fits: nothing is created.
        resp = api.post('/servers', json=_server(
            'many', image_id, min_count=4, max_count=6))
        assert _forbidden(resp) == (
            'Quota exceeded for instances: Requested 4-6, but already used '
            '1 of 4 instances')
        # max_count is trimmed to the 3 that fit.
        resp = api.post('/servers', json=_server(
            'many', image_id, min_count=2, max_count=6,
            return_reservation_id=True))
        assert resp.status_code == 202, resp.text
        assert resp.json()['reservation_id'].startswith('r-')
        trimmed = [s for s in _servers(api) if s['name'].startswith('many')]
        assert sorted(s['name'] for s in trimmed) == [
            'many-1', 'many-2', 'many-3']
        assert _forbidden(api.post('/servers', json=_server(
            'more', image_id))) == ('Quota exceeded for instances: '
                                    'Requested 1, but already used 4 of 4 '
                                    'instances')
        # Freeing a place lets the next create in.
        freed = trimmed[0]['id']
        assert api.delete('/servers/%s' % freed).status_code == 204
        api.wait_for_deletion(freed)
        assert api.post('/servers', json=_server(
            'more', image_id)).status_code == 202
    finally:
        _delete_all(api)


def test_cores_quota_of_the_project(aio):
    project_id = _project()
    api = aio.api.as_user('cores:%s' % project_id)
    _set_quota(aio, project_id, cores=1)
    resp = api.post('/servers', json=_server(
        'big', _image_id(api), min_count=2, max_count=2))
    assert _forbidden(resp) == (
        'Quota exceeded for cores: Requested 2, but already used 0 of 1 '
        'cores')
    assert _servers(api) == []


def test_metadata_and_personality_limits(aio):
    project_id = _project()
    api = aio.api.as_user('meta:%s' % project_id)
    _set_quota(aio, project_id, metadata_items=1, injected_files=1,
               injected_file_path_bytes=10, injected_file_content_bytes=8)
    image_id = _image_id(api)
    assert _forbidden(api.post('/servers', json=_server(
        'meta', image_id, metadata={'a': '1', 'b': '2'}))) == (
        'Maximum number of metadata items exceeds 1')
    file_ = {'path': '/etc/motd', 'contents': 'aGVsbG8='}
    assert _forbidden(api.post('/servers', json=_server(
        'files', image_id, personality=[file_, file_]))) == (
        'Personality file limit exceeded')
    assert _forbidden(api.post('/servers', json=_server(
        'files', image_id, personality=[dict(
            file_, path='/etc/very/long/path')]))) == (
        'Personality file path exceeds maximum 10')
    assert _forbidden(api.post('/servers', json=_server(
        'files', image_id, personality=[dict(
            file_, contents='aGVsbG8gd29ybGQ=')]))) == (
        'Personality file content exceeds maximum 8')
    assert _servers(api) == []
