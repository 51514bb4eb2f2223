"""A server's action history over HTTP on the whole stack: what users did
and how each step on the services went (os-instance-actions)."""

import time

from tests.functional import actions_helpers as actions

OWNER = 'alice:proj-history'


def _actions(api, server_id):
    resp = api.get('/servers/%s/os-instance-actions' % server_id)
    assert resp.status_code == 200, resp.text
    return resp.json()['instanceActions']


def _action(api, server_id, request_id):
    resp = api.get('/servers/%s/os-instance-actions/%s'
                   % (server_id, request_id))
    assert resp.status_code == 200, resp.text
    return resp.json()['instanceAction']


def _finished_events(api, server_id, request_id, timeout=30):
    """The action's events once all have finished (they are recorded by
    the services after the API answered)."""
    deadline = time.time() + timeout
    while True:
        events = _action(api, server_id, request_id)['events']
        if events and all(e['finish_time'] for e in events):
            return events
        assert time.time() < deadline, events
        time.sleep(0.05)


def test_history_of_boot_reboot_stop(aio):
    # Users see the events of their servers' actions from 2.51.
    api = aio.api.as_user(OWNER, '2.51')
    server_id = actions.boot(aio.api.as_user(OWNER), 'history')
    actions.accepted(api, server_id, {'reboot': {'type': 'SOFT'}})
    actions.settled(api, server_id, 'ACTIVE', 'active', 1)
    actions.accepted(api, server_id, {'os-stop': None})
    actions.settled(api, server_id, 'SHUTOFF', 'stopped', 4)

    listed = _actions(api, server_id)
    assert [a['action'] for a in listed] == ['stop', 'reboot', 'create']
    assert len({a['request_id'] for a in listed}) == 3
    for action in listed:
        assert action['instance_uuid'] == server_id
        assert (action['user_id'], action['project_id']) == \
            ('alice', 'proj-history')
        assert action['request_id'].startswith('req-')

    stop, reboot, create = listed
    expected = {stop['request_id']: {'compute_stop_instance'},
                reboot['request_id']: {'compute_reboot_instance'},
                create['request_id']: {
                    'conductor_schedule_and_build_instances',
                    'compute_build_and_run_instance'}}
    for request_id, names in expected.items():
        events = _finished_events(api, server_id, request_id)
        assert {e['event'] for e in events} == names
        assert {e['result'] for e in events} == {'Success'}
        assert all('traceback' not in e for e in events)
    admin_view = _finished_events(aio.api, server_id, stop['request_id'])
    assert admin_view[0]['traceback'] is None

    stranger = aio.api.as_user('bob:proj-elsewhere')
    resp = stranger.get('/servers/%s/os-instance-actions' % server_id)
    assert resp.status_code == 404
    resp = api.get('/servers/%s/os-instance-actions/req-unknown'
                   % server_id)
    assert resp.status_code == 404
    assert resp.json()['itemNotFound']['message'] == (
        'Action for request_id req-unknown on instance %s not found'
        % server_id)
    actions.delete(api, server_id)


def test_failed_build_shows_traceback_to_admins_only(aio):
    api = aio.api.as_user(OWNER, '2.51')
    image = aio.api.as_user(OWNER).get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={'server': {
        'name': 'fail-always', 'imageRef': image, 'flavorRef': '1',
        'networks': 'none'}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_status(server_id, 'ERROR')

    (create,) = _actions(api, server_id)
    assert create['action'] == 'create'
    assert create['message'] == 'Error'
    request_id = create['request_id']

    owner_events = _finished_events(api, server_id, request_id)
    failed = [e for e in owner_events
              if e['event'] == 'compute_build_and_run_instance']
    assert failed and {e['result'] for e in failed} == {'Error'}
    assert all('traceback' not in e for e in owner_events)

    admin_events = _finished_events(aio.api, server_id, request_id)
    failed = [e for e in admin_events
              if e['event'] == 'compute_build_and_run_instance']
    assert all('Simulated spawn failure' in e['traceback'] for e in failed)
    actions.delete(api, server_id)
