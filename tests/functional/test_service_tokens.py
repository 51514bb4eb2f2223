"""Service tokens with a real Keystone whose tokens live 20 seconds.

Split daemons on MariaDB and RabbitMQ behind keystonemiddleware:
nova-compute reaches the image API of nova-api over HTTP and, with
[service_user] send_service_user_token, sends the user's token plus a
service token of the nova service user. The fake driver reads the image
through the image API at the end of a spawn that outlasts the user's
token, so the build completes only when the image API accepts the
expired user token thanks to the service token (keystonemiddleware:
a valid service token carrying one of [keystone_authtoken]
service_token_roles lets an expired user token through).
"""

import datetime
import os
import sys
import time

import pytest
import requests

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..',
                                'tools', 'peers'))
import keystone_peer  # noqa: E402

TOKEN_SECONDS = 20
# The simulated spawn outlasts the user's token, then reads the image.
SPAWN_SECONDS = TOKEN_SECONDS + 6
PROJECT, USER = 'tokens', 'tokens-member'


class KeystoneCloud(cloud_lib.Cloud):
    """A cloud whose administrator's client renews its short-lived
    Keystone token while the cloud starts."""

    def __init__(self, keystone, *args, **kwargs):
        self.keystone = keystone
        super().__init__(*args, **kwargs)

    def admin(self):
        return cloud_lib.Client(self.endpoint, self.keystone.admin_token())

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while True:
            self.check_alive()
            self.api = self.admin()
            try:
                return super().wait_ready(timeout=TOKEN_SECONDS / 2)
            except RuntimeError:
                if time.time() > deadline:
                    raise


def _service_user_section(keystone, send):
    section = keystone.authtoken_section('nova')
    section.pop('www_authenticate_uri')
    section.pop('service_token_roles_required')
    section['send_service_user_token'] = 'true' if send else 'false'
    return section


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    workdir = tmp_path_factory.mktemp('service-tokens')
    keystone = keystone_peer.Keystone(
        str(workdir / 'keystone'),
        options={'token': {'expiration': TOKEN_SECONDS}}).start()
    cloud = None
    try:
        keystone.ensure_service_user('nova')
        keystone.ensure_user(USER, PROJECT, ['member'])
        options = {'api.auth_strategy': 'keystone',
                   'fake_driver.spawn_seconds': SPAWN_SECONDS,
                   'fake_driver.fetch_image_on_spawn': 'true',
                   'scheduler.max_attempts': 1}
        for name, value in keystone.authtoken_section('nova').items():
            options['keystone_authtoken.' + name] = value
        for name, value in _service_user_section(keystone, True).items():
            options['service_user.' + name] = value
        cloud = KeystoneCloud(keystone, workdir / 'cloud', database='mysql',
                              split=True, options=options,
                              api_token=keystone.admin_token())
        cloud.start()
        yield keystone, cloud
    finally:
        if cloud is not None:
            cloud.stop()
        keystone.stop()


