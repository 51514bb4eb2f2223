"""The EC2 actions this API answers: name -> function(context, args)."""

from nova.api.ec2 import images
from nova.api.ec2 import instance_attributes
from nova.api.ec2 import instances
from nova.api.ec2 import keypairs
from nova.api.ec2 import regions
from nova.api.ec2 import tags

ACTIONS = {
    'DescribeRegions': regions.describe_regions,
    'DescribeAvailabilityZones': regions.describe_availability_zones,
    'DescribeInstances': instances.describe_instances,
    'RunInstances': instances.run_instances,
    'TerminateInstances': instances.terminate_instances,
    'RebootInstances': instances.reboot_instances,
    'StopInstances': instances.stop_instances,
    'StartInstances': instances.start_instances,
    'GetConsoleOutput': instances.get_console_output,
    'GetPasswordData': instances.get_password_data,
    'DescribeInstanceAttribute':
        instance_attributes.describe_instance_attribute,
    'ModifyInstanceAttribute': instance_attributes.modify_instance_attribute,
    'DescribeImages': images.describe_images,
    'DescribeImageAttribute': images.describe_image_attribute,
    'ModifyImageAttribute': images.modify_image_attribute,
    'RegisterImage': images.register_image,
    'DeregisterImage': images.deregister_image,
    'CreateImage': images.create_image,
    'DescribeKeyPairs': keypairs.describe_key_pairs,
    'CreateKeyPair': keypairs.create_key_pair,
    'ImportKeyPair': keypairs.import_key_pair,
    'DeleteKeyPair': keypairs.delete_key_pair,
    'CreateTags': tags.create_tags,
    'DescribeTags': tags.describe_tags,
    'DeleteTags': tags.delete_tags,
}


def _optional():
    """Networking and block storage actions, when those services exist."""
    actions = {}
    try:
        from nova.api.ec2 import addresses
        from nova.api.ec2 import security_groups
    except ImportError:
        pass
    else:
        actions.update({
            'DescribeSecurityGroups':
                security_groups.describe_security_groups,
            'CreateSecurityGroup': security_groups.create_security_group,
            'DeleteSecurityGroup': security_groups.delete_security_group,
            'AuthorizeSecurityGroupIngress':
                security_groups.authorize_security_group_ingress,
            'RevokeSecurityGroupIngress':
                security_groups.revoke_security_group_ingress,
            'DescribeAddresses': addresses.describe_addresses,
            'AllocateAddress': addresses.allocate_address,
            'ReleaseAddress': addresses.release_address,
            'AssociateAddress': addresses.associate_address,
            'DisassociateAddress': addresses.disassociate_address,
        })
    try:
        from nova.api.ec2 import volumes
    except ImportError:
        pass
    else:
        actions.update({
            'DescribeVolumes': volumes.describe_volumes,
            'CreateVolume': volumes.create_volume,
            'DeleteVolume': volumes.delete_volume,
            'AttachVolume': volumes.attach_volume,
            'DetachVolume': volumes.detach_volume,
            'DescribeSnapshots': volumes.describe_snapshots,
            'CreateSnapshot': volumes.create_snapshot,
            'DeleteSnapshot': volumes.delete_snapshot,
        })
    return actions


ACTIONS.update(_optional())
