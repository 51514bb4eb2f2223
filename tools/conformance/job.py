"""The conformance job: Tempest against the cloud behind a real Keystone.

Installs the pinned peers (tools/peers), starts Keystone, optionally a real
Glance as the image backend, and nova-all with Keystone tokens; fills the
catalog, writes tempest.conf from what the cloud says about itself, runs
Tempest and compares the result with the pass list. See run.sh.
"""

import argparse
import json
import re
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tools', 'peers'))
import common  # noqa: E402
import glance_peer  # noqa: E402
import keystone_peer  # noqa: E402

NOVA_BIN = os.path.join(ROOT, '.venv', 'bin')
SUITES = ('compute', 'image', 'network')

# Tempest feature flags the cloud leaves off, each with the reason. Every
# other flag of [compute-feature-enabled] that the cloud supports is on.
OFF = {
    ('service_available', 'cinder'):
        'the built-in volume service has no Cinder v3 API listener',
    ('service_available', 'swift'): 'no object storage service',
    ('service_available', 'horizon'): 'no dashboard',
    ('validation', 'run_validation'):
        'fake driver: simulated guests have no SSH to log in to',
    ('compute-feature-enabled', 'spice_console'):
        'no SPICE console proxy',
    ('compute-feature-enabled', 'serial_console'):
        'no serial console proxy',
    ('compute-feature-enabled', 'attach_encrypted_volume'):
        'needs Cinder and Barbican',
    ('compute-feature-enabled', 'swap_volume'): 'needs Cinder',
    ('compute-feature-enabled', 'volume_multiattach'): 'needs Cinder',
    ('compute-feature-enabled', 'volume_backed_live_migration'):
        'needs Cinder',
    ('compute-feature-enabled', 'personality'):
        'removed from the API at 2.57; off as in upstream gates',
    ('compute-feature-enabled', 'unified_limits'):
        'quotas are the legacy per-project limits',
}
ON = {
    'compute-feature-enabled': [
        'disk_config', 'change_password', 'console_output', 'resize',
        'pause', 'shelve', 'suspend', 'cold_migration', 'live_migration',
        'metadata_service', 'rescue', 'enable_instance_password',
        'snapshot', 'config_drive', 'vnc_console',
        'block_migration_for_live_migration',
        'can_migrate_between_any_hosts', 'live_migrate_back_and_forth',
        'hostname_fqdn_sanitization', 'stable_rescue', 'interface_attach'],
}
# Filters the cloud has but does not enable by default; Tempest's
# same_host / different_host scheduler-hint tests need them.
EXTRA_FILTERS = ['SameHostFilter', 'DifferentHostFilter']
# Why the remaining skip messages remain (pattern of the message, reason).
SKIP_CLASSES = [
    (r'(SameHost|DifferentHost)Filter is not available',
     'flipped: EXTRA_FILTERS are enabled now'),
    (r'microversion range', 'cloud maximum microversion is below the '
     "test's minimum (issue 10)"),
    (r'nova-network is not available', 'Tempest runs it only against '
     'nova-network (no network service in the catalog); ours is there'),
    (r'Neutron (allows|does not check)|bugs/1161411|bugs/1186354',
     'Tempest skips these nova-network checks when Neutron is on'),
    (r'^router extension|DVR extension|l3_agent_scheduler|'
     r'[Ll]3[_-]?(ha|flavors)', 'no routers in the Neutron API yet '
     '(n-routers)'),
    (r'[Aa]llowed [Aa]ddress [Pp]airs|[Ee]xtra DHCP|port-security|'
     r'\b[Pp]orts? ', 'Neutron ports only listed and shown yet (n-ports)'),
    (r'extension not enabled|extensions are enabled|attributes are not '
     r'enabled|attributes for subnets not available',
     'Neutron API extension the built-in networking does not have '
     '(api_extensions lists what GET /v2.0/extensions shows)'),
    (r'[Cc]inder|[Vv]olume service|[Vv]olume-backed live migration',
     'no Cinder v3 API'),
    (r'[Ii]nterface attachment', 'interface_attach off: needs Neutron '
     'port create (n-ports)'),
    (r'[Ss]erial console', 'serial_console off: Tempest types into the '
     "guest's serial console and reads the echo across a live migration"),
    (r'SPICE console', 'no SPICE console proxy'),
    (r'certified_image_ref', "Tempest needs a signed image and its "
     "certificate in Barbican for 2.63's trusted certificates; the job "
     "uploads no signed image"),
    (r'barbican|vTPM', 'no Barbican (key manager)'),
    (r'network extension: trunk', 'no trunk extension in the Neutron API'),
    (r'[Ii]nstance validation|[Vv]alidation (must|should) be enabled',
     'run_validation off: fake guests'),
    (r'[Pp]ersonality', 'personality off (removed at 2.57)'),
    (r'[Ss]table rescue', 'stable rescue needs 2.87'),
    (r'launchpad\.net/bugs', 'skipped by Tempest itself for an upstream '
     'bug'),
    (r'Nova RBAC new defaults', '[enforce_scope] nova stays off: turning '
     'it on changes the credentials of every compute test (project '
     'manager and reader personas), a change for a run of its own'),
    (r'Found shared networks', "Tempest's auto-allocated network test "
     "needs a cloud without shared networks; the job's servers boot on "
     "the shared network 'private'"),
    (r'image import|glance-download|glance-direct|v2\.17|store|'
     r'show_multiple_locations|glance caching|image_remote|[Ii]mage '
     r'format|do_secure_hash|http store',
     'image service feature absent (built-in store) or not set up in '
     'the test Glance (one file store, no cache, no http store)'),
]
# Only for the built-in image service (a real Glance has them all).
BUILTIN_IMAGE_OFF = {
    ('image-feature-enabled', 'import_image'):
        'the built-in image service has no interoperable import',
}


