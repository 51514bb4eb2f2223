"""Bad input answers 4xx, never 5xx, on every API of the all-in-one.

One regression test per root cause the hostile-user fuzzing found
(issue 15), over HTTP against a real cloud (Compute, image, EC2 and
metadata listeners of nova-all).
"""

import socket
from urllib import parse
from xml.etree import ElementTree

import botocore.exceptions
import pytest
import requests

from tests.functional import ec2_cloud

DEEP = '{"a":' * 5000 + '1' + '}' * 5000


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    running = ec2_cloud.start(tmp_path_factory.mktemp('bad-input'))
    yield running
    running.stop()


@pytest.fixture(scope='module')
def ec2(cloud):
    return ec2_cloud.boto3_client(cloud, *ec2_cloud.credentials(cloud))


@pytest.fixture(scope='module')
def server(cloud):
    api = cloud.api
    image = api.get('/images').json()['images'][0]['id']
    resp = api.post('/servers', json={'server': {
        'name': 'bad-input', 'imageRef': image, 'flavorRef': '1'}})
    assert resp.status_code == 202, resp.text
    return api.wait_for_status(resp.json()['server']['id'], 'ACTIVE')


def _image_headers():
    return {'X-Auth-Token': 'admin:admin'}


def _fault(resp, code=400):
    assert resp.status_code == code, resp.text
    name = {400: 'badRequest', 409: 'conflict'}[code]
    return resp.json()[name]['message']


def test_invalid_utf8_in_path_is_400(cloud):
    """Root cause: the router decoded PATH_INFO as UTF-8 and the
    UnicodeDecodeError escaped as a 500; input_check.Guard now refuses
    paths and query strings that are not UTF-8 on every listener."""
    assert 'UTF-8' in _fault(cloud.api.get('/os-keypairs/%FF%FE'))
    assert 'UTF-8' in _fault(cloud.api.get('/servers?name=%FF'))
    resp = requests.get(cloud.image_endpoint + '/v2/images/%FF',
                        headers=_image_headers(), timeout=30)
    assert resp.status_code == 400
    resp = requests.get(cloud.metadata_endpoint + '/latest/%FF%FE',
                        timeout=30)
    assert resp.status_code == 400


def test_nul_in_path_is_400(cloud):
    """Root cause: a NUL from the path reached the database (PostgreSQL
    refuses NUL in text); the Guard refuses it up front."""
    assert 'NUL' in _fault(cloud.api.get('/os-keypairs/a%00b'))


def test_deeply_nested_json_is_400(cloud):
    """Root cause: json.loads raised RecursionError, not ValueError, on
    deep nesting, so it escaped as a 500; input_check.load_json refuses
    documents nested deeper than 32 levels."""
    resp = cloud.api.post('/os-keypairs', data=DEEP,
                          headers={'Content-Type': 'application/json'})
    assert 'nests deeper' in _fault(resp)
    resp = requests.post(cloud.image_endpoint + '/v2/images', data=DEEP,
                         headers=dict(_image_headers(),
                                      **{'Content-Type':
                                         'application/json'}), timeout=30)
    assert resp.status_code == 400


def test_lone_surrogate_is_400(cloud):
    """Root cause: JSON's "\\ud800" decodes to a str that cannot be
    encoded as UTF-8, so the database driver failed with a 500;
    load_json refuses strings and keys holding lone surrogates."""
    body = '{"server": {"name": "\\ud800", "imageRef": "x", ' \
           '"flavorRef": "1"}}'
    resp = cloud.api.post('/servers', data=body,
                          headers={'Content-Type': 'application/json'})
    assert 'surrogate' in _fault(resp)
    resp = requests.post(cloud.image_endpoint + '/v2/images',
                         data='{"name": "\\udfff"}',
                         headers=dict(_image_headers(),
                                      **{'Content-Type':
                                         'application/json'}), timeout=30)
    assert resp.status_code == 400


def test_duplicate_network_cidr_is_409(cloud):
    """Root cause: a second network on an existing range inserted fixed
    IPs that collided with the first one's (DBDuplicateEntry, 500); the
    overlap is now checked before anything is written."""
    api = cloud.api
    first = api.post('/os-networks', json={'network': {
        'label': 'dup-a', 'cidr': '10.201.0.0/28'}})
    assert first.status_code == 200, first.text
    before = len(api.get('/os-networks').json()['networks'])
    for cidr in ('10.201.0.0/28', '10.201.0.8/29', '10.201.0.0/27'):
        resp = api.post('/os-networks', json={'network': {
            'label': 'dup-b', 'cidr': cidr}})
        assert 'overlaps' in _fault(resp, 409)
    # Nothing half-made is left behind.
    assert len(api.get('/os-networks').json()['networks']) == before


