"""GET /servers/{id}/diagnostics at 2.1 over HTTP (fake driver)."""

from tests.functional.actions_helpers import accepted
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import settled

OWNER = 'dina:proj-diag'


def test_diagnostics_of_a_running_server(aio):
    """Root cause: the route did not exist (404) though the extension
    list advertised os-server-diagnostics."""
    owner = aio.api.as_user(OWNER)
    server_id = boot(owner, 'diagnosed')
    resp = aio.api.get('/servers/%s/diagnostics' % server_id)
    assert resp.status_code == 200, resp.text
    diag = resp.json()
    # 512 MiB flavor 1, one vCPU: the hypervisor's names and units.
    assert diag['memory'] == 512 * 1024
    assert diag['cpu0_time'] >= 0
    assert {'vda_read', 'vda_write', 'tap0_rx', 'tap0_tx'} <= set(diag)
    assert all(isinstance(v, int) for v in diag.values())
    # The counters move on.
    later = aio.api.get('/servers/%s/diagnostics' % server_id).json()
    assert later['cpu0_time'] > diag['cpu0_time']
    # Administrators only; unknown servers 404.
    resp = owner.get('/servers/%s/diagnostics' % server_id)
    assert resp.status_code == 403, resp.text
    resp = aio.api.get('/servers/%s/diagnostics'
                       % '00000000-0000-0000-0000-000000000000')
    assert resp.status_code == 404
    # A stopped guest has no counters: 409 as upstream.
    accepted(owner, server_id, {'os-stop': None})
    settled(owner, server_id, 'SHUTOFF')
    resp = aio.api.get('/servers/%s/diagnostics' % server_id)
    assert resp.status_code == 409, resp.text
    assert 'power state' in resp.json()['conflict']['message']
    delete(owner, server_id)
