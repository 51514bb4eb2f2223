"""Security group rules have a direction: ingress (every existing row)
or egress, which the data plane now enforces.

Backfill: each live security group gets the two rules that allowed all
its egress until now (IPv4 and IPv6, any destination, any protocol) as
rows, with the ids the Neutron API showed for them (derived from the
group's uuid), so clients that kept those ids can still show or delete
them.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 12:50:00
"""

import uuid

from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

# Frozen copy of the namespace the API derived egress rule ids from.
_EGRESS = uuid.UUID('0d6f7f0e-3c3a-4a55-9a7d-0b9f3b2f6e21')


def upgrade():
    op.add_column('security_group_rules',
                  sa.Column('direction', sa.String(7), nullable=False,
                            server_default='ingress'))
    _backfill()


def _backfill():
    bind = op.get_bind()
    groups = sa.table('security_groups', sa.column('id'), sa.column('uuid'),
                      sa.column('created_at'), sa.column('deleted'))
    rules = sa.table(
        'security_group_rules', sa.column('parent_group_id'),
        sa.column('direction'), sa.column('ethertype'), sa.column('uuid'),
        sa.column('created_at'), sa.column('updated_at'))
    rows = [{'parent_group_id': group.id, 'direction': 'egress',
             'ethertype': ethertype,
             'uuid': str(uuid.uuid5(_EGRESS, '%s/%s' % (group.uuid,
                                                        ethertype))),
             'created_at': group.created_at,
             'updated_at': group.created_at}
            for group in bind.execute(sa.select(groups).where(
                groups.c.deleted == 0).order_by(groups.c.id))
            for ethertype in ('IPv4', 'IPv6')]
    if rows:
        bind.execute(sa.insert(rules), rows)
