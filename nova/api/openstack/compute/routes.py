"""The Compute API route table: every resource module's routes in one list.

Each controller module exports ROUTES = [(path, {METHOD: handler(s)})];
more specific paths come first within a module (/servers/detail before
/servers/{server_id}).
"""

from nova.api.openstack.compute import aggregates
from nova.api.openstack.compute import availability_zone
from nova.api.openstack.compute import extensions
from nova.api.openstack.compute import flavor_access
from nova.api.openstack.compute import flavor_extra_specs
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute import hosts
from nova.api.openstack.compute import hypervisors
from nova.api.openstack.compute import image_metadata
from nova.api.openstack.compute import images
from nova.api.openstack.compute import instance_actions
from nova.api.openstack.compute import keypairs
from nova.api.openstack.compute import limits
from nova.api.openstack.compute import quota_classes
from nova.api.openstack.compute import quota_sets
from nova.api.openstack.compute import remote_consoles
from nova.api.openstack.compute import server_actions
from nova.api.openstack.compute import server_groups
from nova.api.openstack.compute import server_metadata
from nova.api.openstack.compute import server_password
from nova.api.openstack.compute import servers
from nova.api.openstack.compute import services
from nova.api.openstack.compute import simple_tenant_usage

ROUTES = (
    servers.ROUTES + flavors.ROUTES + flavor_access.ROUTES +
    flavor_extra_specs.ROUTES + images.ROUTES + image_metadata.ROUTES +
    keypairs.ROUTES + limits.ROUTES + quota_sets.ROUTES +
    quota_classes.ROUTES + services.ROUTES + extensions.ROUTES +
    availability_zone.ROUTES + aggregates.ROUTES + hosts.ROUTES +
    server_actions.ROUTES +
    hypervisors.ROUTES + server_groups.ROUTES +
    instance_actions.ROUTES + server_metadata.ROUTES +
    server_password.ROUTES + remote_consoles.ROUTES +
    simple_tenant_usage.ROUTES
)
