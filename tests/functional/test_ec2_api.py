"""boto3 and boto 2 drive the EC2 API of the all-in-one over HTTP."""

import base64

import pytest

from tests.functional import ec2_cloud


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    running = ec2_cloud.start(tmp_path_factory.mktemp('ec2'))
    yield running
    running.stop()


@pytest.fixture(scope='module')
def keys(cloud):
    return ec2_cloud.credentials(cloud)


@pytest.fixture(scope='module')
def ec2(cloud, keys):
    return ec2_cloud.boto3_client(cloud, *keys)


def _states(ec2, instance_ids):
    reservations = ec2.describe_instances(
        InstanceIds=instance_ids)['Reservations']
    return {i['InstanceId']: i['State']['Name']
            for r in reservations for i in r['Instances']}


def _wait_state(ec2, instance_ids, state):
    ec2_cloud.wait_for(
        lambda: set(_states(ec2, instance_ids).values()) == {state},
        what='%s to be %s' % (instance_ids, state))


def _cirros(ec2):
    images = ec2.describe_images(Filters=[{'Name': 'name',
                                           'Values': ['cirros']}])['Images']
    assert len(images) == 1 and images[0]['ImageId'].startswith('ami-')
    return images[0]['ImageId']


def test_boto3_session(cloud, ec2):
    from botocore import exceptions
    assert ec2.describe_regions()['Regions'][0]['RegionName'] == 'nova'
    zones = ec2.describe_availability_zones()['AvailabilityZones']
    assert [(z['ZoneName'], z['State']) for z in zones] == [
        ('nova', 'available')]
    # The admin's verbose view lists hosts and their services.
    verbose = [z['ZoneName'] for z in ec2.describe_availability_zones(
        ZoneNames=['verbose'])['AvailabilityZones']]
    assert {'nova', 'internal', '|- %s' % cloud.host,
            '| |- nova-compute', '| |- nova-scheduler'} <= set(verbose)
    key = ec2.create_key_pair(KeyName='b3-key')
    assert key['KeyMaterial'].startswith('-----BEGIN')
    with pytest.raises(exceptions.ClientError) as error:
        ec2.create_key_pair(KeyName='b3-key')
    assert error.value.response['Error']['Code'] == \
        'InvalidKeyPair.Duplicate'
    image_id = _cirros(ec2)
    run = ec2.run_instances(
        ImageId=image_id, InstanceType='m1.tiny', MinCount=2, MaxCount=2,
        KeyName='b3-key', UserData='#!/bin/sh\necho boto3\n',
        Placement={'AvailabilityZone': 'nova'})
    ids = [i['InstanceId'] for i in run['Instances']]
    assert len(ids) == 2 and all(i.startswith('i-') for i in ids)
    assert run['ReservationId'].startswith('r-')
    ec2.get_waiter('instance_running').wait(
        InstanceIds=ids, WaiterConfig={'Delay': 0.5, 'MaxAttempts': 120})
    assert set(_states(ec2, ids).values()) == {'running'}

    # Filters: by state, key, reservation and instance id.
    found = ec2.describe_instances(Filters=[
        {'Name': 'key-name', 'Values': ['b3-key']},
        {'Name': 'instance-state-name', 'Values': ['running']},
        {'Name': 'reservation-id', 'Values': [run['ReservationId']]},
    ])['Reservations']
    assert sorted(i['InstanceId'] for r in found
                  for i in r['Instances']) == sorted(ids)
    one = ec2.describe_instances(Filters=[
        {'Name': 'instance-id', 'Values': [ids[0]]}])['Reservations']
    assert [i['InstanceId'] for r in one for i in r['Instances']] == \
        [ids[0]]
    assert ec2.describe_instances(Filters=[
        {'Name': 'key-name', 'Values': ['no-such-key']}])[
        'Reservations'] == []
    instance = one[0]['Instances'][0]
    assert instance['InstanceType'] == 'm1.tiny'
    assert instance['ImageId'] == image_id
    assert instance['Placement']['AvailabilityZone'] == 'nova'
    assert instance['State'] == {'Code': 16, 'Name': 'running'}

    # Attributes.
    attr = ec2.describe_instance_attribute(InstanceId=ids[0],
                                           Attribute='instanceType')
    assert attr['InstanceType']['Value'] == 'm1.tiny'
    attr = ec2.describe_instance_attribute(InstanceId=ids[0],
                                           Attribute='userData')
    assert base64.b64decode(attr['UserData']['Value']) == \
        b'#!/bin/sh\necho boto3\n'

    # Console output (botocore decodes it).
    output = ec2.get_console_output(InstanceId=ids[0])
    assert output['InstanceId'] == ids[0]
    assert 'login' in output['Output']
    assert ec2.get_password_data(InstanceId=ids[0])['PasswordData'] == ''

    # Tags.
    ec2.create_tags(Resources=ids, Tags=[{'Key': 'role', 'Value': 'web'},
                                         {'Key': 'team', 'Value': 'a'}])
    tagged = ec2.describe_instances(Filters=[
        {'Name': 'tag:role', 'Values': ['web']}])['Reservations']
    assert sorted(i['InstanceId'] for r in tagged
                  for i in r['Instances']) == sorted(ids)
    tags = ec2.describe_tags(Filters=[
        {'Name': 'resource-id', 'Values': [ids[0]]}])['Tags']
    assert sorted((t['Key'], t['Value']) for t in tags) == [
        ('role', 'web'), ('team', 'a')]
    ec2.delete_tags(Resources=[ids[0]], Tags=[{'Key': 'role'}])
    tags = ec2.describe_tags(Filters=[
        {'Name': 'resource-id', 'Values': [ids[0]]}])['Tags']
    assert [t['Key'] for t in tags] == ['team']

    # Stop and start.
    stopped = ec2.stop_instances(InstanceIds=[ids[0]])
    assert stopped['StoppingInstances'][0]['PreviousState']['Name'] == \
        'running'
    _wait_state(ec2, [ids[0]], 'stopped')
    ec2.modify_instance_attribute(InstanceId=ids[0],
                                  UserData={'Value': b'new data'})
    attr = ec2.describe_instance_attribute(InstanceId=ids[0],
                                           Attribute='userData')
    assert base64.b64decode(attr['UserData']['Value']) == b'new data'
    ec2.start_instances(InstanceIds=[ids[0]])
    _wait_state(ec2, [ids[0]], 'running')
    ec2.reboot_instances(InstanceIds=[ids[1]])
    # The reboot shows in the Compute API (EC2 keeps saying running).
    ec2_cloud.wait_for(lambda: all(
        s['status'] == 'ACTIVE' for s in cloud.api.get(
            '/servers/detail').json()['servers']), what='reboot done')
    actions = [a['action'] for s in cloud.api.get('/servers').json()[
        'servers'] for a in cloud.api.get(
        '/servers/%s/os-instance-actions' % s['id']).json()[
        'instanceActions']]
    assert actions.count('reboot') == 1

    # Terminate: both go away.
    terminated = ec2.terminate_instances(InstanceIds=ids)
    assert {i['CurrentState']['Name'] for i in
            terminated['TerminatingInstances']} == {'shutting-down'}
    # boto3's waiter sees them terminated (shown for an hour, as EC2).
    ec2.get_waiter('instance_terminated').wait(
        InstanceIds=ids, WaiterConfig={'Delay': 0.5, 'MaxAttempts': 120})
    assert set(_states(ec2, ids).values()) == {'terminated'}
    # Listings without ids leave them out.
    assert not ec2.describe_instances(Filters=[
        {'Name': 'reservation-id', 'Values': [run['ReservationId']]}])[
        'Reservations']
    ec2.delete_key_pair(KeyName='b3-key')
    assert 'b3-key' not in [k['KeyName'] for k in
                            ec2.describe_key_pairs()['KeyPairs']]


