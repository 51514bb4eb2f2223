"""Refuses request bodies larger than [oslo_middleware] max_request_body_size.

oslo.middleware's sizelimit option and reader, with the 413 in the format
of the API that wraps it. A declared Content-Length over the limit is
refused before a byte of the body is read; a body without one (chunked)
is counted as the application reads it and stops at the limit.
"""

from oslo_middleware import sizelimit
import webob.exc

from nova.conf import middleware as middleware_opts


def message(limit):
    return ('Request body is larger than the %d bytes this API accepts '
            '([oslo_middleware] max_request_body_size).' % limit)


def plain_fault(text):
    """webob's own 413 (plain text or JSON as the client accepts)."""
    return webob.exc.HTTPRequestEntityTooLarge(explanation=text)


class _Reader(sizelimit.LimitingReader):
    """oslo's limiting reader, raising our message."""

    def _check(self):
        if self.bytes_read > self.limit:
            raise webob.exc.HTTPRequestEntityTooLarge(
                explanation=message(self.limit))

    def __iter__(self):
        for chunk in self.data:
            self.bytes_read += len(chunk)
            self._check()
            yield chunk

    def read(self, *args):
        result = self.data.read(*args)
        self.bytes_read += len(result)
        self._check()
        return result

    def readline(self, *args):
        result = self.data.readline(*args)
        self.bytes_read += len(result)
        self._check()
        return result


class BodyLimit:
    """WSGI middleware: 413 (made by fault(text)) for oversized bodies.

    exempt(environ) names requests with a limit of their own (image
    uploads, see nova.image.local).
    """

    def __init__(self, app, conf, fault=plain_fault, exempt=None):
        middleware_opts.register_api_opts(conf)
        self.app = app
        self.conf = conf
        self.fault = fault
        self.exempt = exempt

    def __call__(self, environ, start_response):
        if self.exempt is not None and self.exempt(environ):
            return self.app(environ, start_response)
        limit = self.conf.oslo_middleware.max_request_body_size
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
        except ValueError:
            length = 0
        if length > limit:
            return self.fault(message(limit))(environ, start_response)
        if not length and 'wsgi.input' in environ:
            environ['wsgi.input'] = _Reader(environ['wsgi.input'], limit)
        try:
            return self.app(environ, start_response)
        except webob.exc.HTTPRequestEntityTooLarge as e:
            return self.fault(e.explanation)(environ, start_response)


def declare(app):
    """Mark app as limiting its bodies itself (in its own fault format)."""
    app.limits_body = True
    return app


def ensure(app, conf):
    """app with a body limit: its own if declared, else the plain one.

    wsgi_server.Server calls this, so a new listener is limited too.
    """
    if getattr(app, 'limits_body', False):
        return app
    return declare(BodyLimit(app, conf))
