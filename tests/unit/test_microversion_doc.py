"""The documented microversion history mirrors the list in code."""

import os
import re

from nova.api.openstack import microversions

DOC = os.path.join(os.path.dirname(__file__), '..', '..', 'doc', 'source',
                   'api', 'microversion_history.rst')


def test_every_version_is_documented():
    with open(DOC) as f:
        documented = re.findall(r'^(\d+\.\d+)$', f.read(), re.MULTILINE)
    assert documented == [version for version, _ in microversions.HISTORY]
