#!/usr/bin/env python3
"""Regenerates doc/notification_samples/*.json from the notification code."""

import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, ROOT)

import nova.conf  # noqa: E402
from nova.notifications import samples  # noqa: E402
from nova import objects  # noqa: E402

objects.register_all()
CONF = nova.conf.CONF
CONF([], project='nova', default_config_files=[])
target = os.path.join(ROOT, samples.SAMPLES_DIR)
os.makedirs(target, exist_ok=True)
wanted = samples.render_all(CONF)
for name in os.listdir(target):
    if name.endswith('.json') and name not in wanted:
        os.remove(os.path.join(target, name))
        print('removed', os.path.join(samples.SAMPLES_DIR, name))
for name, text in sorted(wanted.items()):
    with open(os.path.join(target, name), 'w') as out:
        out.write(text)
print('wrote %d samples to %s' % (len(wanted), samples.SAMPLES_DIR))