def log(msg):
    print('[conformance %s] %s' % (time.strftime('%H:%M:%S'), msg),
          flush=True)


def http(method, url, token=None, body=None, data=None, headers=None):
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers.setdefault('Content-Type', 'application/json')
    if token:
        headers['X-Auth-Token'] = token
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=headers)
    with urllib.request.urlopen(req, timeout=120) as resp:
        text = resp.read()
        return json.loads(text) if text else None


class Cloud:
    """nova-all behind Keystone, SQLite, fake driver with two hosts."""

    def __init__(self, workdir, keystone, glance=None):
        self.workdir = workdir
        self.keystone = keystone
        self.glance = glance
        self.log = os.path.join(workdir, 'nova-all.log')
        self.proc = None

    def start(self, attempts=3):
        # A free port may be taken by another process before nova-all binds
        # it: start again on new ports.
        for attempt in range(attempts):
            self.ports = {name: common.free_port() for name in
                          ('compute', 'image', 'ec2', 'metadata',
                           'network', 'volume', 'novncproxy')}
            self.endpoint = 'http://127.0.0.1:%d/v2.1' % self.ports[
                'compute']
            # Neutron's catalog URL has no version: clients add /v2.0.
            self.network_endpoint = 'http://127.0.0.1:%d' % self.ports[
                'network']
            self.image_endpoint = (
                self.glance.url if self.glance else
                'http://127.0.0.1:%d' % self.ports['image'])
            try:
                self._start()
            except RuntimeError:
                self.stop()
                if attempt == attempts - 1:
                    raise
                log('nova-all did not start; trying again on other ports')
                continue
            self.keystone.register('compute', 'nova', self.endpoint)
            self.keystone.register('image', 'glance', self.image_endpoint)
            self.keystone.register('network', 'neutron',
                                   self.network_endpoint)
            return self

    def _start(self):
        state = os.path.join(self.workdir, 'state')
        os.makedirs(state, exist_ok=True)
        self.keystone.ensure_service_user('nova')
        sections = {
            'DEFAULT': {
                'state_path': state,
                'osapi_compute_listen': '127.0.0.1',
                'osapi_compute_listen_port': self.ports['compute'],
                'image_api_listen': '127.0.0.1',
                'image_api_listen_port': self.ports['image'],
                'ec2_listen': '127.0.0.1',
                'ec2_listen_port': self.ports['ec2'],
                'metadata_listen': '127.0.0.1',
                'metadata_listen_port': self.ports['metadata'],
                'host': 'conformance',
                'debug': 'false',
            },
            'api': {'auth_strategy': 'keystone'},
            'keystone_authtoken': self.keystone.authtoken_section('nova'),
            'database': {'connection': 'sqlite:///%s/nova.sqlite' % state},
            'network_api': {'bind_host': '127.0.0.1',
                            'bind_port': self.ports['network']},
            # Not 8776: another cloud on the machine may hold it.
            'volume_api': {'bind_host': '127.0.0.1',
                           'bind_port': self.ports['volume']},
            # A port of its own, so that jobs (and test clouds) can run
            # side by side on one machine.
            'vnc': {'novncproxy_host': '127.0.0.1',
                    'novncproxy_port': self.ports['novncproxy'],
                    'novncproxy_base_url':
                        'http://127.0.0.1:%d/vnc_lite.html'
                        % self.ports['novncproxy']},
            'fake_driver': {'simulated_hosts': 2},
            'filter_scheduler': {'enabled_filters': ','.join(
                scheduler_filters())},
            'glance': {'create_default_image': 'false'},
            # Neutron's behaviour Tempest expects: each project may use
            # any range (tenant_network_cidr overlaps the all-in-one's
            # 10.0.0.0/20), and a router refuses overlapping subnets.
            # The plumbing stays fake here.
            'network': {'allow_overlapping_ips': 'true'},
        }
        if self.glance:
            sections['glance'].update(backend='glance',
                                      api_servers=self.glance.url)
        conf = os.path.join(self.workdir, 'nova.conf')
        common.write_ini(conf, sections)
        self.proc = common.spawn([os.path.join(NOVA_BIN, 'nova-all'),
                                  '--config-file', conf], self.log)
        for name, port in self.ports.items():
            # With a real Glance the built-in image service stays down.
            if not (self.glance and name == 'image'):
                common.wait_for_port(port, self.proc, timeout=120,
                                     log=self.log)
        self._wait_ready()
        time.sleep(2)
        if self.proc.poll() is not None:
            raise RuntimeError('nova-all exited; see %s' % self.log)

    def _wait_ready(self, timeout=120):
        token = self.keystone.admin_token()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('nova-all exited; see %s' % self.log)
            try:
                services = http('GET', self.endpoint + '/os-services',
                                token)['services']
                up = [s for s in services if s['binary'] == 'nova-compute'
                      and s['state'] == 'up']
                if len(up) >= 2:
                    return
            except (urllib.error.URLError, OSError, KeyError):
                pass
            time.sleep(0.5)
        raise RuntimeError('nova-all not ready; see %s' % self.log)

    def stop(self):
        common.stop(self.proc, timeout=30)
        self.proc = None

    def version(self):
        """(min, max) microversion from the v2.1 version document."""
        doc = http('GET', self.endpoint + '/')['version']
        return doc['min_version'], doc['version']

    def upload_image(self, name):
        """A small public image in the image service; its id."""
        token = self.keystone.admin_token()
        image = http('POST', self.image_endpoint + '/v2/images', token, {
            'name': name, 'disk_format': 'raw', 'container_format': 'bare',
            'visibility': 'public'})
        http('PUT', self.image_endpoint + '/v2/images/%s/file' % image['id'],
             token, data=b'\0' * 1024 * 1024,
             headers={'Content-Type': 'application/octet-stream'})
        return image['id']

    def flavors(self):
        token = self.keystone.admin_token()
        flavors = http('GET', self.endpoint + '/flavors/detail',
                       token)['flavors']
        return sorted(flavors, key=lambda f: (f['ram'], f['vcpus']))

    def network_api(self, path):
        return http('GET', self.network_endpoint + '/v2.0/' + path,
                    self.keystone.admin_token())

    def networking(self):
        """The [network] and feature options Tempest needs, asked of the
        cloud's Neutron API: the external network floating IPs come from,
        the shared network servers boot on, the extensions it has."""
        networks = self.network_api('networks')['networks']
        public = [n for n in networks if n['router:external']]
        shared = [n for n in networks if n['shared'] and
                  not n['router:external']]
        if not public or not shared:
            raise RuntimeError('the cloud has no external or no shared '
                               'network; see %s' % self.log)
        extensions = sorted(e['alias'] for e in self.network_api(
            'extensions')['extensions'])
        return {
            'network': {
                'public_network_id': public[0]['id'],
                'floating_network_name': public[0]['name'],
                'region': keystone_peer.REGION,
                'build_timeout': 120,
            },
            'network-feature-enabled': {
                'api_extensions': ','.join(extensions),
                'floating_ips': 'true',
                # Subnets take ipv6_ra_mode and ipv6_address_mode.
                'ipv6_subnet_attributes': 'true',
            },
            'compute': {'fixed_network_name': shared[0]['name']},
        }


