"""An all-in-one cloud for the EC2 and metadata tests, and EC2 clients.

Its metadata service trusts a proxy on 127.0.0.1 and shares a secret
with it, so tests can ask as any instance would; EC2 credentials come
from "nova-manage ec2 credentials create", as an operator makes them.
"""

import os
import subprocess
from urllib import parse

from tests.functional import cloud as cloud_lib

SECRET = 'metadata-proxy-secret'
OPTIONS = {'metadata.proxy_shared_secret': SECRET,
           'metadata.trusted_proxies': '127.0.0.1',
           'metadata.cache_expiration': 0,
           # Elastic IPs come from the floating IPs of this range.
           'network.default_floating_range': '172.24.4.0/28'}


def start(workdir):
    cloud = cloud_lib.Cloud(workdir, options=OPTIONS)
    try:
        cloud.start()
    except Exception:
        cloud.stop()
        raise
    return cloud


def credentials(cloud, user='admin', project='admin'):
    """(access, secret) made by nova-manage for user in project."""
    out = subprocess.run(
        [os.path.join(cloud_lib.BIN, 'nova-manage'), '--config-file',
         cloud.config_file, 'ec2', 'credentials', 'create', '--user', user,
         '--project', project], check=True, capture_output=True, text=True,
        timeout=60).stdout
    values = dict(line.split(': ', 1) for line in out.splitlines()
                  if ': ' in line)
    return values['access'], values['secret']


def boto3_client(cloud, access, secret):
    import boto3
    return boto3.client('ec2', endpoint_url=cloud.ec2_endpoint,
                        region_name='nova', aws_access_key_id=access,
                        aws_secret_access_key=secret)


def boto2_connection(cloud, access, secret, sigv2=False,
                     path='/services/Cloud'):
    from boto.ec2 import connection
    from boto.ec2 import regioninfo

    class SigV2Connection(connection.EC2Connection):
        def _required_auth_capability(self):
            return ['ec2']

    url = parse.urlparse(cloud.ec2_endpoint)
    cls = SigV2Connection if sigv2 else connection.EC2Connection
    return cls(aws_access_key_id=access, aws_secret_access_key=secret,
               is_secure=False, port=url.port, path=path,
               region=regioninfo.RegionInfo(name='nova',
                                            endpoint=url.hostname))


wait_for = cloud_lib.wait_for
