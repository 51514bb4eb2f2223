"""Elastic IPs as floating IPs: DescribeAddresses, AllocateAddress,
ReleaseAddress, AssociateAddress, DisassociateAddress."""

from nova.api.ec2 import faults
from nova.api.ec2 import ids
from nova.api.ec2 import instances
from nova.api.ec2 import request
from nova.network import api as network_api
from nova.network import errors


def _not_found(address):
    return faults.EC2Error('InvalidAddress.NotFound',
                           'Address \'%s\' not found.' % address)


def _row(context, address):
    if not address:
        raise faults.missing('PublicIp')
    try:
        return network_api.get_api().get_floating_ip_for_caller(
            context, address=address)
    except (errors.FloatingIpNotFoundForAddress, errors.FloatingIpNotFound):
        raise _not_found(address)


def describe_addresses(context, args):
    wanted = request.as_list(args, 'PublicIp')
    api = network_api.get_api()
    rows = api.get_floating_ips(context, project_id=context.project_id)
    bound = api.describe_floating_ips(context, rows)
    uuids = [bound.get(r.address, (None, None))[1] for r in rows]
    ec2_ids = ids.to_ec2_many(context, ids.INSTANCE, uuids)
    result = []
    for row in rows:
        private, uuid = bound.get(row.address, (None, None))
        result.append({'publicIp': row.address, 'domain': 'standard',
                       'instanceId': ec2_ids.get(uuid),
                       'privateIpAddress': private})
    missing = set(wanted) - {r['publicIp'] for r in result}
    if missing:
        raise _not_found(sorted(missing)[0])
    if wanted:
        result = [r for r in result if r['publicIp'] in wanted]
    return {'addressesSet': result}


def allocate_address(context, args):
    try:
        row = network_api.get_api().allocate_floating_ip(context)
    except errors.FloatingIpLimitExceeded:
        raise faults.EC2Error('AddressLimitExceeded',
                              'Too many addresses allocated.')
    return {'publicIp': row.address, 'domain': 'standard'}


def release_address(context, args):
    row = _row(context, args.get('PublicIp'))
    network_api.get_api().release_floating_ip(context, row.address)
    return {'return': True}


def associate_address(context, args):
    row = _row(context, args.get('PublicIp'))
    instance = instances.get_instance(context, args.get('InstanceId'))
    network_api.get_api().associate_floating_ip(
        context, instance, row.address, args.get('PrivateIpAddress'))
    return {'return': True}


def disassociate_address(context, args):
    row = _row(context, args.get('PublicIp'))
    bound = network_api.get_api().describe_floating_ips(context, [row])
    _private, uuid = bound.get(row.address, (None, None))
    if uuid is None:
        return {'return': True}
    instance = instances.compute().get(context, uuid)
    network_api.get_api().disassociate_floating_ip(context, instance,
                                                   row.address)
    return {'return': True}