def tempest_conf(path, cloud, keystone, backend):
    """Write tempest.conf; returns the flags left off with their reasons."""
    min_version, max_version = cloud.version()
    flavors = cloud.flavors()
    off = dict(OFF)
    if backend == 'builtin':
        off.update(BUILTIN_IMAGE_OFF)
    if _microversion(max_version) < (2, 87):
        off[('compute-feature-enabled', 'stable_rescue')] = (
            'needs microversion 2.87 (cloud maximum is %s)' % max_version)
    sections = {
        'DEFAULT': {'log_file': os.path.join(os.path.dirname(path),
                                             'tempest.log')},
        'oslo_concurrency': {'lock_path': os.path.join(
            os.path.dirname(path), 'locks')},
        'auth': {
            'admin_username': 'admin',
            'admin_password': keystone_peer.ADMIN_PASSWORD,
            'admin_project_name': 'admin',
            'admin_domain_name': 'Default',
            'use_dynamic_credentials': 'true',
            'create_isolated_networks': 'false',
        },
        'identity': {
            'uri_v3': keystone.url + '/v3',
            'auth_version': 'v3',
            'region': keystone_peer.REGION,
        },
        'identity-feature-enabled': {'api_v2': 'false'},
        'compute': {
            'image_ref': cloud.upload_image('conformance-image'),
            'image_ref_alt': cloud.upload_image('conformance-image-alt'),
            'flavor_ref': flavors[0]['id'],
            'flavor_ref_alt': flavors[1]['id'],
            'min_microversion': min_version,
            'max_microversion': max_version,
            'min_compute_nodes': 2,
            'build_timeout': 120,
            'build_interval': 1,
            'region': keystone_peer.REGION,
        },
        'compute-feature-enabled': {name: 'true' for name in
                                    ON['compute-feature-enabled']},
        'image': {'region': keystone_peer.REGION, 'build_timeout': 120,
                  'build_interval': 1},
        'image-feature-enabled': {'api_v2': 'true'},
        'service_available': {'nova': 'true', 'glance': 'true'},
        'validation': {},
    }
    for section, options in cloud.networking().items():
        sections.setdefault(section, {}).update(options)
    sections['service_available']['neutron'] = 'true'
    sections['compute-feature-enabled']['scheduler_enabled_filters'] = (
        ','.join(scheduler_filters()))
    for (section, option), _reason in sorted(off.items()):
        sections.setdefault(section, {})[option] = 'false'
    common.write_ini(path, sections)
    return off


