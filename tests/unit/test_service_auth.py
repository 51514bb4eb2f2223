"""nova.service_auth: which token headers a call made for a user carries
([service_user] send_service_user_token on and off)."""

import pytest
from keystoneauth1 import session as ks_session

from nova import context as nova_context
from nova import service_auth


@pytest.fixture
def service_user(conf, tmp_path):
    """[service_user] with keystoneauth's admin_token plugin: a fixed
    service token, no Keystone needed."""
    path = tmp_path / 'nova.conf'

    def configure(send):
        path.write_text('[service_user]\nsend_service_user_token = %s\n'
                        'auth_type = admin_token\ntoken = svc-token\n'
                        'endpoint = http://127.0.0.1:1\n' % send)
        conf(['--config-file', str(path)], project='nova',
             default_config_files=[])
        service_auth.reset()
    yield configure
    service_auth.reset()


def _headers(context):
    plugin = service_auth.get_auth_plugin(context)
    return None if plugin is None else plugin.get_headers(
        ks_session.Session())


def test_no_user_token_no_plugin(service_user):
    service_user('true')
    assert _headers(nova_context.RequestContext('u', 'p')) is None


def test_user_token_alone_when_off(service_user):
    service_user('false')
    context = nova_context.RequestContext('u', 'p', auth_token='user-token')
    assert _headers(context) == {'X-Auth-Token': 'user-token'}


def test_user_and_service_token_when_on(service_user):
    service_user('true')
    context = nova_context.RequestContext('u', 'p', auth_token='user-token')
    assert _headers(context) == {'X-Auth-Token': 'user-token',
                                 'X-Service-Token': 'svc-token'}
    assert service_auth.service_user_token() == 'svc-token'
