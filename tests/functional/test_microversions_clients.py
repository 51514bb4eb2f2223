"""The clients at the microversions of this branch: the openstack CLI
(server create --description, server set/unset --tag, server list --tags,
soft-anti-affinity server groups, crash dumps) and openstacksdk (tags,
description), against the all-in-one."""

import openstack as sdk

from tests.functional.test_clients import openstack


def test_cli_description_tags_and_soft_groups(aio):
    server = openstack(aio, '--os-compute-api-version', '2.19', 'server',
                       'create', '--flavor', 'm1.tiny', '--image', 'cirros',
                       '--description', 'made by the CLI', '--wait',
                       'cli-described')
    assert server['status'] == 'ACTIVE'
    shown = openstack(aio, '--os-compute-api-version', '2.19', 'server',
                      'show', 'cli-described')
    assert shown['description'] == 'made by the CLI'

    v226 = ('--os-compute-api-version', '2.26')
    openstack(aio, *v226, 'server', 'set', '--tag', 'red', '--tag', 'blue',
              'cli-described', output=False)
    shown = openstack(aio, *v226, 'server', 'show', 'cli-described')
    assert sorted(shown['tags']) == ['blue', 'red']
    listed = openstack(aio, *v226, 'server', 'list', '--tags', 'red')
    assert [s['Name'] for s in listed] == ['cli-described']
    assert openstack(aio, *v226, 'server', 'list', '--not-tags', 'red') == []
    openstack(aio, *v226, 'server', 'unset', '--tag', 'red',
              'cli-described', output=False)
    shown = openstack(aio, *v226, 'server', 'show', 'cli-described')
    assert shown['tags'] == ['blue']

    group = openstack(aio, '--os-compute-api-version', '2.15', 'server',
                      'group', 'create', '--policy', 'soft-anti-affinity',
                      'cli-soft')
    assert group['policies'] in ('soft-anti-affinity',
                                 ['soft-anti-affinity'])
    openstack(aio, 'server', 'group', 'delete', 'cli-soft', output=False)
    openstack(aio, '--os-compute-api-version', '2.17', 'server', 'dump',
              'create', 'cli-described', output=False)
    openstack(aio, 'server', 'delete', '--wait', 'cli-described',
              output=False)


def test_sdk_tags_and_description(aio):
    conn = sdk.connection.Connection(
        auth_type='none', compute_endpoint_override=aio.endpoint,
        image_endpoint_override=aio.endpoint.rsplit('/', 1)[0])
    image = conn.compute.find_image('cirros')
    flavor = conn.compute.find_flavor('m1.tiny')
    # The SDK speaks the newest version both know: from 2.37 on the
    # networks are required ("auto": the usable ones).
    server = conn.compute.create_server(
        name='sdk-tagged', image_id=image.id, flavor_id=flavor.id,
        description='made by the SDK', networks='auto')
    server = conn.compute.wait_for_server(server, wait=60)
    assert server.description == 'made by the SDK'
    server.add_tag(conn.compute, 'green')
    server = conn.compute.get_server(server.id)
    assert server.tags == ['green']
    found = list(conn.compute.servers(tags='green'))
    assert [s.id for s in found] == [server.id]
    server.remove_tag(conn.compute, 'green')
    assert conn.compute.get_server(server.id).tags == []
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=60)


def test_cli_server_create_with_tags(aio):
    """openstack server create --tag (2.52); --wait reads the server back
    at 2.52, with its embedded flavor (2.47)."""
    v252 = ('--os-compute-api-version', '2.52')
    # A network named: from 2.37 the CLI sends networks "auto" otherwise.
    network = aio.api.get('/os-networks').json()['networks'][0]['id']
    server = openstack(aio, *v252, 'server', 'create', '--flavor',
                       'm1.tiny', '--image', 'cirros', '--tag', 'front',
                       '--tag', 'blue', '--nic', 'net-id=' + network,
                       '--wait', 'cli-tagged-at-create')
    assert server['status'] == 'ACTIVE'
    shown = openstack(aio, *v252, 'server', 'show', 'cli-tagged-at-create')
    assert sorted(shown['tags']) == ['blue', 'front']
    assert 'm1.tiny' in str(shown['flavor'])
    openstack(aio, 'server', 'delete', '--wait', 'cli-tagged-at-create',
              output=False)
