"""etc/nova/nova.conf.sample matches the options' declarations."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def test_sample_config_is_current(tmp_path):
    out = tmp_path / 'nova.conf.sample'
    generator = os.path.join(os.path.dirname(sys.executable),
                             'oslo-config-generator')
    subprocess.run([generator, '--config-file',
                    os.path.join(ROOT, 'etc/nova/nova-config-generator.conf'),
                    '--output-file', str(out)], check=True, cwd=ROOT,
                   capture_output=True)
    with open(os.path.join(ROOT, 'etc/nova/nova.conf.sample')) as f:
        committed = f.read()
    assert out.read_text() == committed, (
        'Options changed: run tools/generate-sample-config.sh')
