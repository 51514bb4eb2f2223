"""A router's gateway may hold IPv6 addresses of its external network:
one row per address (its claim is a fixed_ips row of the network, as a
port's). The IPv4 address stays in routers.gateway_ip.

Nothing to backfill: before 0024 no gateway held an IPv6 address.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 16:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'router_gateway_ips',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('router_id', sa.Integer(), nullable=False),
        sa.Column('subnet_id', sa.String(length=36), nullable=False),
        sa.Column('ip_address', sa.String(length=39), nullable=False),
        sa.ForeignKeyConstraint(['router_id'], ['routers.id'],
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('subnet_id', 'ip_address',
                            name='uniq_router_gateway_ips0subnet0address'),
    )
    op.create_index(op.f('ix_router_gateway_ips_router_id'),
                    'router_gateway_ips', ['router_id'], unique=False)
