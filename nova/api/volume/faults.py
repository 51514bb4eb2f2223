"""Cinder's error answers: {"<name>": {"code": N, "message": "..."}}.

The name follows the status (badRequest, itemNotFound, ...); nova
exceptions of the volume service become one by their status.
"""

import json

import webob

from nova import exception
from nova import outages

_NAMES = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
          404: 'itemNotFound', 405: 'badMethod', 406: 'notAcceptable',
          409: 'conflictingRequest', 413: 'overLimit',
          415: 'badMediaType', 429: 'overLimit', 501: 'notImplemented',
          503: 'serviceUnavailable'}


class CinderFault(Exception):
    """An error answer: HTTP status and message."""

    def __init__(self, code, message, headers=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = headers or {}

    def response(self):
        name = _NAMES.get(self.code, 'computeFault')
        resp = webob.Response(status=self.code,
                              content_type='application/json',
                              charset='UTF-8')
        resp.headers.update(self.headers)
        resp.text = json.dumps({name: {'code': self.code,
                                       'message': self.message}})
        return resp


def bad_request(message):
    return CinderFault(400, message)


def not_found(message='The resource could not be found.'):
    return CinderFault(404, message)


def internal():
    return CinderFault(500, 'The server has either erred or is incapable '
                            'of performing the requested operation.')


def outage(error):
    """A 503 with Retry-After if error is a database or bus outage, else
    None."""
    message = outages.message(error)
    if message is None:
        return None
    return CinderFault(503, message,
                       headers={'Retry-After': outages.retry_after()})


def from_nova(error):
    """The CinderFault answering a nova exception."""
    code = error.code if isinstance(error.code, int) else 500
    if code >= 500 and not getattr(error, 'safe', False):
        return internal()
    if isinstance(error, exception.OverQuota):
        # Cinder answers a quota a request would exceed with 413.
        code = 413
    return CinderFault(code, error.format_message())