def _microversion(text):
    return tuple(int(part) for part in text.split('.'))


def scheduler_filters():
    """The cloud's default filters plus those Tempest's hint tests use."""
    filters = _default_filters()
    return filters + [f for f in EXTRA_FILTERS if f not in filters]


def _default_filters():
    out = subprocess.run(
        [os.path.join(NOVA_BIN, 'python'), '-c',
         'import nova.conf; nova.conf.CONF([], project="nova"); '
         'print(",".join(nova.conf.CONF.filter_scheduler.enabled_filters))'],
        check=True, stdout=subprocess.PIPE, text=True).stdout
    return out.strip().split(',')


def run_tempest(workspace, regex, concurrency):
    venv = common.install('tempest')
    tempest = os.path.join(venv, 'bin', 'tempest')
    started = time.monotonic()
    with open(os.path.join(workspace, 'tempest-run.log'), 'w') as out:
        # Its own process group, so that a stopped job stops its workers.
        proc = subprocess.Popen(
            [tempest, 'run', '--concurrency', str(concurrency),
             '--regex', regex], cwd=workspace, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait()
        finally:
            common.stop(proc)
    elapsed = time.monotonic() - started
    results = os.path.join(workspace, 'results.json')
    stream = subprocess.run(
        [os.path.join(venv, 'bin', 'stestr'), 'last', '--subunit'],
        cwd=workspace, stdout=subprocess.PIPE).stdout
    if not stream:
        raise RuntimeError('tempest ran no test; see %s/tempest-run.log'
                           % workspace)
    subprocess.run([os.path.join(venv, 'bin', 'python'),
                    os.path.join(HERE, 'subunit_results.py'), results],
                   input=stream, check=True)
    with open(results) as f:
        return json.load(f), elapsed, proc.returncode


def summarize(results, elapsed, backend):
    suites = {}
    for test, result in results.items():
        parts = test.split('.')
        suite = parts[2] if len(parts) > 2 and parts[0] == 'tempest' \
            else 'other'
        counts = suites.setdefault(suite, {'passed': 0, 'failed': 0,
                                           'skipped': 0})
        counts[result['status']] += 1
    lines = ['Tempest conformance, image backend %s: %d s'
             % (backend, elapsed)]
    # Worded so that CI's log readers take none of these lines for the
    # job's verdict: that is the pass-list line main() prints last.
    for suite, counts in sorted(suites.items()):
        lines.append('  %-8s passed %4d  failed %4d  skipped %4d' % (
            suite, counts['passed'], counts['failed'], counts['skipped']))
    lines.append('  %-8s passed %4d  failed %4d  skipped %4d' % (
        'total', *(sum(c[key] for c in suites.values())
                   for key in ('passed', 'failed', 'skipped'))))
    return '\n'.join(lines) + '\n', suites


def skip_report(results, off):
    counts = {}
    for result in results.values():
        if result['status'] == 'skipped':
            reason = result.get('reason') or '(no reason given)'
            counts[reason] = counts.get(reason, 0) + 1
    lines = ['# Flags this job leaves off, and why:']
    for (section, option), reason in sorted(off.items()):
        lines.append('#   [%s] %s = false: %s' % (section, option, reason))
    lines.append('# Skip messages of the last run (count, message, why '
                 'it stays a skip):')
    for reason, count in sorted(counts.items(), key=lambda i: -i[1]):
        why = next((why for pattern, why in SKIP_CLASSES
                    if re.search(pattern, reason)), 'UNCLASSIFIED')
        lines.append('%5d  %s\n         -> %s' % (
            count, reason.replace('\n', ' ')[:300], why))
    return '\n'.join(lines) + '\n'


def read_list(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.strip() for line in f
                if line.strip() and not line.startswith('#')]


def _terminated(signum, frame):
    raise SystemExit('conformance job stopped by signal %d' % signum)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--image-backend', choices=('builtin', 'glance'),
                        default='builtin')
    parser.add_argument(
        '--regex', default=r'^tempest\.api\.(compute|image|network)')
    parser.add_argument('--concurrency', type=int, default=2)
    parser.add_argument('--workdir', default=None)
    parser.add_argument('--pass-list', default=None)
    parser.add_argument('--update-pass-list', action='store_true',
                        help='write the tests that passed to the pass list')
    args = parser.parse_args()
    # A time budget's SIGTERM must still stop the servers (finally below).
    signal.signal(signal.SIGTERM, _terminated)
    backend = args.image_backend
    workdir = os.path.abspath(args.workdir or os.path.join(
        ROOT, '.conformance', backend))
    pass_list = args.pass_list or os.path.join(
        HERE, 'pass-list-%s.txt' % backend)
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    started = time.monotonic()
    log('installing peers (reused from %s when present)'
        % os.environ.get('NOVA_PEERS_CACHE', '/var/cache/nova-peers'))
    for name in ('keystone', 'tempest') + (
            ('glance',) if backend == 'glance' else ()):
        common.install(name)
    keystone = glance = cloud = None
    try:
        keystone = keystone_peer.Keystone(
            os.path.join(workdir, 'keystone')).start()
        log('keystone at %s' % keystone.url)
        if backend == 'glance':
            glance = glance_peer.Glance(os.path.join(workdir, 'glance'),
                                        keystone=keystone).start()
            log('glance at %s' % glance.url)
        cloud = Cloud(workdir, keystone, glance).start()
        log('cloud at %s, images at %s' % (cloud.endpoint,
                                           cloud.image_endpoint))
        workspace = os.path.join(workdir, 'tempest')
        subprocess.run([os.path.join(common.install('tempest'), 'bin',
                                     'tempest'), 'init', '--workspace-path',
                        os.path.join(workdir, 'workspaces.yaml'),
                        workspace], check=True, stdout=subprocess.DEVNULL)
        off = tempest_conf(os.path.join(workspace, 'etc', 'tempest.conf'),
                           cloud, keystone, backend)
        log('running tempest (%s), concurrency %d'
            % (args.regex, args.concurrency))
        results, elapsed, _ = run_tempest(workspace, args.regex,
                                          args.concurrency)
    finally:
        for peer in (cloud, glance, keystone):
            if peer:
                peer.stop()
    summary, _ = summarize(results, elapsed, backend)
    summary += 'job total %d s (setup and teardown included)\n' % (
        time.monotonic() - started)
    passed = sorted({t for t, r in results.items()
                     if r['status'] == 'passed'})
    with open(os.path.join(workdir, 'summary.txt'), 'w') as f:
        f.write(summary)
    with open(os.path.join(workdir, 'skips.txt'), 'w') as f:
        f.write(skip_report(results, off))
    with open(os.path.join(workdir, 'failed.txt'), 'w') as f:
        f.writelines('%s\n' % t for t, r in sorted(results.items())
                     if r['status'] == 'failed')
    print(summary, end='')
    listed = read_list(pass_list)
    if args.update_pass_list:
        # The list only grows here; a test leaves it by hand, with the
        # reason in the commit.
        listed = sorted(set(listed) | set(passed))
        with open(pass_list, 'w') as f:
            f.write('# Tempest tests that pass with the %s image backend; '
                    'tools/conformance/run.sh fails when one does not.\n'
                    % backend)
            f.writelines('%s\n' % t for t in listed)
        if args.regex == parser.get_default('regex'):
            # Only a whole run speaks for every skip.
            shutil.copy(os.path.join(workdir, 'skips.txt'), os.path.join(
                HERE, 'skip-reasons-%s.txt' % backend))
        log('wrote %s (%d tests)' % (pass_list, len(listed)))
    # A narrower --regex is held only to the listed tests it selects.
    missing, new = check_pass_list(
        results, [t for t in listed if re.search(args.regex, t)])
    for test in missing:
        status = results.get(test, {}).get('status', 'not run')
        print('  listed but %s: %s' % (status, test))
    if missing:
        print('see %s (failed.txt, tempest/tempest-run.log)' % workdir)
    if new:
        print('%d tests pass that the pass list does not hold yet: add them '
              'with --update-pass-list' % len(new))
    selected = len([t for t in listed if re.search(args.regex, t)])
    print('pass list %s: %d passed, %d failed' % (
        os.path.basename(pass_list), selected - len(missing),
        len(missing)))
    return 1 if missing else 0


def check_pass_list(results, listed):
    """(listed tests that did not pass, passing tests not listed)."""
    passed = {t for t, r in results.items() if r['status'] == 'passed'}
    missing = [t for t in listed if t not in passed]
    return missing, sorted(passed - set(listed))


if __name__ == '__main__':
    sys.exit(main())
