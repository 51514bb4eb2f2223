"""Authentication middlewares: noauth2 and the Keystone context builder."""

from urllib import parse

from oslo_log import log as logging

from nova.api.openstack import wsgi
from nova import context

LOG = logging.getLogger(__name__)

NOAUTH_PLACEHOLDER = 'notused'


class NoAuth2:
    """Trust the caller: the token "user:project" names who is calling.

    Without a token the X-Auth-User and X-Auth-Project-Id headers are used,
    both defaulting to "admin"; keystoneauth's "none" plugin (openstack
    --os-auth-type none) sends the placeholder token "notused", which counts
    as no token. Everyone is a member (and reader) of the named project;
    the user "admin" also has the admin, manager and service roles. Never
    expose this to the network.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        req = wsgi.Request(environ)
        # Some clients URL-encode the token (user%3Aproject).
        token = parse.unquote(req.headers.get('X-Auth-Token') or '')
        if token and token != NOAUTH_PLACEHOLDER:
            user_id, _sep, project_id = token.partition(':')
            project_id = project_id or user_id
        else:
            user_id = req.headers.get('X-Auth-User', 'admin')
            project_id = req.headers.get('X-Auth-Project-Id', 'admin')
        roles = ['member', 'reader']
        if user_id == 'admin':
            # Every persona, the service one included (external events).
            roles += ['admin', 'manager', 'service']
        environ['nova.context'] = context.RequestContext(
            user_id=user_id, project_id=project_id, roles=roles,
            is_admin='admin' in roles, remote_address=req.remote_addr,
            request_id=environ.get('openstack.request_id'))
        return self.app(environ, start_response)


class KeystoneContext:
    """Build the RequestContext from the headers auth_token has set."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        req = wsgi.Request(environ)
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed':
            return wsgi.Fault(401, 'Authentication required').to_response()(
                environ, start_response)
        roles = [r.strip() for r in req.headers.get('X-Roles', '').split(',')
                 if r.strip()]
        environ['nova.context'] = context.RequestContext(
            user_id=req.headers.get('X-User-Id'),
            project_id=req.headers.get('X-Project-Id'),
            user_name=req.headers.get('X-User-Name'),
            project_name=req.headers.get('X-Project-Name'),
            roles=roles, auth_token=req.headers.get('X-Auth-Token'),
            # A system-scoped token (enforce_scope refuses it on the
            # project-scoped rules) and the roles of a service token.
            system_scope=req.headers.get('X-System-Scope'),
            service_roles=[
                r.strip() for r in
                req.headers.get('X-Service-Roles', '').split(',')
                if r.strip()],
            remote_address=req.remote_addr,
            request_id=environ.get('openstack.request_id'))
        return self.app(environ, start_response)


def wrap(app, conf):
    """Put the configured authentication in front of app."""
    if conf.api.auth_strategy == 'keystone':
        from keystonemiddleware import auth_token
        return auth_token.AuthProtocol(KeystoneContext(app),
                                       {'oslo_config_config': conf})
    return NoAuth2(app)
