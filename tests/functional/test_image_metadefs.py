"""The metadata definitions catalog (Glance v2 metadefs) of the built-in
image service, over HTTP on the whole stack.

Tempest's metadefs tests failed on the built-in service (issue 19): the
/v2/metadefs routes did not exist (404).
"""

import requests

ADMIN = 'admin:admin'
USER = 'user:proj-metadefs'


def _session(token):
    session = requests.Session()
    session.headers['X-Auth-Token'] = token
    return session


def _url(aio, path=''):
    return aio.image_endpoint + '/v2/metadefs/namespaces' + path


def test_namespace_lifecycle_and_visibility(aio):
    admin, user = _session(ADMIN), _session(USER)
    types = admin.get(aio.image_endpoint + '/v2/metadefs/resource_types')
    assert types.status_code == 200, types.text
    names = [t['name'] for t in types.json()['resource_types']]
    assert 'OS::Glance::Image' in names
    resp = admin.post(_url(aio), json={
        'namespace': 'md-one', 'display_name': 'One', 'description': 'd',
        'visibility': 'public', 'protected': True,
        'resource_type_associations': [{'name': 'OS::Nova::Flavor',
                                        'prefix': 'one:'}],
        'properties': {'speed': {'title': 'Speed', 'type': 'integer'}},
        'objects': [{'name': 'obj', 'description': 'an object'}],
        'tags': [{'name': 't1'}]})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body['namespace'] == 'md-one'
    assert body['self'] == '/v2/metadefs/namespaces/md-one'
    assert body['schema'] == '/v2/schemas/metadefs/namespace'
    assert body['properties'] == {'speed': {'title': 'Speed',
                                            'type': 'integer'}}
    assert [o['name'] for o in body['objects']] == ['obj']
    assert body['tags'] == [{'name': 't1'}]
    assert body['resource_type_associations'][0]['prefix'] == 'one:'
    assert admin.post(_url(aio), json={'namespace': 'md-one'}
                      ).status_code == 409
    for bad in ({}, {'namespace': 'x', 'visibility': 'everyone'},
                {'namespace': 'x', 'protected': 'yes'}, ['x']):
        assert admin.post(_url(aio), json=bad).status_code == 400, bad
    # Public: everyone lists and shows it; only administrators write.
    listed = user.get(_url(aio)).json()
    assert 'md-one' in [n['namespace'] for n in listed['namespaces']]
    assert user.get(_url(aio, '/md-one')).json()['visibility'] == 'public'
    assert user.post(_url(aio), json={'namespace': 'md-u'}
                     ).status_code == 403
    assert user.delete(_url(aio, '/md-one')).status_code == 403
    # Protected: no delete until unprotected; private: hidden from others.
    assert admin.delete(_url(aio, '/md-one')).status_code == 403
    resp = admin.put(_url(aio, '/md-one'), json={
        'namespace': 'md-one', 'visibility': 'private', 'protected': False,
        'display_name': 'One', 'description': 'd'})
    assert resp.status_code == 200, resp.text
    assert resp.json()['visibility'] == 'private'
    assert resp.json()['protected'] is False
    assert user.get(_url(aio, '/md-one')).status_code == 404
    assert 'md-one' not in [n['namespace'] for n in user.get(
        _url(aio)).json()['namespaces']]
    assert [n['namespace'] for n in admin.get(_url(aio), params={
        'resource_types': 'OS::Nova::Flavor'}).json()['namespaces']] == [
        'md-one']
    assert admin.delete(_url(aio, '/md-one')).status_code == 204
    assert admin.get(_url(aio, '/md-one')).status_code == 404
    assert admin.delete(_url(aio, '/md-one')).status_code == 404


