"""Service tokens on the Neutron and Cinder paths, with a real Keystone.

A peer cloud behind keystonemiddleware serves the Neutron v2.0 and
Block Storage v3 APIs; the cloud under test uses them as its backends
([network] backend = neutron, [volume] backend = cinder, keystoneauth
sessions with the nova service user) through TCP proxies that keep what
went on the wire, with [service_user] send_service_user_token on. A
user's call that reaches Neutron or Cinder carries the user's token
(X-Auth-Token) and a token of the nova service user (X-Service-Token),
which the peer accepts.
"""

import os
import sys

import pytest
import requests

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib
from tests.functional import tcp_proxy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..',
                                'tools', 'peers'))
import keystone_peer  # noqa: E402

PROJECT, USER = 'peers', 'peers-member'


def _auth(keystone):
    """keystoneauth password options of the nova service user."""
    return {'auth_type': 'password', 'auth_url': keystone.url,
            'username': 'nova', 'password': keystone_peer.ADMIN_PASSWORD,
            'project_name': 'service', 'user_domain_id': 'default',
            'project_domain_id': 'default'}


@pytest.fixture(scope='module')
def env(tmp_path_factory):
    workdir = tmp_path_factory.mktemp('service-token-peers')
    keystone = keystone_peer.Keystone(str(workdir / 'keystone')).start()
    peer = cloud = None
    proxies = []
    try:
        keystone.ensure_service_user('nova')
        keystone.ensure_user(USER, PROJECT, ['member'])
        authtoken = {'keystone_authtoken.' + name: value for name, value in
                     keystone.authtoken_section('nova').items()}
        peer = cloud_lib.Cloud(workdir / 'peer', options=dict(
            authtoken, **{'api.auth_strategy': 'keystone'}),
            api_token=keystone.admin_token()).start()
        neutron = tcp_proxy.TcpProxy('127.0.0.1', peer.network_port,
                                     record=True)
        cinder = tcp_proxy.TcpProxy('127.0.0.1', peer.volume_port,
                                    record=True)
        proxies = [neutron, cinder]
        options = dict(authtoken, **{
            'api.auth_strategy': 'keystone',
            'network.backend': 'neutron',
            'neutron.endpoint_override': 'http://127.0.0.1:%d'
                                         % neutron.port,
            'vif_plugging_timeout': 0,
            'volume.backend': 'cinder',
            'cinder.endpoint': 'http://127.0.0.1:%d/v3/%%(project_id)s'
                               % cinder.port,
            'service_user.send_service_user_token': 'true'})
        for group in ('neutron', 'cinder', 'service_user'):
            for name, value in _auth(keystone).items():
                options['%s.%s' % (group, name)] = value
        cloud = cloud_lib.Cloud(workdir / 'cloud', options=options,
                                api_token=keystone.admin_token()).start()
        yield keystone, peer, cloud, neutron, cinder
    finally:
        for proxy in proxies:
            proxy.stop()
        for running in (cloud, peer):
            if running is not None:
                running.stop()
        keystone.stop()


def _token_user(keystone, token):
    resp = requests.get(keystone.url + '/v3/auth/tokens', headers={
        'X-Auth-Token': keystone.admin_token(), 'X-Subject-Token': token},
        timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()['token']['user']['name']


def _carried(keystone, proxy, token, line_start):
    """The requests through proxy starting with line_start that carried
    token; each must carry a service token of the nova user."""
    calls = [(line, headers) for line, headers in proxy.requests_sent()
             if line.startswith(line_start) and
             headers.get('x-auth-token') == token]
    assert calls, [line for line, _ in proxy.requests_sent()]
    for line, headers in calls:
        assert headers.get('x-service-token'), line
        assert headers['x-service-token'] != token
    services = {h['x-service-token'] for _, h in calls}
    assert {_token_user(keystone, t) for t in services} == {'nova'}
    return calls


def test_server_on_a_neutron_network_sends_user_and_service_tokens(env):
    keystone, peer, cloud, neutron, _ = env
    token = keystone.project_token(USER, PROJECT)
    headers = {'X-Auth-Token': token}
    resp = requests.post(peer.network_endpoint + '/v2.0/networks',
                         headers=headers,
                         json={'network': {'name': 'peers-net'}},
                         timeout=30)
    assert resp.status_code == 201, resp.text
    network = resp.json()['network']['id']
    resp = requests.post(peer.network_endpoint + '/v2.0/subnets',
                         headers=headers, json={'subnet': {
                             'network_id': network, 'ip_version': 4,
                             'cidr': '10.66.0.0/24'}}, timeout=30)
    assert resp.status_code == 201, resp.text
    image = actions_helpers.seeded_image(cloud.api)
    api = cloud.api.as_user(token, '2.37')
    resp = api.post('/servers', json={'server': {
        'name': 'on-peer-net', 'imageRef': image, 'flavorRef': '1',
        'networks': [{'uuid': network}]}})
    assert resp.status_code == 202, resp.text
    server = api.wait_for_status(resp.json()['server']['id'],
                                 ['ACTIVE', 'ERROR'])
    assert server['status'] == 'ACTIVE', server.get('fault')
    _carried(keystone, neutron, token, 'GET /v2.0/networks')
    # The port is the user's, in the peer's Neutron.
    ports = requests.get(peer.network_endpoint + '/v2.0/ports?device_id='
                         + server['id'], headers=headers, timeout=30)
    assert len(ports.json()['ports']) == 1, ports.text


def test_volume_through_cinder_sends_user_and_service_tokens(env):
    """The volume create reaches the peer's Block Storage API with the
    user's token and the nova service token, and the peer's
    keystonemiddleware lets it through. The built-in Block Storage API
    serves microversion 3.0 only (no attachments API), while Nova's
    Cinder client asks for 3.44: the peer answers 406 after the tokens
    were accepted, which nova-api reports as the volume service being
    unavailable."""
    keystone, peer, cloud, _, cinder = env
    token = keystone.project_token(USER, PROJECT)
    project = keystone.ensure_project(PROJECT)['id']
    api = cloud.api.as_user(token, '2.1')
    resp = api.post('/os-volumes', json={'volume': {
        'size': 1, 'display_name': 'peers-vol'}})
    _carried(keystone, cinder, token, 'POST /v3/%s/volumes' % project)
    assert resp.status_code in (200, 503), resp.text
    if resp.status_code == 503:
        assert '406 Version 3.44 is not supported' in resp.text, resp.text
        return
    volume = resp.json()['volume']['id']
    resp = requests.get('%s/v3/%s/volumes/%s' % (peer.volume_endpoint,
                                                 project, volume),
                        headers={'X-Auth-Token': token}, timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.json()['volume']['name'] == 'peers-vol'
