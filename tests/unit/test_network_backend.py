"""[network] backend: the registry of network API backends, the built-in
one implementing the whole interface, and unknown names refused."""

import inspect
import subprocess
import sys

import pytest

from nova.network import api as network_api
from nova.network import builtin


@pytest.fixture
def fresh(conf, monkeypatch):
    monkeypatch.setattr(network_api, '_API', None)
    return conf


def _interface_methods():
    return sorted(name for name, member in
                  inspect.getmembers(network_api.NetworkAPI, callable)
                  if not name.startswith('_'))


def test_default_backend_is_the_builtin_one(fresh):
    assert fresh.network.backend == 'builtin'
    assert isinstance(network_api.get_api(), builtin.BuiltinNetworkAPI)
    assert network_api.get_api() is network_api.get_api()


def test_builtin_backend_implements_every_method_of_the_interface():
    missing = [name for name in _interface_methods()
               if getattr(builtin.BuiltinNetworkAPI, name)
               is getattr(network_api.NetworkAPI, name)]
    assert not missing
    # The interface covers what the API layers call (a sample of each area).
    for name in ('get_networks', 'get_fixed_ip', 'get_vifs',
                 'get_floating_ips', 'put_dns_entry',
                 'create_security_group_rule', 'get_default_rules'):
        assert name in _interface_methods()


def test_unknown_backend_is_refused_naming_the_known_ones(fresh):
    fresh.set_override('backend', 'nova-network', 'network')
    with pytest.raises(network_api.UnknownBackend) as caught:
        network_api.get_api()
    assert str(caught.value) == (
        '[network] backend = nova-network is not a network backend; use '
        'one of: builtin, neutron.')


def test_neutron_selects_the_neutron_backend(fresh):
    from nova.network import neutron_backend
    fresh.set_override('backend', 'neutron', 'network')
    assert network_api.check_backend() == \
        'nova.network.neutron_backend.NeutronNetworkAPI'
    assert isinstance(network_api.get_api(),
                      neutron_backend.NeutronNetworkAPI)


def test_an_unregistered_reserved_name_is_refused(fresh, monkeypatch):
    monkeypatch.setitem(network_api.RESERVED, 'odl', 'the ODL backend')
    fresh.set_override('backend', 'odl', 'network')
    with pytest.raises(network_api.UnknownBackend) as caught:
        network_api.check_backend()
    assert 'the ODL backend is not available' in str(caught.value)


def test_old_option_name_still_selects_the_backend(fresh, tmp_path):
    path = tmp_path / 'nova.conf'
    path.write_text('[network]\nnetwork_api = builtin\n')
    fresh(['--config-file', str(path)], project='nova',
          default_config_files=[])
    assert fresh.network.backend == 'builtin'


def test_a_service_with_an_unknown_backend_stops_at_start(tmp_path):
    path = tmp_path / 'nova.conf'
    path.write_text('[network]\nbackend = bogus\n')
    done = subprocess.run(
        [sys.executable, '-c',
         'import sys; from nova.cmd import common; '
         'common.init(sys.argv[1:], prog="nova-api")',
         '--config-file', str(path)],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert '[network] backend = bogus is not a network backend; use one ' \
           'of: builtin, neutron.' in done.stderr


def test_neutron_backend_keeps_what_the_interface_builds_for_any_backend():
    from nova.network import neutron_backend

    neutron = neutron_backend.NeutronNetworkAPI
    built = [name for name in _interface_methods() if getattr(
        getattr(network_api.NetworkAPI, name), 'built_on_the_interface',
        False)]
    assert 'get_addresses' in built
    for name in built:
        assert getattr(neutron, name) is getattr(network_api.NetworkAPI,
                                                 name)
    # What only nova-network has answers a clear refusal instead.
    with pytest.raises(neutron_backend.NotAvailableWithNeutron):
        neutron.get_dns_domains(None, None)
