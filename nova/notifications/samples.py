"""Sample notifications for doc/notification_samples, made by the code.

Each sample goes through the same senders (nova.notifications.emit) as a
running service, into a Recorder in place of the bus, with fixed objects
so the output is stable; tools/generate-notification-samples.py writes
them and a unit test checks the committed files are current.
"""

import datetime
import json
import os

from oslo_serialization import jsonutils

from nova import context as nova_context
from nova import exception
from nova.notifications import emit
from nova import objects
from nova import rpc

INSTANCE_UUID = '178b0921-8f85-4257-88b6-2e743b5a975c'
WHEN = datetime.datetime(2012, 10, 29, 13, 42, 11)
# Where the samples live, from the top of the source tree.
SAMPLES_DIR = os.path.join('doc', 'notification_samples')


class Recorder:
    """Stands in for an oslo.messaging Notifier; keeps what is sent."""

    def __init__(self):
        self.sent = []
        self._publisher = None

    def is_enabled(self):
        return True

    def prepare(self, publisher_id=None):
        clone = Recorder()
        clone.sent = self.sent
        clone._publisher = publisher_id
        return clone

    def _send(self, priority):
        def send(context, event_type, payload):
            self.sent.append({'priority': priority.upper(),
                              'event_type': event_type,
                              'publisher_id': self._publisher,
                              'payload': jsonutils.to_primitive(
                                  payload, convert_instances=True)})
        return send

    def __getattr__(self, priority):
        if priority in ('audit', 'critical', 'debug', 'info', 'error',
                        'sample', 'warn'):
            return self._send(priority)
        raise AttributeError(priority)


def _context():
    return nova_context.RequestContext(
        user_id='fake', project_id='6f70656e737461636b20342065766572',
        request_id='req-5b6c791d-5709-4f36-8fbe-c3e02869e35d')


def _flavor(flavorid='a22d5517-147c-4147-a0d1-e698df5cd4e3',
            name='test_flavor', memory_mb=512, vcpus=1, root_gb=1):
    return objects.Flavor(
        id=1, flavorid=flavorid, name=name, memory_mb=memory_mb,
        vcpus=vcpus, root_gb=root_gb, ephemeral_gb=0, swap=0,
        rxtx_factor=1.0, vcpu_weight=0, disabled=False, is_public=True,
        extra_specs={'hw:watchdog_action': 'disabled'}, description=None)


def _instance(**changes):
    values = dict(
        id=1, uuid=INSTANCE_UUID, user_id='fake',
        project_id='6f70656e737461636b20342065766572',
        reservation_id='r-npxv0e40', display_name='some-server',
        display_description='some-server', hostname='some-server',
        host='compute', node='fake-mini', os_type=None, architecture=None,
        availability_zone='nova', flavor=_flavor(),
        image_ref='155d900f-4e14-4e4c-a73d-069cbf4541e6', key_name='my-key',
        kernel_id='', ramdisk_id='', created_at=WHEN, launched_at=WHEN,
        terminated_at=None, deleted_at=None, updated_at=WHEN,
        vm_state='active', power_state=1, task_state=None, progress=0,
        locked=False, metadata={})
    values.update(changes)
    return objects.Instance(**values)


def _instance_samples(context):
    send = emit.instance_action
    inst = _instance
    building = dict(vm_state='building', power_state=0,
                    task_state='spawning', launched_at=None)
    send(context, inst(**building), 'create', 'start')
    send(context, inst(), 'create', 'end')
    send(context, inst(**building), 'create', 'error',
         error=exception.NovaException(
             'Build of instance failed: no valid host'))
    for action, before, after in _TRANSITIONS:
        send(context, inst(**before), action, 'start')
        send(context, inst(**after), action, 'end')
    for action, before, extra in (
            ('resize_prep', dict(task_state='resize_prep'),
             dict(new_flavor=_flavor(
                 'd5a8bb54-365a-45ae-abdb-38d249df7845', 'other_flavor',
                 2048, 2, 20))),
            ('rescue', dict(task_state='rescuing'),
             dict(rescue_image_ref='a2459075-d96c-40d5-893e-577ff92e721c')),
            ('snapshot', dict(task_state='image_snapshot'),
             dict(snapshot_image_id='d2aae36f-785c-4518-8016-bc9534d9fc7f')),
            ('volume_attach', {},
             dict(volume_id='a07f71dc-8151-4e7d-a0cc-cd24a3f11113')),
            ('volume_detach', {},
             dict(volume_id='a07f71dc-8151-4e7d-a0cc-cd24a3f11113'))):
        for phase in ('start', 'end'):
            send(context, inst(**before), action, phase, **extra)
    interface = {'network_id': None, 'address': None, 'tag': None,
                 'port_id': 'ce531f90-199f-48c0-816c-13e38010b442'}
    for action in ('interface_attach', 'interface_detach'):
        for phase in ('start', 'end'):
            send(context, inst(), action, phase, source='nova-api',
                 interface=interface)
    emit.instance_update(context, inst(task_state='powering-off'),
                         'active', None, source='nova-conductor')


