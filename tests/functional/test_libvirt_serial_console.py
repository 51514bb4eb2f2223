"""A real QEMU guest's serial console through nova-serialproxy (inside
nova-all): the console URL's websocket shows the guest booting, while
the same output still reaches os-getConsoleOutput.

Without a prepared host (tools/libvirt/setup-host.sh,
tools/libvirt/build-test-images.sh) this skips locally and fails under
CI, as the other libvirt tests.
"""

import time

import pytest
import websocket

from tests.functional import test_libvirt_guests as lv

OPTIONS = dict(lv.OPTIONS, **{'serial_console.enabled': 'true'})


@pytest.fixture(scope='module')
def serial_cloud(tmp_path_factory):
    yield from lv._libvirt_cloud(tmp_path_factory, options=OPTIONS)


def test_serial_console_shows_the_guest_booting(serial_cloud):
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
    lv._delete_and_check_gone(serial_cloud, api, server_id)
