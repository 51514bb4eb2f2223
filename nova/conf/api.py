"""Options of the Compute API: authentication and paging."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt('auth_strategy', default='noauth2',
               choices=[('noauth2', 'No authentication: the token '
                         '"user:project" names the caller; the user "admin" '
                         'is an administrator. For tests and one-person '
                         'clouds only.'),
                        ('keystone', 'Keystone tokens checked by '
                         'keystonemiddleware auth_token (configure its '
                         '[keystone_authtoken] section).')],
               help='How API callers are authenticated.'),
    cfg.BoolOpt('allow_unauthenticated_remote_access', default=False,
                help='Whether the API listeners (Compute, image, EC2, '
                     'network) may listen on a non-loopback address while '
                     'auth_strategy is noauth2. With noauth2 anyone who '
                     'reaches such an address acts as any user, admin '
                     'included, without a token; for isolated test '
                     'networks only. False: such a service refuses to '
                     'start. True: it starts and logs a warning. Listeners '
                     'bind 127.0.0.1 under noauth2 unless their listen '
                     'option (osapi_compute_listen, image_api_listen, '
                     'ec2_listen, ...) says otherwise.'),
    cfg.IntOpt('max_limit', default=1000, min=1,
               help='Largest number of items a collection returns in one '
                    'response; clients page with limit and marker.'),
    cfg.StrOpt('compute_link_prefix',
               help='Base URL used in links of responses instead of the '
                    'request host, for an API behind a proxy.'),
    cfg.BoolOpt('enable_instance_password', default=True,
                help='Whether responses of server create, rebuild and '
                     'rescue include the administrator password (adminPass) '
                     'set in the guest. Turn off for hypervisors that '
                     'cannot set one.'),
    cfg.IntOpt('outage_retry_after', default=10, min=1,
               help='Seconds the Retry-After header of a 503 asks clients '
                    'to wait when a request failed because the database or '
                    'the message bus could not be reached.'),
    cfg.IntOpt('rpc_send_retries', default=2, min=0,
               help='How many times nova-api (and nova-api-ec2) tries again '
                    'to reach the message bus before a request that must '
                    'send a message fails with 503 (each try waits '
                    'rabbit_retry_interval, growing by '
                    'rabbit_retry_backoff). Services other than the APIs '
                    'wait for the bus as long as it takes. Related: '
                    'rpc_response_timeout bounds waits for answers.'),
    cfg.IntOpt('flavor_cache_seconds', default=5, min=0,
               help='For how many seconds nova-api reuses a flavor it read '
                    'for a server create (per process) instead of reading '
                    'it again on every create. A change to the flavor made '
                    'through another process (another nova-api worker or '
                    'host) may be missed by creates for that long; one made '
                    'through this process applies at once. 0 turns it '
                    'off.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
