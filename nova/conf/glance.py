"""Options of the image service client: built-in store or Glance."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

from nova.conf import paths

glance_group = cfg.OptGroup(
    'glance', title='Image service options',
    help='The image service and how Nova reaches it over HTTP. Beside the '
         'options below: the keystoneauth1 session options (cafile, '
         'insecure ...; timeout is this section\'s own), and the auth '
         '(auth_type, auth_url, username, password, project_name ...) and '
         'adapter options (service_type, valid_interfaces, region_name, '
         'endpoint_override) used to find the image endpoint in the '
         'catalog when api_servers is empty. Calls made for a user carry '
         'the user\'s token, plus a service token when [service_user] '
         'send_service_user_token is set.')

DEFAULT_SERVICE_TYPE = 'image'

glance_opts = [
    cfg.StrOpt('backend', default='local', choices=[
                   ('local', 'the built-in image store: database rows and '
                    'files below images_path'),
                   ('glance', 'a Glance v2 service at api_servers')],
               help='Where images are kept. With glance, nova-api (and '
                    'nova-all) serve no image API of their own: '
                    'image_api_listen_port stays free, clients and '
                    'nova-compute use the Glance at api_servers, and the '
                    'daemons refuse to start when api_servers is empty.'),
    cfg.ListOpt('api_servers', default=[],
                help='Glance v2 endpoints (http://host:9292) used when '
                     'backend is glance. nova-compute always reaches '
                     'images over HTTP (it has no database) and will not '
                     'start while this is empty: with backend local, set '
                     'it to the image API of nova-api, '
                     'http://<image_api_listen>:<image_api_listen_port>.'),
    cfg.StrOpt('images_path', default=paths.state_path_def('images'),
               help='Directory of the built-in image store\'s files.'),
    cfg.IntOpt('image_size_cap', default=1099511627776, min=1,
               help='Largest image, in bytes, the built-in store accepts '
                    '(Glance\'s default: 1 TiB). A larger upload is '
                    'refused with 413, before any byte is read when the '
                    'request declares its Content-Length. Image uploads '
                    'are exempt from [oslo_middleware] '
                    'max_request_body_size.'),
    cfg.IntOpt('project_storage_quota_mb', default=0, min=0,
               help='Most image data, in MiB, the images of one project '
                    'may hold in the built-in store; an upload that would '
                    'go beyond is refused with 413. 0: no quota (the '
                    'store\'s free-space reserve still applies).'),
    cfg.IntOpt('store_reserved_mb', default=256, min=0,
               help='Free space, in MiB, uploads to the built-in store '
                    'leave on the file system of images_path; an upload '
                    'that would eat into it is refused with 507, so the '
                    'database beside it (SQLite under state_path) keeps '
                    'room and deleting images still works. A full disk '
                    'during an upload is also a 507, and the partial data '
                    'is removed.'),
    cfg.IntOpt('timeout', default=60, min=1,
               help='Seconds to wait for an answer from Glance.'),
    cfg.IntOpt('boot_image_cache_seconds', default=5, min=0,
               help='For how many seconds nova-api reuses what the image '
                    'service (Glance, or the built-in store) answered about '
                    'a server create\'s image (per process, per image and '
                    'per project and role asking) instead of asking again '
                    'on every create. A change to the image made elsewhere '
                    '(Glance, another nova-api process) may be missed for '
                    'that long; images changed through this process are '
                    'read again at once. 0 turns it off.'),
    cfg.BoolOpt('create_default_image', default=True,
                help='Whether nova-all uploads a small image (named '
                     '"cirros") on first start so servers can boot at '
                     'once.'),
    cfg.BoolOpt('enable_certificate_validation', default=False,
                help='Whether every server created or rebuilt from an '
                     'image must name the certificates its image is '
                     'trusted under (API 2.63 trusted_image_certificates, '
                     'or default_trusted_certificate_ids). When true, a '
                     'request with neither is refused with 400.'),
    cfg.ListOpt('default_trusted_certificate_ids', default=[],
                help='Certificate IDs given to servers created or rebuilt '
                     'without trusted_image_certificates. Each must be '
                     'in trusted_certificates_dir. Used whether or not '
                     'enable_certificate_validation is set.'),
    cfg.StrOpt('trusted_certificates_dir',
               default=paths.state_path_def('trusted_certs'),
               help='Directory of the certificates servers may trust '
                    '(the local stand-in for a key manager): the '
                    'certificate with ID <id> is the PEM file <id>.pem '
                    'here. An ID whose file is missing or holds no PEM '
                    'X.509 certificate is refused with 400.'),
]


def _session_opts():
    # timeout is glance_opts' own (same meaning, seconds).
    return [opt for opt in ks_loading.get_session_conf_options()
            if opt.dest != 'timeout']


def _adapter_opts():
    """keystoneauth's adapter options with this service's defaults in
    the options themselves."""
    opts = ks_loading.get_adapter_conf_options(include_deprecated=False)
    for opt in opts:
        if opt.dest == 'service_type':
            opt.default = DEFAULT_SERVICE_TYPE
        elif opt.dest == 'valid_interfaces':
            opt.default = ['internal', 'public']
    return opts


def register_opts(conf):
    conf.register_group(glance_group)
    conf.register_opts(glance_opts, group=glance_group)
    conf.register_opts(_session_opts(), group=glance_group)
    ks_loading.register_auth_conf_options(conf, glance_group.name)
    conf.register_opts(_adapter_opts(), group=glance_group)


def list_opts():
    opts = (glance_opts + _session_opts() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            _adapter_opts())
    seen = {}
    for opt in opts:
        seen.setdefault(opt.dest, opt)
    return {glance_group: list(seen.values())}
