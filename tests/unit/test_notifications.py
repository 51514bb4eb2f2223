"""Notifications: payloads, formats, the bus, instance.update and samples."""

import json
import os
import queue
import threading

import oslo_messaging as messaging
from oslo_versionedobjects import fixture
import jsonschema
import pytest

from nova.compute import vm_states
from nova import context as nova_context
from nova import exception
from nova.notifications import base
from nova.notifications import emit
from nova.notifications import samples
from nova import rpc
from tests.unit import stored_instances

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')

# Update a hash only together with the payload's VERSION.
EXPECTED = {
    'AggregatePayload': '1.1-2c4ce1dcd4855a6205eb8770e12dde93',
    'AuditPeriodPayload': '1.0-28345f72ca9d805eeb61b2c2385805dd',
    'BandwidthPayload': '1.0-49278639296f9939ff2c8947b2078a82',
    'BlockDevicePayload': '1.0-ca65fc2e0648258530134d264061d743',
    'EventType': '1.21-a601b01c1849946ca2d59286fbecaa04',
    'ExceptionPayload': '1.1-96f178a12691e3ef0d8e3188fc481b90',
    'FlavorPayload': '1.4-0543a6154936dfb1823383f640445152',
    'InstanceActionInterfacePayload': '1.0-b6fd41e71241cc9537e8cbf515ab4236',
    'InstanceActionPayload': '1.7-98c72a01e75cc1a5e892759df2306606',
    'InstanceActionRebuildPayload': '1.8-e8f36d659eaa85380bb1c51bf1fa764c',
    'InstanceActionRescuePayload': '1.2-1ad4aac3e5fe37712b5959ec8df58d4d',
    'InstanceActionResizePrepPayload': '1.2-3e087aef812b9c0cbd4b86bd415fe519',
    'InstanceActionSnapshotPayload': '1.8-dca861d32582e49160a74656236f0060',
    'InstanceActionVolumePayload': '1.5-82fe3dec5a7c5da2cfac1c4c4e66d664',
    'InstanceCreatePayload': '1.11-5c721baacae4868b0484a2998e75bf64',
    'InstancePayload': '1.7-fd438648acd041eebc28bd8bbe38a554',
    'InstanceStateUpdatePayload': '1.0-a934d04e1b314318e42e8062647edd11',
    'InstanceUpdatePayload': '1.8-0044b034ecdaa3fad423dc7e00d15582',
    'IpPayload': '1.0-ad2eb6142380a4625f6d9dc638e372bc',
    'KeypairPayload': '1.0-cffb927f3d1937f8c111904d9600d855',
    'NetworkRequestPayload': '1.1-724e969a2f094fc2427e729ca87d5d72',
    'NotificationBase': '1.0-256dc22834c64f95b2f0ef3546208cd5',
    'NotificationPublisher': '2.2-578ee5fea2922ff32e8917621f140857',
    'PayloadBase': '1.0-77509ea1ea0dd750d5864b9bd87d3f9d',
    'ServiceStatusPayload': '1.1-3efc748cb386a987414bb96b4abe9e33',
}


class Sink:
    """A notification listener endpoint that queues what it gets."""

    def __init__(self):
        self.got = queue.Queue()

    def _keep(self, priority):
        def keep(ctxt, publisher_id, event_type, payload, metadata):
            self.got.put((priority, publisher_id, event_type, payload))
        return keep

    def __getattr__(self, priority):
        if priority in ('info', 'error', 'warn', 'debug', 'critical'):
            return self._keep(priority)
        raise AttributeError(priority)

    def next(self, timeout=5):
        return self.got.get(timeout=timeout)

    def empty_after(self, seconds=0.3):
        try:
            self.got.get(timeout=seconds)
        except queue.Empty:
            return True
        return False


