"""nova-api-ec2 and nova-api-metadata as their own processes, beside the
split daemons on RabbitMQ and MariaDB."""

from tests.functional import cloud as cloud_lib
from tests.functional import ec2_cloud


def test_ec2_and_metadata_daemons(tmp_path):
    from nova.api.metadata import lookup
    import requests
    cloud = cloud_lib.Cloud(tmp_path, database='mysql', split=True,
                            ec2_metadata=True, options=ec2_cloud.OPTIONS)
    try:
        cloud.start()
        ec2 = ec2_cloud.boto3_client(cloud, *ec2_cloud.credentials(cloud))
        image = ec2.describe_images()['Images'][0]['ImageId']
        run = ec2.run_instances(ImageId=image, InstanceType='m1.tiny',
                                MinCount=1, MaxCount=1)
        instance_id = run['Instances'][0]['InstanceId']

        def running():
            found = ec2.describe_instances(InstanceIds=[instance_id])
            return found['Reservations'][0]['Instances'][0]['State'][
                'Name'] == 'running'
        ec2_cloud.wait_for(running, what='instance running')
        server = cloud.api.get('/servers/detail').json()['servers'][0]
        resp = requests.get(
            cloud.metadata_endpoint + '/latest/meta-data/instance-id',
            headers={'X-Instance-ID': server['id'],
                     'X-Instance-ID-Signature': lookup.sign(
                         server['id'], ec2_cloud.SECRET)}, timeout=30)
        assert resp.text == instance_id
        output = ec2.get_console_output(InstanceId=instance_id)['Output']
        assert 'login' in output
        ec2.terminate_instances(InstanceIds=[instance_id])
    finally:
        cloud.stop()


def test_wsgi_application_entry_points(tmp_path):
    """uwsgi/mod_wsgi load the EC2 and metadata apps from nova.wsgi."""
    import os
    import subprocess
    import sys
    conf = tmp_path / 'nova.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\ntransport_url = '
                    'rabbit://guest:guest@127.0.0.1:5672/\n' % tmp_path)
    code = ('import webob; from nova.wsgi import ec2_metadata as w; '
            'ec2 = w.init_ec2_application(); '
            'meta = w.init_metadata_application(); '
            'print(webob.Request.blank("/").get_response(ec2).status); '
            'print(webob.Request.blank("/").get_response(meta).status)')
    result = subprocess.run(
        [sys.executable, '-c', code], capture_output=True, text=True,
        env=dict(os.environ, OS_NOVA_CONFIG_FILES=str(conf)), timeout=60)
    # Unsigned EC2 request: 400 MissingAction; metadata versions: 200.
    assert result.stdout.split('\n')[:2] == ['400 Bad Request', '200 OK'], \
        result.stderr
