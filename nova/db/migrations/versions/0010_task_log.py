"""Task log of the compute hosts' periodic audits (usage audit log).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 09:15:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_log',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('task_name', sa.String(length=255), nullable=False),
        sa.Column('state', sa.String(length=255), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('period_beginning', sa.DateTime(), nullable=False),
        sa.Column('period_ending', sa.DateTime(), nullable=False),
        sa.Column('message', sa.String(length=255), nullable=False),
        sa.Column('task_items', sa.Integer(), nullable=False),
        sa.Column('errors', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('task_name', 'host', 'period_beginning',
                            'period_ending', name='uniq_task_log0period'),
    )
    op.create_index('task_log_period_idx', 'task_log',
                    ['task_name', 'period_beginning', 'period_ending'])
