"""os-simple-tenant-usage: hours and sizes of the servers of a period."""

import datetime

from oslo_utils import uuidutils
import pytest

from nova import context as nova_context
from nova.db import api as db_api
from nova.db import instances as instances_db

T0 = datetime.datetime(2026, 11, 1, 0, 0, 0)
HOUR = datetime.timedelta(hours=1)
FLAVOR = ('{"nova_object.name": "Flavor", "nova_object.data": '
          '{"name": "m1.small"}}')
PERIOD = '?start=2026-11-01T00:00:00&end=2026-11-01T10:00:00'


def _instance(project, launched, ended=None, deleted=False, name='vm'):
    row = instances_db.instance_create(
        nova_context.get_admin_context(),
        {'uuid': uuidutils.generate_uuid(), 'project_id': project,
         'user_id': 'u', 'display_name': name, 'vm_state': 'active',
         'memory_mb': 2048, 'vcpus': 2, 'root_gb': 20, 'ephemeral_gb': 5,
         'flavor': FLAVOR, 'launched_at': launched, 'terminated_at': ended})
    if deleted:
        with db_api.context_manager.writer.using(
                nova_context.get_admin_context()) as session:
            session.get(type(row), row.id).deleted = row.id
    return row.uuid


@pytest.fixture
def servers(db):
    return {
        # Runs through the period: 10 hours counted.
        'long': _instance('p1', T0 - 5 * HOUR, name='long'),
        # Ran 2 hours inside it, then was deleted.
        'short': _instance('p1', T0 + HOUR, T0 + 3 * HOUR, deleted=True,
                           name='short'),
        # Another project's, started 8 hours in.
        'other': _instance('p2', T0 + 8 * HOUR, name='other'),
        # Ended before the period and never launched: not counted.
        'old': _instance('p1', T0 - 9 * HOUR, T0 - HOUR, name='old'),
    }


def test_admin_lists_every_project(api, servers):
    resp = api.get('/v2.1/os-simple-tenant-usage' + PERIOD + '&detailed=1')
    assert resp.status_code == 200, resp.text
    usages = {u['tenant_id']: u for u in resp.json['tenant_usages']}
    assert set(usages) == {'p1', 'p2'}
    p1 = usages['p1']
    assert p1['total_hours'] == pytest.approx(12.0)
    assert p1['total_memory_mb_usage'] == pytest.approx(12.0 * 2048)
    assert p1['total_vcpus_usage'] == pytest.approx(24.0)
    assert p1['total_local_gb_usage'] == pytest.approx(12.0 * 25)
    assert p1['start'] == '2026-11-01T00:00:00.000000'
    assert p1['stop'] == '2026-11-01T10:00:00.000000'
    by_name = {s['name']: s for s in p1['server_usages']}
    assert set(by_name) == {'long', 'short'}
    assert by_name['short']['state'] == 'terminated'
    assert by_name['short']['ended_at'] == '2026-11-01T03:00:00.000000'
    assert by_name['short']['uptime'] == 7200
    assert by_name['long']['state'] == 'active'
    assert by_name['long']['flavor'] == 'm1.small'
    assert by_name['long']['ended_at'] is None
    assert usages['p2']['total_hours'] == pytest.approx(2.0)


def test_list_without_detail_has_no_server_usages(api, servers):
    resp = api.get('/v2.1/os-simple-tenant-usage' + PERIOD)
    assert all('server_usages' not in u
               for u in resp.json['tenant_usages'])


def test_a_project_sees_its_own_usage_only(api, servers):
    user = api.as_user('someone:p1')
    resp = user.get('/v2.1/os-simple-tenant-usage/p1' + PERIOD)
    assert resp.status_code == 200, resp.text
    usage = resp.json['tenant_usage']
    assert usage['total_hours'] == pytest.approx(12.0)
    assert len(usage['server_usages']) == 2
    assert user.get('/v2.1/os-simple-tenant-usage/p2' + PERIOD
                    ).status_code == 403
    assert user.get('/v2.1/os-simple-tenant-usage' + PERIOD
                    ).status_code == 403


def test_a_project_without_servers_has_an_empty_usage(api, servers):
    resp = api.get('/v2.1/os-simple-tenant-usage/nobody' + PERIOD)
    assert resp.json == {'tenant_usage': {}}


@pytest.mark.parametrize('query', [
    '?start=2026-11-02T00:00:00&end=2026-11-01T00:00:00',
    '?start=yesterday'])
def test_bad_periods_are_400(api, servers, query):
    resp = api.get('/v2.1/os-simple-tenant-usage' + query)
    assert resp.status_code == 400
    assert resp.json['badRequest']['message']
