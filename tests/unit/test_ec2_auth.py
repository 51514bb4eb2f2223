"""EC2 request signatures (SigV2, SigV4), credentials and the Keystone
ec2tokens seam, checked with the clients' own signers in process."""

import datetime
import http.server
import json
import threading
from urllib import parse

import pytest
import webob

from nova.api.ec2 import auth
from nova.api.ec2 import credentials
from nova.api.ec2 import deploy
from nova.api.ec2 import faults
from nova.api.ec2 import signature

HOST = 'ec2.test:8773'


def _botocore_request(access, secret, params, path='/'):
    """A webob request signed by botocore's SigV4 signer, as boto3 sends."""
    from botocore import auth as bc_auth
    from botocore import awsrequest
    from botocore import credentials as bc_credentials
    body = parse.urlencode(params)
    aws = awsrequest.AWSRequest(
        method='POST', url='http://%s%s' % (HOST, path), data=body,
        headers={'Content-Type':
                 'application/x-www-form-urlencoded; charset=utf-8'})
    bc_auth.SigV4Auth(bc_credentials.Credentials(access, secret), 'ec2',
                      'nova').add_auth(aws)
    req = webob.Request.blank(path, method='POST', base_url='http://' + HOST)
    req.headers['Host'] = HOST
    for key, value in aws.headers.items():
        req.headers[key] = value
    req.body = body.encode()
    return req


def _boto2_v2_request(access, secret, params):
    """A GET signed with boto 2's SigV2 handler."""
    from boto import auth as boto_auth
    from boto import connection
    from boto import provider

    class Config:
        def get(self, *args, **kwargs):
            return kwargs.get('default')
    handler = boto_auth.QuerySignatureV2AuthHandler(
        HOST, Config(), provider.Provider('aws', access, secret))
    http_request = connection.HTTPRequest(
        'GET', 'http', HOST.split(':')[0], 8773, '/services/Cloud',
        '/services/Cloud', dict(params), {}, '')
    http_request.host = HOST
    handler.add_auth(http_request)
    req = webob.Request.blank(http_request.path, base_url='http://' + HOST)
    req.headers['Host'] = HOST
    return req


def test_sigv4_of_botocore_matches():
    req = _botocore_request('AK', 'SECRET', {'Action': 'DescribeRegions',
                                             'Version': '2016-11-15'})
    signed = signature.parse_request(req, dict(req.POST.items()))
    assert signed.version == 4 and signed.access == 'AK'
    assert signed.matches('SECRET')
    assert not signed.matches('OTHER')


def test_sigv4_tampered_body_fails():
    req = _botocore_request('AK', 'SECRET', {'Action': 'DescribeRegions'})
    req.body = b'Action=TerminateInstances&InstanceId.1=i-00000001'
    signed = signature.parse_request(req, dict(req.POST.items()))
    assert not signed.matches('SECRET')


def test_sigv2_of_boto2_matches():
    params = {'Action': 'DescribeInstances', 'Version': '2014-10-01',
              'InstanceId.1': 'i-00000001'}
    req = _boto2_v2_request('AK2', 'SECRET2', params)
    params = dict(req.GET.items())
    assert params['SignatureVersion'] == '2'
    signed = signature.parse_request(req, params)
    assert signed.version == 2 and signed.matches('SECRET2')
    params['InstanceId.1'] = 'i-00000002'
    assert not signature.parse_request(req, params).matches('SECRET2')


def test_unsigned_request_is_refused():
    req = webob.Request.blank('/?Action=DescribeRegions')
    with pytest.raises(faults.EC2Error) as error:
        signature.parse_request(req, dict(req.GET.items()))
    assert error.value.status == 401


def test_old_or_future_requests_fail():
    req = _botocore_request('AK', 'S', {'Action': 'DescribeRegions'})
    signed = signature.parse_request(req, dict(req.POST.items()))
    assert signed.matches('S')
    signature.check_time(signed, 300)
    for minutes in (20, -20):
        later = signed.time + datetime.timedelta(minutes=minutes)
        with pytest.raises(faults.EC2Error) as error:
            signature.check_time(signed, 300, now=later)
        assert error.value.code == 'AuthFailure'
    signature.check_time(signed, 3600, now=signed.time +
                         datetime.timedelta(minutes=20))


def test_expires_of_sigv2():
    req = webob.Request.blank('/', base_url='http://' + HOST)
    params = {'AWSAccessKeyId': 'AK', 'Signature': 'x',
              'SignatureVersion': '2', 'SignatureMethod': 'HmacSHA256',
              'Expires': '2001-01-01T00:00:00Z', 'Action': 'X'}
    signed = signature.parse_request(req, params)
    with pytest.raises(faults.EC2Error):
        signature.check_time(signed, 300)


