"""The API pipeline: authentication strategies, faults, request ids."""

from keystoneauth1 import loading as ks_loading
from keystonemiddleware import opts as ks_opts
import webob

from nova.api.openstack import deploy


def test_keystone_strategy_rejects_missing_token(db, conf):
    conf.set_override('auth_strategy', 'keystone', 'api')
    for group, opts in ks_opts.list_auth_token_opts():
        conf.register_opts(opts, group=group)
    # Where a client should go for a token; no Keystone is contacted.
    conf.set_override('www_authenticate_uri', 'http://127.0.0.1:5000/v3',
                      'keystone_authtoken')
    app = deploy.loadapp(conf)
    resp = webob.Request.blank('/v2.1/servers').get_response(app)
    assert resp.status_int == 401
    assert resp.headers['x-openstack-request-id'].startswith('req-')
    # The version documents stay open without a token.
    assert webob.Request.blank('/v2.1/').get_response(app).status_int == 200


def test_noauth_token_names_user_and_project(api):
    resp = api.as_user('alice:proj-x').get('/v2.1/servers')
    assert resp.status_int == 200
    # A non-admin may not list other projects' servers.
    resp = api.as_user('alice:proj-x').get('/v2.1/servers?all_tenants=1')
    assert resp.status_int == 403
    assert resp.json['forbidden']['code'] == 403


def test_project_id_in_url_must_match(api):
    assert api.as_user('u:p1').get('/v2.1/p1/servers').status_int == 200
    resp = api.as_user('u:p1').get('/v2.1/p2/servers')
    assert resp.status_int == 400
    assert 'p2' in resp.json['badRequest']['message']


def test_unexpected_errors_hide_internals(api, monkeypatch):
    from nova.api.openstack.compute import servers

    def boom(*args, **kwargs):
        raise RuntimeError('secret internal detail')
    monkeypatch.setattr(servers, '_list', boom)
    resp = api.get('/v2.1/servers')
    assert resp.status_int == 500
    message = resp.json['computeFault']['message']
    assert 'secret internal detail' not in message
    assert 'Unexpected API Error' in message


def test_noauth_placeholder_and_encoded_tokens(api):
    # keystoneauth's "none" plugin sends "notused": the default admin user.
    resp = api.as_user('notused').get('/v2.1/servers?all_tenants=1')
    assert resp.status_int == 200
    # glanceclient URL-encodes tokens; alice%3Ap1 is alice in project p1.
    assert api.as_user('alice%3Ap1').get('/v2.1/p1/servers').status_int == \
        200


def test_keystone_token_cache_in_memcached_needs_no_extra_install(db, conf):
    """Root cause: with [keystone_authtoken] memcached_servers set, the
    token cache imports the memcache client library, which nova did not
    depend on: every request with a token answered 500. Here neither
    memcached nor Keystone listens: the cache misses and the middleware
    reports Keystone unreachable (503), never an import error."""
    conf.set_override('auth_strategy', 'keystone', 'api')
    for group, opts in ks_opts.list_auth_token_opts():
        conf.register_opts(opts, group=group)
    conf.set_override('www_authenticate_uri', 'http://127.0.0.1:9/identity',
                      'keystone_authtoken')
    # The password plugin's options include a required auth-url: they are
    # unregistered again so later tests parsing CONF do not demand it.
    plugin_opts = ks_loading.get_auth_plugin_conf_options('password')
    conf.register_opts(plugin_opts, group='keystone_authtoken')
    try:
        _assert_dead_cache_and_keystone_give_503(conf)
    finally:
        conf.reset()
        conf.unregister_opts(plugin_opts, group='keystone_authtoken')


def _assert_dead_cache_and_keystone_give_503(conf):
    dead = 'http://127.0.0.1:9/identity'
    conf.set_override('auth_type', 'password', 'keystone_authtoken')
    conf.set_override('auth_url', dead, 'keystone_authtoken')
    conf.set_override('username', 'nova', 'keystone_authtoken')
    conf.set_override('password', 'secret', 'keystone_authtoken')
    conf.set_override('memcached_servers', ['127.0.0.1:9'],
                      'keystone_authtoken')
    conf.set_override('http_request_max_retries', 0, 'keystone_authtoken')
    for advanced_pool in (False, True):
        conf.set_override('memcache_use_advanced_pool', advanced_pool,
                          'keystone_authtoken')
        app = deploy.loadapp(conf)
        req = webob.Request.blank('/v2.1/servers')
        req.headers['X-Auth-Token'] = 'some-token'
        resp = req.get_response(app)
        assert resp.status_int == 503, resp.body


def test_requests_without_a_user_log_their_own_request_id(api):
    from oslo_context import context as oslo_context

    api.as_user('alice:proj-x').get('/v2.1/servers')
    resp = webob.Request.blank('/v2.1/').get_response(api.app)
    assert resp.status_int == 200
    # What the request's log lines carry, left behind on this thread.
    current = oslo_context.get_current()
    assert current.request_id == resp.headers['x-openstack-request-id']
    assert current.user_id is None
