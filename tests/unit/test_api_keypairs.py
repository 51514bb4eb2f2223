"""Key pairs through the Compute API: generate, import, list, show, delete."""

import base64
import hashlib

from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import serialization
import pytest

from nova import crypto

ALICE = 'alice:proj-a'
BOB = 'bob:proj-a'


def _public_key(comment='me@host'):
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    text = key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode()
    return '%s %s' % (text, comment)


def _md5_fingerprint(public_key):
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, 32, 2))


def _fault(resp, code):
    assert resp.status_int == code, resp.body
    (name, fault), = resp.json.items()
    assert fault['code'] == code
    return name, fault['message']


def _create(client, name='key1', **values):
    return client.post('/v2.1/os-keypairs',
                       {'keypair': dict(values, name=name)})


def test_generate(api):
    alice = api.as_user(ALICE)
    resp = _create(alice)
    assert resp.status_int == 200
    keypair = resp.json['keypair']
    assert set(keypair) == {'name', 'public_key', 'fingerprint', 'user_id',
                            'private_key'}
    assert keypair['name'] == 'key1'
    assert keypair['user_id'] == 'alice'
    assert keypair['private_key'].startswith(
        '-----BEGIN RSA PRIVATE KEY-----')
    assert keypair['public_key'].startswith('ssh-rsa ')
    assert keypair['public_key'].endswith(' Generated-by-Nova')
    assert keypair['fingerprint'] == _md5_fingerprint(keypair['public_key'])
    # The private key matches the public one.
    private = serialization.load_pem_private_key(
        keypair['private_key'].encode(), password=None)
    public = private.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    assert keypair['public_key'] == public + ' Generated-by-Nova'


def test_import(api):
    public_key = _public_key()
    resp = _create(api.as_user(ALICE), public_key=public_key)
    assert resp.status_int == 200
    assert resp.json == {'keypair': {
        'name': 'key1', 'public_key': public_key, 'user_id': 'alice',
        'fingerprint': _md5_fingerprint(public_key)}}


def test_fingerprint_of_a_known_key():
    # ssh-keygen -E md5 -lf printed this fingerprint for this key.
    key = ('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC+l9F3bW2B+l71Dg4YGTGymSYJZ'
           'jjiWdfdI5FnwGEcDX/bdlHXg3pSLHf9Htc5mjRmFeaeNzZ+YY4BKruhkwrhwLUY1'
           'URJ/0YG8I6Vh/FS6hQbGAZQgFr1pxUvYyV1DthG78QPqD6Ugw3zM9SJEPpxKSNLv'
           'W2M34hlpKVb/+anFw== test')
    assert crypto.fingerprint(key) == \
        'a6:bf:a0:69:7b:a1:b0:7a:a4:f7:14:cc:ec:0d:d5:4f'


@pytest.mark.parametrize('public_key', [
    'not a key', 'ssh-rsa AAAA', '', 'ssh-rsa !!!! x'])
def test_import_invalid_key(api, public_key):
    resp = _create(api.as_user(ALICE), public_key=public_key)
    assert _fault(resp, 400) == (
        'badRequest', 'Keypair data is invalid: failed to generate '
                      'fingerprint')
    assert api.as_user(ALICE).get('/v2.1/os-keypairs').json == {
        'keypairs': []}


@pytest.mark.parametrize('name', ['bad/name', 'dot.ted', 'ünï'])
def test_unsafe_names(api, name):
    resp = _create(api.as_user(ALICE), name=name)
    assert _fault(resp, 400) == (
        'badRequest', 'Keypair data is invalid: Keypair name contains '
                      'unsafe characters')


@pytest.mark.parametrize('name', ['', ' lead', 'trail ', 'x' * 256])
def test_names_failing_the_schema(api, name):
    name_, message = _fault(_create(api.as_user(ALICE), name=name), 400)
    assert message.startswith(
        'Invalid input for field/attribute keypair/name.')


def test_body_validation(api):
    alice = api.as_user(ALICE)
    resp = alice.post('/v2.1/os-keypairs', {'keypair': {}})
    assert "'name' is a required property" in _fault(resp, 400)[1]
    resp = _create(alice, type='ssh')
    assert "'type' was unexpected" in _fault(resp, 400)[1]
    resp = _create(alice, public_key=42)
    assert _fault(resp, 400)[1].startswith(
        'Invalid input for field/attribute keypair/public_key.')


