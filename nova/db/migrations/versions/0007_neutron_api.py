"""Neutron API attributes of networks, security groups and floating IPs
(issue 13).

Revision ID: 0007
Revises: 0011
Create Date: 2026-12-06 09:00:00
"""

import uuid

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0011'
branch_labels = None
depends_on = None


def _backfill_uuids(table_name):
    table = sa.table(table_name, sa.column('id', sa.Integer),
                     sa.column('uuid', sa.String(36)))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(table.c.id)).all():
        connection.execute(table.update().where(table.c.id == row_id)
                           .values(uuid=str(uuid.uuid4())))


def upgrade():
    with op.batch_alter_table('networks') as batch:
        batch.add_column(sa.Column('router_external', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('admin_state_up', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column('description', sa.String(length=255),
                                   nullable=True))
        batch.add_column(sa.Column('subnet_attrs', sa.Text(),
                                   nullable=True))
    for name in ('security_groups', 'security_group_rules',
                 'floating_ips'):
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column('uuid', sa.String(length=36),
                                       nullable=True))
        _backfill_uuids(name)
        with op.batch_alter_table(name) as batch:
            batch.alter_column('uuid', existing_type=sa.String(length=36),
                               nullable=False)
            batch.create_unique_constraint('uniq_%s0uuid' % name, ['uuid'])
