"""RPC call round-trip latency over one oslo.messaging transport.

Starts a threading RPC server with an echo endpoint and a client on the same
transport, warms up, then times COUNT sequential calls and prints one JSON
line with p50/p99/mean in milliseconds.

    .venv/bin/python tools/bench/rpc_roundtrip.py [--url inproc://]
        [--count 2000] [--warmup 100]
    .venv/bin/python tools/bench/rpc_roundtrip.py --url fake:// --count 50
    .venv/bin/python tools/bench/rpc_roundtrip.py \\
        --url rabbit://guest:guest@127.0.0.1:5672/
"""

import argparse
import json
import re
import statistics
import threading
import time
import uuid

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_messaging import conffixture


class Echo:

    def echo(self, ctxt, value):
        return value


def percentile(ordered, p):
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def measure(url, count, warmup):
    conf = cfg.ConfigOpts()
    conffixture.ConfFixture(conf, transport_url=url)
    transport = messaging.get_rpc_transport(conf)
    # A fresh topic so a broker's leftovers from earlier runs don't answer.
    topic = 'rpc-bench-%s' % uuid.uuid4().hex[:8]
    server = messaging.get_rpc_server(
        transport, messaging.Target(topic=topic, server='bench'), [Echo()],
        executor='threading')
    server.start()
    client = messaging.get_rpc_client(
        transport, messaging.Target(topic=topic), timeout=30)
    payload = {'id': 'x' * 36, 'flavor': {'vcpus': 1, 'memory_mb': 512}}
    try:
        for _ in range(warmup):
            client.call({}, 'echo', value=payload)
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            client.call({}, 'echo', value=payload)
            samples.append(time.perf_counter() - start)
    finally:
        server.stop()
        # wait() idles ~1 s in futurist's worker shutdown; not worth blocking.
        threading.Thread(target=server.wait, daemon=True).start()
        transport.cleanup()
    ordered = sorted(samples)
    return {'url': re.sub(r'//[^/@]*@', '//', url),  # without credentials
            'n': count, 'warmup': warmup,
            'p50_ms': round(percentile(ordered, 0.5) * 1000, 3),
            'p99_ms': round(percentile(ordered, 0.99) * 1000, 3),
            'mean_ms': round(statistics.mean(ordered) * 1000, 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--url', default='inproc://')
    parser.add_argument('--count', type=int, default=2000)
    parser.add_argument('--warmup', type=int, default=None,
                        help='default: count / 10, at least 5')
    args = parser.parse_args()
    warmup = args.warmup if args.warmup is not None else max(
        5, args.count // 10)
    print(json.dumps(measure(args.url, args.count, warmup)))


if __name__ == '__main__':
    main()
