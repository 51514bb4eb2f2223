"""nova-compute has no database: the guard and the HTTP-only image facade."""

import sys

import pytest

# Imported before any test parses CONF: it registers CLI options.
from nova.cmd import compute
from nova import context as nova_context
from nova.db import api as db_api
from nova.db import flavors as db_flavors
from nova import exception
from nova.image import api as image_api
from nova.image import glance
from nova.image import local
from nova import objects


@pytest.fixture
def disabled(db):
    enable = db_api.disable('nova-compute')
    yield
    enable()


def test_a_query_after_disable_raises_naming_the_caller(disabled):
    ctx = nova_context.get_admin_context()
    with pytest.raises(exception.DBNotAllowed) as caught:
        db_flavors.flavor_get(ctx, flavorid='1')
    message = caught.value.format_message()
    assert message.startswith('nova-compute must not use the database')
    # The first frame outside the DB layer: this test, not nova/db.
    assert 'test_db_guard.py' in message
    assert 'test_a_query_after_disable' in message


def test_a_remotable_object_without_the_conductor_raises(disabled):
    ctx = nova_context.get_admin_context()
    with pytest.raises(exception.DBNotAllowed) as caught:
        objects.Flavor.get_by_flavor_id(ctx, '1')
    assert 'nova/objects/flavor.py' in caught.value.format_message()


def test_the_engine_itself_is_refused(disabled):
    with pytest.raises(exception.DBNotAllowed):
        db_api.get_engine()


def test_enabling_again_restores_access(db):
    ctx = nova_context.get_admin_context()
    db_api.disable('nova-compute')()
    # A query runs again (and finds the empty test database has no flavor).
    with pytest.raises(exception.FlavorNotFound):
        db_flavors.flavor_get(ctx, flavorid='1')


@pytest.fixture
def http_only_reset():
    yield
    image_api._http_only = False


def test_require_http_without_api_servers_names_the_option(conf,
                                                           http_only_reset):
    conf.set_override('api_servers', [], group='glance')
    with pytest.raises(image_api.ImageEndpointMissing) as caught:
        image_api.require_http('nova-compute')
    assert '[glance] api_servers' in str(caught.value)
    assert 'nova-compute' in str(caught.value)
    assert not image_api.uses_http()


def test_require_http_makes_the_local_backend_go_over_http(conf,
                                                           http_only_reset):
    conf.set_override('backend', 'local', group='glance')
    assert isinstance(image_api.API()._backend, local.LocalStore)
    conf.set_override('api_servers', ['http://127.0.0.1:9292'],
                      group='glance')
    image_api.require_http('nova-compute')
    assert isinstance(image_api.API()._backend, glance.GlanceBackend)


def test_nova_compute_will_not_start_without_an_image_endpoint(
        conf, tmp_path, monkeypatch, http_only_reset):
    config = tmp_path / 'nova.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                      'connection = sqlite://\n' % tmp_path)
    monkeypatch.setattr(sys, 'argv', ['nova-compute', '--config-file',
                                      str(config)])
    with pytest.raises(SystemExit) as caught:
        compute.main()
    assert 'set it to the image API endpoint' in str(caught.value.code)
    # It stopped before touching anything: the database is still allowed.
    assert not isinstance(db_api.context_manager._factory,
                          db_api._DisabledFactory)
