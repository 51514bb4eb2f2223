"""The Compute API policy rule each EC2 action is checked against, so an
operator's policy binds EC2 callers as it binds Compute API callers."""

from nova import policy

_SERVERS = 'os_compute_api:servers:%s'

RULES = {
    'DescribeInstances': _SERVERS % 'detail',
    'RunInstances': _SERVERS % 'create',
    'TerminateInstances': _SERVERS % 'delete',
    'RebootInstances': _SERVERS % 'reboot',
    'StopInstances': _SERVERS % 'stop',
    'StartInstances': _SERVERS % 'start',
    'GetConsoleOutput': 'os_compute_api:os-console-output',
    'GetPasswordData': 'os_compute_api:os-server-password:show',
    'DescribeInstanceAttribute': _SERVERS % 'show',
    'CreateImage': _SERVERS % 'create_image',
    'DescribeImages': 'os_compute_api:images:detail',
    'DescribeImageAttribute': 'os_compute_api:images:show',
    'DeregisterImage': 'os_compute_api:images:delete',
    'DescribeKeyPairs': 'os_compute_api:os-keypairs:index',
    'CreateKeyPair': 'os_compute_api:os-keypairs:create',
    'ImportKeyPair': 'os_compute_api:os-keypairs:create',
    'DeleteKeyPair': 'os_compute_api:os-keypairs:delete',
    'CreateTags': 'os_compute_api:server-metadata:update',
    'DescribeTags': 'os_compute_api:server-metadata:index',
    'DeleteTags': 'os_compute_api:server-metadata:delete',
    'DescribeSecurityGroups':
        'os_compute_api:os-security-groups:get',
    'CreateSecurityGroup':
        'os_compute_api:os-security-groups:create',
    'DeleteSecurityGroup':
        'os_compute_api:os-security-groups:delete',
    'AuthorizeSecurityGroupIngress':
        'os_compute_api:os-security-groups:rule:create',
    'RevokeSecurityGroupIngress':
        'os_compute_api:os-security-groups:rule:delete',
    'DescribeAddresses': 'os_compute_api:os-floating-ips:list',
    'AllocateAddress': 'os_compute_api:os-floating-ips:create',
    'ReleaseAddress': 'os_compute_api:os-floating-ips:delete',
    'AssociateAddress': 'os_compute_api:os-floating-ips:add',
    'DisassociateAddress': 'os_compute_api:os-floating-ips:remove',
    'DescribeVolumes': 'os_compute_api:os-volumes:detail',
    'CreateVolume': 'os_compute_api:os-volumes:create',
    'DeleteVolume': 'os_compute_api:os-volumes:delete',
    'DescribeSnapshots': 'os_compute_api:os-volumes:snapshots:detail',
    'CreateSnapshot': 'os_compute_api:os-volumes:snapshots:create',
    'DeleteSnapshot': 'os_compute_api:os-volumes:snapshots:delete',
    'AttachVolume': 'os_compute_api:os-volumes-attachments:create',
    'DetachVolume': 'os_compute_api:os-volumes-attachments:delete',
}


def authorize(context, action):
    """PolicyNotAuthorized unless the caller may run action."""
    rule = RULES.get(action)
    if rule is not None:
        policy.authorize(context, rule)
