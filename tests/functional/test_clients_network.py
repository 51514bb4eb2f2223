"""The networking a new user tries with the standard clients against the
all-in-one: the openstack CLI's server create in a security group (which
it sends by id) and with --nic none / auto, novaclient's interface
attach, and openstacksdk's network proxy end to end."""

import pytest

from tests.functional.test_clients import openstack


def test_openstack_cli_server_in_a_group_and_nic_modes(aio):
    """--security-group NAME: the CLI looks the group up in the Neutron
    API and sends its id, which the Compute API takes as Neutron does."""
    group = openstack(aio, 'security', 'group', 'create', 'cli-web')
    rule = openstack(aio, 'security', 'group', 'rule', 'create',
                     '--dst-port', '22', 'cli-web')
    assert (rule['port_range_min'], rule['port_range_max']) == (22, 22)
    server = openstack(aio, 'server', 'create', '--flavor', 'm1.tiny',
                       '--image', 'cirros', '--nic', 'net-id=private',
                       '--security-group', 'cli-web', '--wait', 'cli-sg-vm')
    assert server['status'] == 'ACTIVE'
    assert [g['name'] for g in server['security_groups']] == ['cli-web']
    bare = openstack(aio, '--os-compute-api-version', '2.37', 'server',
                     'create', '--flavor', 'm1.tiny', '--image', 'cirros',
                     '--nic', 'none', '--wait', 'cli-nic-none')
    assert (bare['status'], bare['addresses']) == ('ACTIVE', {})
    auto = openstack(aio, '--os-compute-api-version', '2.37', 'server',
                     'create', '--flavor', 'm1.tiny', '--image', 'cirros',
                     '--nic', 'auto', '--wait', 'cli-nic-auto')
    assert auto['status'] == 'ACTIVE' and auto['addresses']
    openstack(aio, 'server', 'delete', '--wait', 'cli-sg-vm', 'cli-nic-none',
              'cli-nic-auto', output=False)
    openstack(aio, 'security', 'group', 'delete', group['id'], output=False)


def _network_client(aio):
    import openstack as sdk
    return sdk.connection.Connection(auth_type='none', endpoint=aio.endpoint,
                                     identity_api_version='3')


def test_novaclient_interface_attach_shows_the_subnet(aio):
    """os-interface's fixed IPs name the subnet (they named the network
    before)."""
    from keystoneauth1 import noauth
    from keystoneauth1 import session
    from novaclient import client
    nova = client.Client('2.49', session=session.Session(
        auth=noauth.NoAuth(endpoint=aio.endpoint)))
    network = _network_client(aio).network.find_network('private')
    [subnet_id] = network.subnet_ids
    server = nova.servers.create('nc-iface-vm', aio.api.get(
        '/images').json()['images'][0]['id'], '1', nics='none')
    aio.api.wait_for_status(server.id, 'ACTIVE')
    attached = nova.servers.interface_attach(server, None, network.id, None)
    [fixed] = attached.fixed_ips
    assert fixed['subnet_id'] == subnet_id
    listed = nova.servers.interface_list(server)
    assert [(i.port_id, i.fixed_ips[0]['subnet_id']) for i in listed] == [
        (attached.port_id, subnet_id)]
    nova.servers.interface_detach(server, attached.port_id)
    nova.servers.delete(server)
    aio.api.wait_for_deletion(server.id)


def test_openstacksdk_network_proxy(aio):
    conn = _network_client(aio)
    net = conn.network
    network = net.create_network(name='sdk-net')
    subnet = net.create_subnet(network_id=network.id, ip_version=4,
                               cidr='10.213.7.0/24', name='sdk-subnet')
    public = net.find_network('public')
    router = net.create_router(name='sdk-router', external_gateway_info={
        'network_id': public.id})
    net.add_interface_to_router(router, subnet_id=subnet.id)
    port = net.create_port(network_id=network.id, name='sdk-port')
    assert port.fixed_ips[0]['subnet_id'] == subnet.id
    group = net.create_security_group(name='sdk-group')
    net.create_security_group_rule(
        security_group_id=group.id, direction='ingress', protocol='tcp',
        port_range_min=22, port_range_max=22, ethertype='IPv4')
    # The same rule again: Neutron's conflict, naming the rule.
    import openstack as sdk
    with pytest.raises(sdk.exceptions.ConflictException) as conflict:
        net.create_security_group_rule(
            security_group_id=group.id, direction='ingress',
            protocol='tcp', port_range_min=22, port_range_max=22,
            ethertype='IPv4')
    assert 'Security group rule already exists' in str(conflict.value)
    fip = net.create_ip(floating_network_id=public.id)
    assert fip.created_at == fip.updated_at
    fip = net.update_ip(fip, port_id=port.id)
    assert fip.fixed_ip_address == port.fixed_ips[0]['ip_address']
    assert fip.router_id == router.id
    for find, name, found in ((net.find_network, 'sdk-net', network),
                              (net.find_subnet, 'sdk-subnet', subnet),
                              (net.find_router, 'sdk-router', router),
                              (net.find_port, 'sdk-port', port),
                              (net.find_security_group, 'sdk-group',
                               group)):
        assert find(name).id == found.id
    net.delete_ip(fip)
    net.delete_port(port)
    net.remove_interface_from_router(router, subnet_id=subnet.id)
    net.delete_router(router)
    net.delete_security_group(group)
    net.delete_network(network)
    assert net.find_network('sdk-net') is None
