"""Validates EC2 signatures with Keystone's ec2tokens API (keystone mode).

Keystone lets only administrators and service users call /v3/ec2tokens
(policy identity:ec2tokens_validate): the request carries a token of the
[service_user] when that section names an auth_type (older Keystones
also answered anonymous requests).
"""

from keystoneauth1 import exceptions as ks_exc
import requests

from nova.api.ec2 import faults
from nova import service_auth


def credentials_body(signed, req, params):
    """The ec2tokens request body describing a signed request."""
    body = {'access': signed.access, 'signature': signed.signature,
            'host': req.host, 'verb': req.method, 'path': req.path or '/'}
    if signed.version == 4:
        body['params'] = dict(params)
        body['headers'] = dict(req.headers)
        body['body_hash'] = signed.body_hash()
    else:
        body['params'] = {k: v for k, v in params.items()
                          if k != 'Signature'}
    return {'credentials': body}


def validate(conf, signed, req, params):
    """(user_id, project_id, roles, token) Keystone vouches for."""
    headers = {}
    try:
        token = service_auth.service_user_token()
    except ks_exc.ClientException as e:
        raise faults.EC2Error('Unavailable', 'The service user cannot '
                              'authenticate with Keystone: %s' % e, 503)
    if token:
        headers['X-Auth-Token'] = token
    try:
        resp = requests.post(conf.ec2.keystone_ec2tokens_url,
                             json=credentials_body(signed, req, params),
                             headers=headers,
                             timeout=conf.ec2.keystone_timeout)
    except requests.RequestException as e:
        raise faults.EC2Error('Unavailable',
                              'Keystone cannot be reached: %s' % e, 503)
    if resp.status_code in (401, 403, 404):
        raise faults.auth_failure()
    if resp.status_code >= 300:
        raise faults.EC2Error('Unavailable', 'Keystone answered %d.'
                              % resp.status_code, 503)
    token = resp.json().get('token') or {}
    try:
        user_id = token['user']['id']
        project_id = token['project']['id']
    except (KeyError, TypeError):
        raise faults.auth_failure('Keystone returned a token without a '
                                  'project.')
    roles = [r['name'] for r in token.get('roles') or []]
    return user_id, project_id, roles, resp.headers.get('X-Subject-Token')
