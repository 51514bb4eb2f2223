"""[upgrade_levels]: the version arithmetic of rolling upgrades, the
caps applied to real RPC clients, and the history kept in step."""

import threading

import oslo_messaging as messaging
from oslo_utils import versionutils
import pytest

from nova.compute import rpcapi as compute_rpcapi
from nova.conductor import rpcapi as conductor_rpcapi
from nova import context as nova_context
from nova import exception
from nova import objects
from nova.objects import service as service_obj
from nova import rpc
from nova.scheduler import rpcapi as scheduler_rpcapi
from nova import upgrade_levels
from nova.volume import rpcapi as volume_rpcapi

HISTORY = (
    None,
    {'compute': '1.0', 'conductor': '1.0'},
    {'compute': '1.3', 'conductor': '1.0'},
    {'compute': '1.7', 'conductor': '1.2'},
)


@pytest.mark.parametrize('minimum, topic, cap', [
    (None, 'compute', None),   # nothing registered: no cap
    (0, 'compute', None),      # a record from before versions
    (1, 'compute', '1.0'),
    (2, 'compute', '1.3'),
    (3, 'compute', '1.7'),
    (3, 'conductor', '1.2'),
    (2, 'conductor', '1.0'),
    (9, 'compute', '1.7'),     # newer than this code: its own face
])
def test_cap_from_history(minimum, topic, cap):
    assert upgrade_levels.cap_from_history(HISTORY, minimum, topic) == cap


def test_cap_older_than_the_history_takes_its_oldest_entry():
    history = (None, None, {'compute': '1.4'}, {'compute': '1.9'})
    assert upgrade_levels.cap_from_history(history, 1, 'compute') == '1.4'


def test_newest_history_entry_is_this_code():
    """An rpcapi VERSION bump without a new history entry (and a new
    SERVICE_VERSION) would leave "auto" caps below what newer services
    speak, or above what older ones do."""
    history = service_obj.SERVICE_VERSION_HISTORY
    assert len(history) == service_obj.SERVICE_VERSION + 1
    assert history[-1] == {
        'compute': compute_rpcapi.ComputeAPI.VERSION,
        'conductor': conductor_rpcapi.ConductorAPI.VERSION,
        'scheduler': scheduler_rpcapi.SchedulerAPI.VERSION,
        'volume': volume_rpcapi.VolumeAPI.VERSION,
    }
    assert set(history[-1]) == set(upgrade_levels.BINARIES)
    # Each entry understands at least what the one before did.
    entries = [entry for entry in history if entry]
    for older, newer in zip(entries, entries[1:]):
        for topic in newer:
            assert versionutils.convert_version_to_tuple(
                older[topic]) <= versionutils.convert_version_to_tuple(
                newer[topic])
    assert 1 <= service_obj.OLDEST_SUPPORTED_SERVICE_VERSION <= \
        service_obj.SERVICE_VERSION


def _service(context, host, binary, version):
    record = objects.Service(context=context, host=host, binary=binary,
                             topic=binary[5:])
    record.create()
    record.version = version
    record.save()
    return record


@pytest.fixture
def fresh_caps():
    upgrade_levels.reset()
    yield
    upgrade_levels.reset()


def test_pins(conf, fresh_caps):
    assert upgrade_levels.version_cap('compute') is None
    conf.set_override('compute', '1.11', group='upgrade_levels')
    assert upgrade_levels.version_cap('compute') == '1.11'
    conf.set_override('scheduler', 'train', group='upgrade_levels')
    with pytest.raises(exception.ConfigError) as error:
        upgrade_levels.version_cap('scheduler')
    assert '[upgrade_levels] scheduler = train' in str(error.value)
    with pytest.raises(exception.ConfigError):
        upgrade_levels.check_pins(conf)
    conf.set_override('scheduler', 'auto', group='upgrade_levels')
    upgrade_levels.check_pins(conf)


def test_auto_reads_the_oldest_service(db, conf, fresh_caps, monkeypatch):
    context = nova_context.get_admin_context()
    conf.set_override('compute', 'auto', group='upgrade_levels')
    monkeypatch.setattr(service_obj, 'SERVICE_VERSION_HISTORY', HISTORY)
    # No compute registered yet: no cap, and nothing remembered.
    assert upgrade_levels.version_cap('compute') is None
    _service(context, 'new', 'nova-compute', 3)
    old = _service(context, 'old', 'nova-compute', 2)
    _service(context, 'conductor', 'nova-conductor', 1)
    assert objects.Service.get_minimum_version(
        context, 'nova-compute') == 2
    assert upgrade_levels.version_cap('compute') == '1.3'
    # Worked out once per process: upgrading the old one changes the
    # cap after a restart (here: reset), not in the middle of a request.
    old.version = 3
    old.save()
    assert upgrade_levels.version_cap('compute') == '1.3'
    upgrade_levels.reset()
    assert upgrade_levels.version_cap('compute') == '1.7'
    # A deleted record no longer holds the cap down.
    old.version = 1
    old.save()
    old.destroy()
    upgrade_levels.reset()
    assert upgrade_levels.version_cap('compute') == '1.7'


