"""Options of the EC2 API and the metadata service (issue 8)."""

from oslo_config import cfg

from nova.conf import grouped
from nova.conf import paths

metadata_group = cfg.OptGroup(
    'metadata', title='Metadata service',
    help='The metadata service guests query at 169.254.169.254, and the '
         'config drive that carries the same content.')

ec2_group = cfg.OptGroup(
    'ec2', title='EC2 API',
    help='The EC2 query API (nova-api-ec2).')

_default_opts = [
    cfg.HostAddressOpt('metadata_listen', default=None,
                       help='Address the metadata service listens on. '
                            'Unset: 127.0.0.1 with [api] auth_strategy = '
                            'noauth2, unless [network] plumbing_driver is '
                            'linux_net (guests reach the service at their '
                            'bridge\'s address); all addresses otherwise. '
                            'The service knows callers by their fixed IP, '
                            'not by tokens, so noauth2 does not restrict '
                            'it further.'),
    cfg.PortOpt('metadata_listen_port', default=8775,
                help='Port the metadata service listens on.'),
    cfg.IntOpt('metadata_workers', default=None, min=1,
               help='Number of processes nova-api-metadata serves the '
                    'metadata service with '
                    '(forked workers, as osapi_compute_workers). Unset: '
                    '1. nova-all always serves in one process.'),
    cfg.HostAddressOpt('ec2_listen', default=None,
                       help='Address the EC2 API listens on. Unset: '
                            '127.0.0.1 with noauth2, all addresses with '
                            'keystone.'),
    cfg.PortOpt('ec2_listen_port', default=8773,
                help='Port the EC2 API listens on.'),
    cfg.IntOpt('ec2_workers', default=None, min=1,
               help='Number of processes nova-api-ec2 serves the EC2 API '
                    'with '
                    '(forked workers, as osapi_compute_workers). Unset: '
                    '1. nova-all always serves in one process.'),
]

_metadata_opts = [
    cfg.BoolOpt('enabled_in_all', default=True,
                help='Whether nova-all also serves the metadata service '
                     '(on metadata_listen_port).'),
    cfg.StrOpt('proxy_shared_secret', default='', secret=True,
               help='Secret shared with a metadata proxy (for example '
                    'Neutron\'s). When set, a request carrying '
                    'X-Instance-ID and X-Instance-ID-Signature (the hex '
                    'HMAC-SHA256 of the instance id with this secret) is '
                    'answered for that instance, and one carrying '
                    'X-Neutron-Network-ID, X-Neutron-Network-ID-Signature '
                    '(the HMAC of the network uuid) and X-Forwarded-For '
                    'for the instance with that address on that network '
                    '(a namespace proxy, [network] allow_overlapping_ips); '
                    'a wrong signature is a 403. Empty: with [network] '
                    'plumbing_driver = linux_net, a secret generated once '
                    'into $state_path/metadata_proxy_secret (mode 0600), '
                    'which this host\'s namespace proxies and metadata '
                    'service share; deployments whose metadata service '
                    'runs on other hosts than their compute hosts must '
                    'set it (the same on every host). Otherwise those '
                    'headers are ignored and the instance is found by '
                    'its fixed IP.'),
    cfg.ListOpt('trusted_proxies', default=[],
                help='Addresses of proxies whose X-Forwarded-For header '
                     'is believed: a request from one of them is answered '
                     'for the instance owning the last address of that '
                     'header. Requests from other addresses are answered '
                     'for their own address only.'),
    cfg.StrOpt('dhcp_domain', default='novalocal',
               help='Domain appended to instance host names in the '
                    'metadata (hostname, local-hostname). Empty: none.'),
    cfg.StrOpt('vendordata_jsonfile_path', default=None,
               help='A JSON file whose object is served as '
                    'vendor_data.json. None: an empty object.'),
    cfg.IntOpt('cache_expiration', default=15, min=0,
               help='Seconds the service keeps an instance\'s metadata '
                    'before reading it again; 0 disables the cache.'),
]

_ec2_opts = [
    cfg.BoolOpt('enabled_in_all', default=True,
                help='Whether nova-all also serves the EC2 API (on '
                     'ec2_listen_port).'),
    cfg.StrOpt('region_name', default='nova',
               help='The region DescribeRegions reports, and the region '
                    'SigV4 signatures must name.'),
    cfg.IntOpt('timestamp_expiry', default=300, min=1,
               help='Seconds a signed request stays valid after its '
                    'Timestamp (or X-Amz-Date); older ones, and ones from '
                    'further in the future, get AuthFailure.'),
    cfg.StrOpt('keystone_ec2tokens_url',
               default='http://127.0.0.1:5000/v3/ec2tokens',
               help='Keystone\'s ec2tokens URL, which validates EC2 '
                    'signatures when [api] auth_strategy is keystone. With '
                    'noauth2, credentials made by "nova-manage ec2 '
                    'credentials create" are used instead.'),
    cfg.IntOpt('keystone_timeout', default=10, min=1,
               help='Seconds to wait for Keystone\'s ec2tokens answer.'),
    cfg.StrOpt('credential_key_file',
               default=paths.state_path_def('keys', 'ec2_credentials.fernet'),
               help='File of the Fernet keys that encrypt the secret keys '
                    'of EC2 credentials in the database (noauth2 mode), '
                    'one key a line: the first encrypts, every one '
                    'decrypts, so a new key goes on top and an old one '
                    'stays until no secret uses it. Created with one new '
                    'key, mode 0600, on first use. Every nova-api-ec2 and '
                    'nova-manage of a cloud needs the same file; without '
                    'it stored secrets cannot be read.'),
]

OPTS = {
    'DEFAULT': _default_opts,
    metadata_group: _metadata_opts,
    ec2_group: _ec2_opts,
}


def register_opts(conf):
    grouped.register(conf, OPTS)


def list_opts():
    return dict(OPTS)
