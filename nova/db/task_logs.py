"""Queries on the task log (see nova.db.task_log_models)."""

from oslo_db import exception as db_exc
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from nova.db import api
from nova.db import task_log_models as models
from nova import exception


def _period(query, task_name, begin, end):
    row = models.TaskLog
    return query.where(row.task_name == task_name,
                       row.period_beginning == begin,
                       row.period_ending == end)


@api.reader
def task_log_get_all(context, task_name, begin, end, host=None):
    query = _period(sa.select(models.TaskLog), task_name, begin, end)
    if host is not None:
        query = query.where(models.TaskLog.host == host)
    return context.session.scalars(
        query.order_by(models.TaskLog.host)).all()


@api.writer
def task_log_begin(context, values):
    """A RUNNING row for values' task, host and period;
    TaskAlreadyRunning when the host has one for it already."""
    row = models.TaskLog(state='RUNNING', errors=0, **values)
    try:
        with context.session.begin_nested():
            context.session.add(row)
            context.session.flush()
    except (sa_exc.IntegrityError, db_exc.DBDuplicateEntry):
        raise exception.TaskAlreadyRunning(task_name=values['task_name'],
                                           host=values['host'])
    return row


@api.writer
def task_log_end(context, task_name, begin, end, host, errors, message):
    row = context.session.scalars(_period(
        sa.select(models.TaskLog), task_name, begin, end).where(
            models.TaskLog.host == host)).first()
    if row is None:
        raise exception.TaskNotRunning(task_name=task_name, host=host)
    row.state = 'DONE'
    row.errors = errors
    row.message = message[:255]
    context.session.flush()
    return row
