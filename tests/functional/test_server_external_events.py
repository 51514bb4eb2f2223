"""POST /os-server-external-events over HTTP, delivered to the compute
host by RPC on every deployment shape."""

import time
import uuid

from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete

OWNER = 'ed:proj-events'


def _wait_log(cloud, text, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in cloud.logs(tail=2000):
            return
        time.sleep(0.2)
    raise AssertionError('%r not logged:\n%s' % (text, cloud.logs()))


def test_events_reach_the_compute_host(cloud):
    """Root cause: the route did not exist (404), so the networking
    service could not tell compute hosts about ports."""
    api = cloud.api
    server_id = boot(api.as_user(OWNER), 'evented')
    tag = 'port-%s' % uuid.uuid4().hex[:8]
    resp = api.post('/os-server-external-events', json={'events': [
        {'name': 'network-changed', 'server_uuid': server_id},
        {'name': 'network-vif-plugged', 'server_uuid': server_id,
         'tag': tag, 'status': 'completed'}]})
    assert resp.status_code == 200, resp.text
    events = resp.json()['events']
    assert [(e['name'], e['code'], e['status']) for e in events] == [
        ('network-changed', 200, 'completed'),
        ('network-vif-plugged', 200, 'completed')]
    assert events[1]['tag'] == tag and events[0]['server_uuid'] == server_id
    # The compute host got them (nothing waited for this plug).
    _wait_log(cloud, 'Received event network-vif-plugged-%s (completed) '
                     'of instance %s' % (tag, server_id))

    # Unknown servers: 404 each, 207 overall; none known: 404.
    missing = str(uuid.uuid4())
    resp = api.post('/os-server-external-events', json={'events': [
        {'name': 'network-vif-deleted', 'server_uuid': server_id,
         'tag': tag},
        {'name': 'network-vif-unplugged', 'server_uuid': missing}]})
    assert resp.status_code == 207, resp.text
    assert [(e['code'], e['status']) for e in resp.json()['events']] == [
        (200, 'completed'), (404, 'failed')]
    resp = api.post('/os-server-external-events', json={'events': [
        {'name': 'network-changed', 'server_uuid': missing}]})
    assert resp.status_code == 404, resp.text
    delete(api, server_id)


def test_events_are_for_administrators_and_validated(aio):
    api = aio.api
    server = str(uuid.uuid4())
    body = {'events': [{'name': 'network-changed', 'server_uuid': server}]}
    resp = api.as_user(OWNER).post('/os-server-external-events', json=body)
    assert resp.status_code == 403, resp.text
    for bad in ({'events': []},
                {'events': [{'name': 'teleported', 'server_uuid': server}]},
                {'events': [{'name': 'network-changed'}]},
                {'events': [{'name': 'network-changed', 'server_uuid': server,
                             'status': 'maybe'}]}):
        resp = api.post('/os-server-external-events', json=bad)
        assert resp.status_code == 400, (bad, resp.text)
