"""Errors of the built-in networking, each with the HTTP status it means."""

from nova import exception


class NetworkNotFound(exception.NotFound):
    msg_fmt = 'Network %(network_id)s could not be found.'


class NetworkNotFoundForProject(exception.NotFound):
    msg_fmt = ('Network %(network_id)s could not be found or does not '
               'belong to your project.')


class NetworkInUse(exception.Conflict):
    msg_fmt = ('Network %(network_id)s still has servers on it; delete '
               'them first.')


class SubnetNotFound(exception.NotFound):
    msg_fmt = 'Subnet %(subnet_id)s could not be found.'


class NetworkExists(exception.Conflict):
    msg_fmt = 'A network on VLAN %(vlan)s already exists.'


class NetworkOverlaps(exception.Conflict):
    msg_fmt = ('%(cidr)s overlaps %(other)s of network %(network_id)s; '
               'choose a range no other network uses.')


class MacAddressesExhausted(exception.Conflict):
    msg_fmt = 'No free MAC address was found for a new interface; retry.'


class NoNetworksFound(exception.Conflict):
    msg_fmt = ('No network is available to your project: ask an '
               'administrator to create one (os-networks) or associate one '
               'with it.')


class NetworkPortsInUse(exception.Conflict):
    neutron_type = 'NetworkInUse'
    msg_fmt = ('Unable to complete operation on network %(net_id)s. There '
               'are one or more ports still in use on the network.')


class NetworkAmbiguous(exception.Conflict):
    """More than one network could take a server that names none (or
    asks for "auto"): upstream's 409, with its message."""
    msg_fmt = ('Multiple possible networks found, use a Network ID to be '
               'more specific.')


class InvalidNetwork(exception.Invalid):
    msg_fmt = 'Invalid network: %(reason)s'


class FixedIpNotFound(exception.NotFound):
    msg_fmt = 'Fixed IP %(address)s could not be found.'


class FixedIpInvalid(exception.Invalid):
    msg_fmt = 'Fixed IP address %(address)s is invalid.'


class FixedIpNotInNetwork(exception.Invalid):
    msg_fmt = ('Fixed IP address %(address)s is not in network '
               '%(network_id)s; pick one of its range %(cidr)s.')


class FixedIpAlreadyInUse(exception.Invalid):
    msg_fmt = ('Fixed IP address %(address)s is already in use (or '
               'reserved); pick another one or leave it out.')


class FixedIpNotFoundForInstance(exception.Invalid):
    msg_fmt = ('Instance %(instance_uuid)s has no fixed IP address '
               '%(address)s.')


class NoMoreFixedIps(exception.Conflict):
    msg_fmt = ('No free fixed IP address is left on network %(network)s; '
               'delete servers or use another network.')


class InstanceAlreadyOnNetwork(exception.Conflict):
    msg_fmt = 'Instance %(instance_uuid)s already has an interface on ' \
              'network %(network_id)s.'


class VirtualInterfaceNotFound(exception.NotFound):
    msg_fmt = ('Instance %(instance_uuid)s has no interface '
               '%(port_id)s.')


class PortNotFound(exception.NotFound):
    msg_fmt = 'Port %(port_id)s could not be found.'


class PortBindingFailed(exception.Invalid):
    msg_fmt = ('Binding failed for port %(port_id)s: the network service '
               'could not bind it to host %(host)s (binding:vif_type '
               'binding_failed); see its logs.')


class PortInUse(exception.Conflict):
    msg_fmt = ('Unable to complete operation on port %(port_id)s: it is '
               'in use by device %(device_id)s.')


class MacAddressInUse(exception.Conflict):
    msg_fmt = ('Unable to complete operation for network: The mac address '
               '%(mac)s is in use.')


class FloatingIpNotFound(exception.NotFound):
    # The Neutron API spells the fault type so (the Compute API's faults
    # carry no type name).
    neutron_type = 'FloatingIPNotFound'
    msg_fmt = 'Floating IP %(id)s could not be found.'


