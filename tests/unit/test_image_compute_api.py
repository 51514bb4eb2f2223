"""The Compute API's images and image metadata proxies."""

import pytest

from nova import context as nova_context
from nova.image import local

IMAGE_KEYS = {'id', 'name', 'minRam', 'minDisk', 'metadata', 'created',
              'updated', 'status', 'progress', 'OS-EXT-IMG-SIZE:size',
              'links'}


def _context(project, admin=False):
    return nova_context.RequestContext(
        user_id='admin' if admin else 'u-' + project, project_id=project,
        roles=['admin'] if admin else ['member'])


@pytest.fixture
def store(db):
    return local.LocalStore()


@pytest.fixture
def public(store):
    return store.create(_context('admin', admin=True), {
        'name': 'cirros', 'visibility': 'public', 'disk_format': 'qcow2',
        'container_format': 'bare', 'min_ram': 64, 'min_disk': 1,
        'properties': {'os_distro': 'cirros', 'auto_disk_config': 'true'}},
        data=b'qcow2-ish')


@pytest.fixture
def private(store):
    return store.create(_context('p1'), {'name': 'mine',
                                         'visibility': 'private'})


def test_show_shape(api, public):
    resp = api.as_user('u:p1').get('/v2.1/images/%s' % public['id'])
    assert resp.status_int == 200
    image = resp.json['image']
    assert set(image) == IMAGE_KEYS | {'OS-DCF:diskConfig'}
    assert image['status'] == 'ACTIVE' and image['progress'] == 100
    assert image['minRam'] == 64 and image['minDisk'] == 1
    assert image['OS-EXT-IMG-SIZE:size'] == len(b'qcow2-ish')
    assert image['metadata'] == {'os_distro': 'cirros',
                                 'auto_disk_config': 'true'}
    assert image['OS-DCF:diskConfig'] == 'AUTO'
    assert image['created'].endswith('Z')
    links = {link['rel']: link for link in image['links']}
    assert links['self']['href'] == \
        'http://localhost/v2.1/images/%s' % public['id']
    assert links['bookmark']['href'] == \
        'http://localhost/images/%s' % public['id']
    assert links['alternate']['href'] == \
        'http://localhost:9292/images/%s' % public['id']
    assert links['alternate']['type'] == 'application/vnd.openstack.image'


def test_status_mapping_and_server_link(api, store):
    image = store.create(_context('p1'), {
        'name': 'snap', 'properties': {'instance_uuid': 'srv-1'}})
    body = api.as_user('u:p1').get('/v2.1/images/%s' % image['id']).json
    assert body['image']['status'] == 'SAVING'
    assert body['image']['progress'] == 25
    assert body['image']['server']['id'] == 'srv-1'
    assert 'OS-DCF:diskConfig' not in body['image']
    assert body['image']['OS-EXT-IMG-SIZE:size'] is None


def test_another_projects_private_image_is_404(api, private):
    assert api.as_user('u:p1').get(
        '/v2.1/images/%s' % private['id']).status_int == 200
    resp = api.as_user('u:p2').get('/v2.1/images/%s' % private['id'])
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['code'] == 404
    listed = api.as_user('u:p2').get('/v2.1/images').json['images']
    assert private['id'] not in {i['id'] for i in listed}


def test_list_and_detail(api, public, private):
    body = api.as_user('u:p1').get('/v2.1/images').json
    assert 'images_links' not in body
    listed = {i['id'] for i in body['images']}
    assert listed == {public['id'], private['id']}
    for image in body['images']:
        assert set(image) == {'id', 'name', 'links'}
    detail = api.as_user('u:p1').get('/v2.1/images/detail').json['images']
    assert {i['status'] for i in detail} == {'ACTIVE', 'SAVING'}
    assert all(IMAGE_KEYS <= set(i) for i in detail)


def test_list_filters(api, public, private):
    user = api.as_user('u:p1')

    def ids(query):
        resp = user.get('/v2.1/images/detail?' + query)
        assert resp.status_int == 200, resp.body
        return {i['id'] for i in resp.json['images']}
    assert ids('name=cirros') == {public['id']}
    assert ids('status=ACTIVE') == {public['id']}
    assert ids('status=SAVING') == set()  # upstream passes saving on as is
    assert ids('minRam=64') == {public['id']}
    assert ids('minRam=65') == set()
    assert ids('minDisk=1') == {public['id']}
    assert ids('property-os_distro=cirros') == {public['id']}
    assert ids('changes-since=2000-01-01T00:00:00Z') == {public['id'],
                                                         private['id']}
    assert ids('changes-since=2999-01-01T00:00:00Z') == set()
    assert user.get('/v2.1/images?minRam=lots').status_int == 400
    assert user.get('/v2.1/images?changes-since=never').status_int == 400


def test_server_and_type_filters(api, store):
    snap = store.create(_context('p1'), {'name': 's', 'properties': {
        'instance_uuid': 'srv-1', 'image_type': 'snapshot'}})
    store.create(_context('p1'), {'name': 'other'})
    user = api.as_user('u:p1')
    for query in ('server=srv-1', 'server=http://localhost/v2.1/servers/'
                  'srv-1', 'type=snapshot'):
        listed = user.get('/v2.1/images?' + query).json['images']
        assert [i['id'] for i in listed] == [snap['id']], query


