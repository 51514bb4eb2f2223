"""The EC2 query API as a WSGI app: authenticate, dispatch, render.

Every request, GET or POST, at / or /services/Cloud: the parameters are
parsed (request.py), the signature checked (auth.py), the action found
in actions.ACTIONS and its result rendered as XML (xml.py). Any failure
is the EC2 error document (faults.py) with the request id.
"""

import time

from oslo_log import log as logging
from oslo_utils import uuidutils
import webob
import webob.dec

from nova.api import body_limit
from nova.api import operations
from nova.api.ec2 import actions
from nova.api.ec2 import auth
from nova.api.ec2 import faults
from nova.api.ec2 import policy_rules
from nova.api.ec2 import request
from nova.api.ec2 import xml

LOG = logging.getLogger(__name__)

PATHS = ('/', '/services/Cloud')


class EC2App:
    """Answers EC2 query requests."""

    def __init__(self, conf):
        self.conf = conf

    @webob.dec.wsgify
    def __call__(self, req):
        request_id = 'req-' + uuidutils.generate_uuid()
        start = time.monotonic()
        action = None
        try:
            if req.path.rstrip('/') not in ('',) + PATHS[1:]:
                raise faults.EC2Error('InvalidURI', 'Unknown path %s; send '
                                      'requests to / or /services/Cloud.'
                                      % req.path, 404)
            if req.method not in ('GET', 'POST'):
                raise faults.EC2Error('InvalidHttpRequest',
                                      'Use GET or POST.', 405)
            params = request.params_of(req)
            action = params.get('Action')
            if not action:
                raise faults.EC2Error('MissingAction',
                                      'The request must name an Action.')
            context = auth.authenticate(self.conf, req, params, request_id)
            handler = actions.ACTIONS.get(action)
            if handler is None:
                raise faults.EC2Error(
                    'InvalidAction',
                    'The action %s is not valid for this web service.'
                    % action)
            # Known actions only: the metrics' label set stays bounded.
            req.environ['nova.route'] = 'Action=' + action
            policy_rules.authorize(context, action)
            result = handler(context, request.nest(params))
            body = xml.render(action, params.get('Version'), request_id,
                              result)
            resp = webob.Response(body=body, status=200,
                                  content_type='text/xml', charset=None)
        except Exception as e:
            error = faults.from_exception(e)
            if error.status == 503:
                LOG.warning('EC2 %s answered 503: %s: %s', action,
                            type(e).__name__, e)
            elif error.status >= 500:
                LOG.exception('EC2 %s failed', action)
            resp = webob.Response(
                body=faults.error_document(error, request_id),
                status=error.status, content_type='text/xml', charset=None)
            resp.headers.update(error.headers)
        resp.headers['x-amzn-RequestId'] = request_id
        LOG.info('EC2 %s %s -> %s in %.3fs', req.remote_addr, action,
                 resp.status_int, time.monotonic() - start)
        return resp


def loadapp(conf):
    """The EC2 API as one WSGI app, configured by conf."""
    return body_limit.declare(operations.wrap(body_limit.BodyLimit(
        EC2App(conf), conf, fault=_too_large), conf, 'ec2'))


def _too_large(text):
    error = faults.too_large(text)
    request_id = 'req-' + uuidutils.generate_uuid()
    return webob.Response(body=faults.error_document(error, request_id),
                          status=error.status, content_type='text/xml',
                          charset=None)