def test_boto3_errors(cloud, ec2, keys):
    from botocore import exceptions
    with pytest.raises(exceptions.ClientError) as error:
        ec2.describe_instances(InstanceIds=['i-7fffffff'])
    assert error.value.response['Error']['Code'] == \
        'InvalidInstanceID.NotFound'
    assert error.value.response['ResponseMetadata']['RequestId'].startswith(
        'req-')
    with pytest.raises(exceptions.ClientError) as error:
        ec2.terminate_instances(InstanceIds=['vol-00000001'])
    assert error.value.response['Error']['Code'] == \
        'InvalidInstanceID.Malformed'
    with pytest.raises(exceptions.ClientError) as error:
        ec2.run_instances(ImageId='ami-7fffffff', MinCount=1, MaxCount=1)
    assert error.value.response['Error']['Code'] == 'InvalidAMIID.NotFound'
    with pytest.raises(exceptions.ClientError) as error:
        ec2.describe_key_pairs(KeyNames=['missing'])
    assert error.value.response['Error']['Code'] == \
        'InvalidKeyPair.NotFound'
    bad = ec2_cloud.boto3_client(cloud, keys[0], 'not-the-secret')
    with pytest.raises(exceptions.ClientError) as error:
        bad.describe_regions()
    assert error.value.response['Error']['Code'] == 'AuthFailure'
    unknown = ec2_cloud.boto3_client(cloud, 'no-such-access', 'x')
    with pytest.raises(exceptions.ClientError) as error:
        unknown.describe_regions()
    assert error.value.response['Error']['Code'] == 'AuthFailure'


