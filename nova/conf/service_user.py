"""Options of the service user: the identity Nova adds, as a service
token, to the calls it makes for a user to other services."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

service_user_group = cfg.OptGroup(
    'service_user', title='Service user',
    help='The identity Nova proves with a service token (the '
         'X-Service-Token header) beside the user\'s token when it calls '
         'the image, network and volume services for a user. A service '
         'that receives both accepts the user\'s token even after it '
         'expired, when the service token is valid and carries one of its '
         '[keystone_authtoken] service_token_roles (default: service): a '
         'long operation (a slow build, a snapshot upload) then does not '
         'fail half-way because the user\'s token ran out. Authentication '
         '(auth_type, auth_url, username, password, project_name, '
         'user_domain_name, project_domain_name ...) and the session '
         '(timeout, cafile, insecure ...) are the keystoneauth1 options. '
         'The user needs the service role (and admin for the legacy '
         'rules) in its project.')

service_user_opts = [
    cfg.BoolOpt('send_service_user_token', default=False,
                help='Whether calls made for a user to the image, network '
                     'and volume services carry a service token of the '
                     'user configured here beside the user\'s token. '
                     'Needs auth_type and its options in this section; '
                     'without a user token (noauth2) nothing is added.'),
]


def register_opts(conf):
    conf.register_group(service_user_group)
    conf.register_opts(service_user_opts, group=service_user_group)
    ks_loading.register_session_conf_options(conf, service_user_group.name)
    ks_loading.register_auth_conf_options(conf, service_user_group.name)


def list_opts():
    # The sample documents the password plugin's options, the one a
    # deployment with Keystone uses.
    opts = (service_user_opts + ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password'))
    seen = {}
    for opt in opts:
        seen.setdefault(opt.dest, opt)
    return {service_user_group: list(seen.values())}
