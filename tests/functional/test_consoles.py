"""Remote consoles over HTTP on the whole stack: the API asks the compute
host over RPC, the fake driver offers VNC only."""

from tests.functional import actions_helpers as actions

OWNER = 'alice:proj-consoles'


def _remote_console(api, server_id, protocol, console_type):
    return api.post('/servers/%s/remote-consoles' % server_id, json={
        'remote_console': {'protocol': protocol, 'type': console_type}})


def test_vnc_url_and_unavailable_kinds(aio):
    api = aio.api.as_user(OWNER, version='2.6')
    server_id = actions.boot(api, 'console')

    resp = _remote_console(api, server_id, 'vnc', 'novnc')
    assert resp.status_code == 200, resp.text
    console = resp.json()['remote_console']
    assert (console['protocol'], console['type']) == ('vnc', 'novnc')
    assert console['url'].startswith(
        'http://127.0.0.1:6080/vnc_auto.html?token=')

    resp = _remote_console(api, server_id, 'spice', 'spice-html5')
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'Unavailable console type spice-html5.'

    latest = aio.api.as_user(OWNER, version='2.8')
    resp = _remote_console(latest, server_id, 'mks', 'webmks')
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'Unavailable console type webmks.'
    actions.delete(api, server_id)


def test_console_actions_before_2_6(aio):
    api = aio.api.as_user(OWNER, version='2.1')
    server_id = actions.boot(api, 'old-console')

    resp = actions.act(api, server_id, {'os-getVNCConsole': {
        'type': 'novnc'}})
    assert resp.status_code == 200, resp.text
    console = resp.json()['console']
    assert console['type'] == 'novnc'
    assert '?token=' in console['url']

    resp = actions.act(api, server_id, {'os-getSPICEConsole': {
        'type': 'spice-html5'}})
    assert resp.status_code == 400, resp.text
    assert resp.json()['badRequest']['message'] == \
        'Unavailable console type spice-html5.'
    actions.delete(api, server_id)