def test_duplicate_name_conflicts_per_user(api):
    """Regression: oslo.db raises DBDuplicateEntry, not SQLAlchemy's
    IntegrityError, so a duplicate key pair used to answer 500."""
    alice = api.as_user(ALICE)
    assert _create(alice, name='my key').status_int == 200
    assert _fault(_create(alice, name='my key'), 409) == (
        'conflict', 'Key pair \'my key\' already exists.')
    # Another user, even in the same project, has names of their own.
    assert _create(api.as_user(BOB), name='my key').status_int == 200


def test_quota(api, conf):
    conf.set_override('key_pairs', 2, group='quota')
    alice = api.as_user(ALICE)
    assert _create(alice, name='a').status_int == 200
    assert _create(alice, name='b').status_int == 200
    assert _fault(_create(alice, name='c'), 403) == (
        'forbidden', 'Quota exceeded, too many key pairs.')
    # The quota counts per user; a deleted key pair frees its place.
    assert _create(api.as_user(BOB), name='c').status_int == 200
    assert alice.delete('/v2.1/os-keypairs/a').status_int == 202
    assert _create(alice, name='c').status_int == 200


def test_unlimited_quota(api, conf):
    conf.set_override('key_pairs', -1, group='quota')
    assert _create(api.as_user(ALICE)).status_int == 200


def test_list_shows_only_my_key_pairs(api):
    alice, bob = api.as_user(ALICE), api.as_user(BOB)
    public_key = _public_key()
    _create(alice, name='b', public_key=public_key)
    _create(alice, name='a', public_key=public_key)
    _create(bob, name='bobs')
    resp = alice.get('/v2.1/os-keypairs')
    assert resp.status_int == 200
    fingerprint = _md5_fingerprint(public_key)
    assert resp.json == {'keypairs': [
        {'keypair': {'name': 'a', 'public_key': public_key,
                     'fingerprint': fingerprint}},
        {'keypair': {'name': 'b', 'public_key': public_key,
                     'fingerprint': fingerprint}}]}
    assert [k['keypair']['name'] for k in
            bob.get('/v2.1/os-keypairs').json['keypairs']] == ['bobs']


def test_show(api):
    alice = api.as_user(ALICE)
    public_key = _public_key()
    _create(alice, public_key=public_key)
    resp = alice.get('/v2.1/os-keypairs/key1')
    assert resp.status_int == 200
    keypair = resp.json['keypair']
    created_at = keypair.pop('created_at')
    assert isinstance(keypair.pop('id'), int)
    assert keypair == {
        'name': 'key1', 'public_key': public_key, 'user_id': 'alice',
        'fingerprint': _md5_fingerprint(public_key), 'deleted': False,
        'updated_at': None, 'deleted_at': None}
    # Upstream's format: microseconds and no zone.
    assert len(created_at) == 26 and created_at[10] == 'T'


def test_show_and_delete_of_missing_or_others_key_pairs(api):
    _create(api.as_user(BOB), name='bobs')
    alice = api.as_user(ALICE)
    expected = ('itemNotFound', 'Keypair bobs not found for user alice')
    assert _fault(alice.get('/v2.1/os-keypairs/bobs'), 404) == expected
    assert _fault(alice.delete('/v2.1/os-keypairs/bobs'), 404) == expected
    assert api.as_user(BOB).get('/v2.1/os-keypairs/bobs').status_int == 200


def test_delete(api):
    alice = api.as_user(ALICE)
    _create(alice)
    resp = alice.delete('/v2.1/os-keypairs/key1')
    assert resp.status_int == 202
    assert resp.body == b''
    assert alice.get('/v2.1/os-keypairs').json == {'keypairs': []}
    assert alice.get('/v2.1/os-keypairs/key1').status_int == 404
    # The name may be used again.
    assert _create(alice).status_int == 200


def test_policy_can_forbid_key_pairs(api, conf, tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"os_compute_api:os-keypairs:index": "!"\n'
                           '"os_compute_api:os-keypairs:create": "!"\n')
    conf.set_override('policy_file', str(policy_file), group='oslo_policy')
    from nova import policy
    policy._ENFORCER = None
    try:
        resp = api.as_user(ALICE).get('/v2.1/os-keypairs')
        assert _fault(resp, 403) == (
            'forbidden', 'Policy doesn\'t allow os_compute_api:os-keypairs:'
                         'index to be performed.')
    finally:
        policy._ENFORCER = None
