"""The EC2, image, metadata and Neutron APIs answer a database outage
with 503 + Retry-After in their own formats, and work again after it.

One split cloud on MariaDB, its database reached through a TCP proxy the
test cuts (the Compute API's own outage answers are test_faults.py's).
"""

import urllib.parse
import uuid

import botocore.config
import botocore.exceptions
import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional import ec2_cloud
from tests.functional import tcp_proxy

RETRY_AFTER = '3'


@pytest.fixture(scope='module')
def outage_cloud(tmp_path_factory):
    """Split daemons with nova-api-ec2 and nova-api-metadata, MariaDB
    through a proxy."""
    running = cloud_lib.Cloud(
        tmp_path_factory.mktemp('outages'), database='mysql', split=True,
        ec2_metadata=True, options=dict(
            ec2_cloud.OPTIONS, **{'api.outage_retry_after': RETRY_AFTER}))
    port = urllib.parse.urlsplit(
        cloud_lib.MYSQL_URL.replace('+pymysql', '')).port or 3306
    database = tcp_proxy.TcpProxy('127.0.0.1', port)
    running.options['database.connection'] = running.db.url.replace(
        '127.0.0.1:%d' % port, '127.0.0.1:%d' % database.port)
    running.database_proxy = database
    try:
        running.start()
        access, secret = ec2_cloud.credentials(running)
        import boto3
        # No client-side retries: the test reads the first answer.
        running.ec2 = boto3.client(
            'ec2', endpoint_url=running.ec2_endpoint, region_name='nova',
            aws_access_key_id=access, aws_secret_access_key=secret,
            config=botocore.config.Config(
                retries={'total_max_attempts': 1}))
        yield running
    finally:
        running.stop()
        database.stop()


def _ec2(cloud):
    """(status, error code or None, Retry-After) of DescribeInstances."""
    try:
        cloud.ec2.describe_instances()
        return 200, None, None
    except botocore.exceptions.ClientError as error:
        meta = error.response['ResponseMetadata']
        return (meta['HTTPStatusCode'], error.response['Error']['Code'],
                meta['HTTPHeaders'].get('retry-after'))


def _http(cloud):
    """Answers of the image, metadata and Neutron APIs, by name."""
    token = {'X-Auth-Token': 'admin:admin', 'Accept': 'application/json'}
    unknown = str(uuid.uuid4())
    from nova.api.metadata import lookup
    return {
        'image': requests.get(cloud.image_endpoint + '/v2/images',
                              headers=token, timeout=60),
        'neutron': requests.get(cloud.network_endpoint + '/v2.0/networks',
                                headers=token, timeout=60),
        'metadata': requests.get(
            cloud.metadata_endpoint + '/latest/meta-data/', headers={
                'X-Instance-ID': unknown,
                'X-Instance-ID-Signature': lookup.sign(
                    unknown, ec2_cloud.SECRET)}, timeout=60),
    }


def test_database_outage_is_503_with_retry_after_everywhere(outage_cloud):
    assert _ec2(outage_cloud)[0] == 200
    before = _http(outage_cloud)
    assert before['image'].status_code == 200, before['image'].text
    assert before['neutron'].status_code == 200, before['neutron'].text
    assert before['metadata'].status_code == 404, before['metadata'].text

    outage_cloud.database_proxy.cut()
    try:
        status, code, retry_after = _ec2(outage_cloud)
        assert (status, code, retry_after) == (
            503, 'ServiceUnavailable', RETRY_AFTER)
        during = _http(outage_cloud)
    finally:
        outage_cloud.database_proxy.restore()
    for name, resp in during.items():
        assert resp.status_code == 503, (name, resp.text)
        assert resp.headers.get('Retry-After') == RETRY_AFTER, name
    assert during['neutron'].json()['NeutronError']['type'] == \
        'ServiceUnavailable'
    assert 'unavailable' in during['image'].json()['message']
    assert 'Retry' in during['metadata'].text

    assert _ec2(outage_cloud)[0] == 200
    after = _http(outage_cloud)
    assert after['image'].status_code == 200, after['image'].text
    assert after['neutron'].status_code == 200, after['neutron'].text
    assert after['metadata'].status_code == 404, after['metadata'].text
