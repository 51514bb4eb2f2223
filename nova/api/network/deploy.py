"""Builds the Neutron v2.0 API WSGI app over the built-in networking: the
built-in services' pipeline (nova.api.service_pipeline) with NeutronError
faults, the version document at / and /openapi.json, and the route table
in router.py.
"""

from nova.api.network import faults
from nova.api.network import openapi
from nova.api.network import router
from nova.api.network import versions
from nova.api import service_pipeline


def loadapp(conf):
    """The Neutron API as one WSGI app."""
    return service_pipeline.build(
        conf, 'network', 'Neutron API', router.Router(),
        {'/': versions.versions, '/openapi.json': openapi.serve},
        _internal_error, _reject, too_large=_too_large)


def _internal_error():
    return faults.NeutronFault(
        500, 'HTTPInternalServerError',
        'Request Failed: internal server error while processing your '
        'request.').response()


def _reject(environ, start_response, message):
    return faults.bad_request(message).response()(environ, start_response)


def _too_large(text):
    return faults.NeutronFault(413, 'HTTPRequestEntityTooLarge',
                               text).response()
