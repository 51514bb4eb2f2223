"""Remote consoles over HTTP on the whole stack: the API asks the compute
host over RPC for a console URL; the console proxies in nova-all check
its token and bridge a websocket to the fake guest's VNC (RFB) or serial
server."""

import os
import signal
import struct
import time

import pytest
import requests
import websocket

from tests.functional import actions_helpers as actions
from tests.functional import cloud as cloud_lib
from tests.functional import conftest
from tests.functional import console_helpers as helpers

OWNER = 'alice:proj-consoles'


def _remote_console(api, server_id, protocol, console_type):
    return api.post('/servers/%s/remote-consoles' % server_id, json={
        'remote_console': {'protocol': protocol, 'type': console_type}})


def test_vnc_url_and_unavailable_kinds(aio):
    api = aio.api.as_user(OWNER, version='2.6')
    server_id = actions.boot(api, 'console')

    resp = _remote_console(api, server_id, 'vnc', 'novnc')
    assert resp.status_code == 200, resp.text
    console = resp.json()['remote_console']
    assert (console['protocol'], console['type']) == ('vnc', 'novnc')
    assert console['url'].startswith(
        'http://127.0.0.1:%d/vnc_lite.html?path=%%3Ftoken%%3D'
        % aio.novnc_port)

    resp = _remote_console(api, server_id, 'spice', 'spice-html5')
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'Unavailable console type spice-html5.'

    latest = aio.api.as_user(OWNER, version='2.8')
    resp = _remote_console(latest, server_id, 'mks', 'webmks')
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'Unavailable console type webmks.'
    actions.delete(api, server_id)


