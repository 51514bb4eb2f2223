"""The image service's version documents at / and /versions (no token).

Like Glance, it lists the v2.x minor versions it serves, the newest
CURRENT; / answers 300 Multiple Choices, /versions 200. Clients pick v2
and call below its link (http://host:9292/v2/).
"""

from oslo_serialization import jsonutils
import webob

# v2.0 .. v2.7: images, tags, schemas, os_hidden and os_hash_* (Rocky).
CURRENT = 7


def document(host_url):
    link = host_url.rstrip('/') + '/v2/'
    return {'versions': [
        {'id': 'v2.%d' % minor,
         'status': 'CURRENT' if minor == CURRENT else 'SUPPORTED',
         'links': [{'rel': 'self', 'href': link}]}
        for minor in range(CURRENT, -1, -1)]}


def versions(environ, start_response):
    req = webob.Request(environ)
    status = 300 if req.path_info in ('', '/') else 200
    resp = webob.Response(status=status, content_type='application/json',
                          charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(document(req.host_url))
    return resp(environ, start_response)
