"""Instances keep the trusted image certificate IDs of API 2.63.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-06 15:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    # A JSON list of certificate IDs; NULL when the server has none.
    op.add_column('instances', sa.Column('trusted_certs', sa.Text(),
                                         nullable=True))
