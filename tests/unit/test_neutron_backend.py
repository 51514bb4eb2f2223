"""The Neutron backend's pieces that need no Neutron: network_info from
Neutron's resources, the [neutron] options and the endpoint they give,
and Neutron's faults as Nova's errors (the HTTP paths are in
tests/functional/test_neutron_backend.py)."""

import json

import pytest
import requests

from nova.network import errors
from nova.network import neutron_client
from nova.network import neutron_model

PORT = {'id': 'a1b2c3d4-0000-4000-8000-000000000001',
        'network_id': 'net-1', 'mac_address': 'fa:16:3e:00:00:01',
        'status': 'ACTIVE', 'binding:vif_type': 'bridge',
        'binding:vif_details': {'port_filter': True},
        'fixed_ips': [{'subnet_id': 'sub-4', 'ip_address': '10.1.0.5'},
                      {'subnet_id': 'sub-6', 'ip_address': 'fd00::5'}]}
NETWORK = {'id': 'net-1', 'name': 'private', 'mtu': 1450}
SUBNETS = [{'id': 'sub-4', 'network_id': 'net-1', 'cidr': '10.1.0.0/24',
            'ip_version': 4, 'gateway_ip': '10.1.0.1', 'enable_dhcp': True,
            'dns_nameservers': ['10.1.0.2']},
           {'id': 'sub-6', 'network_id': 'net-1', 'cidr': 'fd00::/64',
            'ip_version': 6, 'gateway_ip': 'fd00::1', 'enable_dhcp': False}]


def test_vif_from_a_port_its_network_and_subnets():
    vif = neutron_model.vif(PORT, NETWORK, SUBNETS, {
        (PORT['id'], '10.1.0.5'): ['172.24.4.9']})
    assert vif['id'] == PORT['id'] and vif['address'] == PORT['mac_address']
    assert vif['type'] == 'bridge' and vif['active'] is True
    assert vif['devname'] == 'tapa1b2c3d4-00'
    network = vif['network']
    assert (network['label'], network['mtu']) == ('private', 1450)
    assert network['bridge'] == 'brqnet-1'
    v4, v6 = network['subnets']
    assert v4['gateway'] == '10.1.0.1' and v4['dhcp_server'] == '10.1.0.1'
    assert v4['dns'] == ['10.1.0.2']
    assert v4['ips'] == [{'address': '10.1.0.5', 'type': 'fixed',
                          'version': 4, 'floating_ips': [{
                              'address': '172.24.4.9', 'type': 'floating',
                              'version': 4}]}]
    assert v6['dhcp_server'] is None
    assert [ip['address'] for ip in v6['ips']] == ['fd00::5']


def test_unbound_port_of_an_unknown_network():
    port = dict(PORT, status='DOWN', fixed_ips=[])
    del port['binding:vif_type']
    vif = neutron_model.vif(port, None, [], {})
    assert vif['type'] == 'unbound' and vif['active'] is False
    assert vif['network']['label'] == 'net-1'


@pytest.fixture
def neutron_conf(conf):
    neutron_client.reset()
    conf.set_override('auth_type', 'none', 'neutron')
    yield conf
    neutron_client.reset()


def test_options_have_upstream_names(conf):
    for name in ('auth_type', 'auth_section', 'timeout', 'cafile',
                 'insecure', 'region_name', 'valid_interfaces',
                 'endpoint_override', 'service_type'):
        assert name in conf.neutron
    assert conf.neutron.service_type == 'network'
    assert conf.neutron.valid_interfaces == ['internal', 'public']


@pytest.mark.parametrize('endpoint', ['http://n.example:9696',
                                      'http://n.example:9696/',
                                      'http://n.example:9696/v2.0'])
def test_endpoint_override_gives_the_v2_0_base(neutron_conf, endpoint):
    neutron_conf.set_override('endpoint_override', endpoint, 'neutron')
    assert neutron_client.Client().base == 'http://n.example:9696/v2.0'


def test_no_endpoint_is_a_clear_error(neutron_conf):
    with pytest.raises(neutron_client.NeutronUnavailable) as caught:
        neutron_client.Client()
    assert 'endpoint_override' in str(caught.value)


def _response(status, body):
    resp = requests.Response()
    resp.status_code = status
    resp._content = json.dumps(body).encode()
    resp.reason = 'reason'
    return resp


def test_neutron_faults_keep_their_type_and_status():
    error = neutron_client._error(_response(409, {'NeutronError': {
        'type': 'IpAddressAlreadyAllocated', 'message': 'in use',
        'detail': ''}}))
    assert isinstance(error, neutron_client.NeutronError)
    assert (error.code, error.kind) == (409, 'IpAddressAlreadyAllocated')
    assert 'in use' in error.format_message()
    missing = neutron_client._error(_response(404, {'NeutronError': {
        'type': 'PortNotFound', 'message': 'gone'}}))
    assert isinstance(neutron_client.translate_port_error(missing, 'p1'),
                      errors.PortNotFound)
    # A Neutron that fails is the network service being unavailable.
    broken = neutron_client._error(_response(500, {}))
    assert isinstance(broken, neutron_client.NeutronUnavailable)
    assert broken.code == 503


def test_a_port_neutron_could_not_bind_fails_its_binding():
    from nova.network import neutron_backend
    neutron_backend._check_bound(PORT, 'host-1')
    # Unbound (no host asked for) is not a failure.
    neutron_backend._check_bound(
        dict(PORT, **{'binding:vif_type': 'unbound'}), 'host-1')
    failed = dict(PORT, **{'binding:vif_type': 'binding_failed'})
    neutron_backend._check_bound(failed, None)
    with pytest.raises(errors.PortBindingFailed) as raised:
        neutron_backend._check_bound(failed, 'host-1')
    assert PORT['id'] in str(raised.value)
    assert raised.value.code == 400
