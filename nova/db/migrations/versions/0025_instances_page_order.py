"""Instances indexed in the order a servers list reads them: a project's
live servers newest first (project_id, deleted, created_at, id), and
every project's for an administrator's all_tenants list (deleted,
created_at, id). MariaDB then reads a page of 1,000 in index order and
stops at the limit, where it sorted every server of the project before
(and a page after a marker starts where the marker is, not after
sorting all the servers before it).

The (project_id, deleted) index goes: the new one starts with it.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 23:55:00
"""

from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('instances') as batch_op:
        batch_op.create_index(
            'instances_project_id_deleted_created_at_idx',
            ['project_id', 'deleted', 'created_at', 'id'], unique=False)
        batch_op.create_index(
            'instances_deleted_created_at_idx',
            ['deleted', 'created_at', 'id'], unique=False)
        batch_op.drop_index('instances_project_id_deleted_idx')
