"""Image sharing (Glance v2 image members) and the member and metadefs
schemas of the built-in image service, over HTTP on the whole stack.

Tempest's image member tests and its schema tests failed on the built-in
service (issue 19): the routes did not exist (404).
"""

import uuid

import pytest
import requests

OWNER = 'owner:proj-share-owner'
FRIEND = 'friend:proj-share-friend'
STRANGER = 'stranger:proj-share-stranger'


def _session(token):
    session = requests.Session()
    session.headers['X-Auth-Token'] = token
    return session


@pytest.fixture
def image(aio):
    """A shared (the default visibility) image of OWNER, and its URL."""
    owner = _session(OWNER)
    url = aio.image_endpoint + '/v2/images'
    resp = owner.post(url, json={'name': 'to-share', 'disk_format': 'raw',
                                 'container_format': 'bare'})
    assert resp.status_code == 201, resp.text
    assert resp.json()['visibility'] == 'shared'
    yield resp.json()['id'], '%s/%s' % (url, resp.json()['id'])
    owner.delete('%s/%s' % (url, resp.json()['id']))


def _ids(aio, token, **params):
    resp = _session(token).get(aio.image_endpoint + '/v2/images',
                               params=params)
    assert resp.status_code == 200, resp.text
    return [i['id'] for i in resp.json()['images']]


def test_share_accept_reject_and_withdraw(aio, image):
    image_id, item = image
    owner, friend = _session(OWNER), _session(FRIEND)
    resp = owner.post(item + '/members',
                      json={'member': 'proj-share-friend'})
    assert resp.status_code == 200, resp.text
    member = resp.json()
    assert member['member_id'] == 'proj-share-friend'
    assert member['image_id'] == image_id
    assert member['status'] == 'pending'
    assert member['schema'] == '/v2/schemas/member'
    assert member['created_at'].endswith('Z')
    # Offered but not accepted: the member may show the image, not list it
    # by default; visibility=shared&member_status=pending lists it.
    assert friend.get(item).status_code == 200
    assert image_id not in _ids(aio, FRIEND)
    assert _ids(aio, FRIEND, visibility='shared',
                member_status='pending') == [image_id]
    assert _ids(aio, FRIEND, visibility='shared') == []

    resp = friend.put(item + '/members/proj-share-friend',
                      json={'status': 'accepted'})
    assert resp.status_code == 200, resp.text
    assert resp.json()['status'] == 'accepted'
    assert image_id in _ids(aio, FRIEND)
    for session in (owner, friend):
        body = session.get(item + '/members').json()
        assert body['schema'] == '/v2/schemas/members'
        assert [(m['member_id'], m['status']) for m in body['members']] \
            == [('proj-share-friend', 'accepted')]
        shown = session.get(item + '/members/proj-share-friend')
        assert shown.status_code == 200
        assert shown.json()['status'] == 'accepted'

    resp = friend.put(item + '/members/proj-share-friend',
                      json={'status': 'rejected'})
    assert resp.status_code == 200, resp.text
    assert image_id not in _ids(aio, FRIEND)
    assert _ids(aio, FRIEND, visibility='shared',
                member_status='rejected') == [image_id]

    # The member may not withdraw; the owner does, and the image is gone
    # for the former member.
    assert friend.delete(item + '/members/proj-share-friend'
                         ).status_code == 403
    assert owner.delete(item + '/members/proj-share-friend'
                        ).status_code == 204
    assert friend.get(item).status_code == 404
    assert owner.get(item + '/members').json()['members'] == []
    assert owner.delete(item + '/members/proj-share-friend'
                        ).status_code == 404


