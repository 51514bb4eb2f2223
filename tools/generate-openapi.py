#!/usr/bin/env python3
"""Regenerates doc/source/api/openapi/*.json from the route tables."""

import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, ROOT)

from nova.api import openapi_doc  # noqa: E402

target = os.path.join(ROOT, 'doc', 'source', 'api', 'openapi')
os.makedirs(target, exist_ok=True)
for name, document in sorted(openapi_doc.documents().items()):
    with open(os.path.join(target, name), 'w') as out:
        out.write(openapi_doc.render(document))
    print('wrote', os.path.join('doc', 'source', 'api', 'openapi', name))
