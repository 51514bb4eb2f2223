"""One row that serializes changes of network ranges.

Until 0020 a fixed IP was unique across networks, so two requests
creating overlapping ranges at once could not both commit: their
fixed_ips rows collided. Now that uniqueness is per network, the
no-overlap rule (always between the subnets of one network's
neighbours unless [network] allow_overlapping_ips, and for external
networks) is a read then an insert; each transaction that adds a range
first updates this row, so such transactions run one after another and
each one's overlap check sees the ranges the one before committed.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 06:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'network_range_locks',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=False),
        sa.Column('generation', sa.Integer, nullable=False))
    op.bulk_insert(table, [{'id': 1, 'generation': 0}])
