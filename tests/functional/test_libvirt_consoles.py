"""A real QEMU guest's consoles through the proxies inside nova-all: the
serial console's websocket shows the guest booting (the same output
still reaches os-getConsoleOutput) and a command typed into it runs in
the guest's shell; the noVNC websocket reaches QEMU's VNC server, which
sends its screen, and the noVNC page in headless Chromium shows it (a
screenshot kept in $NOVA_TEST_ARTIFACTS).

Without a prepared host (tools/libvirt/setup-host.sh,
tools/libvirt/build-test-images.sh) this skips locally and fails under
CI, as the other libvirt tests.
"""

import secrets
import struct
import time

import pytest

from tests.functional import console_helpers as helpers
from tests.functional import test_libvirt_guests as lv

OPTIONS = dict(lv.OPTIONS, **{'serial_console.enabled': 'true'})


@pytest.fixture(scope='module')
def serial_cloud(tmp_path_factory):
    yield from lv._libvirt_cloud(tmp_path_factory, options=OPTIONS)


PROMPT = b'NOVA-SHELL# '  # the guest's shell, once booted
# VGA text mode's red, green and blue backgrounds; 640 character cells of
# 9x16 pixels each were painted, most must show.
VGA_BANDS = ((170, 0, 0), (0, 170, 0), (0, 0, 170))
BAND_PIXELS = 640 * 9 * 16 // 2


def test_serial_and_vnc_consoles_of_a_real_guest(serial_cloud, tmp_path):
    kernel = lv._upload(serial_cloud, 'vmlinuz', 'aki')
    ramdisk = lv._upload(serial_cloud, 'initrd.img', 'ari')
    # Not quiet: the kernel's own messages come first.
    image = lv._upload(serial_cloud, 'root.img', 'ami', kernel_id=kernel,
                       ramdisk_id=ramdisk,
                       os_command_line='root=/dev/vda console=ttyS0')
    api = serial_cloud.api.as_user('admin:admin', version='2.6')
    server_id = lv._boot(api, 'serial-lv', image)
    lv._active(api, server_id)
    resp = api.post('/servers/%s/remote-consoles' % server_id, json={
        'remote_console': {'protocol': 'serial', 'type': 'serial'}})
    assert resp.status_code == 200, resp.text
    url = resp.json()['remote_console']['url']
    # The guest is booting as we connect: QEMU sends what it prints from
    # now on, under TCG seconds before init runs.
    ws = helpers.connect(url, timeout=120)
    seen = b''
    deadline = time.time() + 120
    try:
        while PROMPT not in seen and time.time() < deadline:
            seen += ws.recv()
        text = seen.decode('utf-8', 'replace')
        assert lv.READY in text, text[-3000:]
        assert lv.MARKER in text  # init's first line
        assert PROMPT in seen, ('no shell on the serial console: test '
                                'images older than version 8?')
        # The guest's shell runs what is typed: only the shell makes
        # 42 of the typed $((6*7)).
        nonce = secrets.token_hex(4)
        ws.send_binary(('echo $((6*7))-%s\r' % nonce).encode())
        _read_until(ws, ('42-%s' % nonce).encode())
        # Bands of red, green and blue on the guest's VGA text screen, for
        # the browser below to see.
        ws.send_binary(b"for c in 41 42 44; do printf '\\033[%sm%640s' $c ''; "
                       b"done >/dev/tty0; echo painted-$((6*7))\r")
        _read_until(ws, b'painted-42')
    finally:
        ws.close()
    # The log file beside the TCP port still feeds console output.
    assert lv.READY in lv._wait_console(api, server_id, lv.READY)

    # QEMU's own VNC server, through nova-novncproxy.
    ws = helpers.connect(helpers.websocket_url(_novnc_url(api, server_id)))
    try:
        assert ws.read(12) == b'RFB 003.008\n'
        ws.send_binary(b'RFB 003.008\n')
        types = ws.read(ws.read(1)[0])
        assert 1 in types  # None: the proxy is the gate
        ws.send_binary(b'\x01')
        assert ws.read(4) == b'\x00' * 4
        ws.send_binary(b'\x01')
        width, height = struct.unpack('>HH', ws.read(4))
        assert width > 0 and height > 0
        ws.read(16)
        ws.read(struct.unpack('>I', ws.read(4))[0])  # the domain's name
        ws.send_binary(struct.pack('>BxHi', 2, 1, 0))  # raw only
        ws.send_binary(struct.pack('>BBHHHH', 3, 0, 0, 0, width, height))
        kind, rects = struct.unpack('>BxH', ws.read(4))
        assert kind == 0 and rects >= 1
        x, y, w, h, encoding = struct.unpack('>HHHHi', ws.read(12))
        assert encoding == 0 and w * h > 0
        assert len(ws.read(w * h * 4)) == w * h * 4
    finally:
        ws.close()

    # The noVNC page in headless Chromium connects through the proxy and
    # shows the guest's screen: the canvas holds the painted bands.
    helpers.chromium()
    shot = helpers.artifact(tmp_path, 'novnc-qemu-%s.png' % server_id)
    colours = helpers.screenshot_colours(
        lambda: _novnc_url(api, server_id), shot, _painted,
        window='800,500')
    assert _painted(colours), 'the guest screen is not in %s: %s' % (
        shot, colours.most_common(5))
    lv._delete_and_check_gone(serial_cloud, api, server_id)


def _novnc_url(api, server_id):
    resp = api.post('/servers/%s/remote-consoles' % server_id, json={
        'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    return resp.json()['remote_console']['url']


def _read_until(ws, text, timeout=60):
    seen = b''
    deadline = time.time() + timeout
    while text not in seen:
        assert time.time() < deadline, seen[-2000:]
        seen += ws.recv()
    return seen


def _painted(colours):
    return all(_near(colours, band) >= BAND_PIXELS for band in VGA_BANDS)


def _near(colours, band):
    """Pixels of about that colour (the VGA palette's 6-bit values)."""
    return sum(count for pixel, count in colours.items()
               if all(abs(a - b) <= 8 for a, b in zip(pixel, band)))
