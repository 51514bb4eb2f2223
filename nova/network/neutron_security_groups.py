"""Security groups of the Neutron backend: Neutron's security groups of
the servers' ports, as the Compute API's views read them."""

import types

from nova.network import errors
from nova.network import neutron_client

DEFAULT = 'default'


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
        for group in self._groups(context, project_id):
            by_name.setdefault(group['name'], group)
        result = []
        for name in dict.fromkeys(names):
            if name in by_name:
                result.append(_group(by_name[name]))
            elif name != DEFAULT:
                raise errors.InvalidSecurityGroup(
                    reason='security group %s does not exist in your '
                           'project' % name)
        return result

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
