"""What the console tests share: a console's websocket read as a byte
stream, where a noVNC page's websocket goes, and the noVNC page opened
in headless Chromium (Debian's chromium) with the colours of its
screenshot."""

import base64
import collections
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse

import pytest
import requests
import websocket

from tests.functional import png_pixels


def websocket_url(console_url):
    """Where the console page's websocket goes: for noVNC the page's
    'path' parameter on the proxy's host (what vnc_lite.html does)."""
    parts = urllib.parse.urlsplit(console_url)
    query = urllib.parse.parse_qs(parts.query)
    if 'path' in query:
        return 'ws://%s/%s' % (parts.netloc, query['path'][0])
    return console_url


def token(console_url):
    parts = urllib.parse.urlsplit(websocket_url(console_url))
    return urllib.parse.parse_qs(parts.query)['token'][0]


class Stream(websocket.WebSocket):
    """A websocket read as a byte stream: frames do not follow the
    guest's message boundaries."""

    _pending = b''

    def read(self, count):
        while len(self._pending) < count:
            self._pending += self.recv()
        data, self._pending = self._pending[:count], self._pending[count:]
        return data


def connect(url, timeout=20, **kw):
    return websocket.create_connection(url, timeout=timeout, class_=Stream,
                                       subprotocols=['binary'], **kw)


def chromium():
    """Chromium and the packaged noVNC: skips locally without them,
    fails under CI."""
    path = shutil.which('chromium')
    if not path or not os.path.isdir('/usr/share/novnc'):
        if os.environ.get('CI') == 'true':
            pytest.fail('chromium or noVNC missing: run '
                        'tools/console/setup-host.sh')
        pytest.skip('chromium or noVNC missing (run '
                    'tools/console/setup-host.sh)')
    return path


def artifact(tmp_path, name):
    """Where a test keeps a file for later eyes: $NOVA_TEST_ARTIFACTS,
    else the test's own directory."""
    return os.path.join(os.environ.get('NOVA_TEST_ARTIFACTS') or
                        str(tmp_path), name)


def screenshot_colours(open_console, shot, good, window='400,300',
                       timeout=60):
    """Headless Chromium opens the console page at the URL open_console()
    returns (asked for once the browser runs, as tokens are short-lived);
    its screenshots, taken through the DevTools protocol until
    good({(r, g, b): pixel count}) holds or timeout seconds passed, are
    saved at shot. The colours of the last one."""
    profile = tempfile.mkdtemp(prefix='console-chromium-')
    browser = subprocess.Popen(
        [chromium(), '--headless', '--no-sandbox', '--disable-gpu',
         '--window-size=%s' % window, '--remote-debugging-port=0',
         '--user-data-dir=%s' % profile, 'about:blank'],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = _devtools_page(profile, browser, timeout)
        # The page's own size (a headless window keeps some for itself).
        width, height = (int(n) for n in window.split(','))
        _call(page, 'Emulation.setDeviceMetricsOverride', width=width,
              height=height, deviceScaleFactor=1, mobile=False)
        _call(page, 'Page.navigate', url=open_console())
        deadline = time.time() + timeout
        while True:
            result = _call(page, 'Page.captureScreenshot', format='png')
            if 'error' in result:  # the page is still loading
                assert time.time() < deadline, result
                time.sleep(1)
                continue
            data = base64.b64decode(result['data'])
            with open(shot, 'wb') as png:
                png.write(data)
            width, height, rows = png_pixels.pixels(data)
            colours = collections.Counter(
                pixel for row in rows for pixel in row)
            if good(colours) or time.time() > deadline:
                return colours
            time.sleep(1)
    finally:
        browser.kill()
        browser.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _call(page, method, **params):
    """A DevTools command's result, or its error as {'error': ...}
    (events in between are dropped)."""
    _call.count = getattr(_call, 'count', 0) + 1
    page.send(json.dumps({'id': _call.count, 'method': method,
                          'params': params}))
    while True:
        answer = json.loads(page.recv())
        if answer.get('id') == _call.count:
            return answer.get('result', answer)


def _devtools_page(profile, browser, timeout):
    """A DevTools websocket to the browser's page."""
    port_file = os.path.join(profile, 'DevToolsActivePort')
    deadline = time.time() + timeout
    while True:
        assert browser.poll() is None, 'chromium exited'
        try:
            with open(port_file) as ports:
                port = int(ports.readline())
            targets = requests.get('http://127.0.0.1:%d/json/list' % port,
                                   timeout=10).json()
            pages = [t for t in targets if t['type'] == 'page']
            if pages:
                return websocket.create_connection(
                    pages[0]['webSocketDebuggerUrl'], timeout=timeout,
                    suppress_origin=True)
        except (OSError, ValueError):
            pass  # still starting
        assert time.time() < deadline, 'chromium has no page'
        time.sleep(0.5)
