"""A server's action history through the API: os-instance-actions."""

import re

from oslo_utils import uuidutils
import pytest

from nova.compute import utils as compute_utils
from nova import context as nova_context
from nova import exception
from tests.unit import stored_instances

OWNER = 'alice:proj-a'
TIME = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')


def _request_context(request_id):
    return nova_context.RequestContext(
        user_id='alice', project_id='proj-a', request_id=request_id)


@pytest.fixture
def server(admin_context):
    instance = stored_instances.create_owned(admin_context)
    create = _request_context('req-create')
    compute_utils.record_action_start(create, instance, 'create')
    with compute_utils.EventReporter(create, 'compute_build_and_run_instance',
                                     'host1', instance.uuid):
        pass
    stop = _request_context('req-stop')
    compute_utils.record_action_start(stop, instance, 'stop')
    with pytest.raises(exception.NovaException):
        with compute_utils.EventReporter(stop, 'compute_stop_instance',
                                         'host1', instance.uuid):
            raise exception.NovaException('Simulated power_off failure')
    return instance


def _path(server, suffix=''):
    return '/v2.1/servers/%s/os-instance-actions%s' % (server.uuid, suffix)


def test_list_newest_first_with_upstream_fields(api, server):
    resp = api.as_user(OWNER).get(_path(server))
    assert resp.status_int == 200
    actions = resp.json['instanceActions']
    assert [a['action'] for a in actions] == ['stop', 'create']
    assert [a['request_id'] for a in actions] == ['req-stop', 'req-create']
    first = actions[0]
    assert set(first) == {'action', 'instance_uuid', 'message', 'project_id',
                          'request_id', 'start_time', 'user_id'}
    assert first['instance_uuid'] == server.uuid
    assert (first['user_id'], first['project_id']) == ('alice', 'proj-a')
    assert first['message'] == 'Error'
    assert actions[1]['message'] is None
    assert TIME.match(first['start_time']), first['start_time']


def test_show_has_events_without_traceback_for_the_owner(api, server):
    # Before 2.51 the owner sees the action without its events.
    resp = api.as_user(OWNER, '2.50').get(_path(server, '/req-stop'))
    assert 'events' not in resp.json['instanceAction']
    resp = api.as_user(OWNER, '2.51').get(_path(server, '/req-stop'))
    assert resp.status_int == 200
    action = resp.json['instanceAction']
    assert action['action'] == 'stop'
    (event,) = action['events']
    assert set(event) == {'event', 'start_time', 'finish_time', 'result'}
    assert event['event'] == 'compute_stop_instance'
    assert event['result'] == 'Error'
    assert TIME.match(event['finish_time'])


def test_show_has_tracebacks_for_admins(api, server):
    resp = api.get(_path(server, '/req-stop'))
    (event,) = resp.json['instanceAction']['events']
    assert 'Simulated power_off failure' in event['traceback']
    resp = api.get(_path(server, '/req-create'))
    (event,) = resp.json['instanceAction']['events']
    assert event['result'] == 'Success'
    assert event['traceback'] is None


def test_show_unknown_request_id_is_404(api, server):
    resp = api.as_user(OWNER).get(_path(server, '/req-nope'))
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['message'] == (
        'Action for request_id req-nope on instance %s not found'
        % server.uuid)


def test_other_projects_see_nothing(api, server):
    other = api.as_user('bob:proj-b')
    assert other.get(_path(server)).status_int == 404
    assert other.get(_path(server, '/req-stop')).status_int == 404


def test_unknown_server_is_404(api, db):
    resp = api.get('/v2.1/servers/%s/os-instance-actions'
                   % uuidutils.generate_uuid())
    assert resp.status_int == 404
