"""Details of the servers API on the all-in-one: filters, paging, errors,
ownership, update."""

import time


def _image_id(api):
    return api.get('/images').json()['images'][0]['id']


def _boot(api, name, **extra):
    body = {'server': dict({'name': name, 'imageRef': _image_id(api),
                            'flavorRef': '1'}, **extra)}
    resp = api.post('/servers', json=body)
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id']


def test_other_project_gets_404(aio):
    owner = aio.api.as_user('alice:proj-a')
    other = aio.api.as_user('bob:proj-b')
    server_id = _boot(owner, 'private-one')
    resp = other.get('/servers/%s' % server_id)
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['code'] == 404
    assert other.delete('/servers/%s' % server_id).status_code == 404
    assert server_id not in [s['id'] for s in
                             other.get('/servers').json()['servers']]
    # The admin sees it only when asking for all projects.
    listed = aio.api.get('/servers?all_tenants=1').json()['servers']
    assert server_id in [s['id'] for s in listed]
    assert other.get('/servers?all_tenants=1').status_code == 403
    owner.delete('/servers/%s' % server_id)
    owner.wait_for_deletion(server_id)


def test_validation_errors_name_the_field(aio):
    api = aio.api
    resp = api.post('/servers', json={'server': {'imageRef': 'x',
                                                 'flavorRef': '1'}})
    assert resp.status_code == 400
    assert "'name' is a required property" in resp.json()['badRequest'][
        'message']
    resp = api.post('/servers', json={'server': {
        'name': 'x', 'imageRef': _image_id(api), 'flavorRef': '1',
        'bogus': 1}})
    assert resp.status_code == 400
    assert 'bogus' in resp.json()['badRequest']['message']
    resp = api.post('/servers', json={'server': {
        'name': 'x', 'imageRef': _image_id(api), 'flavorRef': 'nope'}})
    assert resp.status_code == 400
    assert 'nope' in resp.json()['badRequest']['message']
    resp = api.post('/servers', json={'server': {
        'name': 'x', 'imageRef': 'missing-image', 'flavorRef': '1'}})
    assert resp.status_code == 400
    assert 'image' in resp.json()['badRequest']['message']
    resp = api.post('/servers', json={'server': {
        'name': 'x', 'imageRef': _image_id(api), 'flavorRef': '1',
        'key_name': 'nokey'}})
    assert resp.status_code == 400
    assert 'key_name' in resp.json()['badRequest']['message']
    resp = api.post('/servers', data='{not json',
                    headers={'Content-Type': 'application/json'})
    assert resp.status_code == 400
    # Nothing was half-created by the rejected requests.
    names = [s['name'] for s in api.get('/servers').json()['servers']]
    assert 'x' not in names


def test_filters_paging_and_sorting(aio):
    api = aio.api.as_user('carol:proj-paging')
    ids = [_boot(api, 'page-%d' % i) for i in range(5)]
    for server_id in ids:
        api.wait_for_status(server_id, 'ACTIVE')
    first = api.get('/servers?limit=2').json()
    assert len(first['servers']) == 2
    next_href = first['servers_links'][0]['href']
    assert 'marker=' in next_href
    seen = [s['id'] for s in first['servers']]
    while next_href:
        page = api.get(next_href).json()
        seen += [s['id'] for s in page['servers']]
        links = page.get('servers_links')
        next_href = links[0]['href'] if links else None
    assert sorted(seen) == sorted(ids)
    # Newest first by default; sort_dir=asc reverses it.
    desc = [s['id'] for s in api.get('/servers').json()['servers']]
    asc = [s['id'] for s in api.get(
        '/servers?sort_key=created_at&sort_dir=asc').json()['servers']]
    assert desc == list(reversed(asc))
    assert api.get('/servers?sort_key=bogus').status_code == 400
    assert api.get('/servers?marker=nope').status_code == 400
    named = api.get('/servers?name=page-[34]').json()['servers']
    assert sorted(s['name'] for s in named) == ['page-3', 'page-4']
    assert len(api.get('/servers/detail?status=ACTIVE').json()[
        'servers']) == 5
    assert api.get('/servers?status=SHUTOFF').json()['servers'] == []
    assert len(api.get('/servers?flavor=1').json()['servers']) == 5
    since = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(time.time() +
                                                            3600))
    assert api.get('/servers?changes-since=%s' % since).json()[
        'servers'] == []
    for server_id in ids:
        api.delete('/servers/%s' % server_id)
    for server_id in ids:
        api.wait_for_deletion(server_id)


def test_update_name_and_access_ips(aio):
    api = aio.api
    server_id = _boot(api, 'before')
    resp = api.put('/servers/%s' % server_id, json={'server': {
        'name': 'after', 'accessIPv4': '192.0.2.10'}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['server']['name'] == 'after'
    assert resp.json()['server']['accessIPv4'] == '192.0.2.10'
    resp = api.put('/servers/%s' % server_id, json={'server': {
        'accessIPv4': 'not-an-ip'}})
    assert resp.status_code == 400
    api.delete('/servers/%s' % server_id)
    api.wait_for_deletion(server_id)


def test_quota_limits_instances(aio):
    api = aio.api.as_user('dave:proj-quota')
    resp = api.post('/servers', json={'server': {
        'name': 'too-many', 'imageRef': _image_id(api), 'flavorRef': '1',
        'min_count': 11, 'max_count': 11}})
    assert resp.status_code == 403
    assert 'Quota exceeded' in resp.json()['forbidden']['message']
    assert api.get('/servers').json()['servers'] == []
