"""Progress of a running live migration on its migration record
(memory and disk totals, processed and remaining bytes; API 2.23), and
the console_auth_tokens of opened remote consoles (API 2.31).

Revision ID: 0009
Revises: 0011
Create Date: 2026-12-06 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None

COLUMNS = ('memory_total', 'memory_processed', 'memory_remaining',
           'disk_total', 'disk_processed', 'disk_remaining')


def upgrade():
    with op.batch_alter_table('migrations') as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.BigInteger(), nullable=True))

    op.create_table(
        'console_auth_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('token_hash', sa.String(length=255), nullable=False),
        sa.Column('console_type', sa.String(length=255), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('port', sa.Integer(), nullable=False),
        sa.Column('internal_access_path', sa.String(length=255),
                  nullable=True),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('expires', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash',
                            name='uniq_console_auth_tokens0token_hash'),
    )
    op.create_index('console_auth_tokens_instance_uuid_idx',
                    'console_auth_tokens', ['instance_uuid'])