def test_integers_beyond_64_bits_in_ids_are_4xx(cloud):
    """Root cause: SQLite raises OverflowError for ints past 64 bits,
    wrapped as DBError (500); the fault layer answers 400 for it."""
    huge = str(2 ** 70)
    for method, path in (('GET', '/os-aggregates/'),
                         ('GET', '/os-security-groups/'),
                         ('GET', '/os-floating-ips/'),
                         ('DELETE', '/os-services/')):
        resp = cloud.api.request(method, path + huge)
        assert resp.status_code in (400, 404), (path, resp.text)


def test_unbounded_backup_type_is_400(cloud, server):
    """Root cause: backup_type had no maxLength, so MariaDB refused the
    value (DBDataError, 500); every string property without a maxLength
    now gets the default bound of the name columns (validation.bounded)."""
    resp = cloud.api.post('/servers/%s/action' % server['id'], json={
        'createBackup': {'name': 'b', 'backup_type': 'x' * 300,
                         'rotation': 1}})
    assert 'longer than 255' in _fault(resp)


def _ec2_error(call):
    with pytest.raises(botocore.exceptions.ClientError) as info:
        call()
    error = info.value.response
    assert error['ResponseMetadata']['HTTPStatusCode'] == 400, error
    return error['Error']


def test_ec2_group_name_is_bounded(ec2):
    """Root cause: EC2 parameters were stored unchecked, so a long
    GroupName failed in MariaDB (DBDataError, 500); request.check_params
    bounds every value by its column."""
    error = _ec2_error(lambda: ec2.create_security_group(
        GroupName='g' * 300, Description='d'))
    assert error['Code'] == 'InvalidParameterValue'
    assert 'longer than 255' in error['Message']


def test_ec2_nul_is_refused_and_never_reflected(cloud, ec2):
    """Root cause: a NUL in a parameter was echoed into the XML answer,
    which no XML parser accepts; the parser refuses NUL and the writers
    replace characters XML cannot carry."""
    error = _ec2_error(lambda: ec2.create_security_group(
        GroupName='a\x00b', Description='d'))
    assert error['Code'] == 'InvalidParameterValue'
    # Unsigned raw request: the error document is still well-formed XML.
    resp = requests.get(cloud.ec2_endpoint, params={
        'Action': 'Describe\x00Regions'}, timeout=30)
    assert resp.status_code == 400
    ElementTree.fromstring(resp.content)


def _new_image():
    return {'name': 'upload', 'disk_format': 'raw',
            'container_format': 'bare'}


def _raw_put(cloud, image_id, headers, body):
    url = parse.urlparse(cloud.image_endpoint)
    with socket.create_connection((url.hostname, url.port),
                                  timeout=60) as sock:
        sock.sendall(('PUT /v2/images/%s/file HTTP/1.1\r\nHost: x\r\n'
                      'X-Auth-Token: admin:admin\r\nConnection: close\r\n'
                      'Content-Type: application/octet-stream\r\n%s\r\n'
                      % (image_id, headers)).encode() + body)
        sock.shutdown(socket.SHUT_WR)
        answer = b''
        while True:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    return int(answer.split(b' ', 2)[1])


@pytest.mark.parametrize('headers,body', [
    ('Content-Length: 100\r\n', b'abc'),
    ('Content-Length: abc\r\n', b'abc'),
    ('Content-Length: -5\r\n', b'abc'),
    ('Content-Length: %d\r\n' % 2 ** 80, b'abc'),
    ('Transfer-Encoding: chunked\r\n', b'zz\r\nabc\r\n0\r\n\r\n'),
    ('Transfer-Encoding: chunked\r\n', b'10\r\nabc'),
], ids=['truncated', 'not-a-number', 'negative', 'huge', 'bad-chunk-size',
        'truncated-chunk'])
def test_image_upload_with_bad_length_is_400(cloud, headers, body):
    """Root cause: webob and the server raise IOError or ValueError while
    reading a body shorter than its Content-Length or badly chunked, and
    the upload let them escape as a 500; image_data._Body answers 400 and
    the image stays queued for a retry."""
    endpoint = cloud.image_endpoint + '/v2/images'
    image = requests.post(endpoint, json=_new_image(),
                          headers=_image_headers(), timeout=30).json()
    # A Content-Length past the image size cap is refused as too large.
    assert _raw_put(cloud, image['id'], headers, body) in (
        (400, 413) if 'Content-Length: %d' % 2 ** 80 in headers else (400,))
    url = '%s/%s' % (endpoint, image['id'])
    assert requests.get(url, headers=_image_headers(),
                        timeout=30).json()['status'] == 'queued'
    resp = requests.put(url + '/file', data=b'0123456789', headers=dict(
        _image_headers(), **{'Content-Type': 'application/octet-stream'}),
        timeout=30)
    assert resp.status_code == 204
    assert requests.get(url, headers=_image_headers(),
                        timeout=30).json()['size'] == 10
