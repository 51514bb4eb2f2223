"""The console proxies' request checks (token, Origin) and the fake
driver's RFB server, without a cloud."""

import socket
import struct
import threading

import pytest

from nova.console import websocketproxy
from nova.virt import fake_endpoints


@pytest.mark.parametrize('path, cookie, token', [
    ('/?token=abc', None, 'abc'),
    ('/websockify?token=abc&x=1', None, 'abc'),
    ('/websockify', 'token=old; other=1', 'old'),
    ('/', None, None),
    ('/?token=', 'garbage;;=', None),
])
def test_token_from_query_or_novnc_cookie(path, cookie, token):
    headers = {'Cookie': cookie} if cookie else {}
    assert websocketproxy.token_of(path, headers) == token


def _check(origin, host='proxy.example:6080', base='http://proxy.example/',
           allowed=(), forwarded=None):
    headers = {'Host': host}
    if origin is not None:
        headers['Origin'] = origin
    if forwarded:
        headers['X-Forwarded-Proto'] = forwarded
    websocketproxy.check_origin(headers, base, allowed)


def test_origins_accepted():
    _check(None)  # not a browser
    _check('http://proxy.example:6080')
    _check('http://dash.example', allowed=['dash.example'])
    _check('http://[::1]:6080', host='[::1]:6080')
    # TLS ended in front of the proxy: the browser's scheme counts.
    _check('http://proxy.example', base='https://proxy.example/',
           forwarded='https')


@pytest.mark.parametrize('origin, kwargs, reason', [
    ('http://evil.example', {}, 'does not match this host'),
    ('https://proxy.example', {}, 'protocol does not match'),
    ('http://proxy.example', {'base': 'https://proxy.example/'},
     'protocol does not match'),
    ('null', {}, 'not valid'),
])
def test_origins_refused(origin, kwargs, reason):
    with pytest.raises(websocketproxy.Refused) as error:
        _check(origin, **kwargs)
    assert reason in str(error.value)


def _read(sock, count):
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        assert chunk, 'closed early'
        data += chunk
    return data


def test_fake_vnc_speaks_rfb_in_the_clients_pixel_format():
    client, server = socket.socketpair()

    def serve():
        try:
            fake_endpoints.serve_vnc(server, 'vm')
        except (OSError, EOFError):
            pass  # the test's client is gone
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    with server, client:
        assert _read(client, 12) == b'RFB 003.008\n'
        client.sendall(b'RFB 003.008\n')
        assert _read(client, 2) == b'\x01\x01'
        client.sendall(b'\x01')
        assert _read(client, 4) == b'\x00' * 4
        client.sendall(b'\x01')
        width, height = struct.unpack('>HH', _read(client, 4))
        _read(client, 16)
        assert _read(client, struct.unpack('>I', _read(client, 4))[0]) == \
            b'vm'
        # 16 bits per pixel, big-endian, RGB565.
        client.sendall(b'\x00\x00\x00\x00' + struct.pack(
            '>BBBBHHHBBB3x', 16, 16, 1, 1, 31, 63, 31, 11, 5, 0))
        client.sendall(struct.pack('>BxH', 2, 1) + struct.pack('>i', 0))
        # An incremental request has no answer: nothing changed.
        client.sendall(struct.pack('>BBHHHH', 3, 1, 0, 0, width, height))
        client.sendall(struct.pack('>BBHHHH', 3, 0, 0, 0, width, height))
        assert struct.unpack('>BxH', _read(client, 4)) == (0, 1)
        assert struct.unpack('>HHHHi', _read(client, 12)) == (
            0, 0, width, height, 0)
        pixels = _read(client, width * height * 2)
        # The first band is red: 0xf800 in RGB565.
        assert pixels[:2] == b'\xf8\x00'
        client.shutdown(socket.SHUT_RDWR)
        thread.join(5)
