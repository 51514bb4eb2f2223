"""Security groups: Describe, Create, Delete, Authorize and Revoke
ingress, over the built-in networking's groups (ids shown as sg-...)."""

from nova.api.ec2 import faults
from nova.api.ec2 import request
from nova.network import api as network_api
from nova.network import errors
from nova.network import security_group_rules as rules


def group_ec2_id(group_id):
    return 'sg-%08x' % group_id


def _group_number(ec2_id):
    try:
        if not ec2_id.startswith('sg-'):
            raise ValueError(ec2_id)
        return int(ec2_id[3:], 16)
    except (AttributeError, ValueError):
        raise faults.EC2Error('InvalidGroupId.Malformed',
                              'Invalid id: "%s" (expecting "sg-...")'
                              % ec2_id)


def _not_found(name):
    return faults.EC2Error('InvalidGroup.NotFound',
                           'The security group \'%s\' does not exist'
                           % name)


def get_group(context, name=None, ec2_id=None):
    """A group of the caller's project by name or sg- id."""
    api = network_api.get_api()
    try:
        if ec2_id:
            group = api.get_security_group(context, _group_number(ec2_id))
            if group.project_id != context.project_id and \
                    not context.is_admin:
                raise _not_found(ec2_id)
            return group
        if not name:
            raise faults.missing('GroupName')
        if name == api.DEFAULT_SECURITY_GROUP:
            return api.ensure_default_security_group(
                context, context.project_id, context.user_id)
        return api.get_security_group_by_name(context, context.project_id,
                                              name)
    except (errors.SecurityGroupNotFound,
            errors.SecurityGroupNotFoundForProject):
        raise _not_found(ec2_id or name)


def names_for_run(context, names, ec2_ids):
    """Group names for RunInstances from SecurityGroup and
    SecurityGroupId parameters."""
    return list(names) + [get_group(context, ec2_id=i).name
                          for i in ec2_ids]


def _permissions(context, group, rule_rows):
    names = network_api.get_api().security_group_names(
        context, {r.group_id for r in rule_rows if r.group_id})
    result = []
    for rule in rule_rows:
        item = {'ipProtocol': rule.protocol or '-1',
                'fromPort': rule.from_port, 'toPort': rule.to_port,
                'groups': [], 'ipRanges': []}
        if rule.group_id:
            name, project = names.get(rule.group_id, (None, None))
            item['groups'].append({'userId': project, 'groupName': name,
                                   'groupId': group_ec2_id(rule.group_id)})
        if rules.source_cidr(rule):
            item['ipRanges'].append({'cidrIp': rules.source_cidr(rule)})
        result.append(item)
    return result


def format_groups(context, groups):
    rule_rows = network_api.get_api().get_security_group_rules(
        context, [g.id for g in groups])
    return [{'ownerId': g.project_id, 'groupId': group_ec2_id(g.id),
             'groupName': g.name, 'groupDescription': g.description,
             'ipPermissions': _permissions(context, g, rule_rows[g.id]),
             'ipPermissionsEgress': []} for g in groups]


def describe_security_groups(context, args):
    api = network_api.get_api()
    api.ensure_default_security_group(context, context.project_id,
                                      context.user_id)
    names = request.as_list(args, 'GroupName')
    ec2_ids = request.as_list(args, 'GroupId')
    if names or ec2_ids:
        groups = [get_group(context, name=n) for n in names] + \
            [get_group(context, ec2_id=i) for i in ec2_ids]
    else:
        groups = api.list_security_groups(context,
                                          project_id=context.project_id)
    result = format_groups(context, groups)
    for name, values in request.filters(args).items():
        key = {'group-name': 'groupName', 'group-id': 'groupId',
               'description': 'groupDescription'}.get(name)
        if key is None:
            raise faults.invalid('The filter \'%s\' is invalid' % name)
        result = [g for g in result if g[key] in values]
    return {'securityGroupInfo': result}


