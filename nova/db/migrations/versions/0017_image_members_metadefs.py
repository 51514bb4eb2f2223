"""Image members (the projects a shared image is offered to) and the
metadata definitions catalog (metadefs) of the built-in image service.

Revision ID: 0017_imageconf
Revises: 0016
Create Date: 2026-12-06 18:50:00
"""

from alembic import op
from oslo_utils import timeutils
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# The resource types a new catalog knows (Glance's usual ones).
RESOURCE_TYPES = ('OS::Glance::Image', 'OS::Cinder::Volume',
                  'OS::Nova::Flavor', 'OS::Nova::Aggregate',
                  'OS::Nova::Server', 'OS::Nova::Instance')


def _stamps():
    return [sa.Column('created_at', sa.DateTime()),
            sa.Column('updated_at', sa.DateTime())]


def _namespace_fk():
    return sa.Column('namespace_id', sa.Integer(),
                     sa.ForeignKey('metadef_namespaces.id',
                                   ondelete='CASCADE'), nullable=False)


def upgrade():
    op.create_table(
        'image_members', *_stamps(),
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('image_id', sa.String(36),
                  sa.ForeignKey('images.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('member', sa.String(255), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.UniqueConstraint('image_id', 'member',
                            name='uniq_image_members0image_id0member'),
        sa.Index('image_members_member_idx', 'member'),
    )
    op.create_table(
        'metadef_namespaces', *_stamps(),
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('namespace', sa.String(80), nullable=False),
        sa.Column('display_name', sa.String(80)),
        sa.Column('description', sa.Text()),
        sa.Column('visibility', sa.String(32), nullable=False),
        sa.Column('protected', sa.Boolean(), nullable=False),
        sa.Column('owner', sa.String(255), nullable=False),
        sa.UniqueConstraint('namespace',
                            name='uniq_metadef_namespaces0namespace'),
    )
    types = op.create_table(
        'metadef_resource_types', *_stamps(),
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(80), nullable=False),
        sa.Column('protected', sa.Boolean(), nullable=False),
        sa.UniqueConstraint('name', name='uniq_metadef_resource_types0name'),
    )
    now = timeutils.utcnow()
    op.bulk_insert(types, [{'name': name, 'protected': True,
                            'created_at': now} for name in RESOURCE_TYPES])
    op.create_table(
        'metadef_associations', *_stamps(),
        sa.Column('id', sa.Integer(), primary_key=True),
        _namespace_fk(),
        sa.Column('resource_type', sa.String(80), nullable=False),
        sa.Column('prefix', sa.String(80)),
        sa.Column('properties_target', sa.String(80)),
        sa.UniqueConstraint('namespace_id', 'resource_type',
                            name='uniq_metadef_associations0namespace_id0'
                                 'resource_type'),
    )
    op.create_table(
        'metadef_items', *_stamps(),
        sa.Column('id', sa.Integer(), primary_key=True),
        _namespace_fk(),
        sa.Column('kind', sa.String(16), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.UniqueConstraint('namespace_id', 'kind', 'name',
                            name='uniq_metadef_items0namespace_id0kind0name'),
    )
