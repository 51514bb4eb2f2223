"""The Cinder v3 backend against a tiny in-test HTTP server (no Cinder
runs here): the requests it sends and how it maps Cinder's answers."""

import http.server
import json
import threading

import pytest

from nova import context as nova_context
from nova.volume import api as volume_api
from nova.volume import exception


class FakeCinder(http.server.BaseHTTPRequestHandler):
    volumes = {}
    requests = []
    max_version = '3.70'

    def _reply(self, status, body=None):
        data = json.dumps(body).encode() if body is not None else b''
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return json.loads(self.rfile.read(length)) if length else None

    def do_GET(self):
        self.requests.append(('GET', self.path, dict(self.headers), None))
        if self.path == '/v3/':
            return self._reply(200, {'versions': [{
                'id': 'v3.0', 'status': 'CURRENT', 'min_version': '3.0',
                'version': self.max_version}]})
        volume_id = self.path.rsplit('/', 1)[-1]
        if volume_id in self.volumes:
            return self._reply(200, {'volume': self.volumes[volume_id]})
        self._reply(404, {'itemNotFound': {'message': 'no such volume'}})

    def do_POST(self):
        body = self._body()
        self.requests.append(('POST', self.path, dict(self.headers), body))
        if self.path.endswith('/volumes'):
            volume = dict(body['volume'], id='v-1', status='creating')
            self.volumes['v-1'] = volume
            return self._reply(202, {'volume': volume})
        if self.path.endswith('/attachments'):
            if self.volumes.get(body['attachment']['volume_uuid'],
                                {}).get('status') == 'in-use':
                return self._reply(400, {'badRequest': {
                    'message': 'volume is in-use'}})
            return self._reply(200, {'attachment': {'id': 'a-1'}})
        self._reply(202)

    def do_PUT(self):
        body = self._body()
        self.requests.append(('PUT', self.path, dict(self.headers), body))
        if '/volumes/' in self.path:
            volume_id = self.path.rsplit('/', 1)[-1]
            if volume_id not in self.volumes:
                return self._reply(404, {'itemNotFound': {
                    'message': 'no such volume'}})
            self.volumes[volume_id].update(body['volume'])
            return self._reply(200, {'volume': self.volumes[volume_id]})
        self._reply(200, {'attachment': {'connection_info': {
            'driver_volume_type': 'iscsi', 'data': {'target_lun': 1}}}})

    def log_message(self, *args):
        pass


@pytest.fixture
def cinder(conf):
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), FakeCinder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeCinder.volumes.clear()
    FakeCinder.requests.clear()
    FakeCinder.max_version = '3.70'
    conf.set_override('backend', 'cinder', group='volume')
    conf.set_override('endpoint', 'http://127.0.0.1:%d/v3/%%(project_id)s'
                      % server.server_address[1], group='cinder')
    yield FakeCinder
    server.shutdown()


def test_create_get_and_attach_flow(cinder):
    ctx = nova_context.RequestContext(user_id='u', project_id='p',
                                      auth_token='tok')
    api = volume_api.API()
    volume = api.create(ctx, 1, name='data')
    assert volume == {'size': 1, 'name': 'data', 'metadata': {},
                      'id': 'v-1', 'status': 'creating'}
    method, path, headers, body = cinder.requests[0]
    assert (method, path) == ('POST', '/v3/p/volumes')
    assert headers['X-Auth-Token'] == 'tok'
    assert headers['OpenStack-API-Version'] == 'volume 3.44'
    assert api.get(ctx, 'v-1')['name'] == 'data'
    with pytest.raises(exception.VolumeNotFound):
        api.get(ctx, 'nope')
    attachment = api.attachment_create(ctx, 'v-1', 'server-1')
    info = api.attachment_update(ctx, attachment['id'], 'v-1',
                                 {'host': 'h'})
    assert info['driver_volume_type'] == 'iscsi'
    cinder.volumes['v-1']['status'] = 'in-use'
    with pytest.raises(exception.InvalidVolume, match='in-use'):
        api.attachment_create(ctx, 'v-1', 'server-2')


def test_unreachable_cinder_is_a_clear_503(conf):
    conf.set_override('backend', 'cinder', group='volume')
    conf.set_override('endpoint', 'http://127.0.0.1:9/v3', group='cinder')
    ctx = nova_context.RequestContext(user_id='u', project_id='p')
    with pytest.raises(exception.VolumeServiceUnavailable) as error:
        volume_api.API().get(ctx, 'x')
    assert error.value.code == 503


def test_update_renames_through_cinder(cinder):
    ctx = nova_context.RequestContext(user_id='u', project_id='p',
                                      auth_token='tok')
    api = volume_api.API()
    made = api.create(ctx, 1, name='before')
    renamed = api.update(ctx, made['id'], name='after', description='d')
    assert (renamed['name'], renamed['description']) == ('after', 'd')
    method, path, _headers, body = cinder.requests[-1]
    assert (method, path) == ('PUT', '/v3/p/volumes/%s' % made['id'])
    assert body == {'volume': {'name': 'after', 'description': 'd'}}
    with pytest.raises(exception.VolumeNotFound):
        api.update(ctx, 'missing', name='x')


def test_reimage_is_the_os_reimage_action_at_3_68(cinder):
    ctx = nova_context.RequestContext(user_id='u', project_id='p',
                                      auth_token='tok')
    api = volume_api.API()
    api.check_reimage(ctx)  # 3.70 offered: nothing to refuse
    api.reimage(ctx, 'v-9', 'image-2', reimage_reserved=True)
    method, path, headers, body = cinder.requests[-1]
    assert (method, path) == ('POST', '/v3/p/volumes/v-9/action')
    assert headers['OpenStack-API-Version'] == 'volume 3.68'
    assert body == {'os-reimage': {'image_id': 'image-2',
                                   'reimage_reserved': True}}


def test_a_cinder_below_3_68_cannot_reimage_409(cinder):
    cinder.max_version = '3.59'
    ctx = nova_context.RequestContext(user_id='u', project_id='p')
    with pytest.raises(exception.ReimageNotSupported) as error:
        volume_api.API().check_reimage(ctx)
    assert error.value.code == 409
    assert 'up to 3.59' in error.value.format_message()
