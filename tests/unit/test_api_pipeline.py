"""The API pipeline: authentication strategies, faults, request ids."""

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
