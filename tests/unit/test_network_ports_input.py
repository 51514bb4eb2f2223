"""Converters of a port's create and update attributes (Neutron API)."""

import pytest

from nova.api.network.schemas import ports


@pytest.mark.parametrize('given, expected', [
    ('FA:16:3E:00:11:22', 'fa:16:3e:00:11:22'),
    ('fa-16-3e-00-11-22', 'fa:16:3e:00:11:22'),
    (None, None),
])
def test_mac_addresses_are_normalized(given, expected):
    assert ports.mac_address(given) == expected


@pytest.mark.parametrize('bad', ['00:00:00:00:00:00', '01:00:5e:00:00:01',
                                 'fa:16:3e:00:11', 'zz:16:3e:00:11:22', 7])
def test_zero_multicast_and_malformed_macs_are_refused(bad):
    with pytest.raises(ValueError):
        ports.mac_address(bad)


def test_fixed_ips_take_subnet_and_address_only():
    convert = ports.SCHEMA['fixed_ips'].convert
    subnet = '6f1b6a4e-58f3-4c46-9d55-2e0c1b6b1a13'
    assert convert([{'subnet_id': subnet, 'ip_address': '10.0.0.5'},
                    {'ip_address': '10.0.0.6'}]) == [
        {'subnet_id': subnet, 'ip_address': '10.0.0.5'},
        {'ip_address': '10.0.0.6'}]
    assert convert(None) is None
    for bad in ([{'subnet': subnet}], ['10.0.0.5'],
                [{'ip_address': '10.0.0.500'}], {'ip_address': '1.2.3.4'}):
        with pytest.raises(ValueError):
            convert(bad)


def test_address_pairs_keep_a_cidr_and_drop_a_host_prefix():
    convert = ports.SCHEMA['allowed_address_pairs'].convert
    assert convert([{'ip_address': '10.1.0.0/24'},
                    {'ip_address': '10.2.0.7/32',
                     'mac_address': 'FA:16:3E:00:00:01'}]) == [
        {'ip_address': '10.1.0.0/24'},
        {'ip_address': '10.2.0.7', 'mac_address': 'fa:16:3e:00:00:01'}]
    for bad in ([{'mac_address': 'fa:16:3e:00:00:01'}], [{'ip_address': 5}],
                [{'ip_address': '10.1.0.0/99'}]):
        with pytest.raises(ValueError):
            convert(bad)