def create_security_group(context, args):
    name = args.get('GroupName')
    description = args.get('GroupDescription')
    if not name:
        raise faults.missing('GroupName')
    if not description:
        raise faults.missing('GroupDescription')
    try:
        group = network_api.get_api().create_security_group(
            context, name, description)
    except errors.SecurityGroupLimitExceeded:
        raise faults.EC2Error('SecurityGroupLimitExceeded',
                              'Quota exceeded, too many security groups.')
    except errors.SecurityGroupExists:
        raise faults.EC2Error('InvalidGroup.Duplicate',
                              'The security group \'%s\' already exists'
                              % name)
    return {'return': True, 'groupId': group_ec2_id(group.id)}


def delete_security_group(context, args):
    group = get_group(context, args.get('GroupName'), args.get('GroupId'))
    api = network_api.get_api()
    if group.name == api.DEFAULT_SECURITY_GROUP:
        raise faults.EC2Error('CannotDelete', 'The default security group '
                              'cannot be deleted.')
    try:
        api.destroy_security_group(context, group.id)
    except errors.SecurityGroupInUse as e:
        raise faults.EC2Error('InvalidGroup.InUse', e.format_message())
    return {'return': True}


def _rule_values(context, args):
    """Rule column dicts of IpPermissions.N (or the flat legacy form)."""
    permissions = request.as_list(args, 'IpPermissions')
    if not permissions:
        legacy = {'IpProtocol': args.get('IpProtocol'),
                  'FromPort': args.get('FromPort'),
                  'ToPort': args.get('ToPort')}
        if args.get('CidrIp'):
            legacy['IpRanges'] = [{'CidrIp': args['CidrIp']}]
        if args.get('SourceSecurityGroupName'):
            legacy['Groups'] = [
                {'GroupName': args['SourceSecurityGroupName']}]
        permissions = [legacy]
    values = []
    for perm in permissions:
        protocol = perm.get('IpProtocol')
        protocol = None if protocol in (None, '-1', 'all') else protocol
        from_port, to_port = perm.get('FromPort'), perm.get('ToPort')
        if protocol is None:
            from_port = to_port = None
        sources = [(r.get('CidrIp'), None)
                   for r in request.as_list(perm, 'IpRanges')]
        sources += [(None, get_group(context, g.get('GroupName'),
                                     g.get('GroupId')).id)
                    for g in request.as_list(perm, 'Groups')]
        for cidr, group_id in sources or [('0.0.0.0/0', None)]:
            try:
                values.append(rules.rule_values(protocol, from_port,
                                                to_port, cidr, group_id))
            except errors.InvalidSecurityGroup as e:
                raise faults.invalid(e.format_message())
    return values


def _same(rule, values):
    # A Neutron rule without remote_ip_prefix is the 0.0.0.0/0 of EC2.
    return all((rules.source_cidr(rule) if key == 'cidr' else
                getattr(rule, key)) == value
               for key, value in values.items())


def authorize_security_group_ingress(context, args):
    group = get_group(context, args.get('GroupName'), args.get('GroupId'))
    api = network_api.get_api()
    existing = api.get_security_group_rules(context, [group.id])[group.id]
    for values in _rule_values(context, args):
        if any(_same(r, values) for r in existing):
            raise faults.EC2Error('InvalidPermission.Duplicate',
                                  'The specified rule already exists in '
                                  'group %s.' % group.name)
        values['parent_group_id'] = group.id
        try:
            api.create_security_group_rule(context, values)
        except errors.SecurityGroupRuleLimitExceeded:
            raise faults.EC2Error('RulesPerSecurityGroupLimitExceeded',
                                  'Quota exceeded, too many rules.')
    return {'return': True}


def revoke_security_group_ingress(context, args):
    group = get_group(context, args.get('GroupName'), args.get('GroupId'))
    api = network_api.get_api()
    existing = api.get_security_group_rules(context, [group.id])[group.id]
    for values in _rule_values(context, args):
        matching = [r for r in existing if _same(r, values)]
        if not matching:
            raise faults.EC2Error('InvalidPermission.NotFound',
                                  'The specified rule does not exist in '
                                  'group %s.' % group.name)
        for rule in matching:
            api.destroy_security_group_rule(context, rule)
    return {'return': True}
