"""EC2 errors and the XML error document every failure answers with."""

from xml.sax import saxutils

import webob.exc

from nova import exception


class EC2Error(Exception):
    """An error with its EC2 code (e.g. InvalidInstanceID.NotFound)."""

    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def auth_failure(message='AWS was not able to validate the provided '
                         'access credentials'):
    return EC2Error('AuthFailure', message, status=401)


def missing(name):
    return EC2Error('MissingParameter',
                    'The request must contain the parameter %s' % name)


def invalid(message):
    return EC2Error('InvalidParameterValue', message)


def too_large(message):
    return EC2Error('RequestEntityTooLarge', message, status=413)


# Compute errors as EC2 clients know them.
_BY_CLASS = (
    (exception.InstanceNotFound, 'InvalidInstanceID.NotFound'),
    (exception.ImageNotFound, 'InvalidAMIID.NotFound'),
    (exception.KeypairNotFound, 'InvalidKeyPair.NotFound'),
    (exception.KeyPairExists, 'InvalidKeyPair.Duplicate'),
    (exception.InstanceInvalidState, 'IncorrectInstanceState'),
    (exception.TooManyInstances, 'InstanceLimitExceeded'),
    (exception.OverQuota, 'ResourceLimitExceeded'),
    (exception.NotAuthorized, 'UnauthorizedOperation'),
    (exception.NotFound, 'InvalidParameterValue'),
    (exception.Invalid, 'InvalidParameterValue'),
    (exception.Conflict, 'IncorrectState'),
)


def from_exception(error):
    """The EC2Error for any exception (InternalError when unknown)."""
    if isinstance(error, EC2Error):
        return error
    if isinstance(error, webob.exc.HTTPRequestEntityTooLarge):
        return too_large(error.explanation)
    for cls, code in _BY_CLASS:
        if isinstance(error, cls):
            status = 403 if code == 'UnauthorizedOperation' else 400
            return EC2Error(code, error.format_message(), status)
    code = getattr(error, 'ec2_code', None)
    if code:
        return EC2Error(code, str(error))
    return EC2Error('InternalError', 'An internal error occurred: %s'
                    % type(error).__name__, status=500)


def error_document(error, request_id):
    """The <Response><Errors>... document boto and botocore parse."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Response><Errors><Error><Code>%s</Code><Message>%s</Message>'
            '</Error></Errors><RequestID>%s</RequestID></Response>' % (
                saxutils.escape(error.code), saxutils.escape(error.message),
                saxutils.escape(request_id))).encode()
