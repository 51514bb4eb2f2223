"""Ports of the Neutron API as rows of virtual_interfaces (issue 13):
a port may exist without a server (instance_uuid NULL), belongs to a
project, and carries the Neutron attributes the built-in model lacked.

Revision ID: 0013
Revises: 0015
Create Date: 2026-12-06 12:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('virtual_interfaces') as batch:
        batch.alter_column('instance_uuid', existing_type=sa.String(36),
                           nullable=True)
        batch.add_column(sa.Column('project_id', sa.String(255)))
        batch.add_column(sa.Column('name', sa.String(255)))
        batch.add_column(sa.Column('description', sa.String(255)))
        batch.add_column(sa.Column('device_id', sa.String(255)))
        batch.add_column(sa.Column('device_owner', sa.String(255)))
        batch.add_column(sa.Column('binding_host', sa.String(255)))
        batch.add_column(sa.Column('admin_state_up', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column('port_security_enabled', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.true()))
        batch.add_column(sa.Column('allowed_address_pairs', sa.Text()))
        batch.add_column(sa.Column('preserve_on_delete', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.false()))
        batch.create_index('virtual_interfaces_project_id_idx',
                           ['project_id'])
    op.create_table(
        'port_security_groups',
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('port_id', sa.Integer(),
                  sa.ForeignKey('virtual_interfaces.id',
                                ondelete='CASCADE'), nullable=False),
        sa.Column('security_group_id', sa.Integer(),
                  sa.ForeignKey('security_groups.id', ondelete='CASCADE'),
                  nullable=False),
        sa.UniqueConstraint('port_id', 'security_group_id',
                            name='uniq_port_security_groups0port0group'),
        sa.Index('port_security_groups_security_group_id_idx',
                 'security_group_id'),
    )
