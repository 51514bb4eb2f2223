"""The keystoneauth plugin of a call Nova makes to another service for a
user: the user's token, plus a service token of the [service_user] when
send_service_user_token is set.

The receiving service (keystonemiddleware) then accepts the user's token
even after it expired, as long as the service token is valid and carries
a service role, so an operation that outlasts the user's token (a slow
build, a snapshot upload) still completes.
"""

import threading

from keystoneauth1 import loading as ks_loading
from keystoneauth1 import plugin
from keystoneauth1 import service_token
from oslo_log import log as logging

import nova.conf

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
GROUP = 'service_user'

_LOCK = threading.Lock()
_SERVICE_AUTH = None
_SESSION = None


class UserToken(plugin.BaseAuthPlugin):
    """The caller's token as it came with the request; Nova never
    renews it (the service token is what keeps a long operation going).
    Endpoints are given by the caller of the session, not looked up."""

    def __init__(self, token):
        super().__init__()
        self.token = token

    def get_token(self, session, **kwargs):
        return self.token

    def get_endpoint(self, session, **kwargs):
        return None


def service_user_auth():
    """The [service_user] plugin (loaded once), None when the section
    names no auth_type."""
    global _SERVICE_AUTH
    with _LOCK:
        if _SERVICE_AUTH is None:
            _SERVICE_AUTH = ks_loading.load_auth_from_conf_options(CONF,
                                                                   GROUP)
        return _SERVICE_AUTH


def service_user_token():
    """A token of the [service_user] (renewed by its plugin when it
    expires), None without one configured."""
    auth = service_user_auth()
    if auth is None:
        return None
    return auth.get_token(_session())


def _session():
    global _SESSION
    with _LOCK:
        if _SESSION is None:
            _SESSION = ks_loading.load_session_from_conf_options(CONF,
                                                                 GROUP)
        return _SESSION


def service_auth():
    """The [service_user] plugin when send_service_user_token is on,
    else None."""
    if not CONF.service_user.send_service_user_token:
        return None
    auth = service_user_auth()
    if auth is None:
        LOG.warning('[service_user] send_service_user_token is set but the '
                    'section names no auth_type: calls carry the user\'s '
                    'token only')
    return auth


def reset():
    """Forget the loaded service plugin (tests change the options)."""
    global _SERVICE_AUTH, _SESSION
    with _LOCK:
        _SERVICE_AUTH = _SESSION = None


def get_auth_plugin(context):
    """The plugin for a call made for the caller of context: None when
    the context has no token (noauth2), the user's token alone, or the
    user's token wrapped with the service token."""
    token = getattr(context, 'auth_token', None)
    if not token:
        return None
    user_auth = UserToken(token)
    service = service_auth()
    if service is None:
        return user_auth
    return service_token.ServiceTokenAuthWrapper(user_auth=user_auth,
                                                 service_auth=service)
