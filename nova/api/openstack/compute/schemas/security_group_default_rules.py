"""Request schemas of the default security group rules API
(os-security-group-default-rules)."""

from nova.api.openstack.compute.schemas import security_group_rules

create = security_group_rules.default_create

index_query = {'type': 'object', 'properties': {},
               'additionalProperties': True}
show_query = index_query
