"""Image members: the projects a shared image is offered to.

Revision ID: 0017_imageconf
Revises: 0016
Create Date: 2026-12-06 18:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0017_imageconf'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'image_members',
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
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
