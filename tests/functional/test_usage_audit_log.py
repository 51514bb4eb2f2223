"""GET /os-instance_usage_audit_log[/{before}] over HTTP: the task log the
compute hosts write (through the conductor on split clouds)."""

import time

EXPECTED_KEYS = {'total_errors', 'total_instances', 'log',
                 'num_hosts_running', 'num_hosts_done', 'num_hosts',
                 'hosts_not_run', 'overall_status', 'period_ending',
                 'period_beginning', 'num_hosts_not_run'}


def _audit(api, timeout=30):
    """The audit of the last month once every host recorded it."""
    deadline = time.time() + timeout
    while True:
        resp = api.get('/os-instance_usage_audit_log')
        assert resp.status_code == 200, resp.text
        audit = resp.json()['instance_usage_audit_logs']
        if audit['num_hosts_done'] == audit['num_hosts'] or \
                time.time() > deadline:
            return audit
        time.sleep(0.2)


def test_every_host_audits_the_last_period(cloud):
    """Root cause: the route did not exist, and no host kept a record of
    its usage audit to report."""
    audit = _audit(cloud.api)
    assert set(audit) == EXPECTED_KEYS
    hosts = {s['host'] for s in cloud.api.get('/os-services').json()[
        'services'] if s['binary'] == 'nova-compute'}
    assert audit['num_hosts'] == len(hosts) == 2
    assert set(audit['log']) == hosts and audit['hosts_not_run'] == []
    assert audit['overall_status'] == 'ALL hosts done. 0 errors.'
    for host, record in audit['log'].items():
        assert record['state'] == 'DONE' and record['errors'] == 0
        assert 'ran on host %s' % host in record['message']
    # Servers of these tests started this month: none in the last one.
    assert audit['total_instances'] == 0
    assert audit['period_ending'].endswith('-01 00:00:00')


def test_audit_before_a_time_and_bad_input(aio):
    api = aio.api
    resp = api.get('/os-instance_usage_audit_log/2020-01-15 10:00:00')
    assert resp.status_code == 200, resp.text
    old = resp.json()['instance_usage_audit_log']
    assert (old['period_beginning'], old['period_ending']) == (
        '2019-12-01 00:00:00', '2020-01-01 00:00:00')
    # Nobody audited that period.
    assert old['num_hosts_not_run'] == old['num_hosts'] == 2
    assert old['log'] == {} and old['total_instances'] == 0
    assert old['overall_status'] == '0 of 2 hosts done. 0 errors.'
    resp = api.get('/os-instance_usage_audit_log/2020-01-15 10:00:00.5')
    assert resp.status_code == 200, resp.text
    resp = api.get('/os-instance_usage_audit_log/yesterday')
    assert resp.status_code == 400
    assert 'Invalid timestamp' in resp.json()['badRequest']['message']
    resp = api.as_user('eve:proj-e').get('/os-instance_usage_audit_log')
    assert resp.status_code == 403