@pytest.fixture
def bus(conf):
    """The in-process bus with notifications on; listeners per topic."""
    conf.set_override('transport_url', 'inproc://')
    # Registers [oslo_messaging_notifications] before overriding it.
    messaging.get_notification_transport(conf).cleanup()
    conf.set_override('driver', ['messaging'],
                      group='oslo_messaging_notifications')
    rpc.cleanup_notifications()
    listeners = []

    def listen(topic):
        sink = Sink()
        listener = messaging.get_notification_listener(
            rpc.get_notifiers() and rpc.NOTIFICATION_TRANSPORT,
            [messaging.Target(topic=topic)], [sink], executor='threading')
        listener.start()
        listeners.append(listener)
        return sink

    yield listen
    for listener in listeners:
        listener.stop()
        threading.Thread(target=listener.wait, daemon=True).start()
    rpc.cleanup_notifications()


@pytest.fixture
def recorder(conf):
    """Notifications recorded in place of the bus."""
    saved = rpc.NOTIFIERS
    recording = samples.Recorder()
    rpc.NOTIFIERS = (recording, recording)
    yield recording.sent
    rpc.NOTIFIERS = saved


def _context():
    return nova_context.RequestContext(user_id='u', project_id='p',
                                       request_id='req-1')


def _instance(**changes):
    return samples._instance(**changes)


def test_versioned_instance_action_on_the_bus(bus, conf):
    conf.set_override('notification_format', 'versioned',
                      group='notifications')
    versioned, legacy = bus('versioned_notifications'), bus('notifications')
    emit.instance_action(_context(), _instance(task_state='powering-off'),
                         'power_off', 'start', host='host1')
    priority, publisher, event_type, payload = versioned.next()
    assert (priority, publisher, event_type) == (
        'info', 'nova-compute:host1', 'instance.power_off.start')
    assert payload['nova_object.name'] == 'InstanceActionPayload'
    assert payload['nova_object.version'] == '1.7'
    data = payload['nova_object.data']
    assert data['uuid'] == samples.INSTANCE_UUID
    assert data['task_state'] == 'powering-off'
    assert data['state'] == 'active' and data['power_state'] == 'running'
    assert data['flavor']['nova_object.data']['flavorid'] == \
        'a22d5517-147c-4147-a0d1-e698df5cd4e3'
    assert data['request_id'] == 'req-1' and data['fault'] is None
    assert legacy.empty_after()


def test_unversioned_format_sends_only_the_legacy_one(bus, conf):
    conf.set_override('notification_format', 'unversioned',
                      group='notifications')
    versioned, legacy = bus('versioned_notifications'), bus('notifications')
    emit.instance_action(_context(), _instance(), 'reboot', 'end',
                         host='host1')
    priority, publisher, event_type, payload = legacy.next()
    assert (publisher, event_type) == ('compute.host1',
                                       'compute.instance.reboot.end')
    assert payload['instance_id'] == samples.INSTANCE_UUID
    assert payload['state'] == 'active'
    assert payload['instance_type'] == 'test_flavor'
    assert versioned.empty_after()


def test_both_formats_and_custom_topics(bus, conf):
    conf.set_override('versioned_notifications_topics', ['billing', 'ops'],
                      group='notifications')
    billing, ops, legacy = bus('billing'), bus('ops'), bus('notifications')
    emit.keypair(_context(), samples._keypair(), 'create', 'end')
    for sink in (billing, ops):
        assert sink.next()[2] == 'keypair.create.end'
    assert legacy.next()[2] == 'keypair.create.end'


def test_error_phase_carries_the_exception(recorder):
    try:
        raise exception.NovaException('the disk is full')
    except exception.NovaException as error:
        emit.instance_action(_context(), _instance(), 'create', 'error',
                             error=error, host='host1')
    message = [m for m in recorder if 'nova_object.name' in m['payload']][0]
    assert message['priority'] == 'ERROR'
    assert message['event_type'] == 'instance.create.error'
    fault = message['payload']['nova_object.data']['fault'][
        'nova_object.data']
    assert fault['exception'] == 'NovaException'
    assert fault['exception_message'] == 'the disk is full'
    assert fault['function_name'] == \
        'test_error_phase_carries_the_exception'
    assert fault['module_name'] == 'test_notifications'
    assert 'the disk is full' in fault['traceback']


