"""Key pairs across microversions: 2.2 (type, 201/204), 2.10 (user_id)."""

from cryptography import x509
import pytest

ALICE = 'alice:proj-a'


def _create(client, name='key1', **values):
    return client.post('/v2.1/os-keypairs',
                       {'keypair': dict(values, name=name)})


def test_before_2_2_no_type_200_and_202(api):
    alice = api.as_user(ALICE, version='2.1')
    resp = _create(alice)
    assert resp.status_int == 200
    assert 'type' not in resp.json['keypair']
    assert _create(alice, 'k2', type='ssh').status_int == 400
    listed = alice.get('/v2.1/os-keypairs').json['keypairs'][0]['keypair']
    assert 'type' not in listed
    assert alice.delete('/v2.1/os-keypairs/key1').status_int == 202


def test_2_2_type_201_and_204(api):
    alice = api.as_user(ALICE, version='2.2')
    resp = _create(alice)
    assert resp.status_int == 201
    assert resp.json['keypair']['type'] == 'ssh'
    listed = alice.get('/v2.1/os-keypairs').json['keypairs'][0]['keypair']
    assert listed['type'] == 'ssh'
    assert alice.get('/v2.1/os-keypairs/key1').json['keypair']['type'] == \
        'ssh'
    assert _create(alice, 'k2', type='rsa').status_int == 400
    resp = alice.delete('/v2.1/os-keypairs/key1')
    assert resp.status_int == 204
    assert resp.body == b''


def test_2_2_generates_an_x509_certificate(api):
    alice = api.as_user(ALICE, version='2.2')
    resp = _create(alice, 'cert', type='x509')
    assert resp.status_int == 201
    keypair = resp.json['keypair']
    assert keypair['type'] == 'x509'
    assert keypair['private_key'].startswith('-----BEGIN RSA PRIVATE KEY')
    cert = x509.load_pem_x509_certificate(keypair['public_key'].encode())
    assert cert.subject.rfc4514_string() == 'CN=alice'
    assert len(keypair['fingerprint'].split(':')) == 20  # SHA-1


def test_2_2_imports_an_x509_certificate(api):
    alice = api.as_user(ALICE, version='2.2')
    generated = _create(alice, 'cert', type='x509').json['keypair']
    resp = _create(alice, 'imported', type='x509',
                   public_key=generated['public_key'])
    assert resp.status_int == 201
    assert resp.json['keypair']['fingerprint'] == generated['fingerprint']
    assert 'private_key' not in resp.json['keypair']
    resp = _create(alice, 'bad', type='x509', public_key='not a cert')
    assert resp.status_int == 400


def test_user_id_needs_2_10(api):
    assert _create(api.as_user('admin:admin', '2.9'), user_id='alice') \
        .status_int == 400
    admin = api.as_user('admin:admin', '2.9')
    _create(api.as_user(ALICE, '2.9'))
    # Ignored before 2.10: the admin's own (empty) list.
    assert admin.get('/v2.1/os-keypairs?user_id=alice').json == \
        {'keypairs': []}


def test_2_10_admin_manages_other_users_keypairs(api):
    admin = api.as_user('admin:admin', '2.10')
    resp = _create(admin, 'for-alice', user_id='alice')
    assert resp.status_int == 201
    assert resp.json['keypair']['user_id'] == 'alice'
    alice = api.as_user(ALICE, '2.10')
    names = [k['keypair']['name']
             for k in alice.get('/v2.1/os-keypairs').json['keypairs']]
    assert names == ['for-alice']
    assert admin.get('/v2.1/os-keypairs').json == {'keypairs': []}
    listed = admin.get('/v2.1/os-keypairs?user_id=alice').json['keypairs']
    assert [k['keypair']['name'] for k in listed] == ['for-alice']
    shown = admin.get('/v2.1/os-keypairs/for-alice?user_id=alice')
    assert shown.json['keypair']['user_id'] == 'alice'
    assert admin.get('/v2.1/os-keypairs/for-alice').status_int == 404
    assert admin.delete('/v2.1/os-keypairs/for-alice?user_id=alice') \
        .status_int == 204
    assert alice.get('/v2.1/os-keypairs').json == {'keypairs': []}


@pytest.mark.parametrize('call', [
    lambda c: _create(c, 'x', user_id='bob'),
    lambda c: c.get('/v2.1/os-keypairs?user_id=bob'),
    lambda c: c.get('/v2.1/os-keypairs/x?user_id=bob'),
    lambda c: c.delete('/v2.1/os-keypairs/x?user_id=bob'),
])
def test_2_10_users_cannot_touch_other_users_keypairs(api, call):
    resp = call(api.as_user(ALICE, '2.10'))
    assert resp.status_int == 403, resp.body


def test_2_10_user_may_name_themselves(api):
    alice = api.as_user(ALICE, '2.10')
    assert _create(alice, 'mine', user_id='alice').status_int == 201
    assert alice.get('/v2.1/os-keypairs?user_id=alice').json['keypairs']
