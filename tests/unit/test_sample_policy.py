"""etc/nova/policy.yaml.sample matches the rules' defaults, and the
oslopolicy tools find nova's rules and enforcer through the entry
points."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
BIN = os.path.dirname(sys.executable)


def _run(tool, *args):
    return subprocess.run([os.path.join(BIN, tool)] + list(args),
                          check=True, cwd=ROOT, capture_output=True,
                          text=True).stdout


def test_sample_policy_is_current(tmp_path):
    out = tmp_path / 'policy.yaml.sample'
    _run('oslopolicy-sample-generator', '--config-file',
         os.path.join(ROOT, 'etc/nova/nova-policy-generator.conf'),
         '--output-file', str(out))
    with open(os.path.join(ROOT, 'etc/nova/policy.yaml.sample')) as f:
        committed = f.read()
    assert out.read_text() == committed, (
        'Policy defaults changed: run tools/generate-sample-policy.sh')


def test_policy_generator_applies_overrides(tmp_path):
    """oslopolicy-policy-generator loads the enforcer entry point: the
    effective policy is the defaults with the operator's file over them."""
    overrides = tmp_path / 'policy.yaml'
    overrides.write_text('"os_compute_api:servers:create": "role:builder"\n')
    conf = tmp_path / 'nova.conf'
    conf.write_text('[oslo_policy]\npolicy_file = %s\n' % overrides)
    out = _run('oslopolicy-policy-generator', '--namespace', 'nova',
               '--config-file', str(conf))
    assert '"os_compute_api:servers:create": "role:builder"' in out
    assert '"os_compute_api:servers:delete": ' \
        '"rule:project_member_or_admin"' in out


def test_nova_policy_lists_what_a_reader_passes():
    out = _run('nova-policy', '--os-roles', 'reader', '--rule',
               'os_compute_api:servers:show', '--rule',
               'os_compute_api:servers:create', '--rule', 'get_network')
    assert out.split() == ['os_compute_api:servers:show', 'get_network']
