"""Remote consoles: the API's version windows and checks (2.6 and 2.8
remote-consoles, os-get*Console up to 2.5) and the compute side's
get_console on the fake driver. The whole path runs in
tests/functional/test_consoles.py."""

import urllib.parse

from oslo_utils import uuidutils
import pytest

from nova.compute import console_actions
from nova import context as nova_context
from nova.db import console_auth_tokens as tokens_db
from nova import exception
from nova import objects
from nova.virt import fake

OWNER = 'alice:proj-a'


def _server(context, host=None):
    instance = objects.Instance(context=context)
    instance.uuid = uuidutils.generate_uuid()
    instance.project_id = 'proj-a'
    instance.user_id = 'alice'
    instance.display_name = 'vm'
    instance.vm_state = 'building' if host is None else 'active'
    instance.host = host
    instance.memory_mb = 512
    instance.vcpus = 1
    instance.create()
    return instance


def _remote_console(client, server, protocol, console_type):
    return client.post('/v2.1/servers/%s/remote-consoles' % server.uuid,
                       {'remote_console': {'protocol': protocol,
                                           'type': console_type}})


def _action(client, server, name, console_type):
    return client.post('/v2.1/servers/%s/action' % server.uuid,
                       {name: {'type': console_type}})


def test_remote_consoles_starts_at_2_6(api, admin_context):
    server = _server(admin_context)
    resp = _remote_console(api.as_user(OWNER, '2.5'), server, 'vnc',
                           'novnc')
    assert resp.status_int == 404


@pytest.mark.parametrize('name', ['os-getVNCConsole', 'os-getSPICEConsole',
                                  'os-getRDPConsole', 'os-getSerialConsole'])
def test_console_actions_end_at_2_5(api, admin_context, name):
    server = _server(admin_context)
    resp = _action(api.as_user(OWNER, '2.6'), server, name, 'novnc')
    # An action its version no longer has is a 404, as upstream answers.
    assert resp.status_int == 404
    assert resp.json['itemNotFound']['code'] == 404


def test_a_server_without_host_is_not_ready(api, admin_context):
    server = _server(admin_context)
    resp = _remote_console(api.as_user(OWNER, '2.6'), server, 'vnc',
                           'novnc')
    assert resp.status_int == 409
    assert resp.json['conflict']['message'] == \
        'Instance %s is not ready' % server.uuid
    resp = _action(api.as_user(OWNER, '2.1'), server, 'os-getVNCConsole',
                   'novnc')
    assert resp.status_int == 409


@pytest.mark.parametrize('protocol,console_type', [
    ('vnc', 'spice-html5'), ('spice', 'novnc'), ('serial', 'rdp-html5'),
])
def test_protocol_and_type_must_match(api, admin_context, protocol,
                                      console_type):
    server = _server(admin_context, host='host1')
    resp = _remote_console(api.as_user(OWNER, '2.6'), server, protocol,
                           console_type)
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'] == \
        'Invalid console type %s' % console_type


@pytest.mark.parametrize('body', [
    {'protocol': 'vnc'}, {'protocol': 'telnet', 'type': 'novnc'},
    {'protocol': 'vnc', 'type': 'novnc', 'extra': 1},
])
def test_bad_bodies_are_400(api, admin_context, body):
    server = _server(admin_context, host='host1')
    resp = api.as_user(OWNER, '2.6').post(
        '/v2.1/servers/%s/remote-consoles' % server.uuid,
        {'remote_console': body})
    assert resp.status_int == 400


def test_mks_needs_2_8(api, admin_context):
    server = _server(admin_context)
    resp = _remote_console(api.as_user(OWNER, '2.7'), server, 'mks',
                           'webmks')
    assert resp.status_int == 400
    # Valid from 2.8: it gets as far as the host check.
    resp = _remote_console(api.as_user(OWNER, '2.8'), server, 'mks',
                           'webmks')
    assert resp.status_int == 409


