"""The operators' layers of every API: /healthcheck (and its disable
file), links behind a TLS proxy, CORS, and Guru Meditation Reports."""

import os
import signal
import time

import pytest
import requests


def _roots(cloud):
    return {'compute': cloud.endpoint.rsplit('/v2.1', 1)[0],
            'ec2': cloud.ec2_endpoint,
            'metadata': cloud.metadata_endpoint,
            'image': cloud.image_endpoint,
            'network': cloud.network_endpoint}


def _health(roots):
    return {name: requests.get(root + '/healthcheck', timeout=10)
            for name, root in roots.items()}


def test_healthcheck_on_every_api_and_the_disable_file(aio):
    roots = _roots(aio)
    # No token: a load balancer probes without one.
    for name, resp in _health(roots).items():
        assert resp.status_code == 200, (name, resp.text)
        assert resp.text.strip() == 'OK', name
    flag = os.path.join(aio.state_path, 'healthcheck_disable')
    open(flag, 'w').close()
    try:
        for name, resp in _health(roots).items():
            assert resp.status_code == 503, (name, resp.text)
            assert 'DISABLED BY FILE' in resp.text, name
        # The APIs themselves keep answering while the node drains.
        assert aio.api.get('/flavors').status_code == 200
    finally:
        os.unlink(flag)
    assert all(resp.status_code == 200 for resp in _health(roots).values())


def test_links_use_the_proxy_scheme_and_host(aio):
    root = _roots(aio)['compute']
    forwarded = {'X-Forwarded-Proto': 'https',
                 'X-Forwarded-Host': 'cloud.example'}
    plain = requests.get(root + '/', timeout=10).json()
    proxied = requests.get(root + '/', headers=forwarded, timeout=10).json()
    plain_links = [link['href'] for version in plain['versions']
                   for link in version['links']]
    proxied_links = [link['href'] for version in proxied['versions']
                     for link in version['links']]
    assert plain_links and all(
        href.startswith('http://127.0.0.1:') for href in plain_links)
    assert proxied_links and all(
        href.startswith('https://cloud.example/') for href in proxied_links)
    # Resource links as well, not only the version documents.
    flavors = aio.api.get('/flavors', headers=forwarded).json()['flavors']
    assert flavors[0]['links'][0]['href'].startswith(
        'https://cloud.example/v2.1/')


@pytest.mark.parametrize('api', ['compute', 'image', 'network'])
def test_cors_preflight_for_the_configured_origin_only(aio, api):
    root = _roots(aio)[api]
    path = {'compute': '/v2.1/servers', 'image': '/v2/images',
            'network': '/v2.0/networks'}[api]
    ask = {'Access-Control-Request-Method': 'GET',
           'Access-Control-Request-Headers': 'X-Auth-Token'}
    allowed = requests.options(
        root + path, timeout=10,
        headers=dict(ask, Origin='http://dashboard.example'))
    assert allowed.headers.get('Access-Control-Allow-Origin') == \
        'http://dashboard.example'
    assert 'X-Auth-Token'.lower() in allowed.headers.get(
        'Access-Control-Allow-Headers', '').lower()
    other = requests.options(root + path, timeout=10,
                             headers=dict(ask, Origin='http://evil.example'))
    assert 'Access-Control-Allow-Origin' not in other.headers


def test_guru_meditation_report_on_sigusr2(cloud):
    """Every daemon of the cloud writes a report into its log and lives."""
    logs = {name: os.path.join(cloud.workdir, name + '.log')
            for name in cloud.processes}
    sizes = {name: os.path.getsize(path) for name, path in logs.items()}
    for proc in cloud.processes.values():
        os.kill(proc.pid, signal.SIGUSR2)
    deadline = time.time() + 30
    pending = set(logs)
    while pending and time.time() < deadline:
        for name in list(pending):
            with open(logs[name], errors='replace') as f:
                f.seek(sizes[name])
                text = f.read()
            if 'Guru Meditation' in text and 'Threads' in text and \
                    'Configuration' in text:
                pending.discard(name)
        time.sleep(0.2)
    assert not pending, cloud.logs(tail=40)
    cloud.check_alive()
    assert cloud.api.get('/flavors').status_code == 200
