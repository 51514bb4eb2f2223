"""Microversions 2.53 to 2.60 over HTTP, each at its version and the one
before. Tests of API shape run on the all-in-one (`aio`); the ones that
store or move something (2.53, 2.56, 2.58, 2.59, 2.60) run on every
deployment shape (`cloud`), sharing the session's clouds."""

import base64

from tests.functional.actions_helpers import act
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled

OWNER = 'alice:proj-mv-253'
ADMIN = 'admin:admin'


def _before(version):
    """The microversion just before version ('2.55' -> '2.54')."""
    major, minor = version.split('.')
    return '%s.%d' % (major, int(minor) - 1)


def _clients(cloud, version, token=ADMIN):
    """(client at version - 1, client at version)."""
    return (cloud.api.as_user(token, _before(version)),
            cloud.api.as_user(token, version))


def _message(resp, code):
    assert resp.status_code == code, resp.text
    return next(iter(resp.json().values()))['message']


# 2.55 flavor description ---------------------------------------------------

def _flavor_body(name, **extra):
    return {'flavor': dict({'name': name, 'ram': 64, 'vcpus': 1,
                            'disk': 1}, **extra)}


def test_2_55_flavor_description(aio):
    old, new = _clients(aio, '2.55')
    resp = old.post('/flavors', json=_flavor_body('mv255-old',
                                                  description='no'))
    assert resp.status_code == 400, resp.text
    resp = old.post('/flavors', json=_flavor_body('mv255-old'))
    assert resp.status_code == 200, resp.text
    old_id = resp.json()['flavor']['id']
    assert 'description' not in resp.json()['flavor']

    resp = new.post('/flavors', json=_flavor_body(
        'mv255-new', description='small\tand cheap'))
    assert _message(resp, 400)  # control characters are refused
    resp = new.post('/flavors', json=_flavor_body(
        'mv255-new', description='small and cheap'))
    assert resp.status_code == 200, resp.text
    flavor = resp.json()['flavor']
    assert flavor['description'] == 'small and cheap'
    flavor_id = flavor['id']

    listed = {f['id']: f for f in new.get('/flavors').json()['flavors']}
    assert listed[flavor_id]['description'] == 'small and cheap'
    assert listed[old_id]['description'] is None
    detail = {f['id']: f
              for f in new.get('/flavors/detail').json()['flavors']}
    assert detail[flavor_id]['description'] == 'small and cheap'
    assert detail[flavor_id]['ram'] == 64
    for flavor in old.get('/flavors/detail').json()['flavors']:
        assert 'description' not in flavor
    assert 'description' not in old.get(
        '/flavors/%s' % flavor_id).json()['flavor']

    # PUT: only the description, at 2.55, by administrators.
    path = '/flavors/%s' % flavor_id
    body = {'flavor': {'description': 'now bigger'}}
    assert old.put(path, json=body).status_code == 404
    user = aio.api.as_user(OWNER, '2.55')
    assert user.put(path, json=body).status_code == 403
    resp = new.put(path, json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json()['flavor']['description'] == 'now bigger'
    assert resp.json()['flavor']['vcpus'] == 1
    assert new.get(path).json()['flavor']['description'] == 'now bigger'
    resp = new.put(path, json={'flavor': {'description': 'x',
                                          'ram': 128}})
    assert resp.status_code == 400, resp.text
    assert new.put(path, json={'flavor': {}}).status_code == 400
    assert new.put('/flavors/no-such', json=body).status_code == 404
    resp = new.put(path, json={'flavor': {'description': None}})
    assert resp.json()['flavor']['description'] is None
    assert new.get(path).json()['flavor']['description'] is None
    for made in (flavor_id, old_id):
        assert new.delete('/flavors/%s' % made).status_code == 202