def test_old_action_type_is_checked(api, admin_context):
    server = _server(admin_context, host='host1')
    resp = _action(api.as_user(OWNER, '2.1'), server, 'os-getVNCConsole',
                   'spice-html5')
    assert resp.status_int == 400


def test_other_projects_get_404(api, admin_context):
    server = _server(admin_context, host='host1')
    resp = _remote_console(api.as_user('bob:proj-b', '2.6'), server, 'vnc',
                           'novnc')
    assert resp.status_int == 404


class Compute(console_actions.ConsoleActionsMixin):
    def __init__(self, driver):
        self.host = 'host1'
        self.driver = driver


@pytest.fixture
def compute_and_server(admin_context):
    driver = fake.FakeDriver('host1')
    server = _server(admin_context, host='host1')
    driver.spawn(admin_context, server, None, [], None)
    return Compute(driver), server


def test_novnc_url_uses_the_proxy_base_url(conf, compute_and_server):
    conf.set_override('novncproxy_base_url', 'http://proxy:6080/vnc.html',
                      group='vnc')
    compute, server = compute_and_server
    context = nova_context.get_admin_context()
    first = compute._open_console(context, server, 'novnc')
    second = compute._open_console(context, server, 'novnc')
    assert first['protocol'] == 'vnc'
    assert first['type'] == 'novnc'
    # noVNC pages take the websocket path (with the token) as 'path'.
    assert first['url'].startswith(
        'http://proxy:6080/vnc.html?path=%3Ftoken%3D')
    assert first['url'] != second['url']  # a fresh token each time
    xvp = compute._open_console(context, server, 'xvpvnc')
    assert xvp['url'].startswith('http://127.0.0.1:6081/console?token=')


@pytest.mark.parametrize('console_type', ['spice-html5', 'rdp-html5',
                                          'serial', 'webmks'])
def test_kinds_the_fake_lacks_are_unavailable(conf, compute_and_server,
                                              console_type):
    compute, server = compute_and_server
    with pytest.raises(exception.ConsoleTypeUnavailable) as error:
        compute._open_console(nova_context.get_admin_context(), server,
                              console_type)
    assert error.value.format_message() == \
        'Unavailable console type %s.' % console_type


def test_vnc_disabled_is_unavailable(conf, compute_and_server):
    conf.set_override('enabled', False, group='vnc')
    compute, server = compute_and_server
    with pytest.raises(exception.ConsoleTypeUnavailable):
        compute._open_console(nova_context.get_admin_context(), server,
                              'novnc')


def test_guest_not_on_host_is_not_ready(conf, admin_context):
    compute = Compute(fake.FakeDriver('host1'))
    server = _server(admin_context, host='host1')
    with pytest.raises(exception.InstanceNotReady):
        compute._open_console(admin_context, server, 'novnc')


def test_unknown_type_is_invalid(conf, compute_and_server):
    compute, server = compute_and_server
    with pytest.raises(exception.ConsoleTypeInvalid):
        compute._open_console(nova_context.get_admin_context(), server,
                              'telnet')


def test_tokens_go_with_their_instance_and_when_expired(conf,
                                                        compute_and_server):
    compute, server = compute_and_server
    context = nova_context.get_admin_context()
    url = compute._open_console(context, server, 'novnc')['url']
    token = urllib.parse.parse_qs(urllib.parse.parse_qs(
        urllib.parse.urlsplit(url).query)['path'][0][1:])['token'][0]
    assert objects.ConsoleAuthToken.validate(
        context, token).instance_uuid == server.uuid
    compute.forget_consoles(context, server)
    with pytest.raises(exception.InvalidToken):
        objects.ConsoleAuthToken.validate(context, token)

    conf.set_override('token_ttl', 0, group='consoleauth')
    compute._open_console(context, server, 'novnc')
    compute.clean_expired_consoles(context)
    # Nothing left to delete: the expired token is gone.
    assert tokens_db.token_delete_for_instance(context, server.uuid) == 0
