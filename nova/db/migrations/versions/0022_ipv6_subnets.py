"""IPv6 subnets are subnets rows like IPv4 ones: a network may have
several, each with its gateway, address modes, pools and addresses.

A subnets row says its ip_version and IPv6 modes. An IPv6 subnet has no
fixed_ips row per address (a /64 has 2**64): a row is made when a port
takes an address and deleted when it gives it back, so the unique key
(network_id, address, deleted) still makes two claims of one address
collide.

Backfill: each network's IPv6 range (cidr_v6, with its Neutron-only
attributes in subnet_attrs['6'], moved out of it) becomes a subnets row
with the id the API showed for it (kept there, or derived from the
network's uuid), and each live interface on the network gets a fixed_ips
row of the EUI-64 address the API showed for it. A range made without
the Neutron API (nova-manage) says ipv6_address_mode 'slaac': its
guests' addresses keep coming from their MACs. networks.cidr_v6,
netmask_v6 and gateway_v6 go on repeating the network's first live IPv6
subnet.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 09:10:00
"""

import ipaddress
import json
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

# Frozen copy of the namespace of derived subnet ids (as in 0019).
_NAMESPACE = uuid.UUID('6f1b6a4e-58f3-4c46-9d55-2e0c1b6b1a13')


def upgrade():
    with op.batch_alter_table('subnets') as batch:
        batch.add_column(sa.Column('ip_version', sa.Integer(),
                                   nullable=False, server_default='4'))
        batch.add_column(sa.Column('ipv6_ra_mode', sa.String(16)))
        batch.add_column(sa.Column('ipv6_address_mode', sa.String(16)))
    _backfill()


def _eui64(prefix, mac):
    # Frozen copy of nova.network.model.eui64_address.
    octets = [int(part, 16) for part in mac.split(':')]
    octets[0] ^= 0x02
    suffix = int.from_bytes(bytes(octets[:3] + [0xff, 0xfe] + octets[3:]),
                            'big')
    net = ipaddress.ip_network(prefix, strict=False)
    return str(net.network_address + suffix)


def _backfill():
    bind = op.get_bind()
    networks = sa.table(
        'networks', sa.column('id'), sa.column('uuid'),
        sa.column('cidr_v6'), sa.column('netmask_v6'),
        sa.column('gateway_v6'), sa.column('subnet_attrs'),
        sa.column('created_at'), sa.column('deleted'))
    subnets = sa.table(
        'subnets', sa.column('id'), sa.column('uuid'),
        sa.column('network_id'), sa.column('cidr'), sa.column('netmask'),
        sa.column('gateway'), sa.column('enable_dhcp'),
        sa.column('ip_version'), sa.column('ipv6_ra_mode'),
        sa.column('ipv6_address_mode'), sa.column('attrs'),
        sa.column('created_at'), sa.column('deleted'))
    vifs = sa.table(
        'virtual_interfaces', sa.column('id'), sa.column('address'),
        sa.column('network_id'), sa.column('instance_uuid'),
        sa.column('deleted'))
    fixed_ips = sa.table(
        'fixed_ips', sa.column('address'), sa.column('network_id'),
        sa.column('subnet_id'), sa.column('virtual_interface_id'),
        sa.column('instance_uuid'), sa.column('allocated'),
        sa.column('leased'), sa.column('reserved'), sa.column('deleted'),
        sa.column('created_at'))
    rows = bind.execute(sa.select(networks).where(
        networks.c.cidr_v6.is_not(None))).all()
    for row in rows:
        all_attrs = json.loads(row.subnet_attrs or '{}')
        attrs = dict(all_attrs.get('6', {}))
        made_by_api = bool(attrs)
        subnet_uuid = attrs.pop('id', None) or str(
            uuid.uuid5(_NAMESPACE, '%s/6' % row.uuid))
        ra_mode = attrs.pop('ipv6_ra_mode', None)
        address_mode = attrs.pop('ipv6_address_mode', None)
        if not made_by_api:
            address_mode = 'slaac'
        enable_dhcp = attrs.pop('enable_dhcp', True)
        bind.execute(sa.insert(subnets).values(
            uuid=subnet_uuid, network_id=row.id, cidr=row.cidr_v6,
            netmask=row.netmask_v6, gateway=row.gateway_v6,
            enable_dhcp=enable_dhcp is not False, ip_version=6,
            ipv6_ra_mode=ra_mode, ipv6_address_mode=address_mode,
            attrs=json.dumps(attrs), created_at=row.created_at,
            deleted=0 if not row.deleted else row.id))
        all_attrs.pop('6', None)
        bind.execute(sa.update(networks).where(
            networks.c.id == row.id).values(
            subnet_attrs=json.dumps(all_attrs)))
        if row.deleted:
            continue
        subnet_id = bind.execute(sa.select(subnets.c.id).where(
            subnets.c.uuid == subnet_uuid)).scalar()
        for vif in bind.execute(sa.select(vifs).where(
                vifs.c.network_id == row.id, vifs.c.deleted == 0)).all():
            bind.execute(sa.insert(fixed_ips).values(
                address=_eui64(row.cidr_v6, vif.address),
                network_id=row.id, subnet_id=subnet_id,
                virtual_interface_id=vif.id,
                instance_uuid=vif.instance_uuid, allocated=True,
                leased=False, reserved=False, deleted=0))
