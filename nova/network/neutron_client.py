"""HTTP calls to a Neutron v2.0 endpoint over a keystoneauth session
configured by the [neutron] options.

Two identities: the service's own (the configured auth plugin), for
what only an administrator may do (port bindings, other projects'
ports), and the caller's token when the request came with one (Keystone
deployments), so Neutron applies the caller's project scoping itself;
with [service_user] send_service_user_token a service token goes with
it (nova.service_auth).
Without a caller token (noauth2) Nova acts with the service identity
and scopes by project_id itself.
"""

import threading

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from oslo_log import log as logging

import nova.conf
from nova import exception
from nova.network import errors
from nova import service_auth

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)
GROUP = 'neutron'

_LOCK = threading.Lock()
_ADAPTER = None


class NeutronUnavailable(exception.NovaException):
    code = 503
    msg_fmt = 'The network service (Neutron) is unavailable: %(reason)s'


class NeutronError(exception.NovaException):
    """An answer of Neutron Nova has no more precise error for."""
    msg_fmt = 'Neutron answered %(status)s: %(message)s'

    def __init__(self, status, message, kind=None):
        self.code = status if 400 <= status < 500 else 502
        self.kind = kind
        super().__init__(status=status, message=message)


def _adapter():
    global _ADAPTER
    with _LOCK:
        if _ADAPTER is None:
            auth = ks_loading.load_auth_from_conf_options(CONF, GROUP)
            session = ks_loading.load_session_from_conf_options(
                CONF, GROUP, auth=auth)
            _ADAPTER = ks_loading.load_adapter_from_conf_options(
                CONF, GROUP, session=session, auth=auth,
                connect_retries=CONF.neutron.http_retries)
        return _ADAPTER


def reset():
    """Forget the session (tests change the options)."""
    global _ADAPTER
    with _LOCK:
        _ADAPTER = None


def _base_url(adapter):
    try:
        endpoint = adapter.get_endpoint()
    except ks_exc.ClientException as error:
        raise NeutronUnavailable(reason='no endpoint: %s' % error)
    if not endpoint:
        raise NeutronUnavailable(
            reason='no endpoint: set [neutron] endpoint_override or give '
                   'the service catalog a network endpoint')
    endpoint = endpoint.rstrip('/')
    if endpoint.endswith('/v2.0'):
        endpoint = endpoint[:-len('/v2.0')]
    return endpoint + '/v2.0'


class Client:
    """JSON requests to Neutron as the service or as the caller."""

    def __init__(self, context=None, admin=False):
        self.adapter = _adapter()
        self.base = _base_url(self.adapter)
        self.auth = None
        if context is not None and not admin:
            self.auth = service_auth.get_auth_plugin(context)

    def request(self, method, path, body=None, params=None):
        kwargs = {'raise_exc': False, 'params': params or None,
                  'headers': {'Accept': 'application/json'}}
        if body is not None:
            kwargs['json'] = body
        if self.auth is not None:
            kwargs['auth'] = self.auth
        try:
            resp = self.adapter.request(self.base + path, method, **kwargs)
        except ks_exc.ConnectFailure as error:
            raise NeutronUnavailable(reason=str(error))
        except ks_exc.ClientException as error:
            raise NeutronUnavailable(reason=str(error))
        if resp.status_code >= 400:
            raise _error(resp)
        if resp.status_code == 204 or not resp.content:
            return None
        return resp.json()

    def get(self, path, **params):
        return self.request('GET', path, params=params)

    def post(self, path, body):
        return self.request('POST', path, body=body)

    def put(self, path, body):
        return self.request('PUT', path, body=body)

    def delete(self, path):
        return self.request('DELETE', path)

    def list(self, collection, **filters):
        """Every item of a collection matching filters (list values
        repeat the query parameter)."""
        return self.get('/' + collection, **filters)[
            collection.replace('-', '_')]


def _error(resp):
    try:
        fault = resp.json().get('NeutronError') or {}
    except ValueError:
        fault = {}
    message = fault.get('message') or resp.text[:300] or resp.reason
    kind = fault.get('type')
    if resp.status_code >= 500:
        return NeutronUnavailable(reason='%s %s' % (resp.status_code,
                                                    message))
    return NeutronError(resp.status_code, message, kind)


def not_found(error):
    return isinstance(error, NeutronError) and error.code == 404


def translate_port_error(error, port_id):
    """A port error as the Compute API's own."""
    if not_found(error):
        return errors.PortNotFound(port_id=port_id)
    return error
