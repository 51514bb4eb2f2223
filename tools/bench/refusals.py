"""How fast and how cheaply oversized requests are refused (issue 15).

Starts an all-in-one like the functional tests and measures, as a member,
POST /os-tenant-networks with a /8 (400, max_network_size) and a 10 MiB
body to POST /servers (413): latency percentiles and the growth of
nova-all's resident memory over all the attempts.

    .venv/bin/python tools/bench/refusals.py [--count 50]
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests.functional import cloud as cloud_lib  # noqa: E402
from tools.bench import api_bench  # noqa: E402


def _rss_mib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return round(int(line.split()[1]) / 1024, 1)


def _measure(pid, count, call, expected):
    before = _rss_mib(pid)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        status = call().status_code
        samples.append(time.perf_counter() - started)
        assert status == expected, status
    return dict(api_bench.percentiles(samples), rss_before_mib=before,
                rss_after_mib=_rss_mib(pid))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--count', type=int, default=50)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='nova-bench-')
    cloud = cloud_lib.Cloud(workdir)
    try:
        cloud.start()
        pid = cloud.processes['nova-all'].pid
        member = cloud.api.as_user('alice:bench')
        body = b'x' * (10 * 1024 * 1024)
        result = {
            'slash8_network': _measure(pid, args.count, lambda: member.post(
                '/os-tenant-networks', json={'network': {
                    'label': 'big', 'cidr': '11.0.0.0/8'}}), 400),
            'body_10mib': _measure(pid, args.count, lambda: member.post(
                '/servers', data=body,
                headers={'Content-Type': 'application/json'}), 413),
        }
        api_bench.write_result('refusals', result)
    finally:
        cloud.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
