"""Benchmark of the Neutron API's ports on a real cloud (fake driver).

Creates --ports ports on one network (POST /v2.0/ports latency), boots a
server on one of them, then measures GET /v2.0/ports?device_id=<server>
with all those ports present, and a floating IP's associate (PUT
port_id) and disassociate to that server's port.

    .venv/bin/python tools/bench/port_bench.py [--shape sqlite-inproc]
        [--ports 1000] [--rounds 50]
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402


def timed(call, count):
    samples = []
    for i in range(count):
        started = time.perf_counter()
        call(i)
        samples.append(time.perf_counter() - started)
    return api_bench.percentiles(samples)


def _ok(resp, status=200):
    assert resp.status_code == status, resp.text
    return resp.json() if resp.text else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--shape', default='sqlite-inproc',
                        choices=sorted(api_bench.SHAPES))
    parser.add_argument('--ports', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=50)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='nova-bench-')
    cloud = cloud_lib.Cloud(workdir, options={'quota.ports': -1},
                            **api_bench.SHAPES[args.shape])
    cloud.start()
    try:
        api = cloud_lib.Client(cloud.network_endpoint + '/v2.0')
        net = _ok(api.post('/networks', json={'network': {
            'name': 'bench'}}), 201)['network']
        subnet = _ok(api.post('/subnets', json={'subnet': {
            'network_id': net['id'], 'ip_version': 4,
            'cidr': '10.200.0.0/21'}}), 201)['subnet']
        # A floating IP reaches only a subnet a router joins to its network.
        [public] = _ok(api.get('/networks', params={
            'name': 'public'}))['networks']
        router = _ok(api.post('/routers', json={'router': {
            'name': 'bench', 'external_gateway_info': {
                'network_id': public['id']}}}), 201)['router']
        _ok(api.put('/routers/%s/add_router_interface' % router['id'],
                    json={'subnet_id': subnet['id']}))
        ports = []

        def create(_):
            ports.append(_ok(api.post('/ports', json={'port': {
                'network_id': net['id']}}), 201)['port'])
        result = {'shape': args.shape,
                  'port_create': timed(create, args.ports)}
        image = cloud.api.get('/images').json()['images'][0]['id']
        server = _ok(cloud.api.post('/servers', json={'server': {
            'name': 'bench', 'imageRef': image, 'flavorRef': '1',
            'networks': [{'port': ports[0]['id']}]}}), 202)['server']
        cloud.api.wait_for_status(server['id'], 'ACTIVE')

        def by_device(_):
            found = _ok(api.get('/ports', params={
                'device_id': server['id']}))['ports']
            assert [p['id'] for p in found] == [ports[0]['id']]
        result['ports_by_device_id_at_%d' % args.ports] = timed(
            by_device, args.rounds)
        fip = _ok(api.post('/floatingips', json={'floatingip': {
            'floating_network_id': public['id']}}), 201)['floatingip']
        path = '/floatingips/%s' % fip['id']
        samples = {'associate': [], 'disassociate': []}

        def put(kind, port_id):
            started = time.perf_counter()
            _ok(api.put(path, json={'floatingip': {'port_id': port_id}}))
            samples[kind].append(time.perf_counter() - started)
        for _ in range(args.rounds):
            put('associate', ports[0]['id'])
            put('disassociate', None)
        for kind, values in samples.items():
            result['floating_ip_%s' % kind] = api_bench.percentiles(values)
    finally:
        cloud.stop()
    api_bench.write_result('port_bench-%s' % args.shape, result)


if __name__ == '__main__':
    main()