def test_console_actions_before_2_6(aio):
    api = aio.api.as_user(OWNER, version='2.1')
    server_id = actions.boot(api, 'old-console')

    resp = actions.act(api, server_id, {'os-getVNCConsole': {
        'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    console = resp.json()['console']
    assert console['type'] == 'novnc'
    assert '?path=%3Ftoken%3D' in console['url']

    resp = actions.act(api, server_id, {'os-getSPICEConsole': {
        'type': 'spice-html5'}})
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'Unavailable console type spice-html5.'
    actions.delete(api, server_id)


# --- Consoles that open: console URL -> proxy -> the fake guest's servers.

TTL = 20  # seconds a console token lives in the cloud below


@pytest.fixture(scope='module')
def consoles_cloud(tmp_path_factory):
    """nova-all with both console proxies and short-lived tokens."""
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('consoles'),
        options=dict(conftest.OPTIONS, **{
            'serial_console.enabled': 'true',
            'consoleauth.token_ttl': TTL}))
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _open(api, server_id, protocol, console_type):
    resp = _remote_console(api, server_id, protocol, console_type)
    assert resp.status_code == 200, resp.text
    return resp.json()['remote_console']['url']


def _read_exactly(ws, count):
    return ws.read(count)


def _refused(url, **kw):
    """The proxy's HTTP status refusing the websocket, and its reason
    (the status text: the refusal has no body, so that a websocket client
    reads nothing after it)."""
    with pytest.raises(websocket.WebSocketBadStatusException) as error:
        helpers.connect(url, **kw)
    assert not error.value.resp_body
    return (error.value.status_code,
            (error.value.status_message or '').encode())


def test_novnc_page_and_rfb_through_the_proxy(consoles_cloud):
    api = consoles_cloud.api.as_user(OWNER, version='2.6')
    server_id = actions.boot(api, 'vnc-guest')
    url = _open(api, server_id, 'vnc', 'novnc')
    # The page itself comes from the packaged noVNC, when installed.
    page = requests.get(url, timeout=20)
    if os.path.isdir('/usr/share/novnc'):
        assert page.status_code == 200 and 'noVNC' in page.text

    ws = helpers.connect(helpers.websocket_url(url))
    try:
        assert _read_exactly(ws, 12) == b'RFB 003.008\n'
        ws.send_binary(b'RFB 003.008\n')
        assert _read_exactly(ws, 2) == b'\x01\x01'  # security: None only
        ws.send_binary(b'\x01')
        assert _read_exactly(ws, 4) == b'\x00\x00\x00\x00'  # accepted
        ws.send_binary(b'\x01')  # ClientInit, shared
        width, height = struct.unpack('>HH', _read_exactly(ws, 4))
        pixel_format = _read_exactly(ws, 16)
        assert pixel_format[0] == 32  # bits per pixel
        name_length = struct.unpack('>I', _read_exactly(ws, 4))[0]
        assert _read_exactly(ws, name_length) == b'vnc-guest'
        # FramebufferUpdateRequest, not incremental, the whole screen.
        ws.send_binary(struct.pack('>BBHHHH', 3, 0, 0, 0, width, height))
        kind, rects = struct.unpack('>BxH', _read_exactly(ws, 4))
        assert (kind, rects) == (0, 1)
        x, y, w, h, encoding = struct.unpack('>HHHHi', _read_exactly(ws, 12))
        assert (x, y, w, h, encoding) == (0, 0, width, height, 0)  # raw
        pixels = _read_exactly(ws, w * h * 4)
        assert pixels.strip(b'\x00'), 'the screen is blank'
    finally:
        ws.close()

    # GET /os-console-auth-tokens/{token} (2.31) says where it leads.
    admin = consoles_cloud.api.as_user('admin:admin', version='2.31')
    resp = admin.get('/os-console-auth-tokens/%s' % helpers.token(url))
    assert resp.status_code == 200, resp.text
    console = resp.json()['console']
    assert console['instance_uuid'] == server_id
    assert console['host'] == '127.0.0.1' and console['port'] > 0
    actions.delete(api, server_id)


def test_serial_console_echoes_through_the_proxy(consoles_cloud):
    api = consoles_cloud.api.as_user(OWNER, version='2.6')
    server_id = actions.boot(api, 'serial-guest')
    url = _open(api, server_id, 'serial', 'serial')
    assert url.startswith('ws://127.0.0.1:%d/?token='
                          % consoles_cloud.serial_port)
    ws = helpers.connect(url)
    try:
        prompt = b'serial-guest login: '
        got = b''
        while not got.endswith(prompt):
            got += ws.read(1)
        ws.send_binary(b'hello console\r')
        assert _read_exactly(ws, 14) == b'hello console\r'
    finally:
        ws.close()
    # The old action (2.1) opens one too.
    old = consoles_cloud.api.as_user(OWNER, version='2.1')
    resp = actions.act(old, server_id,
                       {'os-getSerialConsole': {'type': 'serial'}})
    assert resp.status_code == 200, resp.text
    helpers.connect(resp.json()['console']['url']).close()
    actions.delete(api, server_id)


def test_standalone_serialproxy(consoles_cloud, tmp_path):
    """nova-serialproxy on its own (as on a console host): it reads the
    tokens the compute host stored from the database."""
    port = cloud_lib.free_port()
    extra = tmp_path / 'serialproxy.conf'
    extra.write_text('[serial_console]\nserialproxy_port = %d\n' % port)
    consoles_cloud._commands['nova-serialproxy'] = ('nova-serialproxy',
                                                    str(extra))
    consoles_cloud._spawn('nova-serialproxy')
    try:
        api = consoles_cloud.api.as_user(OWNER, version='2.6')
        server_id = actions.boot(api, 'standalone')
        url = _open(api, server_id, 'serial', 'serial')
        url = url.replace(':%d/' % consoles_cloud.serial_port, ':%d/' % port)
        deadline = time.time() + 30
        while True:
            try:
                ws = helpers.connect(url)
                break
            except ConnectionRefusedError:  # still starting
                assert time.time() < deadline, consoles_cloud.logs()
                time.sleep(0.2)
        try:
            got = b''
            while not got.endswith(b'login: '):
                got += ws.read(1)
            ws.send_binary(b'ls\r')
            assert ws.read(3) == b'ls\r'
        finally:
            ws.close()
        status, _ = _refused(url.split('?')[0] + '?token=bad')
        assert status == 403
        actions.delete(api, server_id)
    finally:
        consoles_cloud.kill('nova-serialproxy', signal.SIGTERM)


def test_bad_tokens_are_refused(consoles_cloud):
    api = consoles_cloud.api.as_user(OWNER, version='2.6')
    first = actions.boot(api, 'first')
    second = actions.boot(api, 'second')
    url = helpers.websocket_url(_open(api, first, 'vnc', 'novnc'))
    base = url.split('?')[0]

    status, body = _refused(base + '?token=not-a-token')
    assert status == 403 and b'invalid or has expired' in body
    status, body = _refused(base)
    assert status == 403 and b'No console token' in body
    # A noVNC token does not open a serial console.
    serial_base = 'ws://127.0.0.1:%d/' % consoles_cloud.serial_port
    status, body = _refused(serial_base + '?token=' + helpers.token(url))
    assert status == 403 and b'not for a serial console' in body
    # A page from another site may not use it (the Origin check).
    status, body = _refused(url, origin='http://evil.example.com')
    assert status == 403 and b'Origin header does not match' in body
    status, body = _refused(url, origin='https://127.0.0.1')
    assert status == 403 and b'protocol does not match' in body
    helpers.connect(url, origin='http://127.0.0.1').close()

    # Another instance's token reaches that instance, never this one.
    other = helpers.websocket_url(_open(api, second, 'vnc', 'novnc'))
    ws = helpers.connect(other)
    try:
        _read_exactly(ws, 12)
        ws.send_binary(b'RFB 003.008\n')
        _read_exactly(ws, 2)
        ws.send_binary(b'\x01')
        _read_exactly(ws, 4)
        ws.send_binary(b'\x01')
        _read_exactly(ws, 20)
        length = struct.unpack('>I', _read_exactly(ws, 4))[0]
        assert _read_exactly(ws, length) == b'second'
    finally:
        ws.close()

    # After the server is deleted its tokens no longer work.
    actions.delete(api, first)
    status, body = _refused(url)
    assert status == 403 and b'invalid or has expired' in body
    admin = consoles_cloud.api.as_user('admin:admin', version='2.31')
    resp = admin.get('/os-console-auth-tokens/%s' % helpers.token(url))
    assert resp.status_code == 404, resp.text

    # A token past [consoleauth] token_ttl is refused.
    time.sleep(TTL + 1)
    status, body = _refused(other)
    assert status == 403 and b'invalid or has expired' in body
    actions.delete(api, second)


# --- The noVNC page in a real browser (headless Chromium).

BANDS = {(255, 0, 0), (0, 255, 0), (0, 0, 255)}  # the fake screen's


def test_novnc_page_shows_the_guest_screen(consoles_cloud, tmp_path):
    """Headless Chromium (Debian's chromium) opens the console URL; the
    packaged noVNC connects through the proxy and the screenshot, kept in
    $NOVA_TEST_ARTIFACTS (else the test's directory), shows the guest's
    screen. Skips locally without chromium, fails under CI."""
    helpers.chromium()
    api = consoles_cloud.api.as_user(OWNER, version='2.6')
    server_id = actions.boot(api, 'browser-guest')
    shot = helpers.artifact(tmp_path, 'novnc-%s.png' % server_id)
    # The canvas is not blank: each band of the guest's 64x48 screen.
    colours = helpers.screenshot_colours(
        lambda: _open(api, server_id, 'vnc', 'novnc'), shot,
        lambda colours: all(colours[band] >= 64 * 10 for band in BANDS))
    assert all(colours[band] >= 64 * 10 for band in BANDS), (
        'the guest screen is not in %s: %s' % (shot, colours.most_common(5)))
    actions.delete(api, server_id)
