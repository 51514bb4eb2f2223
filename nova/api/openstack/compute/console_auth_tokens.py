"""GET /os-console-auth-tokens/{console_token} (administrators): where the
remote console of a token connects. Up to 2.30 only RDP consoles are
shown; from 2.31 every console type."""

from nova.api.openstack.compute.schemas import console_auth_tokens as schema
from nova.api.openstack import wsgi
from nova import objects
from nova import policy


def _show(req, console_token, rdp_only):
    policy.authorize(req.context, 'os_compute_api:os-console-auth-tokens',
                     {})
    console = objects.ConsoleAuthToken.validate(req.context, console_token)
    if rdp_only and console.console_type != 'rdp-html5':
        raise wsgi.Fault(400, 'The requested console type details are not '
                              'accessible')
    view = {'instance_uuid': console.instance_uuid,
            'host': console.host, 'port': console.port,
            'internal_access_path': console.internal_access_path}
    if req.is_version('2.99'):
        # A direct SPICE client's TLS port; no console here has one.
        view['tls_port'] = None
    return {'console': view}


@wsgi.api(errors=(400, 401, 403, 404), query=schema.show_query,
          max_version='2.30')
def show(req, console_token):
    return _show(req, console_token, rdp_only=True)


@wsgi.api(errors=(400, 401, 403, 404), query=schema.show_query,
          min_version='2.31')
def show_v231(req, console_token):
    return _show(req, console_token, rdp_only=False)


ROUTES = [
    ('/os-console-auth-tokens/{console_token}', {'GET': [show, show_v231]}),
]
