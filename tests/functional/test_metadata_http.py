"""The metadata service of the all-in-one, asked over HTTP as guests ask:
through a signing proxy (X-Instance-ID) or by fixed IP from a trusted
proxy (X-Forwarded-For)."""

import base64
import json

import pytest
import requests

from nova.api.metadata import lookup
from tests.functional import ec2_cloud


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    running = ec2_cloud.start(tmp_path_factory.mktemp('metadata'))
    yield running
    running.stop()


@pytest.fixture(scope='module')
def servers(cloud):
    """Two servers of two projects, with key, user data and metadata."""
    result = []
    for project in ('meta-a', 'meta-b'):
        api = cloud.api.as_user('%s-user:%s' % (project, project))
        key = api.post('/os-keypairs', json={'keypair': {
            'name': 'key-' + project}}).json()['keypair']
        image = api.get('/images').json()['images'][0]['id']
        resp = api.post('/servers', json={'server': {
            'name': 'vm-' + project, 'imageRef': image, 'flavorRef': '1',
            'key_name': key['name'], 'metadata': {'project': project},
            'user_data': base64.b64encode(
                ('#cloud-config %s' % project).encode()).decode()}})
        assert resp.status_code == 202, resp.text
        server = api.wait_for_status(resp.json()['server']['id'], 'ACTIVE')
        result.append((server, key))
    return result


def _signed(cloud, server_id, path, signature=None, **kw):
    headers = {'X-Instance-ID': server_id,
               'X-Instance-ID-Signature': signature or lookup.sign(
                   server_id, ec2_cloud.SECRET)}
    return requests.request(kw.pop('method', 'GET'),
                            cloud.metadata_endpoint + path,
                            headers=headers, timeout=30, **kw)


def _fixed_ip(server):
    return [a['addr'] for addrs in server['addresses'].values()
            for a in addrs if a.get('OS-EXT-IPS:type') == 'fixed'][0]


def test_ec2_tree_over_http(cloud, servers):
    (server, key), _other = servers
    listing = _signed(cloud, server['id'], '/latest/meta-data/').text
    for name in ('ami-id', 'instance-id', 'instance-type', 'hostname',
                 'local-ipv4', 'public-keys/', 'placement/'):
        assert name in listing.split('\n')
    instance_id = _signed(cloud, server['id'],
                          '/latest/meta-data/instance-id').text
    assert instance_id.startswith('i-')
    assert _signed(cloud, server['id'],
                   '/latest/meta-data/public-keys/0/openssh-key').text == \
        key['public_key']
    assert _signed(cloud, server['id'],
                   '/latest/meta-data/local-ipv4').text == _fixed_ip(server)
    assert _signed(cloud, server['id'], '/latest/user-data').text == \
        '#cloud-config meta-a'
    assert _signed(cloud, server['id'],
                   '/2009-04-04/meta-data/instance-id').text == instance_id


def test_instance_id_matches_ec2_api(cloud, servers):
    (server, _key), _other = servers
    instance_id = _signed(cloud, server['id'],
                          '/latest/meta-data/instance-id').text
    access, secret = ec2_cloud.credentials(cloud, 'meta-a-user', 'meta-a')
    ec2 = ec2_cloud.boto3_client(cloud, access, secret)
    found = ec2.describe_instances(InstanceIds=[instance_id])
    instance = found['Reservations'][0]['Instances'][0]
    assert instance['PrivateIpAddress'] == _fixed_ip(server)
    assert instance['KeyName'] == 'key-meta-a'


def test_openstack_tree_over_http(cloud, servers):
    (server, key), _other = servers
    meta = _signed(cloud, server['id'],
                   '/openstack/latest/meta_data.json').json()
    assert meta['uuid'] == server['id']
    assert meta['public_keys'] == {key['name']: key['public_key']}
    assert meta['meta'] == {'project': 'meta-a'}
    network = _signed(cloud, server['id'],
                      '/openstack/latest/network_data.json').json()
    assert network['networks'][0]['ip_address'] == _fixed_ip(server)
    assert _signed(cloud, server['id'],
                   '/openstack/latest/vendor_data2.json').json() == {}
    assert _signed(cloud, server['id'],
                   '/openstack/latest/user_data').text == \
        '#cloud-config meta-a'


def test_wrong_signature_is_403(cloud, servers):
    (server, _key), (other, _other_key) = servers
    resp = _signed(cloud, server['id'], '/latest/meta-data/instance-id',
                   signature='f' * 64)
    assert resp.status_code == 403
    # Another instance's valid signature does not open this one.
    resp = _signed(cloud, server['id'], '/openstack/latest/meta_data.json',
                   signature=lookup.sign(other['id'], ec2_cloud.SECRET))
    assert resp.status_code == 403
    assert server['id'] not in resp.text


def test_lookup_by_fixed_ip_through_trusted_proxy(cloud, servers):
    answers = []
    for server, _key in servers:
        resp = requests.get(
            cloud.metadata_endpoint + '/openstack/latest/meta_data.json',
            headers={'X-Forwarded-For': _fixed_ip(server)}, timeout=30)
        assert resp.status_code == 200
        answers.append(resp.json())
    assert [a['uuid'] for a in answers] == [s['id'] for s, _k in servers]
    # Nothing of one instance shows in the other's answer.
    for mine, (other, other_key) in zip(answers, reversed(servers)):
        mine.pop('random_seed')
        text = json.dumps(mine)
        assert other['id'] not in text
        assert other_key['public_key'] not in text
    resp = requests.get(cloud.metadata_endpoint + '/latest/meta-data/',
                        headers={'X-Forwarded-For': '192.0.2.200'},
                        timeout=30)
    assert resp.status_code == 404


def test_password_post_once(cloud, servers):
    (server, _key), (other, _other_key) = servers
    path = '/openstack/latest/password'
    assert _signed(cloud, server['id'], path, method='POST',
                   data=b'encrypted-secret').status_code == 200
    assert _signed(cloud, server['id'], path, method='POST',
                   data=b'another').status_code == 409
    assert _signed(cloud, server['id'], path).text == 'encrypted-secret'
    assert _signed(cloud, other['id'], path).text == ''
    api = cloud.api.as_user('meta-a-user:meta-a')
    assert api.get('/servers/%s/os-server-password' % server['id']).json() \
        == {'password': 'encrypted-secret'}
