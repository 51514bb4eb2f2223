"""scale_bench.py with RPC and database counts per boot per daemon.

Runs tools/bench/scale_bench.py (same arguments) with the daemons
counting their RPC messages and database transactions
(tools/bench/counts_hook), and adds to its result, over the boot run,
per daemon and per boot: rpc calls and casts sent, rpc messages served
(by method), transactions, statements and new connections.

    PYTHONPATH=<tree> .venv/bin/python tools/bench/boot_counts.py \\
        --hosts 200 --boots 300 --servers 300 --threads 8 --scheduler-hosts
"""

import collections
import json
import os
import sys
import tempfile

HOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    'counts_hook')
COUNTS_DIR = tempfile.mkdtemp(prefix='nova-counts-')
os.environ['NOVA_COUNTS_DIR'] = COUNTS_DIR
os.environ['PYTHONPATH'] = os.pathsep.join(
    p for p in (os.environ.get('PYTHONPATH'), HOOK) if p)

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))
from tools.bench import scale_bench  # noqa: E402


def _read_counts(pid):
    try:
        with open(os.path.join(COUNTS_DIR, '%d.json' % pid)) as f:
            return collections.Counter(json.load(f))
    except (OSError, ValueError):
        return collections.Counter()


def daemon_counts(cloud):
    out = {}
    for name, proc in cloud.processes.items():
        total = collections.Counter()
        for pid in scale_bench._group_pids(proc.pid):
            total.update(_read_counts(pid))
        out[name] = total
    return out


_snapshots = []
_cpu_seconds = scale_bench.cpu_seconds


_spies = []
_idle = {}  # daemon -> CPU seconds per second before the boots
IDLE_SECONDS = float(os.environ.get('NOVA_IDLE_SECONDS', '0'))


def _measure_idle(cloud):
    """Each daemon's CPU rate with no boots (heartbeats, resource
    reports, sweeps), over IDLE_SECONDS: at a few boots a second it is
    a good part of the CPU per boot, whatever the build path costs."""
    import time
    before, started = _cpu_seconds(cloud), time.monotonic()
    time.sleep(IDLE_SECONDS)
    after, took = _cpu_seconds(cloud), time.monotonic() - started
    _idle.update({name: (after[name] - before[name]) / took
                  for name in after})


def cpu_seconds(cloud):
    # scale_bench._load reads the CPU right before and after the boots.
    import time
    if IDLE_SECONDS and not _snapshots:
        _measure_idle(cloud)
    time.sleep(1.2)  # the writers' last second in
    _times.append(time.monotonic())
    _snapshots.append(daemon_counts(cloud))
    spy_dir = os.environ.get('NOVA_PYSPY_DIR')
    if spy_dir and len(_snapshots) == 1:
        _start_spies(cloud, spy_dir)
    elif _spies:
        _stop_spies()
    return _cpu_seconds(cloud)


def _start_spies(cloud, spy_dir):
    """py-spy on each daemon's main process over the boots."""
    import subprocess
    spy = os.path.join(os.path.dirname(sys.executable), 'py-spy')
    for name, proc in cloud.processes.items():
        _spies.append(subprocess.Popen(
            [spy, 'record', '--pid', str(proc.pid), '--nonblocking',
             '--rate', '50', '--format', 'raw', '--threads',
             '--output', os.path.join(spy_dir, name + '.txt')],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))


def _stop_spies():
    import signal
    for spy in _spies:
        spy.send_signal(signal.SIGINT)
    for spy in _spies:
        spy.wait(60)


scale_bench.cpu_seconds = cpu_seconds


_times = []


def per_boot(boots):
    before, after = _snapshots[0], _snapshots[1]
    out = {}
    for name in after:
        diff = after[name] - before.get(name, collections.Counter())
        summary = {
            'rpc_calls_sent': sum(v for k, v in diff.items()
                                  if k.startswith('rpc_out.call.')),
            'rpc_casts_sent': sum(v for k, v in diff.items()
                                  if k.startswith('rpc_out.cast.')),
            'rpc_served': sum(v for k, v in diff.items()
                              if k.startswith('rpc_in.')),
        }
        for key in ('db.transactions', 'db.statements', 'db.connects'):
            summary[key.split('.')[1]] = diff.get(key, 0)
        summary = {k: round(v / boots, 2) for k, v in summary.items()}
        summary['by_method'] = {k: round(v / boots, 2)
                                for k, v in sorted(diff.items())
                                if k.startswith(('rpc', 'txn_by'))
                                and v / boots >= 0.05}
        out[name] = summary
    return out


def _net_cpu(result, boots):
    """The boots' CPU less what each daemon burns idle over as long."""
    window = _times[1] - _times[0]
    result['idle_cpu_ms_per_s'] = {name: round(1000 * rate, 1)
                                   for name, rate in _idle.items()}
    result['net_cpu_ms_per_boot'] = {
        name: round(ms - 1000 * _idle.get(name, 0) * window / boots, 1)
        for name, ms in result['cpu_ms_per_boot'].items()}


def main():
    import argparse
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument('--boots', type=int, default=500)
    args, _ = parser.parse_known_args()
    original_print = print

    def report(result, *a, **kw):
        # scale_bench prints its result once the boots are measured.
        if isinstance(result, dict) and len(_snapshots) >= 2 and \
                'counts_per_boot' not in result:
            result['counts_per_boot'] = per_boot(args.boots)
            if _idle:
                _net_cpu(result, args.boots)
        original_print(result, *a, **kw)
    scale_bench.print = report
    scale_bench.main()


if __name__ == '__main__':
    main()
