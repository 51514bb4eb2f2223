"""The OpenAPI documents kept in doc/source/api/openapi/, by file name.

tools/generate-openapi.py writes them; tests/unit/test_openapi.py fails
when the code and the files differ.
"""

import json

from nova.api.image import openapi as image_openapi
from nova.api.openstack import api_version
from nova.api.openstack import openapi as compute_openapi


def documents():
    """{file name: document} of every published description."""
    return {
        'compute-%s.json' % api_version.MIN:
            compute_openapi.compute_document(api_version.MIN),
        'compute-max.json':
            compute_openapi.compute_document(api_version.MAX),
        'image.json': image_openapi.document(),
    }


def render(document):
    """The stable text of a document as written to doc/."""
    return json.dumps(document, indent=1, sort_keys=True) + '\n'
