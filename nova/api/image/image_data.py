"""The /v2/images/{image_id}/file handlers: upload and download data."""

import re

import webob
import webob.exc

from nova.api.image import images

_UPLOAD_PATH = re.compile(r'^/v2/images/[^/]+/file/?$')

# Statuses of an image that has no data yet.
_NO_DATA = ('queued', 'saving', 'uploading', 'importing')


def _body(req):
    """The request body as a stream, chunked transfer encoding included."""
    if req.content_length is None and req.environ.get(
            'HTTP_TRANSFER_ENCODING', '').lower() == 'chunked':
        # The server de-chunks; read wsgi.input to its end.
        return req.environ['wsgi.input']
    return req.body_file


def is_upload(environ):
    """Whether environ is an image data upload (limited by the store)."""
    return environ.get('REQUEST_METHOD') == 'PUT' and bool(
        _UPLOAD_PATH.match(environ.get('PATH_INFO', '')))


def upload(req, image_id):
    """PUT /v2/images/{image_id}/file: store a queued image's data (204)."""
    if req.content_type != 'application/octet-stream':
        raise webob.exc.HTTPUnsupportedMediaType(
            explanation='Upload image data as application/octet-stream.')
    images.store(req).upload(images.context(req), image_id, _body(req),
                             size=req.content_length)
    return webob.Response(status=204, content_type=None)


def download(req, image_id):
    """GET /v2/images/{image_id}/file: 200 with the data, 204 without."""
    store = images.store(req)
    image = store.get(images.context(req), image_id)
    if image['status'] in _NO_DATA:
        return webob.Response(status=204, content_type=None)
    data = store.download(images.context(req), image_id)
    resp = webob.Response(status=200, content_type='application/octet-stream',
                          app_iter=data)
    resp.content_length = image['size']
    if image.get('checksum'):
        # Glance sends the md5 as hex here (not base64 as RFC 1864 says).
        resp.headers['Content-MD5'] = image['checksum']
    return resp
