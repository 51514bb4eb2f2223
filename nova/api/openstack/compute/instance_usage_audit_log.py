"""os-instance_usage_audit_log: how far the compute hosts got with the
usage audit of the last completed period (administrators only).

Read from the task log the hosts write (nova.compute.usage_audit); a
compute service that wrote nothing for the period counts as not run.
"""

import datetime

import nova.conf
from nova.api.openstack.compute.schemas import instance_usage_audit_log \
    as schema
from nova.api.openstack import wsgi
from nova.compute import usage
from nova import objects
from nova.objects import task_log
from nova import policy

CONF = nova.conf.CONF
_RULE = 'os_compute_api:os-instance-usage-audit-log:%s'


def _audit(context, before=None):
    begin, end = usage.last_completed_audit_period(
        CONF.instance_usage_audit_period, before=before)
    logs = objects.TaskLogList.get_all(context, task_log.USAGE_AUDIT, begin,
                                       end)
    # Disabled services count too: their hosts may still run servers.
    hosts = {s.host for s in objects.ServiceList.get_all(
        context, binary='nova-compute')}
    done = {t.host for t in logs if t.state == 'DONE'}
    running = {t.host for t in logs if t.state == 'RUNNING'}
    not_run = sorted(hosts - {t.host for t in logs})
    errors = sum(t.errors for t in logs)
    return {
        'period_beginning': str(begin),
        'period_ending': str(end),
        'num_hosts': len(hosts),
        'num_hosts_done': len(done),
        'num_hosts_running': len(running),
        'num_hosts_not_run': len(not_run),
        'hosts_not_run': not_run,
        'total_instances': sum(t.task_items for t in logs),
        'total_errors': errors,
        'overall_status': '%s hosts done. %d errors.' % (
            'ALL' if hosts and len(done) == len(hosts)
            else '%d of %d' % (len(done), len(hosts)), errors),
        'log': {t.host: {'state': t.state, 'instances': t.task_items,
                         'errors': t.errors, 'message': t.message}
                for t in logs},
    }


def _timestamp(value):
    for fmt in ('%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M:%S'):
        try:
            return datetime.datetime.strptime(value, fmt)
        except ValueError:
            pass
    raise wsgi.Fault(400, 'Invalid timestamp for date %s' % value)


@wsgi.api(errors=(403,), query=schema.query)
def index(req):
    policy.authorize(req.context, _RULE % 'list', {})
    return {'instance_usage_audit_logs': _audit(req.context)}


@wsgi.api(errors=(400, 403), query=schema.query)
def show(req, before_timestamp):
    policy.authorize(req.context, _RULE % 'show', {})
    before = _timestamp(before_timestamp)
    return {'instance_usage_audit_log': _audit(req.context, before)}


ROUTES = [
    ('/os-instance_usage_audit_log', {'GET': index}),
    ('/os-instance_usage_audit_log/{before_timestamp}', {'GET': show}),
]
