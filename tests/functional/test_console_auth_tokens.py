"""GET /os-console-auth-tokens/{token} over HTTP: the token of a console
opened through the API tells where it connects; up to 2.30 only RDP
consoles are shown (400 for VNC), from 2.31 every type."""


from tests.functional import actions_helpers as actions

OWNER = 'alice:proj-console-tokens'


def _novnc_token(api, server_id):
    resp = api.post('/servers/%s/remote-consoles' % server_id, json={
        'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    return actions.console_token(resp.json()['remote_console']['url'])


def test_console_token_shown_for_every_type_from_2_31(aio):
    api = aio.api.as_user(OWNER, version='2.6')
    server_id = actions.boot(api, 'console-token')
    token = _novnc_token(api, server_id)
    path = '/os-console-auth-tokens/%s' % token

    old = aio.api.as_user('admin:admin', '2.30').get(path)
    assert old.status_code == 400, old.text
    assert old.json()['badRequest']['message'] == \
        'The requested console type details are not accessible'

    new = aio.api.as_user('admin:admin', '2.31').get(path)
    assert new.status_code == 200, new.text
    console = new.json()['console']
    assert console['instance_uuid'] == server_id
    assert console['host'] == '127.0.0.1' and console['port'] > 0
    assert 'internal_access_path' in console

    # Tokens never handed out are unknown at any version; owners may not
    # look tokens up.
    for version in ('2.30', '2.31'):
        resp = aio.api.as_user('admin:admin', version).get(
            '/os-console-auth-tokens/0123456789abcdef')
        assert resp.status_code == 404, resp.text
    assert aio.api.as_user(OWNER, '2.31').get(path).status_code == 403
    actions.delete(api, server_id)
