"""A network may have several IPv4 subnets: the subnets table holds each
(the network's cidr and related columns repeat its first), and every
fixed IP names its subnet.

Backfill: each network's IPv4 range becomes its first subnet, with the
id the Neutron API showed for it before (kept in subnet_attrs, or
derived from the network's uuid), and its fixed IPs point at it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 02:00:00
"""

import json
import uuid

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

# Frozen copy of the namespace nova.network.resources.subnets derived
# the ids of subnets from before this revision.
_NAMESPACE = uuid.UUID('6f1b6a4e-58f3-4c46-9d55-2e0c1b6b1a13')


def upgrade():
    op.create_table(
        'subnets',
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
        sa.Column('deleted_at', sa.DateTime()),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False, unique=True),
        sa.Column('network_id', sa.Integer(),
                  sa.ForeignKey('networks.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('cidr', sa.String(43), nullable=False),
        sa.Column('netmask', sa.String(39)),
        sa.Column('gateway', sa.String(39)),
        sa.Column('broadcast', sa.String(39)),
        sa.Column('dhcp_server', sa.String(39)),
        sa.Column('dhcp_start', sa.String(39)),
        sa.Column('dns1', sa.String(39)),
        sa.Column('dns2', sa.String(39)),
        sa.Column('enable_dhcp', sa.Boolean(), nullable=False,
                  server_default=sa.true()),
        sa.Column('attrs', sa.Text()),
        sa.Index('subnets_network_id_deleted_idx', 'network_id',
                 'deleted'),
    )
    with op.batch_alter_table('fixed_ips') as batch:
        batch.add_column(sa.Column('subnet_id', sa.Integer()))
        batch.create_index('fixed_ips_subnet_id_idx', ['subnet_id'])
    _backfill()


def _backfill():
    bind = op.get_bind()
    networks = sa.table(
        'networks', sa.column('id'), sa.column('uuid'), sa.column('cidr'),
        sa.column('netmask'), sa.column('gateway'), sa.column('broadcast'),
        sa.column('dhcp_server'), sa.column('dhcp_start'),
        sa.column('dns1'), sa.column('dns2'), sa.column('enable_dhcp'),
        sa.column('subnet_attrs'), sa.column('created_at'),
        sa.column('deleted'))
    subnets = sa.table(
        'subnets', sa.column('id'), sa.column('uuid'),
        sa.column('network_id'), sa.column('cidr'), sa.column('netmask'),
        sa.column('gateway'), sa.column('broadcast'),
        sa.column('dhcp_server'), sa.column('dhcp_start'),
        sa.column('dns1'), sa.column('dns2'), sa.column('enable_dhcp'),
        sa.column('attrs'), sa.column('created_at'), sa.column('deleted'))
    fixed_ips = sa.table('fixed_ips', sa.column('network_id'),
                         sa.column('subnet_id'))
    rows = bind.execute(sa.select(networks).where(
        networks.c.cidr.is_not(None))).all()
    for row in rows:
        attrs = json.loads(row.subnet_attrs or '{}').get('4', {})
        subnet_uuid = attrs.pop('id', None) or str(
            uuid.uuid5(_NAMESPACE, '%s/4' % row.uuid))
        bind.execute(sa.insert(subnets).values(
            uuid=subnet_uuid, network_id=row.id, cidr=row.cidr,
            netmask=row.netmask, gateway=row.gateway,
            broadcast=row.broadcast, dhcp_server=row.dhcp_server,
            dhcp_start=row.dhcp_start, dns1=row.dns1, dns2=row.dns2,
            enable_dhcp=row.enable_dhcp is not False,
            attrs=json.dumps(attrs), created_at=row.created_at,
            # A deleted network's subnet is deleted too.
            deleted=0 if not row.deleted else row.id))
    # One statement for every address: each network has one subnet yet.
    bind.execute(sa.update(fixed_ips).where(
        fixed_ips.c.subnet_id.is_(None)).values(
        subnet_id=sa.select(subnets.c.id).where(
            subnets.c.network_id == fixed_ips.c.network_id)
        .scalar_subquery()))
