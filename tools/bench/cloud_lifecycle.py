"""How long a functional-test cloud takes to start and to stop, by shape.

Starts and stops --runs clouds of each shape as tests/functional/conftest.py
does (two simulated hosts, its options) and records the median start, the
time stop() keeps the test (the rest finishes in the background), the time
until the daemons are gone and their database and vhost dropped, the
median of each step of start and stop, and the load average.

    .venv/bin/python tools/bench/cloud_lifecycle.py [--runs 5]
        [--shape sqlite-inproc] [--shape mysql-rabbit] ...
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from tests import db_templates  # noqa: E402
from tests.functional import cloud as cloud_lib  # noqa: E402
from tests.functional import conftest  # noqa: E402
from tools.bench.api_bench import write_result  # noqa: E402

_STEPS = [(cloud_lib.Database, 'create_at_head', 'db_create'),
          (cloud_lib.Database, 'drop', 'db_drop'),
          (cloud_lib.RabbitVhost, 'create', 'vhost_create'),
          (cloud_lib.RabbitVhost, 'drop', 'vhost_drop'),
          (cloud_lib.Cloud, '_seed', 'seed'),
          (cloud_lib.Cloud, 'wait_ready', 'wait_ready')]


def _time_steps(steps):
    for owner, name, label in _STEPS:
        def timed(*args, _func=getattr(owner, name), _label=label, **kw):
            begin = time.monotonic()
            try:
                return _func(*args, **kw)
            finally:
                steps.setdefault(_label, []).append(
                    time.monotonic() - begin)
        setattr(owner, name, timed)


def _measure(shape, runs, steps):
    database = conftest.SHAPES[shape]['database']
    # The session's first copy migrates the template: not measured.
    warm = cloud_lib.Database(database, tempfile.mkdtemp())
    db_templates.create_at_head(warm)
    warm.drop()
    steps.clear()
    starts, stops, gone = [], [], []
    for _ in range(runs):
        workdir = tempfile.mkdtemp(prefix='bench-cloud-')
        cloud = cloud_lib.Cloud(workdir, options=conftest.OPTIONS,
                                simulated_hosts=2, **conftest.SHAPES[shape])
        begin = time.monotonic()
        cloud.start()
        starts.append(time.monotonic() - begin)
        begin = time.monotonic()
        cloud.stop()
        stops.append(time.monotonic() - begin)
        cloud_lib.wait_for_stopping_clouds()
        gone.append(time.monotonic() - begin)
        cloud_lib.cleanup_workdir(workdir)
    return {'shape': shape, 'runs': runs,
            'start_s': round(statistics.median(starts), 2),
            'stop_s': round(statistics.median(stops), 2),
            'stopped_and_dropped_s': round(statistics.median(gone), 2),
            'steps_s': {label: round(statistics.median(values), 2)
                        for label, values in sorted(steps.items())},
            'loadavg_1m': os.getloadavg()[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--shape', action='append',
                        choices=sorted(conftest.SHAPES))
    args = parser.parse_args()
    steps = {}
    _time_steps(steps)
    for shape in args.shape or list(conftest.SHAPES):
        write_result('cloud_lifecycle-%s' % shape,
                     _measure(shape, args.runs, steps))


if __name__ == '__main__':
    main()
