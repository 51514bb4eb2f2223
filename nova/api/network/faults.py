"""Neutron's error answers: {"NeutronError": {"type", "message", "detail"}}.

Handlers raise NeutronFault; nova exceptions of the built-in networking
become one by their class name and HTTP status.
"""

import json

import webob

from nova import exception


class NeutronFault(Exception):
    """An error answer: HTTP status, Neutron's type name and message."""

    def __init__(self, code, type_name, message):
        super().__init__(message)
        self.code = code
        self.type_name = type_name
        self.message = message

    def response(self):
        body = {'NeutronError': {'type': self.type_name,
                                 'message': self.message, 'detail': ''}}
        resp = webob.Response(status=self.code,
                              content_type='application/json',
                              charset='UTF-8')
        resp.text = json.dumps(body)
        return resp


def bad_request(message):
    return NeutronFault(400, 'HTTPBadRequest', message)


def invalid_input(message):
    return NeutronFault(400, 'InvalidInput',
                        'Invalid input for operation: %s.' % message)


def not_found(type_name, message):
    return NeutronFault(404, type_name, message)


def forbidden(message):
    return NeutronFault(403, 'HTTPForbidden', message)


def policy_not_authorized(action):
    return NeutronFault(403, 'PolicyNotAuthorized',
                        '(rule:%s) is disallowed by policy' % action)


def conflict(type_name, message):
    return NeutronFault(409, type_name, message)


# Built-in networking errors whose Neutron status differs from the
# Compute API's.
_CONFLICTS = ('SecurityGroupRuleExists', 'SecurityGroupInUse',
              'FloatingIpAssociated')


def from_nova(error):
    """The NeutronFault answering a nova exception."""
    code = error.code if isinstance(error.code, int) else 500
    if code >= 500 and not getattr(error, 'safe', False):
        return NeutronFault(500, 'HTTPInternalServerError',
                            'Request Failed: internal server error while '
                            'processing your request.')
    if isinstance(error, exception.OverQuota) or \
            type(error).__name__ in _CONFLICTS:
        code = 409
    type_name = getattr(error, 'neutron_type', None) or \
        type(error).__name__
    return NeutronFault(code, type_name, error.format_message())