def test_images(cloud, ec2):
    image_id = _cirros(ec2)
    attr = ec2.describe_image_attribute(ImageId=image_id,
                                        Attribute='launchPermission')
    assert attr['LaunchPermissions'] == [{'Group': 'all'}]
    registered = ec2.register_image(Name='ec2-registered',
                                    ImageLocation='bucket/image.manifest')
    new_id = registered['ImageId']
    assert new_id.startswith('ami-') and new_id != image_id
    image = ec2.describe_images(ImageIds=[new_id])['Images'][0]
    assert (image['Name'], image['State'], image['Public']) == (
        'ec2-registered', 'pending', False)
    ec2.modify_image_attribute(ImageId=new_id, LaunchPermission={
        'Add': [{'Group': 'all'}]})
    assert ec2.describe_images(ImageIds=[new_id])['Images'][0]['Public']
    ec2.deregister_image(ImageId=new_id)
    from botocore import exceptions
    with pytest.raises(exceptions.ClientError) as error:
        ec2.describe_images(ImageIds=[new_id])
    assert error.value.response['Error']['Code'] == 'InvalidAMIID.NotFound'


def test_client_token_makes_run_instances_idempotent(cloud, ec2):
    kwargs = dict(ImageId=_cirros(ec2), InstanceType='m1.tiny',
                  MinCount=1, MaxCount=1, ClientToken='token-1')
    first = ec2.run_instances(**kwargs)
    again = ec2.run_instances(**kwargs)
    assert again['ReservationId'] == first['ReservationId']
    assert [i['InstanceId'] for i in again['Instances']] == [
        i['InstanceId'] for i in first['Instances']]
    assert len(ec2.describe_instances(Filters=[
        {'Name': 'reservation-id', 'Values': [first['ReservationId']]}])[
        'Reservations'][0]['Instances']) == 1
    other = ec2.run_instances(**dict(kwargs, ClientToken='token-2'))
    assert other['ReservationId'] != first['ReservationId']
    ec2.terminate_instances(InstanceIds=[
        i['InstanceId'] for r in (first, other) for i in r['Instances']])


def test_create_image_of_an_instance(cloud, ec2):
    run = ec2.run_instances(ImageId=_cirros(ec2), InstanceType='m1.tiny',
                            MinCount=1, MaxCount=1)
    instance_id = run['Instances'][0]['InstanceId']
    _wait_state(ec2, [instance_id], 'running')
    image_id = ec2.create_image(InstanceId=instance_id,
                                Name='snap-of-vm')['ImageId']
    ec2_cloud.wait_for(lambda: ec2.describe_images(ImageIds=[image_id])[
        'Images'][0]['State'] == 'available', what='snapshot')
    ec2.terminate_instances(InstanceIds=[instance_id])
    ec2.deregister_image(ImageId=image_id)