# (action, instance fields at start, instance fields at end)
_TRANSITIONS = (
    ('delete', dict(task_state='deleting'),
     dict(vm_state='deleted', task_state=None, power_state=0,
          terminated_at=WHEN, deleted_at=WHEN)),
    ('power_off', dict(task_state='powering-off'),
     dict(vm_state='stopped', power_state=4)),
    ('power_on', dict(vm_state='stopped', power_state=4,
                      task_state='powering-on'), {}),
    ('reboot', dict(task_state='rebooting'), {}),
    ('pause', dict(task_state='pausing'),
     dict(vm_state='paused', power_state=3)),
    ('unpause', dict(vm_state='paused', power_state=3,
                     task_state='unpausing'), {}),
    ('suspend', dict(task_state='suspending'),
     dict(vm_state='suspended', power_state=4)),
    ('resume', dict(vm_state='suspended', power_state=4,
                    task_state='resuming'), {}),
    ('rebuild', dict(task_state='rebuilding'), {}),
    ('resize', dict(task_state='resize_migrating'),
     dict(task_state='resize_migrated')),
    ('resize_finish', dict(task_state='resize_finish'),
     dict(vm_state='resized')),
    ('resize_confirm', dict(vm_state='resized',
                            task_state='resize_confirming'), {}),
    ('resize_revert', dict(vm_state='resized',
                           task_state='resize_reverting'), {}),
    ('shelve', dict(task_state='shelving'),
     dict(vm_state='shelved', power_state=4)),
    ('shelve_offload', dict(vm_state='shelved', power_state=4,
                            task_state='shelving_offloading'),
     dict(vm_state='shelved_offloaded', power_state=4, host=None,
          node=None)),
    ('unshelve', dict(vm_state='shelved_offloaded',
                      task_state='unshelving'), {}),
    ('unrescue', dict(vm_state='rescued', task_state='unrescuing'), {}),
    ('evacuate', dict(task_state='rebuilding'), {}),
    ('live_migration_abort', dict(task_state='migrating'),
     dict(task_state='migrating')),
    ('live_migration_force_complete', dict(task_state='migrating'),
     dict(task_state='migrating')),
    ('live_migration_post', dict(task_state='migrating'),
     dict(task_state='migrating')),
    ('live_migration_post_dest', dict(task_state='migrating'), {}),
    ('live_migration_rollback', dict(task_state='migrating'), {}),
    ('trigger_crash_dump', {}, {}),
)


def _aggregate():
    return objects.Aggregate(
        id=1, uuid='788608ec-ebdc-45c5-bc7f-e5f24ab92c80',
        name='my-aggregate', hosts=['compute'],
        metadata={'availability_zone': 'AZ-1'})


def _keypair():
    return objects.KeyPair(
        id=1, user_id='fake', name='my-key', type='ssh',
        fingerprint='1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c',
        public_key='ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmI'
                   'f+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDP'
                   'HxkXqr3pM0h3n9BGRG5Q== Generated-by-Nova')


def _other_samples(context):
    for action in ('create', 'delete', 'add_host', 'remove_host',
                   'update_metadata'):
        for phase in ('start', 'end'):
            emit.aggregate(context, _aggregate(), action, phase)
    for action in ('create', 'import', 'delete'):
        for phase in ('start', 'end'):
            emit.keypair(context, _keypair(), action, phase)
    service = objects.Service(
        id=1, uuid='fa69c544-906b-4a6a-a9c6-c1f7a8078c73', host='host1',
        binary='nova-compute', topic='compute', report_count=1,
        disabled=True, disabled_reason='test2', forced_down=False,
        version=1, last_seen_up=WHEN)
    emit.service_update(context, service)


def render_all(conf):
    """{file name: JSON text} of every sample, as the code sends them."""
    recorder = Recorder()
    saved = rpc.NOTIFIERS
    rpc.NOTIFIERS = (recorder, recorder)
    conf.set_override('notification_format', 'versioned',
                      group='notifications')
    conf.set_override('notify_on_state_change', 'vm_and_task_state',
                      group='notifications')
    conf.set_override('host', 'compute')
    try:
        context = _context()
        _instance_samples(context)
        _other_samples(context)
    finally:
        rpc.NOTIFIERS = saved
        for name in ('notification_format', 'notify_on_state_change'):
            conf.clear_override(name, group='notifications')
        conf.clear_override('host')
    files = {}
    for message in recorder.sent:
        if 'nova_object.name' not in message['payload']:
            continue  # the legacy twin of a versioned one
        _stabilize(message['payload'])
        name = '%s.json' % message['event_type'].replace('.', '-')
        files[name] = json.dumps(message, indent=4, sort_keys=True) + '\n'
    return files


def _stabilize(primitive):
    """Fixed values where the payload holds the time of its making."""
    data = primitive.get('nova_object.data', {})
    audit = data.get('audit_period', {}).get('nova_object.data')
    if audit:
        audit.update(audit_period_beginning='2012-10-01T00:00:00Z',
                     audit_period_ending='2012-10-29T13:42:11Z')
