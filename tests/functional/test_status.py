"""nova-status upgrade check: 0 on a running cloud, 2 with a clear
message on a database a migration behind, on a service too old to work
beside, and on a compute host with a QEMU too old."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid

from alembic import script as alembic_script

from nova.db import migration

BIN = os.path.dirname(sys.executable)


def _status(config_file):
    proc = subprocess.run(
        [os.path.join(BIN, 'nova-status'), '--config-file', config_file,
         'upgrade', 'check', '--json'],
        capture_output=True, text=True, timeout=120)
    assert proc.stdout, proc.stderr
    checks = {check['check']: check
              for check in json.loads(proc.stdout)['checks']}
    return proc.returncode, checks


def _manage(config_file, *args):
    subprocess.run([os.path.join(BIN, 'nova-manage'), '--config-file',
                    config_file] + list(args),
                   check=True, capture_output=True, timeout=120)


def test_a_running_cloud_passes(cloud):
    code, checks = _status(cloud.config_file)
    assert code == 0, checks
    assert {name: check['result'] for name, check in checks.items()} == {
        'Database schema': 0, 'Service versions': 0,
        'Request Spec Migration': 0,
        'QEMU version on computes': 0,
        'Policy File JSON to YAML Migration': 0}


def test_failures_name_what_to_do(tmp_path):
    database = tmp_path / 'nova.sqlite'
    config_file = str(tmp_path / 'nova.conf')
    with open(config_file, 'w') as conf:
        conf.write('[DEFAULT]\nstate_path = %s\n[database]\n'
                   'connection = sqlite:///%s\n' % (tmp_path, database))

    code, checks = _status(config_file)
    assert code == 2
    assert 'nova-manage db sync' in checks['Service versions']['details']

    scripts = alembic_script.ScriptDirectory(migration.MIGRATIONS_DIR)
    head = scripts.get_revision(scripts.get_current_head())
    _manage(config_file, 'db', 'sync', head.down_revision)
    code, checks = _status(config_file)
    assert code == 2
    schema = checks['Database schema']
    assert schema['result'] == 2
    assert head.down_revision in schema['details']
    assert head.revision in schema['details']
    assert 'nova-manage db sync' in schema['details']

    _manage(config_file, 'db', 'sync')
    assert _status(config_file)[0] == 0

    with sqlite3.connect(database) as db:
        db.execute(
            'INSERT INTO services (uuid, host, "binary", report_count, '
            'disabled, forced_down, version, deleted) '
            "VALUES (?, 'old-host', 'nova-compute', 0, 0, 0, 0, 0)",
            (str(uuid.uuid4()),))
        db.execute(
            'INSERT INTO compute_nodes (uuid, host, hypervisor_hostname, '
            'hypervisor_type, hypervisor_version, cpu_info, vcpus, '
            'memory_mb, local_gb, vcpus_used, memory_mb_used, '
            'local_gb_used, running_vms, current_workload, '
            'cpu_allocation_ratio, ram_allocation_ratio, '
            'disk_allocation_ratio, generation, stats, deleted) '
            "VALUES (?, 'old-host', 'old-host', 'QEMU', 5002000, '{}', 1, "
            "512, 1, 0, 0, 0, 0, 0, 1, 1, 1, 0, '{}', 0)",
            (str(uuid.uuid4()),))
    code, checks = _status(config_file)
    assert code == 2
    services = checks['Service versions']
    assert services['result'] == 2
    assert 'nova-compute on old-host (version 0)' in services['details']
    qemu = checks['QEMU version on computes']
    assert qemu['result'] == 2
    assert 'old-host (5.2.0)' in qemu['details']
    assert checks['Database schema']['result'] == 0
