"""The standard clients work against the all-in-one, as a new user would
use them: the openstack CLI (with auth type none), novaclient and
openstacksdk."""

import json
import os

import pytest

from tests.functional import osc


def _env(cloud):
    env = dict(os.environ)
    for key in list(env):
        if key.startswith('OS_'):
            del env[key]
    env.update({'OS_AUTH_TYPE': 'none', 'OS_ENDPOINT': cloud.endpoint,
                'OS_IDENTITY_API_VERSION': '3'})
    return env


def openstack(cloud, *args, output=True):
    result = osc.run(list(args) + (['-f', 'json'] if output else []),
                     _env(cloud))
    assert result.returncode == 0, (args, result.stdout, result.stderr,
                                    cloud.logs())
    return json.loads(result.stdout) if result.stdout.strip() else None


def test_openstack_cli_boot_cycle(aio, tmp_path):
    flavors = openstack(aio, 'flavor', 'list')
    assert {'m1.tiny', 'm1.small', 'm1.medium', 'm1.large',
            'm1.xlarge'} <= {f['Name'] for f in flavors}
    private_key = tmp_path / 'cli-key.pem'
    key = openstack(aio, 'keypair', 'create', '--private-key',
                    str(private_key), 'cli-key')
    assert key['name'] == 'cli-key' and key['fingerprint']
    assert 'PRIVATE KEY' in private_key.read_text()
    images = openstack(aio, 'image', 'list')
    assert 'cirros' in [i['Name'] for i in images]
    server = openstack(aio, 'server', 'create', '--flavor', 'm1.tiny',
                       '--image', 'cirros', '--key-name', 'cli-key',
                       '--wait', 'cli-vm')
    assert server['status'] == 'ACTIVE'
    listed = openstack(aio, 'server', 'list')
    assert 'cli-vm' in [s['Name'] for s in listed]
    shown = openstack(aio, 'server', 'show', 'cli-vm')
    assert shown['id'] == server['id']
    assert shown['key_name'] == 'cli-key'
    openstack(aio, 'server', 'delete', '--wait', 'cli-vm', output=False)
    assert 'cli-vm' not in [s['Name'] for s in
                            openstack(aio, 'server', 'list')]
    openstack(aio, 'keypair', 'delete', 'cli-key', output=False)


def test_novaclient_boot_cycle(aio):
    from keystoneauth1 import noauth
    from keystoneauth1 import session
    from novaclient import client

    nova = client.Client('2.1', session=session.Session(
        auth=noauth.NoAuth(endpoint=aio.endpoint)))
    flavor = nova.flavors.find(name='m1.tiny')
    image_id = aio.api.get('/images').json()['images'][0]['id']
    server = nova.servers.create('nc-vm', image_id, flavor)
    aio.api.wait_for_status(server.id, 'ACTIVE')
    assert nova.servers.get(server.id).status == 'ACTIVE'
    assert 'nc-vm' in [s.name for s in nova.servers.list()]
    nova.servers.delete(server.id)
    aio.api.wait_for_deletion(server.id)


def test_openstacksdk_boot_cycle(aio):
    import openstack as sdk

    conn = sdk.connection.Connection(auth_type='none',
                                     endpoint=aio.endpoint,
                                     identity_api_version='3')
    flavor = conn.compute.find_flavor('m1.tiny')
    image_id = aio.api.get('/images').json()['images'][0]['id']
    # At the newest version the SDK and the cloud share (2.37 and later)
    # networks are required: "auto" joins the usable ones.
    server = conn.compute.create_server(name='sdk-vm', image_id=image_id,
                                        flavor_id=flavor.id, networks='auto')
    server = conn.compute.wait_for_server(server, wait=60)
    assert server.status == 'ACTIVE'
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=60)
    with pytest.raises(sdk.exceptions.ResourceNotFound):
        conn.compute.get_server(server.id)
