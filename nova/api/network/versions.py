"""The version document (/) and the v2.0 resource list (/v2.0)."""

import json

import webob

# The collections the resource list names, as Neutron lists them.
COLLECTIONS = (('network', 'networks'), ('subnet', 'subnets'),
               ('security_group', 'security-groups'),
               ('security_group_rule', 'security-group-rules'),
               ('port', 'ports'), ('floatingip', 'floatingips'),
               ('quota', 'quotas'))


def versions(environ, start_response):
    req = webob.Request(environ)
    body = {'versions': [{
        'id': 'v2.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': req.host_url +
                   req.script_name + '/v2.0/'}]}]}
    resp = webob.Response(content_type='application/json', charset='UTF-8')
    resp.text = json.dumps(body)
    return resp(environ, start_response)


def resources(req):
    base = req.host_url + req.script_name + '/v2.0/'
    return {'resources': [
        {'name': name, 'collection': collection,
         'links': [{'rel': 'self', 'href': base + collection}]}
        for name, collection in COLLECTIONS]}
