"""The catalog: `nova-manage keystone register-endpoints` puts the
built-in services of an all-in-one behind a real Keystone into its
catalog, and the `openstack` client and openstacksdk find them there
with password auth and a clouds.yaml, no endpoint overrides. EC2
credentials made with `openstack ec2 credentials create` sign boto3
requests the EC2 API has Keystone's /v3/ec2tokens validate."""

import json
import os
import subprocess
import sys
import time

import botocore.exceptions
import openstack
import pytest
import yaml

from tests.functional import cloud as cloud_lib
from tests.functional import ec2_cloud

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..',
                                'tools', 'peers'))
import keystone_peer  # noqa: E402

BIN = os.path.dirname(sys.executable)
PROJECT, USER = 'catalog', 'catalog-member'
READER = 'catalog-reader'


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    workdir = tmp_path_factory.mktemp('catalog')
    keystone = keystone_peer.Keystone(str(workdir / 'keystone')).start()
    cloud = None
    try:
        keystone.ensure_service_user('nova')
        keystone.ensure_user(USER, PROJECT, ['member'])
        keystone.ensure_user(READER, PROJECT, ['reader'])
        options = {'api.auth_strategy': 'keystone',
                   'ec2.keystone_ec2tokens_url':
                       keystone.url + '/v3/ec2tokens'}
        for name, value in keystone.authtoken_section('nova').items():
            options['keystone_authtoken.' + name] = value
            # The EC2 API asks Keystone as the service user.
            if name not in ('www_authenticate_uri',
                            'service_token_roles_required'):
                options['service_user.' + name] = value
        cloud = cloud_lib.Cloud(workdir / 'cloud', options=options,
                                api_token=keystone.admin_token()).start()
        clouds = workdir / 'clouds.yaml'
        clouds.write_text(yaml.safe_dump({'clouds': {
            name: {'auth': {
                'auth_url': keystone.url + '/v3', 'username': user,
                'password': keystone_peer.ADMIN_PASSWORD,
                'project_name': PROJECT, 'user_domain_name': 'Default',
                'project_domain_name': 'Default'},
                'region_name': keystone_peer.REGION,
                'identity_api_version': 3}
            for name, user in (('catalog', USER),
                               ('catalog-reader', READER))}}))
        yield keystone, cloud, str(clouds)
    finally:
        if cloud is not None:
            cloud.stop()
        keystone.stop()


def _register(keystone, cloud):
    env = dict(os.environ, OS_AUTH_URL=keystone.url + '/v3',
               OS_USERNAME='admin', OS_PASSWORD=keystone_peer.ADMIN_PASSWORD,
               OS_PROJECT_NAME='admin', OS_USER_DOMAIN_NAME='Default',
               OS_PROJECT_DOMAIN_NAME='Default')
    out = subprocess.run(
        [os.path.join(BIN, 'nova-manage'), '--config-file',
         cloud.config_file, 'keystone', 'register-endpoints', '--host',
         '127.0.0.1'], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=120)
    assert out.returncode == 0, out.stdout
    return out.stdout


def _run_openstack(clouds, args, cloud='catalog'):
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update(OS_CLIENT_CONFIG_FILE=clouds, OS_CLOUD=cloud)
    return subprocess.run([os.path.join(BIN, 'openstack')] + list(args),
                          env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120)


def _openstack(clouds, *args, parse=True, cloud='catalog'):
    out = _run_openstack(clouds, list(args) +
                         (['-f', 'json'] if parse else []), cloud)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout or 'null') if parse else out.stdout


@pytest.fixture(scope='module')
def registered(env):
    keystone, cloud, clouds = env
    return _register(keystone, cloud)


def test_register_endpoints_fills_the_catalog(env, registered):
    keystone, cloud, _ = env
    for kind in ('compute', 'image', 'network', 'block-storage',
                 'volumev3', 'ec2'):
        assert kind in registered
    _, body = keystone.request('GET', '/v3/endpoints')
    urls = {e['url'] for e in body['endpoints']}
    assert cloud.endpoint in urls
    assert cloud.image_endpoint in urls
    assert cloud.network_endpoint in urls
    assert cloud.volume_endpoint + '/v3/$(project_id)s' in urls
    # Again: nothing new, nothing changed.
    again = _register(keystone, cloud)
    assert 'created' not in again and 'updated' not in again, again
    _, after = keystone.request('GET', '/v3/endpoints')
    assert len(after['endpoints']) == len(body['endpoints'])


