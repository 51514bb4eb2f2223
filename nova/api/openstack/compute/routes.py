"""The Compute API route table: every resource module's routes in one list.

Each controller module exports ROUTES = [(path, {METHOD: handler(s)})];
more specific paths come first within a module (/servers/detail before
/servers/{server_id}).
"""

from nova.api.openstack.compute import aggregate_images
from nova.api.openstack.compute import aggregates
from nova.api.openstack.compute import assisted_volume_snapshots
from nova.api.openstack.compute import availability_zone
from nova.api.openstack.compute import console_auth_tokens
from nova.api.openstack.compute import extensions
from nova.api.openstack.compute import flavor_access
from nova.api.openstack.compute import flavor_extra_specs
from nova.api.openstack.compute import flavors
from nova.api.openstack.compute import hosts
from nova.api.openstack.compute import hypervisors
from nova.api.openstack.compute import image_metadata
from nova.api.openstack.compute import images
from nova.api.openstack.compute import instance_actions
from nova.api.openstack.compute import instance_usage_audit_log
from nova.api.openstack.compute import keypairs
from nova.api.openstack.compute import limits
from nova.api.openstack.compute import migrations
from nova.api.openstack.compute import quota_classes
from nova.api.openstack.compute import quota_sets
from nova.api.openstack.compute import remote_consoles
from nova.api.openstack.compute import server_actions
from nova.api.openstack.compute import server_diagnostics
from nova.api.openstack.compute import server_external_events
from nova.api.openstack.compute import server_groups
from nova.api.openstack.compute import server_metadata
from nova.api.openstack.compute import server_migrations
from nova.api.openstack.compute import server_password
from nova.api.openstack.compute import server_tags
from nova.api.openstack.compute import server_topology
from nova.api.openstack.compute import servers
from nova.api.openstack.compute import services
from nova.api.openstack.compute import simple_tenant_usage
from nova.api.openstack.compute import versions
# Networking (one module per resource, see nova.network).
from nova.api.openstack.compute import attach_interfaces
from nova.api.openstack.compute import fixed_ips
from nova.api.openstack.compute import floating_ip_dns
from nova.api.openstack.compute import floating_ip_pools
from nova.api.openstack.compute import floating_ips
from nova.api.openstack.compute import floating_ips_bulk
from nova.api.openstack.compute import ips
from nova.api.openstack.compute import networks
from nova.api.openstack.compute import security_group_default_rules
from nova.api.openstack.compute import security_group_rules
from nova.api.openstack.compute import security_groups
from nova.api.openstack.compute import tenant_networks
from nova.api.openstack.compute import virtual_interfaces
# Block storage (see nova.volume).
from nova.api.openstack.compute import snapshots
from nova.api.openstack.compute import volume_attachments
from nova.api.openstack.compute import volumes

ROUTES = (
    servers.ROUTES + flavors.ROUTES + flavor_access.ROUTES +
    flavor_extra_specs.ROUTES + images.ROUTES + image_metadata.ROUTES +
    keypairs.ROUTES + limits.ROUTES + quota_sets.ROUTES +
    quota_classes.ROUTES + services.ROUTES + extensions.ROUTES +
    availability_zone.ROUTES + aggregate_images.ROUTES +
    aggregates.ROUTES + hosts.ROUTES +
    server_actions.ROUTES + server_diagnostics.ROUTES +
    server_external_events.ROUTES +
    hypervisors.ROUTES + server_groups.ROUTES +
    instance_actions.ROUTES + instance_usage_audit_log.ROUTES +
    server_metadata.ROUTES + server_tags.ROUTES + server_topology.ROUTES +
    migrations.ROUTES + server_migrations.ROUTES +
    server_password.ROUTES + remote_consoles.ROUTES +
    console_auth_tokens.ROUTES +
    simple_tenant_usage.ROUTES + versions.ROUTES +
    networks.ROUTES + tenant_networks.ROUTES + fixed_ips.ROUTES +
    floating_ip_pools.ROUTES + floating_ips.ROUTES +
    floating_ips_bulk.ROUTES + floating_ip_dns.ROUTES +
    security_groups.ROUTES + security_group_rules.ROUTES +
    security_group_default_rules.ROUTES + virtual_interfaces.ROUTES +
    attach_interfaces.ROUTES + ips.ROUTES +
    volumes.ROUTES + snapshots.ROUTES + volume_attachments.ROUTES +
    assisted_volume_snapshots.ROUTES
)
