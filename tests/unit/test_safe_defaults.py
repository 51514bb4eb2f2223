"""The listen-address policy, private state files, the request body limit
and EC2 secrets encrypted at rest (issue 15, items 1 and 2)."""

import io
import os
import stat

import pytest
import webob

from nova.api import body_limit
from nova.api.ec2 import credentials
from nova.api.ec2 import secret_box
from nova import bind_address
from nova.db import ec2 as ec2_db
from nova import private_files
from nova import wsgi_server


def _hello(environ, start_response):
    body = environ['wsgi.input'].read()
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'read %d' % len(body)]


@pytest.mark.parametrize('host,loopback', [
    ('127.0.0.1', True), ('127.0.0.2', True), ('::1', True),
    ('localhost', True), ('0.0.0.0', False), ('::', False),
    ('10.1.2.3', False)])
def test_is_loopback(host, loopback):
    assert bind_address.is_loopback(host) is loopback


def test_noauth_listeners_default_to_loopback(conf):
    assert bind_address.choose('osapi_compute', None) == '127.0.0.1'
    assert bind_address.choose('metadata', None,
                               token_auth=False) == '127.0.0.1'


def test_metadata_listens_widely_for_linux_net_guests(conf):
    """Guests reach it by DNAT to their bridge's address, not loopback."""
    conf.set_override('plumbing_driver', 'linux_net', 'network')
    assert bind_address.choose('metadata', None,
                               token_auth=False) == '0.0.0.0'
    assert bind_address.choose('osapi_compute', None) == '127.0.0.1'


def test_noauth_on_a_public_address_is_refused(conf):
    with pytest.raises(bind_address.UnsafeListenAddress) as e:
        bind_address.choose('ec2', '0.0.0.0')
    assert 'allow_unauthenticated_remote_access' in str(e.value)
    # The metadata service takes no tokens: the operator's address holds.
    assert bind_address.choose('metadata', '0.0.0.0',
                               token_auth=False) == '0.0.0.0'


def test_the_server_refuses_to_start_with_a_clear_message(conf):
    with pytest.raises(SystemExit) as e:
        wsgi_server.Server('image', _hello, '0.0.0.0', 0)
    assert 'noauth2' in str(e.value)


def test_noauth_on_a_public_address_when_allowed_warns(conf, caplog):
    conf.set_override('allow_unauthenticated_remote_access', True, 'api')
    assert bind_address.choose('osapi_compute', '0.0.0.0') == '0.0.0.0'
    assert 'allow_unauthenticated_remote_access is set' in caplog.text


def test_keystone_keeps_the_upstream_default(conf):
    conf.set_override('auth_strategy', 'keystone', 'api')
    assert bind_address.choose('osapi_compute', None) == '0.0.0.0'
    assert bind_address.choose('osapi_compute', '10.0.0.1') == '10.0.0.1'


def test_state_path_and_sqlite_file_are_private(conf, tmp_path):
    state = tmp_path / 'state'
    conf.set_override('state_path', str(state))
    conf.set_override('connection', 'sqlite:///%s/nova.sqlite' % state,
                      'database')
    private_files.secure_state(conf)
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(state / 'nova.sqlite').st_mode) == 0o600


def test_existing_wide_state_path_is_tightened(conf, tmp_path):
    state = tmp_path / 'old'
    state.mkdir(mode=0o755)
    os.chmod(state, 0o755)
    (state / 'nova.sqlite').write_bytes(b'')
    os.chmod(state / 'nova.sqlite', 0o644)
    conf.set_override('state_path', str(state))
    conf.set_override('connection', 'sqlite:///%s/nova.sqlite' % state,
                      'database')
    private_files.secure_state(conf)
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(state / 'nova.sqlite').st_mode) == 0o600


def _call(app, body, chunked=False):
    req = webob.Request.blank('/', method='POST')
    req.body_file = io.BytesIO(body)
    if chunked:
        req.environ.pop('CONTENT_LENGTH', None)
    else:
        req.content_length = len(body)
    return req.get_response(app)


def test_body_limit_refuses_by_content_length_unread(conf):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError('the body was read')
    app = body_limit.BodyLimit(_hello, conf)
    req = webob.Request.blank('/', method='POST')
    req.environ['wsgi.input'] = Unreadable()
    req.environ['CONTENT_LENGTH'] = str(10 * 1024 * 1024)
    resp = req.get_response(app)
    assert resp.status_int == 413
    assert '114688' in resp.text


def test_body_limit_counts_bodies_without_length(conf):
    app = body_limit.BodyLimit(_hello, conf)
    assert _call(app, b'x' * 114688, chunked=True).text == 'read 114688'
    assert _call(app, b'x' * 114689, chunked=True).status_int == 413
    assert _call(app, b'x' * 114689).status_int == 413


def test_body_limit_exemption_and_option(conf):
    conf.set_override('max_request_body_size', 10, 'oslo_middleware')
    app = body_limit.BodyLimit(_hello, conf,
                               exempt=lambda env: True)
    assert _call(app, b'x' * 100).text == 'read 100'
    assert _call(body_limit.BodyLimit(_hello, conf),
                 b'x' * 11).status_int == 413


def test_every_server_app_is_limited(conf):
    limited = body_limit.ensure(_hello, conf)
    assert isinstance(limited, body_limit.BodyLimit)
    assert body_limit.ensure(limited, conf) is limited


def test_ec2_secret_is_stored_encrypted(conf, db, admin_context):
    access, secret = credentials.create(admin_context, 'alice', 'p')
    row = ec2_db.credential_get(admin_context, access)
    assert secret not in row.secret and secret_box.is_encrypted(row.secret)
    assert credentials.get(admin_context, access).secret == secret
    key_file = conf.ec2.credential_key_file
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_secret_stored_in_clear_is_encrypted_on_first_use(
        conf, db, admin_context):
    ec2_db.credential_create(admin_context, {
        'access': 'old', 'secret': 'ab' * 20, 'user_id': 'u',
        'project_id': 'p'})
    assert credentials.get(admin_context, 'old').secret == 'ab' * 20
    stored = ec2_db.credential_get(admin_context, 'old').secret
    assert secret_box.is_encrypted(stored)
    assert credentials.get(admin_context, 'old').secret == 'ab' * 20


def test_secret_of_a_lost_key_does_not_authenticate(
        conf, db, admin_context, tmp_path):
    access, _secret = credentials.create(admin_context, 'alice', 'p')
    secret_box.forget_keys()
    os.unlink(conf.ec2.credential_key_file)
    assert credentials.get(admin_context, access) is None
