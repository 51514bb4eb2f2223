"""Every route's handlers declare a complete, non-overlapping contract."""

import pytest

from nova.api.openstack import api_version
from nova.api.openstack.compute import actions
from nova.api.openstack.compute import routes
from nova.api.openstack.compute import server_actions
from nova.api.openstack import wsgi

# Handlers that take no body although their method usually has one.
BODYLESS = {'update_tag'}  # PUT /servers/{server_id}/tags/{tag}


def _handlers():
    for path, methods in routes.ROUTES:
        for method, handlers in methods.items():
            handlers = handlers if isinstance(handlers, (list, tuple)) \
                else [handlers]
            yield path, method, handlers


@pytest.mark.parametrize('path,method,handlers', list(_handlers()),
                         ids=lambda v: str(v) if isinstance(v, str) else '')
def test_handler_contract(path, method, handlers):
    for handler in handlers:
        assert isinstance(handler, wsgi.Handler), (
            '%s %s is not declared with @wsgi.api' % (method, path))
        if method in ('POST', 'PUT', 'PATCH') and \
                handler.__name__ not in BODYLESS:
            assert handler.body_schema is not None, (
                '%s %s has no body schema' % (method, path))
        if method == 'GET':
            assert handler.query_schema is not None, (
                '%s %s has no query schema' % (method, path))
        assert 100 <= handler.success < 300
        assert all(400 <= code < 600 for code in handler.errors)


@pytest.mark.parametrize('path,method,handlers', list(_handlers()),
                         ids=lambda v: str(v) if isinstance(v, str) else '')
def test_version_windows_cover_without_overlap(path, method, handlers):
    windows = sorted((h.min_version, h.max_version or api_version.MAX)
                     for h in handlers)
    assert windows[0][0] == api_version.MIN or windows[0][0] > \
        api_version.MIN, 'window starts below the minimum'
    for (lo1, hi1), (lo2, hi2) in zip(windows, windows[1:]):
        assert hi1 < lo2, '%s %s: windows overlap' % (method, path)
        following = api_version.APIVersion('%d.%d' % (hi1.major,
                                                      hi1.minor + 1))
        assert following == lo2, '%s %s: gap after %s' % (method, path,
                                                          hi1)


def test_routes_are_unique():
    seen = set()
    for path, methods in routes.ROUTES:
        for method in methods:
            assert (path, method) not in seen, (path, method)
            seen.add((path, method))


@pytest.mark.parametrize('name', sorted(server_actions.ACTIONS))
def test_action_windows_follow_each_other(name):
    """A server action declared per microversion window: the windows
    neither overlap nor leave a gap between them."""
    windows = sorted(
        (api_version.APIVersion(a.min_version),
         api_version.APIVersion(a.max_version or str(api_version.MAX)))
        for a in actions.windows(server_actions.ACTIONS[name]))
    for (lo1, hi1), (lo2, hi2) in zip(windows, windows[1:]):
        following = api_version.APIVersion('%d.%d' % (hi1.major,
                                                      hi1.minor + 1))
        assert following == lo2, '%s: %s-%s then %s' % (
            name, lo1, hi1, lo2)
