"""boto3 drives security groups, elastic IPs, volumes and snapshots
through the EC2 API of the all-in-one."""

import pytest

from tests.functional import ec2_cloud


@pytest.fixture(scope='module')
def cloud(tmp_path_factory):
    running = ec2_cloud.start(tmp_path_factory.mktemp('ec2-net-vol'))
    yield running
    running.stop()


@pytest.fixture(scope='module')
def ec2(cloud):
    return ec2_cloud.boto3_client(cloud, *ec2_cloud.credentials(
        cloud, 'ec2-user', 'ec2-project'))


def _instance(ec2, instance_id):
    return ec2.describe_instances(InstanceIds=[instance_id])[
        'Reservations'][0]['Instances'][0]


def _volume(ec2, volume_id):
    return ec2.describe_volumes(VolumeIds=[volume_id])['Volumes'][0]


def test_security_group_address_volume_session(cloud, ec2):
    from botocore import exceptions
    group_id = ec2.create_security_group(
        GroupName='web', Description='web servers')['GroupId']
    assert group_id.startswith('sg-')
    ec2.authorize_security_group_ingress(GroupName='web', IpPermissions=[{
        'IpProtocol': 'tcp', 'FromPort': 80, 'ToPort': 80,
        'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])
    with pytest.raises(exceptions.ClientError) as error:
        ec2.authorize_security_group_ingress(
            GroupId=group_id, IpProtocol='tcp', FromPort=80, ToPort=80,
            CidrIp='0.0.0.0/0')
    assert error.value.response['Error']['Code'] == \
        'InvalidPermission.Duplicate'
    group = ec2.describe_security_groups(GroupNames=['web'])[
        'SecurityGroups'][0]
    assert group['GroupId'] == group_id
    assert [(p['IpProtocol'], p['FromPort'], p['ToPort'],
             p['IpRanges']) for p in group['IpPermissions']] == [
        ('tcp', 80, 80, [{'CidrIp': '0.0.0.0/0'}])]
    names = {g['GroupName'] for g in
             ec2.describe_security_groups()['SecurityGroups']}
    assert names == {'default', 'web'}

    image = ec2.describe_images(Filters=[{'Name': 'name', 'Values': [
        'cirros']}])['Images'][0]['ImageId']
    run = ec2.run_instances(ImageId=image, InstanceType='m1.tiny',
                            MinCount=1, MaxCount=1, SecurityGroups=['web'])
    instance_id = run['Instances'][0]['InstanceId']
    ec2_cloud.wait_for(lambda: _instance(ec2, instance_id)['State'][
        'Name'] == 'running', what='instance running')
    instance = _instance(ec2, instance_id)
    assert [g['GroupName'] for g in instance['SecurityGroups']] == ['web']
    assert instance['PrivateIpAddress']
    assert ec2.describe_instances(Filters=[
        {'Name': 'instance.group-name', 'Values': ['web']}])[
        'Reservations'][0]['Instances'][0]['InstanceId'] == instance_id
    with pytest.raises(exceptions.ClientError) as error:
        ec2.delete_security_group(GroupName='web')
    assert error.value.response['Error']['Code'] == 'InvalidGroup.InUse'

    # Elastic IP.
    public_ip = ec2.allocate_address()['PublicIp']
    assert public_ip.startswith('172.24.4.')
    ec2.associate_address(InstanceId=instance_id, PublicIp=public_ip)
    address = ec2.describe_addresses(PublicIps=[public_ip])['Addresses'][0]
    assert address['InstanceId'] == instance_id
    assert address['PrivateIpAddress'] == instance['PrivateIpAddress']
    assert _instance(ec2, instance_id)['PublicIpAddress'] == public_ip
    ec2.disassociate_address(PublicIp=public_ip)
    assert 'InstanceId' not in ec2.describe_addresses(
        PublicIps=[public_ip])['Addresses'][0]
    ec2.release_address(PublicIp=public_ip)
    with pytest.raises(exceptions.ClientError) as error:
        ec2.describe_addresses(PublicIps=[public_ip])
    assert error.value.response['Error']['Code'] == \
        'InvalidAddress.NotFound'

    # Volume: create, attach, snapshot, detach, delete.
    volume_id = ec2.create_volume(Size=1, AvailabilityZone='nova')[
        'VolumeId']
    assert volume_id.startswith('vol-')
    ec2_cloud.wait_for(lambda: _volume(ec2, volume_id)['State'] ==
                       'available', what='volume available')
    ec2.attach_volume(VolumeId=volume_id, InstanceId=instance_id,
                      Device='/dev/vdb')
    ec2_cloud.wait_for(lambda: _attached(ec2, volume_id),
                       what='volume attached')
    attachment = _volume(ec2, volume_id)['Attachments'][0]
    assert (attachment['InstanceId'], attachment['Device']) == (
        instance_id, '/dev/vdb')
    mapping = _instance(ec2, instance_id)['BlockDeviceMappings']
    assert [(m['DeviceName'], m['Ebs']['VolumeId']) for m in mapping] == [
        ('/dev/vdb', volume_id)]
    snapshot_id = ec2.create_snapshot(VolumeId=volume_id,
                                      Description='first')['SnapshotId']
    assert snapshot_id.startswith('snap-')
    ec2_cloud.wait_for(lambda: ec2.describe_snapshots(
        SnapshotIds=[snapshot_id])['Snapshots'][0]['State'] == 'completed',
        what='snapshot completed')
    ec2.detach_volume(VolumeId=volume_id)
    ec2_cloud.wait_for(lambda: _volume(ec2, volume_id)['State'] ==
                       'available', what='volume detached')
    ec2.delete_snapshot(SnapshotId=snapshot_id)
    ec2_cloud.wait_for(lambda: snapshot_id not in [
        s['SnapshotId'] for s in ec2.describe_snapshots()['Snapshots']],
        what='snapshot deleted')
    ec2.delete_volume(VolumeId=volume_id)
    ec2_cloud.wait_for(lambda: volume_id not in [
        v['VolumeId'] for v in ec2.describe_volumes()['Volumes']],
        what='volume deleted')
    with pytest.raises(exceptions.ClientError) as error:
        ec2.describe_volumes(VolumeIds=['vol-7fffffff'])
    assert error.value.response['Error']['Code'] == 'InvalidVolume.NotFound'

    # Terminate, then the group can go.
    ec2.terminate_instances(InstanceIds=[instance_id])
    ec2_cloud.wait_for(lambda: not ec2.describe_instances(Filters=[
        {'Name': 'instance-id', 'Values': [instance_id]}])['Reservations'],
        what='termination')
    ec2.revoke_security_group_ingress(GroupName='web', IpPermissions=[{
        'IpProtocol': 'tcp', 'FromPort': 80, 'ToPort': 80,
        'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])
    assert ec2.describe_security_groups(GroupIds=[group_id])[
        'SecurityGroups'][0]['IpPermissions'] == []
    ec2_cloud.wait_for(lambda: _deleted(ec2, 'web'), what='group deleted')


def _attached(ec2, volume_id):
    """In use, with the device the compute host attached it as."""
    volume = _volume(ec2, volume_id)
    return volume['State'] == 'in-use' and any(
        a.get('Device') for a in volume['Attachments'])


def _deleted(ec2, name):
    from botocore import exceptions
    try:
        ec2.delete_security_group(GroupName=name)
    except exceptions.ClientError as error:
        # Still in use until the instance's deletion is finished.
        assert error.response['Error']['Code'] == 'InvalidGroup.InUse'
        return False
    return True


def test_run_with_block_device_mapping(cloud, ec2):
    image = ec2.describe_images(Filters=[{'Name': 'name', 'Values': [
        'cirros']}])['Images'][0]['ImageId']
    run = ec2.run_instances(
        ImageId=image, InstanceType='m1.tiny', MinCount=1, MaxCount=1,
        BlockDeviceMappings=[{'DeviceName': '/dev/vdb', 'Ebs': {
            'VolumeSize': 1, 'DeleteOnTermination': True}}])
    instance_id = run['Instances'][0]['InstanceId']
    ec2_cloud.wait_for(lambda: _instance(ec2, instance_id)['State'][
        'Name'] == 'running', what='instance running')
    mapping = _instance(ec2, instance_id)['BlockDeviceMappings']
    assert [m['DeviceName'] for m in mapping] == ['/dev/vdb']
    volume_id = mapping[0]['Ebs']['VolumeId']
    assert mapping[0]['Ebs']['DeleteOnTermination'] is True
    volume = _volume(ec2, volume_id)
    assert (volume['Size'], volume['State']) == (1, 'in-use')
    ec2.terminate_instances(InstanceIds=[instance_id])
    # Deleted with the instance, as DeleteOnTermination asked.
    ec2_cloud.wait_for(lambda: volume_id not in [
        v['VolumeId'] for v in ec2.describe_volumes()['Volumes']],
        what='volume deleted with the instance')
