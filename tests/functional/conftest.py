"""Fixtures of the functional tests: whole clouds in subprocesses.

`cloud` runs each test on every deployment shape: the all-in-one (SQLite,
in-process transport) and split daemons on RabbitMQ with MariaDB and with
PostgreSQL. `aio` is the all-in-one alone, for tests of API details.
"""

import os
import tempfile

import pytest

from tests.functional import cloud as cloud_lib

# Where workers note daemons they found dead, for the run's last lines:
# a CI log may keep only the head and tail of the output.
_DEATHS_ENV = 'NOVA_TEST_DEAD_DAEMONS'

SHAPES = {
    'sqlite-inproc': dict(database='sqlite', split=False),
    'mysql-rabbit': dict(database='mysql', split=True),
    'postgresql-rabbit': dict(database='postgresql', split=True),
}

# Failing builds for the fault tests; two simulated hosts for rescheduling;
# live migrations of servers named slow-live run until forced or aborted
# (test_migrations_api); the usage audit on, so
# os-instance_usage_audit_log has records; see below for the rest.
OPTIONS = {'fake_driver.fail_spawn_for_names': 'fail-always',
           'volume.fail_create_for_names': 'fail-volume',
           'fake_driver.slow_live_migration_for_names': 'slow-live',
           'fake_driver.slow_live_migration_seconds': '120',
           'instance_usage_audit': 'true',
           # Operators' layers (test_operations): links follow a proxy's
           # headers; a dashboard origin may call the APIs from a browser.
           'oslo_middleware.enable_proxy_headers_parsing': 'true',
           'cors.allowed_origin': 'http://dashboard.example'}


def _start(tmp_path_factory, shape):
    workdir = tmp_path_factory.mktemp(shape)
    cloud = cloud_lib.Cloud(workdir, options=OPTIONS, simulated_hosts=2,
                            **SHAPES[shape])
    try:
        cloud.start()
    except Exception:
        cloud.stop()
        raise
    return cloud


# Stack dumps per cloud at most: a hung cloud fails every later test, and
# its first dumps say why.
_DUMPS_PER_CLOUD = 2
_dumps = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test shows the state of the clouds it used (else of every
    cloud running here): each daemon's log tail and thread stacks, so a
    hung or dead daemon can be told from a wrong test."""
    outcome = yield
    report = outcome.get_result()
    if report.when != 'call' or not report.failed:
        return
    used = [value for value in getattr(item, 'funcargs', {}).values()
            if isinstance(value, cloud_lib.Cloud)]
    for running in used or list(cloud_lib.RUNNING):
        count = _dumps.get(id(running), 0)
        if count >= _DUMPS_PER_CLOUD or not running.processes:
            continue
        _dumps[id(running)] = count + 1
        report.sections.append(
            ('cloud %s' % running.host, running.stacks()))
        if count == 0:
            _note_dead_daemons(running, item.nodeid)


def _note_dead_daemons(running, nodeid):
    path = os.environ.get(_DEATHS_ENV)
    dead = running.dead_daemons()
    if not path or not dead:
        return
    with open(path, 'a') as notes:
        for binary, code, tail in dead:
            notes.write('%s: %s of cloud %s exited with %s; its last '
                        'lines:\n%s\n\n'
                        % (nodeid, binary, running.host, code, tail))


def pytest_configure(config):
    # Set once by the controller; xdist workers inherit it.
    if _DEATHS_ENV not in os.environ:
        fd, path = tempfile.mkstemp(prefix='nova-dead-daemons-')
        os.close(fd)
        os.environ[_DEATHS_ENV] = path


def pytest_terminal_summary(terminalreporter):
    if os.environ.get('PYTEST_XDIST_WORKER'):
        return
    path = os.environ.get(_DEATHS_ENV)
    if not path or not os.path.exists(path):
        return
    with open(path) as notes:
        text = notes.read()
    if text:
        terminalreporter.section('daemons that died under a failed test')
        terminalreporter.write(text[-6000:])


@pytest.fixture(scope='session', params=list(SHAPES))
def cloud(request, tmp_path_factory):
    running = _start(tmp_path_factory, request.param)
    yield running
    running.stop()


@pytest.fixture(scope='session')
def aio(tmp_path_factory):
    running = _start(tmp_path_factory, 'sqlite-inproc')
    yield running
    running.stop()
