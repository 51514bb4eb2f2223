"""Security group rules keep what the Neutron API was given: the
ethertype (a rule without remote_ip_prefix stores no cidr, so the family
needs a column of its own) and the protocol as written ("17" stays "17";
the protocol column keeps the name the data plane filters).

Expand only: the new columns are nullable and old rows leave them NULL
(their ethertype follows from their cidr, their protocol is shown as
stored).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 22:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('security_group_rules',
                  sa.Column('ethertype', sa.String(6), nullable=True))
    op.add_column('security_group_rules',
                  sa.Column('neutron_protocol', sa.String(40),
                            nullable=True))