def _boot(keystone, cloud, name):
    """Create a server with a fresh user token; returns (server id,
    the token, when it expires)."""
    token = keystone.project_token(USER, PROJECT)
    expires = time.time() + TOKEN_SECONDS
    image = actions_helpers.seeded_image(cloud.admin())
    resp = cloud.api.as_user(token).post('/servers', json={'server': {
        'name': name, 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    return resp.json()['server']['id'], token, expires


def _final(cloud, server_id, timeout=SPAWN_SECONDS + 60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        server = cloud.admin().get('/servers/%s' % server_id).json()[
            'server']
        if server['status'] in ('ACTIVE', 'ERROR'):
            return server
        time.sleep(0.5)
    raise AssertionError('server %s still building' % server_id)


def test_build_outlasting_the_user_token_completes(env):
    keystone, cloud = env
    server_id, token, expires = _boot(keystone, cloud, 'outlasts-token')
    server = _final(cloud, server_id)
    assert server['status'] == 'ACTIVE', server.get('fault')
    assert _build_event(cloud, server_id)['result'] == 'Success'
    # The image was read after the user's token had expired.
    assert time.time() > expires
    # ... and that token alone no longer opens the API.
    resp = cloud.api.as_user(token).get('/servers/%s' % server_id)
    assert resp.status_code == 401


def test_image_api_takes_an_expired_token_with_a_service_token(env):
    """The receiving side: an expired user token alone is refused; with
    the nova service user's token (service role) beside it the call is
    made as the user (the user's project sees its private image); a
    service token without the service role does not help."""
    keystone, cloud = env
    token = keystone.project_token(USER, PROJECT)
    url = cloud.image_endpoint + '/v2/images'
    resp = requests.post(url, headers={'X-Auth-Token': token}, json={
        'name': 'tokens-private', 'disk_format': 'raw',
        'container_format': 'bare', 'visibility': 'private'}, timeout=30)
    assert resp.status_code == 201, resp.text
    image_url = '%s/%s' % (url, resp.json()['id'])
    time.sleep(TOKEN_SECONDS + 2)
    assert requests.get(image_url, headers={'X-Auth-Token': token},
                        timeout=30).status_code == 401
    service = keystone.project_token('nova', 'service')
    resp = requests.get(image_url, headers={'X-Auth-Token': token,
                                            'X-Service-Token': service},
                        timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.json()['name'] == 'tokens-private'
    # Another member's fresh token is valid but carries no service role.
    keystone.ensure_user('tokens-other', PROJECT, ['member'])
    other = keystone.project_token('tokens-other', PROJECT)
    assert requests.get(image_url, headers={'X-Auth-Token': token,
                                            'X-Service-Token': other},
                        timeout=30).status_code == 401


def _build_event(cloud, server_id):
    """The compute host's build event of the server's create action."""
    admin = cloud.admin()
    actions = admin.get('/servers/%s/os-instance-actions' % server_id).json()
    request_id = actions['instanceActions'][0]['request_id']
    action = admin.get('/servers/%s/os-instance-actions/%s' % (
        server_id, request_id)).json()['instanceAction']
    return [e for e in action['events']
            if e['event'] == 'compute_build_and_run_instance'][0]


def _restart_compute(cloud):
    """Restart nova-compute and wait for the new process's first
    report (the stopped one marked itself down)."""
    started = datetime.datetime.utcnow().replace(microsecond=0)
    cloud.restart('nova-compute')
    deadline = time.time() + 90
    while time.time() < deadline:
        cloud.check_alive()
        for service in cloud.admin().get('/os-services').json()['services']:
            if service['binary'] == 'nova-compute' and \
                    service['state'] == 'up' and service['updated_at'] and \
                    datetime.datetime.fromisoformat(
                        service['updated_at'][:19]) > started:
                return
        time.sleep(0.5)
    raise AssertionError('nova-compute did not come back:\n' + cloud.logs())


def test_without_service_token_the_same_build_fails(env, tmp_path):
    """The control: nova-compute restarted with send_service_user_token
    off reads the image with the expired user token alone; the image API
    refuses it and the build fails on the compute host."""
    keystone, cloud = env
    extra = tmp_path / 'no-service-token.conf'
    extra.write_text('[service_user]\nsend_service_user_token = false\n')
    cloud._commands['nova-compute'] = ('nova-compute', str(extra))
    try:
        _restart_compute(cloud)
        server_id, _, _ = _boot(keystone, cloud, 'no-service-token')
        server = _final(cloud, server_id)
        assert server['status'] == 'ERROR'
        assert _build_event(cloud, server_id)['result'] == 'Error'
    finally:
        cloud._commands.pop('nova-compute')
        _restart_compute(cloud)


def test_network_and_volume_apis_take_an_expired_token_with_a_service_token(
        env):
    """The receiving side of the Neutron and Cinder paths: our Neutron
    v2.0 and Block Storage v3 APIs behind keystonemiddleware refuse an
    expired user token alone, take it with the nova service user's token
    beside it (acting as the user: the user's project sees its private
    network and volume), and refuse it with a service token that lacks
    the service role."""
    keystone, cloud = env
    token = keystone.project_token(USER, PROJECT)
    project = keystone.ensure_project(PROJECT)['id']
    headers = {'X-Auth-Token': token}
    resp = requests.post(cloud.network_endpoint + '/v2.0/networks',
                         headers=headers, json={'network': {
                             'name': 'tokens-net'}}, timeout=30)
    assert resp.status_code == 201, resp.text
    network_url = '%s/v2.0/networks/%s' % (cloud.network_endpoint,
                                           resp.json()['network']['id'])
    resp = requests.post('%s/v3/%s/volumes' % (cloud.volume_endpoint,
                                               project),
                         headers=headers, json={'volume': {
                             'size': 1, 'name': 'tokens-vol'}}, timeout=30)
    assert resp.status_code == 202, resp.text
    volume_url = '%s/v3/%s/volumes/%s' % (cloud.volume_endpoint, project,
                                          resp.json()['volume']['id'])
    time.sleep(TOKEN_SECONDS + 2)
    service = keystone.project_token('nova', 'service')
    keystone.ensure_user('tokens-other', PROJECT, ['member'])
    other = keystone.project_token('tokens-other', PROJECT)
    for url, key, name in ((network_url, 'network', 'tokens-net'),
                           (volume_url, 'volume', 'tokens-vol')):
        assert requests.get(url, headers=headers,
                            timeout=30).status_code == 401, url
        resp = requests.get(url, headers={'X-Auth-Token': token,
                                          'X-Service-Token': service},
                            timeout=30)
        assert resp.status_code == 200, resp.text
        assert resp.json()[key]['name'] == name
        assert requests.get(url, headers={'X-Auth-Token': token,
                                          'X-Service-Token': other},
                            timeout=30).status_code == 401, url