class Compute:
    """A server of the compute topic at version 1.12 that records what
    it received."""

    target = messaging.Target(version='1.12')

    def __init__(self):
        self.got = []
        self.event = threading.Event()

    def reboot_instance(self, ctxt, instance, reboot_type):
        self.got.append(('reboot_instance', reboot_type))
        self.event.set()


@pytest.fixture
def bus(conf, fresh_caps):
    conf.set_override('transport_url', 'inproc://')
    rpc.cleanup()
    rpc.init(conf)
    server = rpc.get_server(
        messaging.Target(topic='compute', server='host1'), [Compute()])
    server.start()
    yield server.dispatcher.endpoints[0]
    server.stop()
    server.wait()
    rpc.cleanup()


def test_clients_send_within_their_cap(conf, bus):
    conf.set_override('compute', '1.8', group='upgrade_levels')
    api = compute_rpcapi.ComputeAPI()
    assert api.client.version_cap == '1.8'
    assert api.client.can_send_version('1.8')
    assert not api.client.can_send_version('1.9')
    instance = objects.Instance(uuid='f' * 32, host='host1')
    api.reboot_instance(nova_context.get_admin_context(), instance, 'SOFT')
    assert bus.event.wait(5)
    assert bus.got == [('reboot_instance', 'SOFT')]
    # A send above the cap is refused before it leaves: a 409 that
    # names the pin, not an internal error.
    with pytest.raises(exception.ServiceTooOld) as error:
        api.trigger_crash_dump(nova_context.get_admin_context(), instance)
    assert error.value.code == 409
    assert '[upgrade_levels] compute' in str(error.value)
    assert 'cap 1.8' in str(error.value)


def test_conductor_indirection_is_never_capped(conf, bus):
    conf.set_override('conductor', '1.0', group='upgrade_levels')
    api = conductor_rpcapi.ConductorAPI()
    assert api._base_client.version_cap is None
    assert api.client.version_cap == '1.0'
    with pytest.raises(exception.ServiceTooOld):
        api.delete_shelved_image(nova_context.get_admin_context(), 'x')


def test_instance_backported_for_an_older_receiver():
    instance = objects.Instance(uuid='f' * 32, trusted_certs=['cert-a'],
                                host='h')
    new = instance.obj_to_primitive()
    old = instance.obj_to_primitive(target_version='1.0')
    assert new['nova_object.data']['trusted_certs'] == ['cert-a']
    assert 'trusted_certs' not in old['nova_object.data']
    assert old['nova_object.version'] == '1.0'


def _prepares(module):
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and
                isinstance(node.func, ast.Attribute) and
                node.func.attr == 'prepare' and
                isinstance(node.func.value, ast.Attribute) and
                node.func.value.attr == 'client'):
            yield node


@pytest.mark.parametrize('module', [compute_rpcapi, conductor_rpcapi,
                                    scheduler_rpcapi, volume_rpcapi],
                         ids=lambda m: m.__name__)
def test_every_send_names_its_version(module):
    """Regression: build_and_run_instance and terminate_instance sent the
    client's newest version (the target's 1.12), so a compute pin of 1.9
    refused even a boot. Each capped send must name its method's own
    version."""
    missing = [node.lineno for node in _prepares(module)
               if not any(k.arg == 'version' for k in node.keywords)]
    assert not missing, '%s: prepare() without version= at lines %s' % (
        module.__name__, missing)


def test_a_pinned_client_still_sends_older_methods(conf, bus):
    conf.set_override('compute', '1.0', group='upgrade_levels')
    api = compute_rpcapi.ComputeAPI()
    instance = objects.Instance(uuid='f' * 32, host='host1')
    # 1.0 methods pass a 1.0 cap (the server lacks them: a cast just
    # goes; what matters is that the client does not refuse).
    api.terminate_instance(nova_context.get_admin_context(), instance)
    with pytest.raises(exception.ServiceTooOld) as error:
        api.reboot_instance(nova_context.get_admin_context(), instance,
                            'HARD')
    assert 'RPC version 1.1' in str(error.value)


def test_require_checks_before_any_change(conf, bus):
    conf.set_override('compute', '1.11', group='upgrade_levels')
    api = compute_rpcapi.ComputeAPI()
    api.require('1.11', 'cache_images')
    with pytest.raises(exception.ServiceTooOld) as error:
        api.require('1.12', 'evacuate_instance')
    assert 'evacuate_instance needs RPC version 1.12' in str(error.value)
    assert 'cap 1.11' in str(error.value)


def test_an_action_above_the_cap_gives_its_task_back(db, conf, bus):
    """A capped send fails before it leaves; the action's claimed
    task_state goes back, so the server is not left in a task nothing
    runs (until the deadline sweeper)."""
    from nova.compute import api as compute_api
    from nova.compute import vm_states
    from tests.unit import stored_instances
    conf.set_override('compute', '1.0', group='upgrade_levels')
    context = nova_context.get_admin_context()
    instance = stored_instances.create(context)
    api = compute_api.API()
    with pytest.raises(exception.ServiceTooOld):
        api.stop(context, instance)
    stored = stored_instances.reload(context, instance)
    assert stored.task_state is None
    assert stored.vm_state == vm_states.ACTIVE