def test_local_credentials_authenticate(conf, db, admin_context):
    access, secret = credentials.create(admin_context, 'alice', 'proj')
    req = _botocore_request(access, secret, {'Action': 'DescribeRegions'})
    context = auth.authenticate(conf, req, dict(req.POST.items()), 'req-1')
    assert (context.user_id, context.project_id, context.is_admin) == (
        'alice', 'proj', False)
    bad = _botocore_request(access, 'wrong', {'Action': 'DescribeRegions'})
    with pytest.raises(faults.EC2Error) as error:
        auth.authenticate(conf, bad, dict(bad.POST.items()), 'req-2')
    assert error.value.code == 'AuthFailure'


def test_app_answers_errors_as_ec2_documents(conf, db, admin_context):
    access, secret = credentials.create(admin_context, 'admin', 'admin')
    app = deploy.loadapp(conf)
    req = _botocore_request(access, secret, {'Action': 'NoSuchAction',
                                             'Version': '2016-11-15'})
    resp = req.get_response(app)
    assert resp.status_int == 400
    assert b'<Code>InvalidAction</Code>' in resp.body
    assert b'<RequestID>req-' in resp.body
    req = _botocore_request(access, secret, {'Action': 'DescribeRegions',
                                             'Version': '2016-11-15'},
                            path='/services/Cloud')
    resp = req.get_response(app)
    assert resp.status_int == 200
    assert b'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"' in resp.body
    assert b'<regionName>nova</regionName>' in resp.body
    req = _botocore_request(access, 'bad', {'Action': 'DescribeRegions'})
    resp = req.get_response(app)
    assert resp.status_int == 401 and b'AuthFailure' in resp.body


class _Keystone(http.server.BaseHTTPRequestHandler):
    """A tiny ec2tokens endpoint: accepts one access key."""
    seen = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(
            self.headers['Content-Length'])))
        self.seen.append(body)
        creds = body['credentials']
        if creds['access'] != 'good-access':
            self.send_response(401)
            self.end_headers()
            return
        payload = json.dumps({'token': {
            'user': {'id': 'kuser'}, 'project': {'id': 'kproject'},
            'roles': [{'name': 'member'}]}}).encode()
        self.send_response(200)
        self.send_header('X-Subject-Token', 'tok-1')
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def keystone(conf):
    server = http.server.HTTPServer(('127.0.0.1', 0), _Keystone)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    conf.set_override('auth_strategy', 'keystone', group='api')
    conf.set_override('keystone_ec2tokens_url',
                      'http://127.0.0.1:%d/v3/ec2tokens'
                      % server.server_port, group='ec2')
    yield _Keystone.seen
    server.shutdown()
    server.server_close()


def test_keystone_ec2tokens(conf, keystone):
    req = _botocore_request('good-access', 'any', {
        'Action': 'DescribeRegions'})
    context = auth.authenticate(conf, req, dict(req.POST.items()), 'r')
    assert (context.user_id, context.project_id, context.auth_token) == (
        'kuser', 'kproject', 'tok-1')
    sent = keystone[-1]['credentials']
    assert sent['access'] == 'good-access'
    assert sent['host'] == HOST and sent['verb'] == 'POST'
    assert sent['headers']['Authorization'].startswith('AWS4-HMAC-SHA256')
    assert len(sent['body_hash']) == 64
    req = _botocore_request('bad-access', 'any', {
        'Action': 'DescribeRegions'})
    with pytest.raises(faults.EC2Error) as error:
        auth.authenticate(conf, req, dict(req.POST.items()), 'r')
    assert error.value.code == 'AuthFailure'


def test_policy_binds_ec2_callers(conf, db, admin_context, tmp_path):
    from nova import policy
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"os_compute_api:os-keypairs:index": "!"\n'
                           '"os_compute_api:os-keypairs:create": "!"\n')
    policy.get_enforcer()  # registers the [oslo_policy] options
    conf.set_override('policy_file', str(policy_file), group='oslo_policy')
    policy._ENFORCER = None
    try:
        access, secret = credentials.create(admin_context, 'carol', 'p')
        app = deploy.loadapp(conf)
        req = _botocore_request(access, secret, {
            'Action': 'DescribeKeyPairs', 'Version': '2016-11-15'})
        resp = req.get_response(app)
        assert resp.status_int == 403
        assert b'<Code>UnauthorizedOperation</Code>' in resp.body
        req = _botocore_request(access, secret, {
            'Action': 'DescribeRegions', 'Version': '2016-11-15'})
        assert req.get_response(app).status_int == 200
    finally:
        policy._ENFORCER = None
