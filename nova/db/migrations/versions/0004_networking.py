"""Networking tables: networks, fixed and floating IPs, virtual interfaces, security groups (issue 6).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 19:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dns_domains',
    sa.Column('domain', sa.String(length=255), nullable=False),
    sa.Column('scope', sa.String(length=255), nullable=True),
    sa.Column('availability_zone', sa.String(length=255), nullable=True),
    sa.Column('project_id', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('domain')
    )
    op.create_table('floating_ips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=39), nullable=False),
    sa.Column('fixed_ip_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.String(length=255), nullable=True),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('auto_assigned', sa.Boolean(), nullable=False),
    sa.Column('pool', sa.String(length=255), nullable=False),
    sa.Column('interface', sa.String(length=255), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('address', 'deleted', name='uniq_floating_ips0address0deleted')
    )
    op.create_index('floating_ips_fixed_ip_id_idx', 'floating_ips', ['fixed_ip_id'], unique=False)
    op.create_index('floating_ips_pool_project_id_idx', 'floating_ips', ['pool', 'project_id'], unique=False)
    op.create_table('networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('label', sa.String(length=255), nullable=True),
    sa.Column('injected', sa.Boolean(), nullable=False),
    sa.Column('cidr', sa.String(length=43), nullable=True),
    sa.Column('netmask', sa.String(length=39), nullable=True),
    sa.Column('gateway', sa.String(length=39), nullable=True),
    sa.Column('broadcast', sa.String(length=39), nullable=True),
    sa.Column('cidr_v6', sa.String(length=43), nullable=True),
    sa.Column('netmask_v6', sa.String(length=39), nullable=True),
    sa.Column('gateway_v6', sa.String(length=39), nullable=True),
    sa.Column('dns1', sa.String(length=39), nullable=True),
    sa.Column('dns2', sa.String(length=39), nullable=True),
    sa.Column('bridge', sa.String(length=255), nullable=True),
    sa.Column('bridge_interface', sa.String(length=255), nullable=True),
    sa.Column('vlan', sa.Integer(), nullable=True),
    sa.Column('multi_host', sa.Boolean(), nullable=False),
    sa.Column('dhcp_start', sa.String(length=39), nullable=True),
    sa.Column('dhcp_server', sa.String(length=39), nullable=True),
    sa.Column('enable_dhcp', sa.Boolean(), nullable=False),
    sa.Column('share_address', sa.Boolean(), nullable=False),
    sa.Column('mtu', sa.Integer(), nullable=True),
    sa.Column('rxtx_base', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=True),
    sa.Column('vpn_public_address', sa.String(length=39), nullable=True),
    sa.Column('vpn_public_port', sa.Integer(), nullable=True),
    sa.Column('vpn_private_address', sa.String(length=39), nullable=True),
    sa.Column('project_id', sa.String(length=255), nullable=True),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid'),
    sa.UniqueConstraint('vlan', 'deleted', name='uniq_networks0vlan0deleted')
    )
    op.create_index('networks_project_id_deleted_idx', 'networks', ['project_id', 'deleted'], unique=False)
    op.create_table('security_group_default_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('protocol', sa.String(length=5), nullable=True),
    sa.Column('from_port', sa.Integer(), nullable=True),
    sa.Column('to_port', sa.Integer(), nullable=True),
    sa.Column('cidr', sa.String(length=43), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('security_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.String(length=255), nullable=True),
    sa.Column('user_id', sa.String(length=255), nullable=True),
    sa.Column('project_id', sa.String(length=255), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'name', 'deleted', name='uniq_security_groups0project_id0name0deleted')
    )
    op.create_table('virtual_interfaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('instance_uuid', sa.String(length=36), nullable=False),
    sa.Column('tag', sa.String(length=255), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('address', 'deleted', name='uniq_virtual_interfaces0address0deleted'),
    sa.UniqueConstraint('uuid')
    )
    op.create_index('virtual_interfaces_instance_uuid_idx', 'virtual_interfaces', ['instance_uuid'], unique=False)
    op.create_index('virtual_interfaces_network_id_idx', 'virtual_interfaces', ['network_id'], unique=False)
    op.create_table('dns_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('address', sa.String(length=39), nullable=False),
    sa.Column('type', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['domain'], ['dns_domains.domain'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('domain', 'name', name='uniq_dns_entries0domain0name')
    )
    op.create_index('dns_entries_address_idx', 'dns_entries', ['address'], unique=False)
    op.create_table('fixed_ips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=39), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('virtual_interface_id', sa.Integer(), nullable=True),
    sa.Column('instance_uuid', sa.String(length=36), nullable=True),
    sa.Column('allocated', sa.Boolean(), nullable=False),
    sa.Column('leased', sa.Boolean(), nullable=False),
    sa.Column('reserved', sa.Boolean(), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('deleted', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('address', 'deleted', name='uniq_fixed_ips0address0deleted')
    )
    op.create_index('fixed_ips_instance_uuid_idx', 'fixed_ips', ['instance_uuid'], unique=False)
    op.create_index('fixed_ips_network_id_instance_uuid_idx', 'fixed_ips', ['network_id', 'instance_uuid'], unique=False)
    op.create_index('fixed_ips_virtual_interface_id_idx', 'fixed_ips', ['virtual_interface_id'], unique=False)
    op.create_table('security_group_instance_association',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('security_group_id', sa.Integer(), nullable=False),
    sa.Column('instance_uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['security_group_id'], ['security_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('security_group_id', 'instance_uuid', name='uniq_security_group_instance0group0instance')
    )
    op.create_index('security_group_instance_association_instance_uuid_idx', 'security_group_instance_association', ['instance_uuid'], unique=False)
    op.create_table('security_group_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_group_id', sa.Integer(), nullable=False),
    sa.Column('protocol', sa.String(length=255), nullable=True),
    sa.Column('from_port', sa.Integer(), nullable=True),
    sa.Column('to_port', sa.Integer(), nullable=True),
    sa.Column('cidr', sa.String(length=43), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['parent_group_id'], ['security_groups.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('security_group_rules_group_id_idx', 'security_group_rules', ['group_id'], unique=False)
    op.create_index('security_group_rules_parent_group_id_idx', 'security_group_rules', ['parent_group_id'], unique=False)
