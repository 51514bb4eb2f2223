"""GET /versions/{version_id} inside the Compute API: one major version's
document, as the unauthenticated /v2.1 and /v2 documents show it."""

from nova.api.openstack.compute.schemas import versions as schema
from nova.api.openstack import versions
from nova.api.openstack import wsgi


@wsgi.api(errors=(404,), query=schema.show_query)
def show(req, version_id):
    document = versions.version_document(version_id, req.link_prefix())
    if document is None:
        raise wsgi.Fault(404, 'Version %s could not be found.' % version_id)
    return document


ROUTES = [
    ('/versions/{version_id}', {'GET': show}),
]
