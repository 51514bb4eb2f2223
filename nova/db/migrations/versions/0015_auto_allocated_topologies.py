"""The network auto-allocated to each project (API 2.37 "auto").

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-06 12:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'auto_allocated_topologies',
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('network_uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('project_id'),
    )
