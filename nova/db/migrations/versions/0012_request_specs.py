"""Request specs kept with their instance, for builds taken over.

Revision ID: 0012
Revises: 0013
Create Date: 2026-12-06 12:30:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql


revision = '0012'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'request_specs',
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('spec', sa.Text().with_variant(mysql.MEDIUMTEXT(),
                                                 'mysql'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_request_specs0instance_uuid'),
    )
