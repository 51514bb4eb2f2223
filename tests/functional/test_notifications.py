"""Notifications on the bus from a running cloud, read by a listener.

Each cloud sends its notifications to RabbitMQ: the all-in-one keeps its
RPC on the in-process transport and sends notifications to a vhost of
their own ([oslo_messaging_notifications] transport_url), the split
daemons send them on their RPC vhost. A listener in the test process
(oslo.messaging's notification listener) receives the versioned and the
legacy topics, and each versioned payload must validate against the JSON
schema of its class.
"""

import threading
import time

import jsonschema
from oslo_config import cfg
import oslo_messaging as messaging
import pytest

from nova.notifications import base
import nova.notifications.emit  # noqa: F401 (registers the payloads)
from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib
from tests.functional import conftest

OWNER = 'nina:proj-notify'
OPTIONS = {
    'oslo_messaging_notifications.driver': 'messagingv2',
    'notifications.notify_on_state_change': 'vm_and_task_state',
    'fake_driver.fail_spawn_for_names': 'fail-always',
}


class Listener:
    """Receives the versioned and legacy topics of one bus."""

    def __init__(self, url):
        conf = cfg.ConfigOpts()
        self.transport = messaging.get_notification_transport(conf, url=url)
        self.messages = []
        self.lock = threading.Lock()
        self.server = messaging.get_notification_listener(
            self.transport, [messaging.Target(topic='versioned_notifications'),
                             messaging.Target(topic='notifications')],
            [self], executor='threading')
        self.server.start()

    def _keep(self, priority):
        def keep(ctxt, publisher_id, event_type, payload, metadata):
            with self.lock:
                self.messages.append({
                    'priority': priority, 'publisher_id': publisher_id,
                    'event_type': event_type, 'payload': payload,
                    'timestamp': metadata['timestamp']})
        return keep

    def __getattr__(self, priority):
        if priority in ('info', 'error', 'warn', 'debug', 'critical',
                        'audit', 'sample'):
            return self._keep(priority)
        raise AttributeError(priority)

    def stop(self):
        self.server.stop()
        self.server.wait()
        self.transport.cleanup()

    def versioned(self, uuid=None, prefix=''):
        """Versioned messages (about uuid), in the order they were sent."""
        with self.lock:
            found = [m for m in self.messages
                     if 'nova_object.data' in m['payload'] and
                     m['event_type'].startswith(prefix) and
                     (uuid is None or m['payload']['nova_object.data'].get(
                         'uuid') == uuid)]
        return sorted(found, key=lambda m: m['timestamp'])

    def legacy(self, prefix):
        with self.lock:
            return [m for m in self.messages
                    if 'nova_object.data' not in m['payload'] and
                    m['event_type'].startswith(prefix)]

    def wait_for(self, event_type, uuid=None, timeout=30):
        """The versioned event_type (about uuid) once it arrived."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.versioned(uuid)
                     if m['event_type'] == event_type]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError('no %s for %s; got %s' % (
            event_type, uuid, [m['event_type'] for m in self.versioned()]))


@pytest.fixture(scope='module', params=['sqlite-inproc', 'mysql-rabbit'])
def notifying(request, tmp_path_factory):
    """(cloud, listener) of a cloud that sends every notification."""
    shape = conftest.SHAPES[request.param]
    options = dict(OPTIONS)
    vhost = None
    if not shape['split']:
        vhost = cloud_lib.RabbitVhost()
        vhost.create()
        options['oslo_messaging_notifications.transport_url'] = vhost.url
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('notify'),
                              options=options, simulated_hosts=2, **shape)
    listener = None
    try:
        running.start()
        listener = Listener(vhost.url if vhost else running.rabbit.url)
        yield running, listener
    finally:
        if listener is not None:
            listener.stop()
        running.stop()
        if vhost is not None:
            vhost.drop()


def _data(message):
    return message['payload']['nova_object.data']


def _valid(message, unset=()):
    """The message's payload validates against its class's schema;
    unset: required fields the object does not have yet (as upstream,
    aggregate.create.start has no id)."""
    payload = message['payload']
    cls = base.NotificationRegistry.obj_classes()[
        payload['nova_object.name']][0]
    assert payload['nova_object.version'] == cls.VERSION
    schema = cls.to_json_schema()
    data_schema = schema['properties']['nova_object.data']
    data_schema['required'] = [name for name in data_schema['required']
                               if name not in unset]
    assert set(unset).isdisjoint(_data(message))
    jsonschema.validate(payload, schema)
    return _data(message)


def _actions(listener, uuid):
    """instance.<action>.<phase> about uuid, leaving out instance.update."""
    return [m['event_type'] for m in listener.versioned(uuid, 'instance.')
            if m['event_type'] != 'instance.update']


def test_server_lifecycle(notifying):
    running, listener = notifying
    api = running.api.as_user(OWNER)
    image = actions_helpers.seeded_image(api)
    server_id = actions_helpers.boot(api, 'notified', image=image)
    end = listener.wait_for('instance.create.end', server_id)
    assert end['publisher_id'].startswith('nova-compute:')
    assert end['priority'] == 'info'
    data = _valid(end)
    assert end['payload']['nova_object.name'] == 'InstanceCreatePayload'
    assert data['state'] == 'active' and data['power_state'] == 'running'
    assert data['task_state'] is None
    assert data['image_uuid'] == image
    assert data['flavor']['nova_object.data']['flavorid'] == '1'
    assert data['tenant_id'] == 'proj-notify'
    assert data['user_id'] == 'nina'
    assert data['display_name'] == 'notified'
    hosts = {s['host'] for s in running.api.get(
        '/os-services?binary=nova-compute').json()['services']}
    assert data['host'] in hosts
    assert end['publisher_id'] == 'nova-compute:%s' % data['host']
    assert _actions(listener, server_id) == ['instance.create.start',
                                             'instance.create.end']
    # instance.update follows the states, building to active.
    updates = [_valid(m)['state_update']['nova_object.data']
               for m in listener.versioned(server_id, 'instance.update')]
    assert {'old_state': 'building', 'state': 'active',
            'old_task_state': 'spawning', 'new_task_state': None} in updates
    # The legacy twin goes to the notifications topic.
    legacy = [m for m in listener.legacy('compute.instance.create.end')
              if m['payload']['instance_id'] == server_id]
    assert legacy and legacy[0]['payload']['state'] == 'active'

    actions_helpers.accepted(api, server_id, {'os-stop': None})
    listener.wait_for('instance.power_off.end', server_id)
    actions_helpers.settled(api, server_id, 'SHUTOFF')
    actions_helpers.accepted(api, server_id, {'os-start': None})
    on = _valid(listener.wait_for('instance.power_on.end', server_id))
    assert on['state'] == 'active' and on['power_state'] == 'running'
    off = [_data(m) for m in listener.versioned(
        server_id, 'instance.power_off.end')][0]
    assert off['state'] == 'stopped' and off['power_state'] == 'shutdown'

    actions_helpers.accepted(api, server_id, {'resize': {'flavorRef': '2'}})
    finished = _valid(listener.wait_for('instance.resize_finish.end',
                                        server_id))
    assert finished['state'] == 'resized'
    assert finished['flavor']['nova_object.data']['flavorid'] == '2'
    prep = listener.wait_for('instance.resize_prep.start', server_id)
    assert _valid(prep)['new_flavor']['nova_object.data']['flavorid'] == '2'
    api.wait_for_status(server_id, 'VERIFY_RESIZE')
    actions_helpers.accepted(api, server_id, {'confirmResize': None})
    confirmed = _valid(listener.wait_for('instance.resize_confirm.end',
                                         server_id))
    assert confirmed['state'] == 'active'

    actions_helpers.delete(api, server_id)
    deleted = _valid(listener.wait_for('instance.delete.end', server_id))
    assert deleted['state'] == 'deleted'
    assert _actions(listener, server_id) == [
        'instance.create.start', 'instance.create.end',
        'instance.power_off.start', 'instance.power_off.end',
        'instance.power_on.start', 'instance.power_on.end',
        'instance.resize_prep.start', 'instance.resize_prep.end',
        'instance.resize.start', 'instance.resize.end',
        'instance.resize_finish.start', 'instance.resize_finish.end',
        'instance.resize_confirm.start', 'instance.resize_confirm.end',
        'instance.delete.start', 'instance.delete.end']


def test_failed_build_sends_create_error_with_fault(notifying):
    running, listener = notifying
    api = running.api.as_user(OWNER)
    resp = api.post('/servers', json={'server': {
        'name': 'fail-always', 'flavorRef': '1',
        'imageRef': actions_helpers.seeded_image(api)}})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    api.wait_for_status(server_id, 'ERROR')
    error = listener.wait_for('instance.create.error', server_id)
    assert error['priority'] == 'error'
    data = _valid(error)
    fault = data['fault']['nova_object.data']
    assert fault['exception_message']
    assert fault['exception'] and fault['traceback']
    assert data['state'] == 'building'
    assert 'instance.create.end' not in _actions(listener, server_id)
    assert _actions(listener, server_id)[:2] == [
        'instance.create.start', 'instance.create.error']
    actions_helpers.delete(api, server_id)


def test_keypair_create_import_delete(notifying):
    running, listener = notifying
    api = running.api.as_user(OWNER)
    resp = api.post('/os-keypairs', json={'keypair': {'name': 'nk-made'}})
    assert resp.status_code == 200, resp.text
    made = resp.json()['keypair']
    end = listener.wait_for('keypair.create.end')
    assert end['publisher_id'].startswith('nova-api:')
    data = _valid(end)
    assert (data['name'], data['user_id'], data['fingerprint']) == (
        'nk-made', 'nina', made['fingerprint'])
    assert data['public_key'] == made['public_key']
    start = _valid(listener.wait_for('keypair.create.start'))
    assert start['name'] == 'nk-made' and start['fingerprint'] is None

    resp = api.post('/os-keypairs', json={'keypair': {
        'name': 'nk-imported', 'public_key': made['public_key']}})
    assert resp.status_code == 200, resp.text
    imported = _valid(listener.wait_for('keypair.import.end'))
    assert imported['name'] == 'nk-imported'
    assert api.delete('/os-keypairs/nk-made').status_code == 202
    assert _valid(listener.wait_for('keypair.delete.end'))['name'] == \
        'nk-made'
    assert listener.legacy('keypair.create.end')


def test_aggregate_create_and_hosts(notifying):
    running, listener = notifying
    # 2.41: aggregates show their uuid.
    admin = running.api.as_user('admin:admin', '2.41')
    resp = admin.post('/os-aggregates', json={'aggregate': {
        'name': 'notified-agg'}})
    assert resp.status_code == 200, resp.text
    aggregate = resp.json()['aggregate']
    created = _valid(listener.wait_for('aggregate.create.end'))
    assert (created['name'], created['id']) == ('notified-agg',
                                                aggregate['id'])
    assert created['uuid'] == aggregate['uuid']
    start = _valid(listener.wait_for('aggregate.create.start'),
                   unset=['id'])
    assert (start['name'], start['uuid']) == ('notified-agg',
                                              aggregate['uuid'])
    host = admin.get('/os-services?binary=nova-compute').json()[
        'services'][0]['host']
    resp = admin.post('/os-aggregates/%s/action' % aggregate['id'],
                      json={'add_host': {'host': host}})
    assert resp.status_code == 200, resp.text
    added = _valid(listener.wait_for('aggregate.add_host.end'))
    assert added['hosts'] == [host]
    resp = admin.post('/os-aggregates/%s/action' % aggregate['id'],
                      json={'remove_host': {'host': host}})
    assert resp.status_code == 200, resp.text
    assert _valid(listener.wait_for('aggregate.remove_host.end'))[
        'hosts'] == []
    assert admin.delete('/os-aggregates/%s' % aggregate['id']
                        ).status_code == 200
    listener.wait_for('aggregate.delete.end')


def test_service_disable_sends_service_update(notifying):
    running, listener = notifying
    admin = running.api
    host = admin.get('/os-services?binary=nova-compute').json()[
        'services'][-1]['host']
    body = {'host': host, 'binary': 'nova-compute',
            'disabled_reason': 'maintenance'}
    resp = admin.put('/os-services/disable-log-reason', json=body)
    assert resp.status_code == 200, resp.text
    try:
        update = listener.wait_for('service.update')
        assert update['publisher_id'] == 'nova-compute:%s' % host
        data = _valid(update)
        assert (data['host'], data['disabled'], data['disabled_reason']) \
            == (host, True, 'maintenance')
    finally:
        resp = admin.put('/os-services/enable', json={
            'host': host, 'binary': 'nova-compute'})
        assert resp.status_code == 200, resp.text
