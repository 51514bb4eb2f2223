"""TaskLog: a compute host's record of one periodic audit of one period;
TaskLogList: every host's record of a task and period."""

from oslo_versionedobjects import fields

from nova.compute import usage
from nova import lazy_import
from nova.objects import base

db = lazy_import.module('nova.db.task_logs')
usage_db = lazy_import.module('nova.db.usage')

USAGE_AUDIT = 'instance_usage_audit'


def _naive(value):
    """The UTC datetime without a zone, as the database keeps it."""
    if value.tzinfo is not None:
        value = (value - value.utcoffset()).replace(tzinfo=None)
    return value


@base.NovaObjectRegistry.register
class TaskLog(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'task_name': fields.StringField(),
        'state': fields.StringField(),
        'host': fields.StringField(),
        'period_beginning': fields.DateTimeField(),
        'period_ending': fields.DateTimeField(),
        'message': fields.StringField(),
        'task_items': fields.IntegerField(),
        'errors': fields.IntegerField(),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_db(cls, context, row):
        return base.from_row(context, cls(), row)

    @base.remotable
    def begin_usage_audit(self):
        """Start the usage audit of this host and period (the fields
        host, period_beginning and period_ending): the instances that ran
        there meanwhile are its items, their instance-hours go in the
        message. False when the host has audited the period already."""
        context = self._context
        begin = _naive(self.period_beginning)
        end = _naive(self.period_ending)
        if db.task_log_get_all(context, USAGE_AUDIT, begin, end,
                               host=self.host):
            return False
        rows = usage_db.instances_active_during(context, begin, end,
                                                host=self.host)
        hours = sum(usage.hours_during(row, begin, end, end) for row in rows)
        row = db.task_log_begin(context, {
            'task_name': USAGE_AUDIT, 'host': self.host,
            'period_beginning': begin, 'period_ending': end,
            'task_items': len(rows),
            'message': 'Instance usage audit started on host %s: %d '
                       'instances, %.2f instance-hours.'
                       % (self.host, len(rows), hours)})
        base.from_row(context, self, row)
        return True

    @base.remotable
    def end_task(self):
        """Mark the task DONE with self.errors and self.message."""
        row = db.task_log_end(self._context, self.task_name,
                              _naive(self.period_beginning),
                              _naive(self.period_ending), self.host,
                              self.errors, self.message)
        base.from_row(self._context, self, row)


@base.NovaObjectRegistry.register
class TaskLogList(base.ObjectListBase, base.NovaObject):
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('TaskLog')}

    @classmethod
    @base.remotable
    def get_all(cls, context, task_name, begin, end, host=None):
        rows = db.task_log_get_all(context, task_name, _naive(begin),
                                   _naive(end), host=host)
        return base.make_list(context, cls(), TaskLog, rows)
