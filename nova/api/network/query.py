"""List queries of the Neutron API: filters, fields=, sorting, pagination.

Every list handler builds the full views it may show and hands them to
collection(), which keeps what the query string asks for:
  ?attr=v1&attr=v2     items whose attr is v1 or v2 (booleans as
                       true/false); unknown attributes are a 400
  ?fields=a&fields=b   only those attributes of each item
  ?sort_key=k&sort_dir=asc|desc (repeatable, in pairs)
  ?limit=N&marker=ID[&page_reverse=true]  a page, with <collection>_links
"""

import urllib.parse

import nova.conf
from nova.api.network import faults

CONF = nova.conf.CONF

_CONTROL = ('fields', 'sort_key', 'sort_dir', 'limit', 'marker',
            'page_reverse')


def _text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return ''
    return str(value)


def _matches(value, wanted):
    if isinstance(value, list):
        # A list attribute (tags, subnets ...) matches when it holds any.
        return any(_text(v) in wanted for v in value)
    if isinstance(value, bool):
        return _text(value) in {w.lower() for w in wanted}
    return _text(value) in wanted


def _filter(req, items, attributes, extra_filters):
    for key in set(req.GET.keys()) - set(_CONTROL):
        wanted = set(req.GET.getall(key))
        if key in extra_filters:
            items = [i for i in items if extra_filters[key](i, wanted)]
            continue
        if key not in attributes:
            raise faults.bad_request(
                '[%s] is invalid attribute for filtering' % key)
        items = [i for i in items if _matches(i.get(key), wanted)]
    return items


def _sort_value(value):
    # None sorts first, and values of mixed types never compare.
    return (value is not None, _text(value) if not isinstance(
        value, (int, float)) or isinstance(value, bool) else value)


def _sort(req, items, attributes):
    keys = req.GET.getall('sort_key')
    dirs = req.GET.getall('sort_dir')
    if dirs and len(dirs) != len(keys):
        raise faults.bad_request('The number of sort_keys and sort_dirs '
                                 'must be same')
    for direction in dirs:
        if direction not in ('asc', 'desc'):
            raise faults.bad_request(
                '%s is invalid value for sort_dir, valid value is '
                "'asc' and 'desc'" % direction)
    for key in keys:
        if key not in attributes:
            raise faults.bad_request(
                '%s is invalid attribute for sort_keys' % key)
    dirs = dirs or ['asc'] * len(keys)
    # A stable sort from the last key to the first sorts by all of them.
    for key, direction in reversed(list(zip(keys, dirs))):
        items = sorted(items, key=lambda i: _sort_value(i.get(key)),
                       reverse=direction == 'desc')
    return items


def _limit(req):
    value = req.GET.get('limit')
    limit = 0
    if value is not None:
        try:
            limit = int(value)
        except ValueError:
            limit = -1
        if limit < 0:
            raise faults.bad_request("Limit must be an integer 0 or "
                                     "greater and not '%s'" % value)
    most = CONF.network_api.pagination_max_limit
    if most > 0 and (limit == 0 or limit > most):
        limit = most
    return limit


def _link(req, limit, marker, reverse, rel):
    params = [(k, v) for k, v in req.GET.items()
              if k not in ('limit', 'marker', 'page_reverse')]
    params += [('limit', str(limit)), ('marker', marker)]
    if reverse:
        params.append(('page_reverse', 'True'))
    return {'rel': rel, 'href': '%s%s?%s' % (
        req.host_url, req.script_name + req.path_info,
        urllib.parse.urlencode(params))}


def _page(req, items, collection):
    limit = _limit(req)
    marker = req.GET.get('marker')
    reverse = req.GET.get('page_reverse', '').lower() == 'true'
    if not limit and not marker:
        return items, []
    if reverse:
        items = list(reversed(items))
    if marker:
        ids = [i.get('id') for i in items]
        if marker not in ids:
            raise faults.not_found('%sNotFound' % collection.title(),
                                   'Marker %s could not be found.' % marker)
        items = items[ids.index(marker) + 1:]
    more = bool(limit) and len(items) > limit
    if limit:
        items = items[:limit]
    links = []
    if items and more:
        links.append(_link(req, limit, items[-1].get('id', ''), reverse,
                           'previous' if reverse else 'next'))
    if items and marker:
        links.append(_link(req, limit, items[0].get('id', ''), not reverse,
                           'next' if reverse else 'previous'))
    if reverse:
        items = list(reversed(items))
    return items, links


def fields_of(req):
    return [f for field in req.GET.getall('fields')
            for f in field.split(',') if f]


def select(item, fields):
    """Only the attributes fields names (all when it is empty)."""
    if not fields:
        return item
    return {k: v for k, v in item.items() if k in fields}


def collection(req, collection, items, attributes, extra_filters=None):
    """The list answer {collection: [...]} for items (full views) of a
    resource whose views may hold attributes."""
    attributes = set(attributes)
    for item in items:
        attributes.update(item)
    items = _filter(req, items, attributes, extra_filters or {})
    items = _sort(req, items, attributes)
    items, links = _page(req, items, collection)
    fields = fields_of(req)
    body = {collection: [select(i, fields) for i in items]}
    if links:
        body[collection + '_links'] = links
    return body