class FloatingIpNotFoundForAddress(exception.NotFound):
    msg_fmt = 'Floating IP not found for address %(address)s.'


class FloatingIpPoolNotFound(exception.NotFound):
    msg_fmt = 'Floating IP pool %(pool)s could not be found.'


class NoMoreFloatingIps(exception.NotFound):
    msg_fmt = 'No more floating IPs in pool %(pool)s.'


class FloatingIpAssociated(exception.Invalid):
    msg_fmt = ('Cannot associate floating IP %(address)s with fixed IP '
               '%(fixed)s: it already has floating IP %(other)s of pool '
               '%(pool)s; disassociate that one first.')


class FloatingIpNotAssociated(exception.Conflict):
    msg_fmt = ('Floating IP %(address)s is not associated with instance '
               '%(instance_uuid)s.')


class FloatingIpExists(exception.Conflict):
    msg_fmt = 'Floating IP %(address)s already exists.'


class FloatingIpAddressNotFree(exception.Conflict):
    neutron_type = 'IpAddressAlreadyAllocated'
    msg_fmt = ('Floating IP %(address)s of pool %(pool)s is already '
               'allocated; pick another address or leave it out.')


class FloatingIpLimitExceeded(exception.OverQuota):
    msg_fmt = 'Maximum number of floating IPs exceeded'


class FixedIpLimitExceeded(exception.OverQuota):
    msg_fmt = 'Maximum number of fixed IPs exceeded'


class SecurityGroupNotFound(exception.NotFound):
    msg_fmt = 'Security group %(security_group_id)s not found.'


class SecurityGroupNotFoundForProject(exception.NotFound):
    msg_fmt = ('Security group %(security_group_id)s not found for project '
               '%(project_id)s.')


class SecurityGroupExists(exception.Invalid):
    msg_fmt = ('Security group %(security_group_name)s already exists for '
               'project %(project_id)s.')


class SecurityGroupInUse(exception.Invalid):
    msg_fmt = ('Security group %(security_group_id)s is in use by servers; '
               'remove it from them first.')


class SecurityGroupRuleNotFound(exception.NotFound):
    msg_fmt = 'Security group rule %(rule_id)s could not be found.'


class SecurityGroupRuleExists(exception.Invalid):
    msg_fmt = 'This rule already exists in group %(group_id)s'


class SecurityGroupDefaultRuleNotFound(exception.NotFound):
    msg_fmt = 'Security group default rule %(rule_id)s could not be found.'


class SecurityGroupLimitExceeded(exception.OverQuota):
    msg_fmt = 'Quota exceeded, too many security groups.'


class SecurityGroupRuleLimitExceeded(exception.OverQuota):
    msg_fmt = 'Quota exceeded, too many security group rules.'


class InvalidSecurityGroup(exception.Invalid):
    msg_fmt = 'Bad security group: %(reason)s'


class DnsDomainNotFound(exception.NotFound):
    msg_fmt = 'Domain %(domain)s could not be found.'


class DnsEntryNotFound(exception.NotFound):
    msg_fmt = 'DNS entry %(name)s could not be found in domain %(domain)s.'


class NetworkOfAnotherProject(exception.Conflict):
    msg_fmt = ('Network %(network_id)s belongs to another project; '
               'disassociate it first.')


class AutoAllocationFailure(exception.Conflict):
    """Neutron's answer when a topology cannot be allocated."""
    msg_fmt = 'Deployment error: %(reason)s.'


class IpAddressAlreadyAllocated(exception.Conflict):
    msg_fmt = ('IP address %(ip)s already allocated in subnet '
               '%(subnet_id)s')


class InvalidIpForSubnet(exception.Invalid):
    msg_fmt = ('IP address %(ip_address)s is not a valid IP for the '
               'specified subnet.')


class IpAddressGenerationFailure(exception.Conflict):
    msg_fmt = 'No more IP addresses available on network %(net_id)s.'
