"""Migration 0022 on SQLite, MariaDB and PostgreSQL: a network's IPv6
range becomes a subnets row with the id the API showed, its attributes
and modes, and each live interface on it a fixed_ips row of the EUI-64
address it was shown."""

import json
import uuid

from oslo_db.sqlalchemy import enginefacade
import pytest
import sqlalchemy as sa

from nova.db import api as db_api
from nova.db import migration
from nova.db import networks as networks_db
from nova.network import model

API_SUBNET = 'a6c9e0d4-1111-4222-8333-944455556666'


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def at_0021(request, conf, tmp_path):
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync('0021')
    yield
    restore()
    database.drop()


def _network(conn, row_id, cidr_v6, attrs=None, deleted=0):
    conn.execute(sa.text(
        "INSERT INTO networks (id, uuid, label, injected, cidr, cidr_v6, "
        "netmask_v6, gateway_v6, multi_host, enable_dhcp, share_address, "
        "router_external, admin_state_up, subnet_attrs, deleted) VALUES "
        "(:id, :uuid, 'n', false, NULL, :v6, '64', :gw, false, true, "
        "false, false, true, :attrs, :deleted)"),
        {'id': row_id, 'uuid': _uuid(row_id), 'v6': cidr_v6,
         'gw': cidr_v6.replace('/64', '1') if cidr_v6 else None,
         'attrs': json.dumps(attrs) if attrs else None,
         'deleted': deleted})


def _uuid(row_id):
    return '00000000-0000-0000-0000-%012d' % row_id


def _vif(conn, row_id, network_id, mac, deleted=0):
    conn.execute(sa.text(
        "INSERT INTO virtual_interfaces (id, uuid, address, network_id, "
        "instance_uuid, admin_state_up, port_security_enabled, "
        "preserve_on_delete, deleted) VALUES (:id, :uuid, :mac, :net, "
        "'11111111-2222-3333-4444-555555555555', true, true, false, :d)"),
        {'id': row_id, 'uuid': str(uuid.uuid4()), 'mac': mac,
         'net': network_id, 'd': deleted})


def test_ipv6_ranges_become_subnets_rows(at_0021):
    engine = db_api.get_engine()
    with engine.begin() as conn:
        # Made by nova-manage: no attributes, addresses from MACs.
        _network(conn, 1, 'fd00:1::/64')
        # Made by the Neutron API: its id, name and modes kept.
        _network(conn, 2, 'fd00:2::/64', {'6': {
            'id': API_SUBNET, 'name': 'six', 'ipv6_ra_mode': 'slaac',
            'ipv6_address_mode': 'slaac', 'enable_dhcp': False,
            'dns_nameservers': ['fd00::53']}, '4': {'name': 'four'}})
        _network(conn, 3, None)
        _network(conn, 4, 'fd00:4::/64', deleted=4)
        _vif(conn, 1, 1, 'fa:16:3e:00:00:01')
        _vif(conn, 2, 2, 'fa:16:3e:00:00:02')
        _vif(conn, 3, 2, 'fa:16:3e:00:00:03', deleted=3)
    migration.db_sync()
    engine = db_api.get_engine()
    with engine.connect() as conn:
        subnets = conn.execute(sa.text(
            'SELECT id, uuid, network_id, cidr, gateway, ip_version, '
            'ipv6_ra_mode, ipv6_address_mode, enable_dhcp, attrs, deleted '
            'FROM subnets ORDER BY network_id')).all()
        fixed = conn.execute(sa.text(
            'SELECT address, network_id, subnet_id, virtual_interface_id, '
            'instance_uuid, allocated FROM fixed_ips '
            'ORDER BY virtual_interface_id')).all()
        attrs = conn.execute(sa.text(
            'SELECT subnet_attrs FROM networks WHERE id = 2')).scalar()
    assert [(s.uuid, s.network_id, s.cidr, s.gateway, s.ip_version,
             s.ipv6_ra_mode, s.ipv6_address_mode, bool(s.enable_dhcp),
             bool(s.deleted)) for s in subnets] == [
        (networks_db.derived_subnet_uuid(_uuid(1), 6), 1, 'fd00:1::/64',
         'fd00:1::1', 6, None, 'slaac', True, False),
        (API_SUBNET, 2, 'fd00:2::/64', 'fd00:2::1', 6, 'slaac', 'slaac',
         False, False),
        (networks_db.derived_subnet_uuid(_uuid(4), 6), 4, 'fd00:4::/64',
         'fd00:4::1', 6, None, 'slaac', True, True)]
    assert json.loads(subnets[1].attrs) == {
        'name': 'six', 'dns_nameservers': ['fd00::53']}
    # The IPv6 attributes moved to the subnet; the IPv4 ones stay.
    assert json.loads(attrs) == {'4': {'name': 'four'}}
    # Only live interfaces, each with the address it was shown.
    assert [(f.address, f.network_id, f.subnet_id, f.virtual_interface_id,
             bool(f.allocated)) for f in fixed] == [
        (model.eui64_address('fd00:1::/64', 'fa:16:3e:00:00:01'), 1,
         subnets[0].id, 1, True),
        (model.eui64_address('fd00:2::/64', 'fa:16:3e:00:00:02'), 2,
         subnets[1].id, 2, True)]
    assert fixed[0].instance_uuid == '11111111-2222-3333-4444-555555555555'


def test_ipv4_subnets_are_version_4(at_0021):
    engine = db_api.get_engine()
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO networks (id, uuid, label, injected, cidr, "
            "multi_host, enable_dhcp, share_address, router_external, "
            "admin_state_up, deleted) VALUES (1, :uuid, 'n', false, "
            "'10.0.0.0/30', false, true, false, false, true, 0)"),
            {'uuid': _uuid(1)})
        conn.execute(sa.text(
            "INSERT INTO subnets (uuid, network_id, cidr, enable_dhcp, "
            "deleted) VALUES ('s4', 1, '10.0.0.0/30', true, 0)"))
    migration.db_sync()
    with db_api.get_engine().connect() as conn:
        rows = conn.execute(sa.text(
            'SELECT uuid, ip_version, ipv6_address_mode FROM subnets')).all()
    assert [tuple(r) for r in rows] == [('s4', 4, None)]
