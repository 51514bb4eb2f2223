"""Routers of the Neutron API and their interfaces (issue 13).

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-06 12:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'routers',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('description', sa.String(length=255), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('admin_state_up', sa.Boolean(), nullable=False),
        sa.Column('gateway_network_id', sa.String(length=36),
                  nullable=True),
        sa.Column('gateway_subnet_id', sa.String(length=36),
                  nullable=True),
        sa.Column('gateway_ip', sa.String(length=39), nullable=True),
        sa.Column('enable_snat', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid'),
    )
    op.create_index('routers_project_id_idx', 'routers', ['project_id'],
                    unique=False)
    op.create_table(
        'router_interfaces',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('router_id', sa.Integer(), nullable=False),
        sa.Column('port_id', sa.String(length=36), nullable=False),
        sa.Column('subnet_id', sa.String(length=36), nullable=False),
        sa.Column('network_id', sa.String(length=36), nullable=False),
        sa.Column('cidr', sa.String(length=43), nullable=False),
        sa.Column('ip_address', sa.String(length=39), nullable=False),
        sa.Column('mac_address', sa.String(length=17), nullable=False),
        sa.ForeignKeyConstraint(['router_id'], ['routers.id'],
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('port_id'),
        sa.UniqueConstraint('subnet_id'),
    )
    op.create_index(op.f('ix_router_interfaces_router_id'),
                    'router_interfaces', ['router_id'], unique=False)
    op.create_index(op.f('ix_router_interfaces_network_id'),
                    'router_interfaces', ['network_id'], unique=False)