def test_boto2_session_sigv4_and_sigv2(cloud, keys):
    import boto.exception
    for sigv2, path in ((False, '/services/Cloud'), (True, '/')):
        conn = ec2_cloud.boto2_connection(cloud, *keys, sigv2=sigv2,
                                          path=path)
        name = 'b2-key-%s' % ('v2' if sigv2 else 'v4')
        key = conn.create_key_pair(name)
        assert key.material.startswith('-----BEGIN')
        image = [i for i in conn.get_all_images() if i.name == 'cirros'][0]
        reservation = image.run(min_count=2, max_count=2, key_name=name,
                                instance_type='m1.tiny', user_data='b2')
        ids = [i.id for i in reservation.instances]
        assert len(ids) == 2

        def running():
            found = conn.get_only_instances(filters={
                'reservation-id': reservation.id,
                'instance-state-name': 'running'})
            return len(found) == 2
        ec2_cloud.wait_for(running, what='boto2 instances running')
        assert [i.id for i in conn.get_only_instances(
            instance_ids=[ids[1]])] == [ids[1]]
        output = conn.get_console_output(ids[0]).output
        assert b'login' in output
        conn.create_tags(ids, {'env': 'test'})
        assert {i.id: i.tags for i in conn.get_only_instances(ids)} == {
            i: {'env': 'test'} for i in ids}
        conn.stop_instances([ids[0]])
        ec2_cloud.wait_for(
            lambda: conn.get_only_instances([ids[0]])[0].state ==
            'stopped', what='boto2 stop')
        conn.start_instances([ids[0]])
        ec2_cloud.wait_for(
            lambda: conn.get_only_instances([ids[0]])[0].state ==
            'running', what='boto2 start')
        conn.terminate_instances(ids)
        conn.delete_key_pair(name)
        with pytest.raises(boto.exception.EC2ResponseError) as error:
            conn.get_all_instances(instance_ids=['i-7ffffffe'])
        assert error.value.error_code == 'InvalidInstanceID.NotFound'
    bad = ec2_cloud.boto2_connection(cloud, keys[0], 'wrong', sigv2=True)
    with pytest.raises(boto.exception.EC2ResponseError) as error:
        bad.get_all_zones()
    assert error.value.error_code == 'AuthFailure'


def test_projects_do_not_see_each_other(cloud):
    from botocore import exceptions
    alice = ec2_cloud.boto3_client(cloud, *ec2_cloud.credentials(
        cloud, 'alice', 'project-a'))
    bob = ec2_cloud.boto3_client(cloud, *ec2_cloud.credentials(
        cloud, 'bob', 'project-b'))
    run = alice.run_instances(ImageId=_cirros(alice), MinCount=1,
                              MaxCount=1, InstanceType='m1.tiny')
    instance_id = run['Instances'][0]['InstanceId']
    assert [i['InstanceId'] for r in alice.describe_instances()[
        'Reservations'] for i in r['Instances']] == [instance_id]
    assert bob.describe_instances()['Reservations'] == []
    for call in (lambda: bob.describe_instances(InstanceIds=[instance_id]),
                 lambda: bob.terminate_instances(InstanceIds=[instance_id]),
                 lambda: bob.get_console_output(InstanceId=instance_id),
                 lambda: bob.create_tags(Resources=[instance_id], Tags=[
                     {'Key': 'k', 'Value': 'v'}])):
        with pytest.raises(exceptions.ClientError) as error:
            call()
        assert error.value.response['Error']['Code'] == \
            'InvalidInstanceID.NotFound'
    assert bob.describe_tags()['Tags'] == []
    alice.terminate_instances(InstanceIds=[instance_id])
