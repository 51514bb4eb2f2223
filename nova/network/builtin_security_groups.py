"""The built-in backend's security groups, their rules, the default rules
and servers' membership (part of BuiltinNetworkAPI)."""

from nova import exception
from nova import lazy_import
from nova.network import errors
from nova.network import quotas as network_quotas
from nova import quota

groups_db = lazy_import.module('nova.db.security_groups')
refresh = lazy_import.module('nova.network.refresh')


class SecurityGroupsMixin:

    DEFAULT_SECURITY_GROUP = lazy_import.Attribute(groups_db, 'DEFAULT')

    def ensure_default_security_group(self, context, project_id,
                                      user_id=None):
        return groups_db.ensure_default(context, project_id, user_id)

    def get_security_group(self, context, group_id):
        return groups_db.get(context, group_id)

    def get_security_group_by_uuid(self, context, group_uuid):
        return groups_db.get_by_uuid(context, group_uuid)

    def get_security_group_by_name(self, context, project_id, name):
        return groups_db.get_by_name(context, project_id, name)

    def list_security_groups(self, context, project_id=None):
        return groups_db.get_all(context, project_id=project_id)

    def create_security_group(self, context, name, description):
        try:
            quota.check_deltas(context, {'security_groups': 1})
        except exception.OverQuota:
            raise errors.SecurityGroupLimitExceeded()
        group = groups_db.create(context, {
            'name': name, 'description': description,
            'project_id': context.project_id, 'user_id': context.user_id})
        try:
            # Parallel creates all passed the first count: recount.
            quota.check_deltas(context, {'security_groups': 0})
        except exception.OverQuota:
            groups_db.destroy(context, group.id)
            raise errors.SecurityGroupLimitExceeded()
        return group

    def update_security_group(self, context, group_id, name, description):
        return groups_db.update(context, group_id, {
            'name': name, 'description': description})

    def destroy_security_group(self, context, group_id):
        groups_db.destroy(context, group_id)

    def get_security_group_rules(self, context, group_ids):
        return groups_db.rules_of(context, list(group_ids))

    def security_group_names(self, context, group_ids):
        return groups_db.names_of(context, group_ids)

    def create_security_group_rule(self, context, values):
        rule = groups_db.rule_create(
            context, values, limit=network_quotas.rule_limit(context))
        refresh.groups(context, [rule.parent_group_id])
        return rule

    def get_security_group_rule(self, context, rule_id):
        return groups_db.rule_get(context, rule_id)

    def get_security_group_rule_by_uuid(self, context, rule_uuid):
        return groups_db.rule_get_by_uuid(context, rule_uuid)

    def destroy_security_group_rule(self, context, rule):
        groups_db.rule_destroy(context, rule.id)
        refresh.groups(context, [rule.parent_group_id])

    def security_groups_of_instances(self, context, instance_uuids):
        return groups_db.groups_by_instances(context, instance_uuids)

    def add_instance_security_group(self, context, instance, group):
        if not groups_db.add_instance(context, group.id, instance.uuid):
            return False
        refresh.groups(context, [group.id])
        return True

    def remove_instance_security_group(self, context, instance, group):
        if not groups_db.remove_instance(context, group.id, instance.uuid):
            return False
        refresh.instance(context, instance)
        refresh.groups(context, [group.id])
        return True

    def get_default_rules(self, context):
        return groups_db.default_rules(context)

    def get_default_rule(self, context, rule_id):
        return groups_db.default_rule_get(context, rule_id)

    def create_default_rule(self, context, values):
        return groups_db.default_rule_create(context, values)

    def destroy_default_rule(self, context, rule_id):
        groups_db.default_rule_destroy(context, rule_id)