def test_objects_properties_tags_and_associations(aio):
    admin = _session(ADMIN)
    assert admin.post(_url(aio), json={
        'namespace': 'md-two', 'visibility': 'public'}).status_code == 201
    ns = _url(aio, '/md-two')

    resp = admin.post(ns + '/resource_types', json={
        'name': 'OS::Glance::Image', 'prefix': 'two:'})
    assert resp.status_code == 201, resp.text
    assert resp.json()['name'] == 'OS::Glance::Image'
    assert admin.post(ns + '/resource_types', json={
        'name': 'OS::Glance::Image'}).status_code == 409
    assert [a['name'] for a in admin.get(ns + '/resource_types').json()[
        'resource_type_associations']] == ['OS::Glance::Image']
    assert admin.delete(ns + '/resource_types/OS::Glance::Image'
                        ).status_code == 204
    assert admin.get(ns + '/resource_types').json()[
        'resource_type_associations'] == []

    resp = admin.post(ns + '/objects', json={'name': 'o1'})
    assert resp.status_code == 201, resp.text
    assert resp.json()['self'] == '/v2/metadefs/namespaces/md-two/objects/o1'
    assert admin.post(ns + '/objects', json={}).status_code == 400
    resp = admin.put(ns + '/objects/o1', json={'name': 'o2',
                                               'description': 'renamed'})
    assert resp.status_code == 200, resp.text
    assert resp.json()['name'] == 'o2'
    assert admin.get(ns + '/objects/o1').status_code == 404
    assert admin.get(ns + '/objects/o2').json()['description'] == 'renamed'
    assert [o['name'] for o in admin.get(ns + '/objects').json()[
        'objects']] == ['o2']
    assert admin.delete(ns + '/objects/o2').status_code == 204
    assert admin.get(ns + '/objects').json()['objects'] == []

    enum = ['kvm', 'qemu']
    resp = admin.post(ns + '/properties', json={
        'name': 'hv', 'title': 'Hypervisor', 'type': 'string',
        'enum': enum})
    assert resp.status_code == 201, resp.text
    assert resp.json()['title'] == 'Hypervisor'
    assert admin.post(ns + '/properties', json={
        'name': 'bad', 'title': 'Bad', 'type': 'color'}).status_code == 400
    assert admin.get(ns + '/properties/hv').json()['name'] == 'hv'
    resp = admin.put(ns + '/properties/hv', json={
        'name': 'hv', 'title': 'HV', 'type': 'string', 'enum': enum})
    assert resp.json()['title'] == 'HV'
    assert admin.get(ns + '/properties').json()['properties'] == {
        'hv': {'title': 'HV', 'type': 'string', 'enum': enum}}
    assert admin.delete(ns + '/properties/hv').status_code == 204
    assert admin.get(ns + '/properties').json()['properties'] == {}

    resp = admin.post(ns + '/tags', json={'tags': [{'name': 'a'},
                                                   {'name': 'b'}]})
    assert resp.status_code == 201, resp.text
    assert sorted(t['name'] for t in resp.json()['tags']) == ['a', 'b']
    assert admin.post(ns + '/tags', json={'tags': [{'name': 'a'},
                                                   {'name': 'a'}]}
                      ).status_code == 400
    assert admin.post(ns + '/tags/c').status_code == 201
    assert admin.post(ns + '/tags/c').status_code == 409
    assert admin.get(ns + '/tags/c').json()['name'] == 'c'
    resp = admin.put(ns + '/tags/c', json={'name': 'd'})
    assert resp.status_code == 200 and resp.json()['name'] == 'd'
    assert sorted(t['name'] for t in admin.get(ns + '/tags').json()[
        'tags']) == ['a', 'b', 'd']
    assert admin.delete(ns + '/tags/d').status_code == 204
    assert admin.delete(ns + '/tags').status_code == 204
    assert admin.get(ns + '/tags').json()['tags'] == []
    # Everything of a deleted namespace is gone with it.
    assert admin.post(ns + '/objects', json={'name': 'kept'}
                      ).status_code == 201
    assert admin.delete(ns).status_code == 204
    assert admin.get(ns + '/objects').status_code == 404
