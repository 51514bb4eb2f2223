"""What the microversion tests share: a client at a version and at the one
before it, a cheap ACTIVE server, and the message of a fault."""

from tests.functional.actions_helpers import seeded_image
from tests.functional.actions_helpers import settled

ADMIN = 'admin:admin'


def before(version):
    """The microversion just before version ('2.62' -> '2.61')."""
    major, minor = version.split('.')
    return '%s.%d' % (major, int(minor) - 1)


def clients(cloud, version, token=ADMIN):
    """(client at version - 1, client at version)."""
    return (cloud.api.as_user(token, before(version)),
            cloud.api.as_user(token, version))


def booted(api, name, **server):
    """A new ACTIVE server created at api's version (no network: cheap)."""
    resp = api.post('/servers', json={'server': dict(
        {'name': name, 'imageRef': seeded_image(api), 'flavorRef': '1',
         'networks': 'none'}, **server)})
    assert resp.status_code == 202, resp.text
    server_id = resp.json()['server']['id']
    settled(api, server_id, 'ACTIVE')
    return server_id


def message(resp, code):
    """The message of a Compute API fault answered with code."""
    assert resp.status_code == code, resp.text
    return next(iter(resp.json().values()))['message']
