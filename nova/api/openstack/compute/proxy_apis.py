"""The last microversion of the proxy APIs (networks, fixed and floating
IPs, security groups, images, volumes): from 2.36 on they answer 404 and
users call the networking, image and volume services directly."""

PROXY_MAX_VERSION = '2.35'

# Quotas and limits of networking resources leave the views at 2.36 too.
NETWORK_QUOTAS = ('fixed_ips', 'floating_ips', 'networks',
                  'security_group_rules', 'security_groups')
