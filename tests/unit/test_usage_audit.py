"""The usage audit: its periods, and the task log a host writes."""

import datetime

import pytest

from nova.compute import usage
from nova.compute import usage_audit
from nova import exception
from nova import objects
from nova.db import task_logs
from tests.unit import stored_instances

D = datetime.datetime
NOW = D(2026, 3, 15, 10, 30, 5)


@pytest.mark.parametrize('period,begin,end', [
    ('month', D(2026, 2, 1), D(2026, 3, 1)),
    ('month@20', D(2026, 1, 20), D(2026, 2, 20)),
    ('month@15', D(2026, 2, 15), D(2026, 3, 15)),
    ('day', D(2026, 3, 14), D(2026, 3, 15)),
    ('day@12', D(2026, 3, 13, 12), D(2026, 3, 14, 12)),
    ('hour', D(2026, 3, 15, 9), D(2026, 3, 15, 10)),
    ('hour@45', D(2026, 3, 15, 8, 45), D(2026, 3, 15, 9, 45)),
    ('year', D(2025, 1, 1), D(2026, 1, 1)),
    ('year@6', D(2024, 6, 1), D(2025, 6, 1)),
])
def test_last_completed_period(period, begin, end):
    assert usage.last_completed_audit_period(period, before=NOW) == \
        (begin, end)


def test_january_goes_back_to_december():
    assert usage.last_completed_audit_period(
        'month', before=D(2026, 1, 10)) == (D(2025, 12, 1), D(2026, 1, 1))
    with pytest.raises(ValueError):
        usage.last_completed_audit_period('week', before=NOW)


def test_host_audits_each_period_once(admin_context, conf):
    conf.set_override('instance_usage_audit_period', 'day')
    begin, end = usage.last_completed_audit_period('day')
    # Ran all of the period on host1; half of it; after it; elsewhere.
    stored_instances.create(admin_context,
                            launched_at=begin - datetime.timedelta(hours=1))
    stored_instances.create(admin_context,
                            launched_at=begin + datetime.timedelta(hours=12))
    stored_instances.create(admin_context,
                            launched_at=end + datetime.timedelta(minutes=1))
    stored_instances.create(admin_context, host='host2',
                            launched_at=begin)
    audit = usage_audit.UsageAudit('host1')
    audit.run(admin_context)
    audit.run(admin_context)  # the period is recorded: nothing more
    logs = objects.TaskLogList.get_all(admin_context, 'instance_usage_audit',
                                       begin, end)
    assert [(t.host, t.state, t.task_items, t.errors) for t in logs] == [
        ('host1', 'DONE', 2, 0)]
    assert '36.00 instance-hours' in logs[0].message
    assert 'ran on host host1' in logs[0].message
    # Two processes of one host never both audit a period.
    with pytest.raises(exception.TaskAlreadyRunning):
        task_logs.task_log_begin(admin_context, {
            'task_name': 'instance_usage_audit', 'host': 'host1',
            'period_beginning': begin, 'period_ending': end,
            'task_items': 0, 'message': ''})