def test_openstack_client_finds_every_service(env, registered):
    _, _, clouds = env
    catalog = {entry['Name']: entry
               for entry in _openstack(clouds, 'catalog', 'list')}
    assert {'nova', 'nova-image', 'nova-network', 'nova-volume',
            'nova-volumev3'} <= set(catalog)
    # Prints the private key (no JSON).
    key = _openstack(clouds, 'keypair', 'create', 'catalog-kp', parse=False)
    assert 'PRIVATE KEY' in key
    assert 'catalog-kp' in [k['Name'] for k in
                            _openstack(clouds, 'keypair', 'list')]
    images = _openstack(clouds, 'image', 'list')
    assert any(i['Name'] == 'cirros' for i in images), images
    network = _openstack(clouds, 'network', 'create', 'catalog-net')
    assert network['name'] == 'catalog-net'
    assert 'catalog-net' in [n['Name'] for n in
                             _openstack(clouds, 'network', 'list')]
    assert _openstack(clouds, 'server', 'list') == []


def _volume_status(clouds, name, wanted, timeout=60):
    deadline = time.time() + timeout
    while True:
        volume = _openstack(clouds, 'volume', 'show', name)
        if volume['status'] == wanted or time.time() > deadline:
            return volume
        time.sleep(0.5)


def test_openstack_client_volumes(env, registered):
    _, _, clouds = env
    made = _openstack(clouds, 'volume', 'create', '--size', '1',
                      'catalog-vol')
    assert (made['name'], made['size']) == ('catalog-vol', 1)
    assert _volume_status(clouds, 'catalog-vol', 'available')[
        'status'] == 'available'
    listed = _openstack(clouds, 'volume', 'list')
    assert [(v['Name'], v['Size'], v['Status']) for v in listed] == [
        ('catalog-vol', 1, 'available')]
    _openstack(clouds, 'volume', 'set', '--name', 'catalog-renamed',
               'catalog-vol', parse=False)
    shown = _openstack(clouds, 'volume', 'show', made['id'])
    assert shown['name'] == 'catalog-renamed'
    assert any(t['Name'] == '__DEFAULT__'
               for t in _openstack(clouds, 'volume', 'type', 'list'))
    # A reader of the project sees the volume and cannot change it.
    assert [v['Name'] for v in _openstack(
        clouds, 'volume', 'list', cloud='catalog-reader')] == [
            'catalog-renamed']
    for args in (['volume', 'create', '--size', '1', 'by-reader'],
                 ['volume', 'set', '--name', 'by-reader',
                  'catalog-renamed'],
                 ['volume', 'delete', 'catalog-renamed']):
        refused = _run_openstack(clouds, args, cloud='catalog-reader')
        assert refused.returncode != 0, args
        assert '403' in refused.stderr or 'olicy' in refused.stderr, \
            refused.stderr
    _openstack(clouds, 'volume', 'delete', 'catalog-renamed', parse=False)
    deadline = time.time() + 60
    while _openstack(clouds, 'volume', 'list') and time.time() < deadline:
        time.sleep(0.5)
    assert _openstack(clouds, 'volume', 'list') == []


def test_openstacksdk_finds_every_service(env, registered):
    _, _, clouds = env
    os.environ['OS_CLIENT_CONFIG_FILE'] = clouds
    try:
        conn = openstack.connect(cloud='catalog')
        assert any(i.name == 'cirros' for i in conn.image.images())
        conn.network.create_network(name='sdk-net')
        assert 'sdk-net' in [n.name for n in conn.network.networks()]
        assert [f.name for f in conn.compute.flavors()]
        assert list(conn.compute.servers()) == []
        volume = conn.block_storage.create_volume(size=1, name='sdk-vol')
        conn.block_storage.wait_for_status(volume, 'available', wait=60)
        assert [v.name for v in conn.block_storage.volumes()] == ['sdk-vol']
        conn.block_storage.delete_volume(volume)
        conn.block_storage.wait_for_delete(volume, wait=60)
    finally:
        os.environ.pop('OS_CLIENT_CONFIG_FILE')


def test_boto3_with_ec2_credentials_validated_by_keystone(env, registered):
    _, cloud, clouds = env
    made = _openstack(clouds, 'ec2', 'credentials', 'create')
    ec2 = ec2_cloud.boto3_client(cloud, made['access'], made['secret'])
    images = ec2.describe_images()['Images']
    assert any(i.get('Name') == 'cirros' for i in images), images
    assert 'Reservations' in ec2.describe_instances()
    keys = ec2.create_key_pair(KeyName='by-ec2')
    assert keys['KeyName'] == 'by-ec2'
    # The key pair belongs to the Keystone user the credentials name.
    assert 'by-ec2' in [k['Name'] for k in
                        _openstack(clouds, 'keypair', 'list')]
    wrong = ec2_cloud.boto3_client(cloud, made['access'], 'not-the-secret')
    with pytest.raises(botocore.exceptions.ClientError) as error:
        wrong.describe_instances()
    assert error.value.response['Error']['Code'] == 'AuthFailure'
