"""Model of the task log: what a compute host's periodic audits did, one
row per task, host and period (os-instance_usage_audit_log reads it).

Imported at the end of nova.db.models so that models.Base.metadata holds
every table.
"""

import sqlalchemy as sa

from nova.db.models import Base, ModelBase, TimestampMixin


class TaskLog(Base, ModelBase, TimestampMixin):
    __tablename__ = 'task_log'
    __table_args__ = (
        sa.UniqueConstraint('task_name', 'host', 'period_beginning',
                            'period_ending', name='uniq_task_log0period'),
        sa.Index('task_log_period_idx', 'task_name', 'period_beginning',
                 'period_ending'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    task_name = sa.Column(sa.String(255), nullable=False)
    # RUNNING while the host works on the period, DONE once it finished.
    state = sa.Column(sa.String(255), nullable=False)
    host = sa.Column(sa.String(255), nullable=False)
    period_beginning = sa.Column(sa.DateTime, nullable=False)
    period_ending = sa.Column(sa.DateTime, nullable=False)
    message = sa.Column(sa.String(255), nullable=False)
    task_items = sa.Column(sa.Integer, nullable=False, default=0)
    errors = sa.Column(sa.Integer, nullable=False, default=0)