def test_member_rules(aio, image):
    image_id, item = image
    owner, friend = _session(OWNER), _session(FRIEND)
    stranger = _session(STRANGER)
    assert owner.post(item + '/members', json={
        'member': 'proj-share-friend'}).status_code == 200
    # Sharing twice conflicts; bad bodies are 400.
    assert owner.post(item + '/members', json={
        'member': 'proj-share-friend'}).status_code == 409
    for body in ({}, {'member': ''}, {'member': 5}, ['x']):
        assert owner.post(item + '/members', json=body).status_code == 400
    # Only the member answers: the owner gets 403, a bad status 400.
    resp = owner.put(item + '/members/proj-share-friend',
                     json={'status': 'accepted'})
    assert resp.status_code == 403, resp.text
    resp = friend.put(item + '/members/proj-share-friend',
                      json={'status': 'notavalidstatus'})
    assert resp.status_code == 400, resp.text
    assert friend.put(item + '/members/proj-share-friend',
                      json={}).status_code == 400
    # A member can neither share further nor see the others.
    assert friend.post(item + '/members', json={
        'member': 'proj-share-stranger'}).status_code == 403
    assert owner.post(item + '/members', json={
        'member': 'proj-share-stranger'}).status_code == 200
    assert [m['member_id'] for m in friend.get(
        item + '/members').json()['members']] == ['proj-share-friend']
    assert friend.get(item + '/members/proj-share-stranger'
                      ).status_code == 404
    assert len(owner.get(item + '/members').json()['members']) == 2
    # Anyone else does not see the image at all.
    outsider = _session('x:proj-share-outsider')
    for resp in (outsider.get(item + '/members'),
                 outsider.get(item + '/members/proj-share-friend'),
                 outsider.post(item + '/members', json={'member': 'p'})):
        assert resp.status_code == 404, resp.text
    assert stranger.get(item).status_code == 200
    # Unknown images are 404; only shared images have members (403).
    missing = '%s/v2/images/%s/members' % (aio.image_endpoint, uuid.uuid4())
    assert owner.get(missing).status_code == 404
    private = owner.post(aio.image_endpoint + '/v2/images', json={
        'name': 'private', 'visibility': 'private'}).json()
    private_url = '%s/v2/images/%s' % (aio.image_endpoint, private['id'])
    assert owner.get(private_url + '/members').status_code == 403
    assert owner.post(private_url + '/members', json={
        'member': 'proj-share-friend'}).status_code == 403
    assert owner.delete(private_url).status_code == 204
    # Bad member_status filters are 400; deleting the image drops its
    # members with it.
    assert _session(FRIEND).get(aio.image_endpoint + '/v2/images', params={
        'member_status': 'maybe'}).status_code == 400
    assert owner.delete(item).status_code == 204
    assert owner.get(item + '/members').status_code == 404
    assert image_id not in _ids(aio, FRIEND, visibility='shared',
                                member_status='all')


SCHEMAS = {
    'member': ('member', 'object'), 'members': ('members', 'array'),
    'metadefs/namespace': ('namespace', 'object'),
    'metadefs/namespaces': ('namespaces', 'array'),
    'metadefs/resource_type': ('resource_type_association', 'object'),
    'metadefs/resource_types': ('resource_type_associations', 'array'),
    'metadefs/property': ('property', 'object'),
    'metadefs/properties': ('properties', 'keyed'),
    'metadefs/object': ('object', 'object'),
    'metadefs/objects': ('objects', 'array'),
    'metadefs/tag': ('tag', 'object'),
    'metadefs/tags': ('tags', 'array'),
}


def test_member_and_metadef_schemas(aio):
    reader = _session(FRIEND)
    for path, (name, kind) in sorted(SCHEMAS.items()):
        resp = reader.get('%s/v2/schemas/%s' % (aio.image_endpoint, path))
        assert resp.status_code == 200, (path, resp.text)
        body = resp.json()
        assert body['name'] == name, path
        if kind == 'object':
            assert body['additionalProperties'] is False, path
            assert body['properties'], path
        else:
            collection = body['properties'][name]
            assert collection['type'] == (
                'object' if kind == 'keyed' else 'array'), path
            assert {link['rel'] for link in body['links']} == {
                'first', 'next', 'describedby'}, path
    member = reader.get(aio.image_endpoint + '/v2/schemas/member').json()
    assert member['properties']['status']['enum'] == [
        'pending', 'accepted', 'rejected']
    assert reader.get(aio.image_endpoint + '/v2/schemas/metadefs/nope'
                      ).status_code == 404
