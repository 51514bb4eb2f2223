"""Security groups of the Neutron backend: Neutron's security groups of
the servers' ports, as the Compute API's views read them."""

import types

from oslo_utils import uuidutils

from nova.network import errors
from nova.network import neutron_client

DEFAULT = 'default'


def _rule(rule):
    """A Neutron rule as the Compute API's rule records look."""
    low, high = rule.get('port_range_min'), rule.get('port_range_max')
    if rule.get('protocol') == 'icmp':
        low = -1 if low is None else low
        high = -1 if high is None else high
    return types.SimpleNamespace(
        id=rule['id'], uuid=rule['id'],
        parent_group_id=rule['security_group_id'],
        protocol=rule.get('protocol'), from_port=low, to_port=high,
        cidr=rule.get('remote_ip_prefix'),
        group_id=rule.get('remote_group_id'),
        ethertype=rule.get('ethertype'))


def _group(group):
    return types.SimpleNamespace(
        id=group['id'], uuid=group['id'], name=group['name'],
        description=group.get('description') or '',
        project_id=group.get('project_id'))


class SecurityGroupsMixin:

    def _groups(self, context, project_id=None, **filters):
        if project_id:
            filters['project_id'] = project_id
        return self._admin().list('security-groups', **filters)

    def resolve_security_groups(self, context, project_id, names):
        """The project's groups of those names. A missing 'default' is
        left to Neutron, which puts new ports in the project's default
        group itself."""
        names = list(names or [DEFAULT])
        by_name = {}
        by_id = {}
        for group in self._groups(context, project_id):
            by_name.setdefault(group['name'], group)
            by_id[group['id']] = group
        result = []
        for name in dict.fromkeys(names):
            # A name, or a group's id (the openstack CLI sends ids).
            found = by_name.get(name) or by_id.get(name)
            if found:
                if found['id'] not in [g.uuid for g in result]:
                    result.append(_group(found))
            elif name != DEFAULT:
                raise errors.InvalidSecurityGroup(
                    reason='security group %s does not exist in your '
                           'project' % name)
        return result

    def ensure_default_security_group(self, context, project_id,
                                      user_id=None):
        found = self._groups(context, project_id, name=DEFAULT)
        if found:
            return _group(found[0])
        return _group(self._admin().post('/security-groups', {
            'security_group': {'name': DEFAULT, 'project_id': project_id,
                               'description': 'Default security group'}})[
            'security_group'])

    def create_security_group(self, context, name, description):
        try:
            return _group(self._admin().post('/security-groups', {
                'security_group': {'name': name, 'description': description,
                                   'project_id': context.project_id}})[
                'security_group'])
        except neutron_client.NeutronError as error:
            if error.kind == 'OverQuota':
                raise errors.SecurityGroupLimitExceeded()
            raise

    def update_security_group(self, context, group_id, name, description):
        return _group(self._admin().put('/security-groups/%s' % group_id, {
            'security_group': {'name': name, 'description': description}})[
            'security_group'])

    def destroy_security_group(self, context, group_id):
        try:
            self._admin().delete('/security-groups/%s' % group_id)
        except neutron_client.NeutronError as error:
            if error.code == 409:
                raise errors.SecurityGroupInUse(security_group_id=group_id)
            raise

    def get_security_group_rules(self, context, group_ids):
        group_ids = list(group_ids)
        result = {g: [] for g in group_ids}
        if not group_ids:
            return result
        # The Compute API's groups are ingress-only.
        for rule in self._admin().list(
                'security-group-rules', security_group_id=group_ids,
                direction='ingress'):
            if rule['security_group_id'] in result:
                result[rule['security_group_id']].append(_rule(rule))
        return result

    def security_group_names(self, context, group_ids):
        group_ids = sorted(group_ids)
        if not group_ids:
            return {}
        return {g['id']: (g['name'], g.get('project_id'))
                for g in self._groups(context, id=group_ids)}

    def create_security_group_rule(self, context, values):
        rule = {'security_group_id': values['parent_group_id'],
                'direction': 'ingress', 'protocol': values['protocol']}
        if values['protocol'] == 'icmp':
            for name, key in (('from_port', 'port_range_min'),
                              ('to_port', 'port_range_max')):
                if values[name] not in (None, -1):
                    rule[key] = values[name]
        elif values['protocol']:
            rule['port_range_min'] = values['from_port']
            rule['port_range_max'] = values['to_port']
        if values.get('group_id'):
            rule['remote_group_id'] = values['group_id']
            rule['ethertype'] = 'IPv4'
        else:
            rule['remote_ip_prefix'] = values['cidr']
            rule['ethertype'] = 'IPv6' if ':' in values['cidr'] else 'IPv4'
        try:
            return _rule(self._admin().post('/security-group-rules', {
                'security_group_rule': rule})['security_group_rule'])
        except neutron_client.NeutronError as error:
            if error.kind == 'SecurityGroupRuleExists':
                raise errors.SecurityGroupRuleExists(
                    group_id=values['parent_group_id'])
            if error.kind == 'OverQuota':
                raise errors.SecurityGroupRuleLimitExceeded()
            raise

    def get_security_group_rule_by_uuid(self, context, rule_uuid):
        try:
            return _rule(self._admin().get(
                '/security-group-rules/%s' % rule_uuid)[
                'security_group_rule'])
        except neutron_client.NeutronError as error:
            if neutron_client.not_found(error):
                raise errors.SecurityGroupRuleNotFound(rule_id=rule_uuid)
            raise

    def get_security_group_rule(self, context, rule_id):
        # Neutron's rules have UUIDs only.
        raise errors.SecurityGroupRuleNotFound(rule_id=rule_id)

    def destroy_security_group_rule(self, context, rule):
        self._admin().delete('/security-group-rules/%s' % rule.id)

    def _set_port_groups(self, instance, change):
        """Apply change(list of group ids) to every port of the
        instance; True when some port's groups changed."""
        changed = False
        for port in self._instance_ports([instance.uuid]):
            old = list(port.get('security_groups') or ())
            new = change(old)
            if new != old:
                self._admin().put('/ports/%s' % port['id'], {
                    'port': {'security_groups': new}})
                changed = True
        return changed

    def add_instance_security_group(self, context, instance, group):
        return self._set_port_groups(
            instance, lambda ids: ids if group.id in ids else ids + [
                group.id])

    def remove_instance_security_group(self, context, instance, group):
        return self._set_port_groups(
            instance, lambda ids: [i for i in ids if i != group.id])

    def get_security_groups(self, context, instance_uuids):
        result = {uuid: [] for uuid in instance_uuids}
        ports = self._instance_ports(instance_uuids)
        ids = sorted({g for p in ports for g in p.get('security_groups')
                      or ()})
        names = {g['id']: g['name'] for g in
                 self._groups(context, id=ids)} if ids else {}
        for port in ports:
            seen = result.get(port['device_id'])
            if seen is None:
                continue
            for group_id in port.get('security_groups') or ():
                entry = {'id': group_id, 'name': names.get(group_id,
                                                           group_id)}
                if entry not in seen:
                    seen.append(entry)
        return result

    def security_groups_of_instances(self, context, instance_uuids):
        return {uuid: [types.SimpleNamespace(**g) for g in groups]
                for uuid, groups in self.get_security_groups(
                    context, instance_uuids).items()}

    def list_security_groups(self, context, project_id=None):
        return [_group(g) for g in self._groups(context, project_id)]

    def get_security_group_by_uuid(self, context, group_uuid):
        if not uuidutils.is_uuid_like(group_uuid):
            raise errors.SecurityGroupNotFound(security_group_id=group_uuid)
        try:
            return _group(self._admin().get(
                '/security-groups/%s' % group_uuid)['security_group'])
        except neutron_client.NeutronError as error:
            if neutron_client.not_found(error):
                raise errors.SecurityGroupNotFound(
                    security_group_id=group_uuid)
            raise

    get_security_group = get_security_group_by_uuid

    def get_security_group_by_name(self, context, project_id, name):
        found = self._groups(context, project_id, name=name)
        if not found:
            raise errors.SecurityGroupNotFoundForProject(
                security_group_id=name, project_id=project_id)
        return _group(found[0])