def test_paging(api, store):
    for i in range(3):
        store.create(_context('p1'), {'name': 'i%d' % i})
    user = api.as_user('u:p1')
    body = user.get('/v2.1/images?limit=2').json
    assert len(body['images']) == 2
    next_link = body['images_links'][0]
    assert next_link['rel'] == 'next'
    assert 'marker=%s' % body['images'][-1]['id'] in next_link['href']
    rest = user.get('/v2.1/images?limit=2&marker=%s'
                    % body['images'][-1]['id']).json
    assert len(rest['images']) == 1 and 'images_links' not in rest
    assert user.get('/v2.1/images?marker=nope').status_int == 400


def test_delete(api, store, public, private):
    assert api.as_user('u:p2').delete(
        '/v2.1/images/%s' % private['id']).status_int == 404
    # Visible but owned by another project: the policy says no.
    assert api.as_user('u:p1').delete(
        '/v2.1/images/%s' % public['id']).status_int == 403
    resp = api.as_user('u:p1').delete('/v2.1/images/%s' % private['id'])
    assert resp.status_int == 204
    assert resp.body == b''
    assert api.as_user('u:p1').get(
        '/v2.1/images/%s' % private['id']).status_int == 404
    protected = store.create(_context('p1'), {'name': 'keep',
                                              'protected': True})
    assert api.as_user('u:p1').delete(
        '/v2.1/images/%s' % protected['id']).status_int == 403


def test_proxies_end_at_2_35_and_2_38(api, public):
    """Upstream answers 404 from 2.36 (images) and 2.39 (metadata) on."""
    from nova.api.openstack import api_version
    from nova.api.openstack.compute import image_metadata
    from nova.api.openstack.compute import images
    for module, last in ((images, '2.35'), (image_metadata, '2.38')):
        for path, methods in module.ROUTES:
            for handler in methods.values():
                assert handler.serves(api_version.APIVersion(last)), path
                assert not handler.serves(api_version.APIVersion(
                    '2.%d' % (int(last[2:]) + 1))), path
    if api_version.MAX >= api_version.APIVersion('2.36'):
        path = '/v2.1/images/%s' % public['id']
        assert api.as_user('u:p1', version='2.36').get(path).status_int \
            == 404


def test_metadata_read(api, public):
    user = api.as_user('u:p1')
    path = '/v2.1/images/%s/metadata' % public['id']
    assert user.get(path).json == {'metadata': {
        'os_distro': 'cirros', 'auto_disk_config': 'true'}}
    assert user.get(path + '/os_distro').json == {
        'meta': {'os_distro': 'cirros'}}
    assert user.get(path + '/missing').status_int == 404
    assert user.get('/v2.1/images/nope/metadata').status_int == 404


def test_metadata_write(api, private):
    user = api.as_user('u:p1')
    path = '/v2.1/images/%s/metadata' % private['id']
    resp = user.post(path, {'metadata': {'a': '1', 'b': '2'}})
    assert resp.status_int == 200
    assert resp.json == {'metadata': {'a': '1', 'b': '2'}}
    resp = user.post(path, {'metadata': {'b': '3', 'c': '4'}})
    assert resp.json == {'metadata': {'a': '1', 'b': '3', 'c': '4'}}
    resp = user.put(path + '/d', {'meta': {'d': '5'}})
    assert resp.status_int == 200 and resp.json == {'meta': {'d': '5'}}
    assert user.put(path + '/d', {'meta': {'e': '5'}}).status_int == 400
    assert user.put(path + '/d', {'meta': {'d': '5', 'e': '6'}}) \
        .status_int == 400
    assert user.delete(path + '/a').status_int == 204
    assert user.delete(path + '/a').status_int == 404
    assert user.get(path).json == {'metadata': {'b': '3', 'c': '4',
                                                'd': '5'}}
    resp = user.put(path, {'metadata': {'only': 'this'}})
    assert resp.status_int == 200
    assert user.get(path).json == {'metadata': {'only': 'this'}}
    assert user.post(path, {'metadata': {'k': 1}}).status_int == 400
    assert user.post(path, {'meta': {}}).status_int == 400


def test_metadata_writes_need_the_owner(api, public, private):
    path = '/v2.1/images/%s/metadata' % public['id']
    resp = api.as_user('u:p1').post(path, {'metadata': {'a': '1'}})
    assert resp.status_int == 403
    assert api.as_user('u:p1').delete(path + '/os_distro').status_int == 403
    assert api.post(path, {'metadata': {'a': '1'}}).status_int == 200
    other = '/v2.1/images/%s/metadata' % private['id']
    assert api.as_user('u:p2').put(other, {'metadata': {}}).status_int == 404


def test_metadata_quota(api, conf, private):
    conf.set_override('metadata_items', 2, 'quota')
    user = api.as_user('u:p1')
    path = '/v2.1/images/%s/metadata' % private['id']
    assert user.post(path, {'metadata': {'a': '1', 'b': '2'}}) \
        .status_int == 200
    resp = user.post(path, {'metadata': {'c': '3'}})
    assert resp.status_int == 403
    assert resp.json['forbidden']['code'] == 403
    assert user.put(path + '/c', {'meta': {'c': '3'}}).status_int == 403
    assert user.put(path, {'metadata': {'x': '1', 'y': '2', 'z': '3'}}) \
        .status_int == 403
    # Changing an existing item stays within the quota.
    assert user.put(path + '/a', {'meta': {'a': '9'}}).status_int == 200
    assert user.get(path).json == {'metadata': {'a': '9', 'b': '2'}}
