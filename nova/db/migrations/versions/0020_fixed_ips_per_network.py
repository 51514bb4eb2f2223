"""A fixed IP is unique within its network, no longer across all
networks: with [network] allow_overlapping_ips two networks may hand out
the same address (Neutron's overlapping subnets), so the unique
constraint on fixed_ips (address, deleted) becomes one on (network_id,
address, deleted).

Existing rows satisfy the new constraint (it is weaker); nothing to
backfill.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 05:30:00
"""

from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('fixed_ips') as batch:
        batch.drop_constraint('uniq_fixed_ips0address0deleted',
                              type_='unique')
        batch.create_unique_constraint(
            'uniq_fixed_ips0network_id0address0deleted',
            ['network_id', 'address', 'deleted'])
