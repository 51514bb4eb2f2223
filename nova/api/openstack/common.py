"""Helpers every controller shares: paging, links, query parsing."""

import datetime
from urllib import parse

from oslo_utils import strutils
from oslo_utils import timeutils

import nova.conf
from nova.api.openstack import wsgi

CONF = nova.conf.CONF


def pagination(req):
    """(limit, marker) from the query; limit is capped at [api] max_limit."""
    limit = req.GET.get('limit')
    if limit is not None:
        try:
            limit = int(limit)
        except ValueError:
            raise wsgi.Fault(400, 'limit param must be an integer')
        if limit < 0:
            raise wsgi.Fault(400, 'limit param must be positive')
        limit = min(limit, CONF.api.max_limit)
    else:
        limit = CONF.api.max_limit
    return limit, req.GET.get('marker')


def bool_param(req, name, default=False):
    value = req.GET.get(name)
    if value is None:
        return default
    if value == '':
        return True
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise wsgi.Fault(400, 'Invalid value \'%s\' for %s: expected a '
                              'boolean' % (value, name))


def time_param(req, name):
    value = req.GET.get(name)
    if value is None:
        return None
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        raise wsgi.Fault(400, 'Invalid %s value: %s' % (name, value))


def time_window(req):
    """(changes-since, changes-before) of the query (either None); an
    empty window (since after before) is a 400 (API 2.66)."""
    since = time_param(req, 'changes-since')
    before = time_param(req, 'changes-before')
    if since is not None and before is not None and since > before:
        raise wsgi.Fault(400, 'The value of changes-since must be less '
                              'than or equal to changes-before.')
    return since, before


def _link_roots(req):
    """(versioned root, bookmark root) of links, worked out once a request.

    The versioned root ends with the script name (http://h:8774/v2.1); the
    bookmark root is the bare host. [api] compute_link_prefix replaces the
    host for an API behind a proxy.
    """
    roots = req.environ.get('nova.link_roots')
    if roots is None:
        prefix = CONF.api.compute_link_prefix
        if prefix:
            roots = (prefix.rstrip('/') + req.script_name,
                     prefix.rstrip('/'))
        else:
            roots = (req.application_url, req.host_url.rstrip('/'))
        req.environ['nova.link_roots'] = roots
    return roots


def resource_links(req, collection, resource_id):
    """The self and bookmark links of one resource."""
    versioned, bookmark = _link_roots(req)
    return [
        {'rel': 'self',
         'href': '%s/%s/%s' % (versioned, collection, resource_id)},
        {'rel': 'bookmark',
         'href': '%s/%s/%s' % (bookmark, collection, resource_id)},
    ]


def link_prefixes(req, collection):
    """(versioned, bookmark) prefixes of a collection's resource links:
    resource_links(req, collection, x) hrefs are each + x."""
    versioned, bookmark = _link_roots(req)
    return ('%s/%s/' % (versioned, collection),
            '%s/%s/' % (bookmark, collection))


def collection_body(req, collection, items, limit, id_key='id'):
    """{collection: items}, plus a next link when the page is full."""
    body = {collection: items}
    links = collection_links(req, items, limit, id_key)
    if links:
        body[collection + '_links'] = links
    return body


def collection_links(req, items, limit, id_key='id'):
    """[{'rel': 'next', ...}] when a full page may have more after it."""
    if not items or len(items) < limit:
        return []
    params = [(k, v) for k, v in req.GET.items() if k != 'marker']
    params.append(('marker', items[-1][id_key]))
    path = req.path_info.rstrip('/')
    return [{'rel': 'next',
             'href': '%s%s?%s' % (_link_roots(req)[0], path,
                                  parse.urlencode(params))}]


def isotime(value):
    """Datetimes as the API shows them: 2024-01-02T03:04:05Z."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime) or value.year < 1000:
        # strftime does not pad such years; isoformat does.
        return value.strftime('%Y-%m-%dT%H:%M:%SZ')
    # Lists format thousands of these: isoformat is several times
    # faster than strftime and gives the same digits.
    return value.isoformat(timespec='seconds')[:19] + 'Z'


def sort_params(req, default_key='created_at', default_dir='desc'):
    """Pairs of sort_key/sort_dir from the query, defaults filled in."""
    keys = req.GET.getall('sort_key')
    dirs = req.GET.getall('sort_dir')
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise wsgi.Fault(400, 'Invalid sort direction %s: use asc or '
                                  'desc' % direction)
    if not keys:
        return [default_key], [dirs[0] if dirs else default_dir]
    missing = len(keys) - len(dirs)
    dirs = dirs + [dirs[-1] if dirs else default_dir] * missing
    return keys, dirs[:len(keys)]
