"""Fixtures of the in-process tests: a fresh SQLite database per test and
the Compute API WSGI app called without a socket."""

import json

from oslo_db.sqlalchemy import enginefacade
import pytest
import webob

import nova.conf
from nova import context as nova_context
from nova.db import api as db_api
from nova import objects
from nova import recent_answers

CONF = nova.conf.CONF
objects.register_all()


@pytest.fixture
def conf(tmp_path):
    """CONF pointing at a private state_path; overrides undone after."""
    CONF([], project='nova', default_config_files=[])
    CONF.set_override('state_path', str(tmp_path))
    yield CONF
    CONF.reset()
    CONF.clear_override('state_path')


def _connected(url):
    """nova's engines pointed at url, until the returned reset(); and
    the factory that holds their connections."""
    # What was kept of another test's database is not this one's.
    recent_answers.forget_all()
    factory = enginefacade._TransactionFactory()
    factory.configure(connection=url)
    reader_url = db_api.sqlite_reader_url(url)
    if reader_url:
        factory.configure(slave_connection=reader_url,
                          synchronous_reader=False)
    return db_api.context_manager.patch_factory(factory), factory


@pytest.fixture
def db(conf, tmp_path):
    """A SQLite database at head of its own for this test."""
    from tests.functional import cloud
    database = cloud.Database('sqlite', str(tmp_path))
    database.create_at_head()
    restore, _ = _connected(database.url)
    yield
    restore()


@pytest.fixture(params=['sqlite', 'mysql', 'postgresql'])
def any_db(request, conf, tmp_path):
    """The same test on SQLite, MariaDB and PostgreSQL (real servers)."""
    from tests.functional import cloud
    database = cloud.Database(request.param, str(tmp_path))
    database.create_at_head(reuse=True)
    restore, factory = _connected(database.url)
    yield request.param
    restore()
    factory.dispose_pool()  # a reused database must have no sessions left
    database.drop()


@pytest.fixture
def any_admin_context(any_db):
    return nova_context.get_admin_context()


@pytest.fixture
def admin_context(db):
    return nova_context.get_admin_context()


class ApiClient:
    """Calls the WSGI app in process, as user:project via noauth2."""

    def __init__(self, app, token='admin:admin', version=None):
        self.app = app
        self.token = token
        self.version = version

    def as_user(self, token, version=None):
        return ApiClient(self.app, token, version or self.version)

    def request(self, method, path, body=None, headers=None):
        req = webob.Request.blank(path, method=method)
        req.headers['X-Auth-Token'] = self.token
        if self.version:
            req.headers['X-OpenStack-Nova-API-Version'] = self.version
        if body is not None:
            req.body = json.dumps(body).encode()
            req.content_type = 'application/json'
        for key, value in (headers or {}).items():
            req.headers[key] = value
        resp = req.get_response(self.app)
        resp.json_body_or_none = (json.loads(resp.body)
                                  if resp.body and resp.content_type ==
                                  'application/json' else None)
        return resp

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.request('POST', path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request('PUT', path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)


@pytest.fixture
def api(db):
    """An admin ApiClient of the Compute API; .as_user('u:p') for others.

    Paths start with /v2.1. No RPC is set up: tests of servers' create and
    delete run in tests/functional against the whole stack.
    """
    from nova.api.openstack import deploy
    return ApiClient(deploy.loadapp(CONF))
