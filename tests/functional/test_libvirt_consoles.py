"""A real QEMU guest's consoles through the proxies inside nova-all: the
serial console's websocket shows the guest booting (the same output
still reaches os-getConsoleOutput), and the noVNC websocket reaches
QEMU's VNC server, which sends its screen.

Without a prepared host (tools/libvirt/setup-host.sh,
tools/libvirt/build-test-images.sh) this skips locally and fails under
CI, as the other libvirt tests.
"""

import struct
import time

import pytest
import websocket

from tests.functional import test_consoles as consoles
from tests.functional import test_libvirt_guests as lv

OPTIONS = dict(lv.OPTIONS, **{'serial_console.enabled': 'true'})


@pytest.fixture(scope='module')
def serial_cloud(tmp_path_factory):
    yield from lv._libvirt_cloud(tmp_path_factory, options=OPTIONS)


def test_serial_and_vnc_consoles_of_a_real_guest(serial_cloud):
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
    ws = websocket.create_connection(url, timeout=120,
                                     subprotocols=['binary'])
    seen = b''
    deadline = time.time() + 120
    try:
        while lv.READY.encode() not in seen and time.time() < deadline:
            seen += ws.recv()
    finally:
        ws.close()
    text = seen.decode('utf-8', 'replace')
    assert lv.READY in text, text[-3000:]
    assert lv.MARKER in text  # init's first line
    # The log file beside the TCP port still feeds console output.
    assert lv.READY in lv._wait_console(api, server_id, lv.READY)

    # QEMU's own VNC server, through nova-novncproxy.
    resp = api.post('/servers/%s/remote-consoles' % server_id, json={
        'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    ws = consoles._connect(consoles._websocket_url(
        resp.json()['remote_console']['url']))
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
    lv._delete_and_check_gone(serial_cloud, api, server_id)