def test_phases_send_error_and_reraise(recorder):
    with pytest.raises(ValueError):
        with emit.phases(_context(), _instance(), 'volume_attach',
                         host='host1',
                         volume_id='a07f71dc-8151-4e7d-a0cc-cd24a3f11113'):
            raise ValueError('no such device')
    sent = [(m['event_type'], m['payload'].get('nova_object.name'))
            for m in recorder if 'nova_object.name' in m['payload']]
    assert sent == [
        ('instance.volume_attach.start', 'InstanceActionVolumePayload'),
        ('instance.volume_attach.error', 'InstanceActionVolumePayload')]


def test_a_broken_bus_never_fails_the_action(conf):
    class Broken(samples.Recorder):
        def _send(self, priority):
            def send(*args, **kwargs):
                raise messaging.MessageDeliveryFailure('broker gone')
            return send

    saved, rpc.NOTIFIERS = rpc.NOTIFIERS, (Broken(), Broken())
    try:
        emit.instance_action(_context(), _instance(), 'pause', 'start')
        emit.aggregate(_context(), samples._aggregate(), 'create', 'end')
    finally:
        rpc.NOTIFIERS = saved


def test_nothing_is_built_without_a_driver(conf):
    rpc.cleanup_notifications()
    try:
        assert not any(n.is_enabled() for n in rpc.get_notifiers())
        # An instance without a flavor would fail to build a payload.
        emit.instance_action(_context(), object(), 'pause', 'start')
    finally:
        rpc.cleanup_notifications()


@pytest.mark.parametrize('mode, task_only_sends', [
    ('vm_state', False), ('vm_and_task_state', True)])
def test_instance_update_on_state_change(db, recorder, conf, mode,
                                         task_only_sends):
    conf.set_override('notify_on_state_change', mode, group='notifications')
    context = nova_context.get_admin_context()
    instance = stored_instances.create(context, flavor=samples._flavor())
    instance.task_state = 'powering-off'
    instance.save()
    task_only = [m for m in recorder if m['event_type'] == 'instance.update']
    assert bool(task_only) == task_only_sends
    del recorder[:]
    instance.vm_state = vm_states.STOPPED
    instance.task_state = None
    instance.save()
    versioned = [m for m in recorder if m['event_type'] == 'instance.update'
                 and 'nova_object.name' in m['payload']]
    assert len(versioned) == 1
    data = versioned[0]['payload']['nova_object.data']
    assert data['state_update']['nova_object.data'] == {
        'old_state': 'active', 'state': 'stopped',
        'old_task_state': 'powering-off', 'new_task_state': None}
    assert data['uuid'] == instance.uuid
    legacy = [m for m in recorder
              if m['event_type'] == 'compute.instance.update']
    assert legacy[0]['payload']['old_state'] == 'active'


def test_no_instance_update_when_off(db, recorder, conf):
    context = nova_context.get_admin_context()
    instance = stored_instances.create(context, flavor=samples._flavor())
    instance.vm_state = vm_states.STOPPED
    instance.save()
    assert recorder == []


def test_samples_are_current(conf):
    """Regenerate with tools/generate-notification-samples.py."""
    target = os.path.join(ROOT, samples.SAMPLES_DIR)
    wanted = samples.render_all(conf)
    on_disk = {name for name in os.listdir(target) if name.endswith('.json')}
    assert on_disk == set(wanted)
    for name, text in wanted.items():
        with open(os.path.join(target, name)) as sample:
            assert sample.read() == text, name


def test_payload_versions_match_fingerprints():
    classes = {name: found for name, found in
               base.NotificationRegistry.obj_classes().items()
               if found[0].__module__.startswith('nova.notifications')}
    checker = fixture.ObjectVersionChecker(classes)
    expected, actual = checker.test_hashes(EXPECTED)
    assert expected == actual, (
        'Payloads changed; bump VERSION and update EXPECTED: %s' % {
            name: actual[name] for name in actual
            if actual[name] != expected.get(name)})


def test_samples_validate_against_their_payload_schema(conf):
    classes = base.NotificationRegistry.obj_classes()
    for name, text in samples.render_all(conf).items():
        payload = json.loads(text)['payload']
        cls = classes[payload['nova_object.name']][0]
        assert cls.VERSION == payload['nova_object.version'], name
        jsonschema.validate(payload, cls.to_json_schema())
