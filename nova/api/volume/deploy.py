"""Builds the Block Storage v3 API WSGI app over the built-in volume
service: the built-in services' pipeline (nova.api.service_pipeline) with
Cinder's fault format, the version documents at / and /v3/, and the route
table in router.py.
"""

from nova.api import service_pipeline
from nova.api.volume import faults
from nova.api.volume import router
from nova.api.volume import versions


def loadapp(conf):
    """The Block Storage API as one WSGI app."""
    return service_pipeline.build(
        conf, 'volume', 'Block Storage API', router.Router(),
        {'/': versions.versions, '/v3': versions.version},
        lambda: faults.internal().response(), _reject, too_large=_too_large)


def _reject(environ, start_response, message):
    return faults.bad_request(message).response()(environ, start_response)


def _too_large(text):
    return faults.CinderFault(413, text).response()
