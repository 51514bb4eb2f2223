"""The version documents (/ and /v3/) and microversion negotiation.

Only 3.0 is served: a request for another version (OpenStack-API-Version:
volume 3.x) is answered 406, as Cinder answers a version out of range.
"""

import json

import webob

from nova.api.volume import faults

MIN_VERSION = (3, 0)
MAX_VERSION = (3, 0)
HEADER = 'OpenStack-API-Version'
SERVICE = 'volume'
UPDATED = '2026-12-06T00:00:00Z'


def _text(version):
    return '%d.%d' % version


def document(req):
    """The description of v3, linking to req's host."""
    return {
        'id': 'v3.0', 'status': 'CURRENT', 'updated': UPDATED,
        'version': _text(MAX_VERSION), 'min_version': _text(MIN_VERSION),
        'links': [{'rel': 'self',
                   'href': req.host_url + req.script_name + '/v3/'}],
        'media-types': [{'base': 'application/json',
                         'type': 'application/'
                                 'vnd.openstack.volume+json;version=3'}],
    }


def _answer(environ, start_response, status):
    req = webob.Request(environ)
    resp = webob.Response(status=status, content_type='application/json',
                          charset='UTF-8')
    resp.text = json.dumps({'versions': [document(req)]})
    return resp(environ, start_response)


def versions(environ, start_response):
    """GET /: every version (one), 300 Multiple Choices as Cinder."""
    return _answer(environ, start_response, 300)


def version(environ, start_response):
    """GET /v3/: the v3 document."""
    return _answer(environ, start_response, 200)


def requested(req):
    """The microversion req asks for (3.0 without the header); a
    CinderFault for a malformed or unsupported one."""
    header = req.headers.get(HEADER, '')
    wanted = None
    for item in header.split(','):
        service, _sep, value = item.strip().partition(' ')
        if service.lower() == SERVICE:
            wanted = value.strip()
    if not wanted:
        return MIN_VERSION
    if wanted == 'latest':
        return MAX_VERSION
    try:
        major, minor = (int(part) for part in wanted.split('.'))
    except ValueError:
        raise faults.bad_request(
            'API Version String %s is of invalid format. Must be of format '
            'MajorNum.MinorNum.' % wanted)
    if not MIN_VERSION <= (major, minor) <= MAX_VERSION:
        raise faults.CinderFault(
            406, 'Version %s is not supported by the API. Minimum is %s '
                 'and maximum is %s.' % (wanted, _text(MIN_VERSION),
                                         _text(MAX_VERSION)))
    return (major, minor)


def stamp(resp, version):
    resp.headers[HEADER] = '%s %s' % (SERVICE, _text(version))
    resp.headers['Vary'] = HEADER
    return resp
