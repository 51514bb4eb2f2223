"""EC2 credential secrets hold Fernet tokens: a wider column (issue 15).

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-06 09:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # Secrets stored in clear stay readable; nova.api.ec2.credentials
    # encrypts each one the first time it is used.
    with op.batch_alter_table('ec2_credentials') as batch:
        batch.alter_column('secret', existing_type=sa.String(length=64),
                           type_=sa.String(length=255),
                           existing_nullable=False)
