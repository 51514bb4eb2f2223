"""Migration 0019 on SQLite, MariaDB and PostgreSQL: each network's IPv4
range becomes its first subnet with the id the Neutron API showed before
(kept in subnet_attrs, or derived from the network's uuid), and every
fixed IP row points at it."""

import ipaddress
import json
import uuid

from oslo_db.sqlalchemy import enginefacade
import pytest
import sqlalchemy as sa

from nova import context as nova_context
from nova.db import api as db_api
from nova.db import migration
from nova.db import networks as networks_db
from nova.network.resources import ports as ports_res
from nova.network.resources import subnets as subnets_res

OLD_NAMESPACE = uuid.UUID('6f1b6a4e-58f3-4c46-9d55-2e0c1b6b1a13')


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def at_0018(request, conf, tmp_path):
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=database.url)
    restore = db_api.context_manager.patch_factory(factory)
    migration.db_sync('0018')
    yield
    restore()
    database.drop()


def _old_network(conn, row_id, cidr, attrs=None, deleted=0):
    net = list(ipaddress.ip_network(cidr))
    network_uuid = str(uuid.uuid4())
    conn.execute(sa.text(
        "INSERT INTO networks (id, uuid, label, injected, cidr, netmask, "
        "gateway, broadcast, dns1, dhcp_server, multi_host, enable_dhcp, "
        "share_address, router_external, admin_state_up, subnet_attrs, "
        "deleted, bridge) VALUES (:id, :uuid, 'old', false, :cidr, "
        "'255.255.255.248', :gw, :bc, '8.8.8.8', :gw, false, true, false, "
        "false, true, :attrs, :deleted, 'br100')"), {
        'id': row_id, 'uuid': network_uuid, 'cidr': cidr,
        'gw': str(net[1]), 'bc': str(net[-1]),
        'attrs': json.dumps(attrs) if attrs is not None else None,
        'deleted': deleted})
    for index, address in enumerate(net):
        conn.execute(sa.text(
            "INSERT INTO fixed_ips (address, network_id, allocated, leased, "
            "reserved, deleted) VALUES (:a, :n, false, false, :r, 0)"), {
            'a': str(address), 'n': row_id, 'r': index in (0, 1, 7)})
    return network_uuid


def test_backfill_keeps_the_subnet_ids(at_0018):
    engine = db_api.get_engine()
    kept_id = str(uuid.uuid4())
    with engine.begin() as conn:
        legacy = _old_network(conn, 1, '10.90.0.0/29')
        api_made = _old_network(conn, 2, '10.90.0.8/29', attrs={
            '4': {'id': kept_id, 'name': 'named',
                  'allocation_pools': [{'start': '10.90.0.10',
                                        'end': '10.90.0.14'}]}})
        _old_network(conn, 3, '10.90.0.16/29', deleted=3)
    migration.db_sync()
    ctx = nova_context.get_admin_context()
    derived = str(uuid.uuid5(OLD_NAMESPACE, '%s/4' % legacy))
    network = networks_db.network_get_by_uuid(ctx, legacy)
    [shown] = subnets_res.of_network(ctx, network)
    assert (shown['id'], shown['cidr'], shown['gateway_ip'],
            shown['dns_nameservers']) == (
        derived, '10.90.0.0/29', '10.90.0.1', ['8.8.8.8'])
    # Its pools are its free addresses, as before.
    assert shown['allocation_pools'] == [{'start': '10.90.0.2',
                                          'end': '10.90.0.6'}]
    network = networks_db.network_get_by_uuid(ctx, api_made)
    [shown] = subnets_res.of_network(ctx, network)
    assert (shown['id'], shown['name'], shown['allocation_pools']) == (
        kept_id, 'named', [{'start': '10.90.0.10', 'end': '10.90.0.14'}])
    assert subnets_res.find(ctx, kept_id)[0].uuid == api_made
    with engine.connect() as conn:
        unplaced = conn.execute(sa.text(
            'SELECT count(*) FROM fixed_ips WHERE subnet_id IS NULL')
        ).scalar()
        placed = conn.execute(sa.text(
            'SELECT s.uuid, count(*) FROM fixed_ips f JOIN subnets s ON '
            's.id = f.subnet_id GROUP BY s.uuid')).all()
        deleted = conn.execute(sa.text(
            'SELECT deleted FROM subnets WHERE network_id = 3')).scalar()
    assert unplaced == 0
    assert sorted(n for _u, n in placed) == [8, 8, 8]
    assert {derived, kept_id} <= {u for u, _n in placed}
    assert deleted != 0
    # A port made after the upgrade names the kept subnet.
    port = ports_res.create(ctx, {
        'project_id': 'p', 'network_id': api_made, 'name': '',
        'description': '', 'device_id': '', 'device_owner': '',
        'binding:host_id': '', 'admin_state_up': True,
        'port_security_enabled': False, 'security_groups': [],
        'mac_address': None, 'fixed_ips': None,
        'allowed_address_pairs': None})
    assert [f['subnet_id'] for f in port['fixed_ips']] == [kept_id]
