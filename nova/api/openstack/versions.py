"""The version documents at / and /v2.1, served without authentication."""

from nova.api.openstack import api_version
from nova.api.openstack import wsgi

_V20 = {
    'id': 'v2.0',
    'status': 'SUPPORTED',
    'version': '',
    'min_version': '',
    'updated': '2011-01-21T11:33:21Z',
    'path': '/v2/',
}

_V21 = {
    'id': 'v2.1',
    'status': 'CURRENT',
    'version': str(api_version.MAX),
    'min_version': str(api_version.MIN),
    'updated': '2013-07-23T11:33:21Z',
    'path': '/v2.1/',
}

_MEDIA_TYPE = 'application/vnd.openstack.compute+json;version=%s'


def _summary(version, prefix):
    doc = {k: v for k, v in version.items() if k != 'path'}
    doc['links'] = [{'rel': 'self', 'href': prefix + version['path']}]
    return doc


def _detail(version, prefix):
    doc = _summary(version, prefix)
    doc['links'].append({'rel': 'describedby', 'type': 'text/html',
                         'href': 'http://docs.openstack.org/'})
    doc['media-types'] = [{
        'base': 'application/json',
        'type': _MEDIA_TYPE % version['id'][1:]}]
    return doc


def version_document(version_id, prefix):
    """{'version': ...} of version_id ('v2.0', 'v2.1'); None if unknown."""
    version = {v['id']: v for v in (_V20, _V21)}.get(version_id)
    return {'version': _detail(version, prefix)} if version else None


def all_versions(environ, start_response):
    """GET /: every major version (300 Multiple Choices elsewhere)."""
    req = wsgi.Request(environ)
    prefix = req.link_prefix()
    body = {'versions': [_summary(v, prefix) for v in (_V20, _V21)]}
    status = 200 if req.path_info in ('', '/') else 300
    return wsgi.json_response(body, status)(environ, start_response)


def version_v21(environ, start_response):
    req = wsgi.Request(environ)
    return wsgi.json_response({'version': _detail(_V21, req.link_prefix())})(
        environ, start_response)


def version_v20(environ, start_response):
    req = wsgi.Request(environ)
    return wsgi.json_response({'version': _detail(_V20, req.link_prefix())})(
        environ, start_response)
