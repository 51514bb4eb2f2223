"""List queries of the Neutron API: filters, fields, sorting, pages."""

import pytest
import webob

from nova.api.network import faults
from nova.api.network import query

ITEMS = [{'id': 'id-%d' % i, 'name': name, 'up': up, 'mtu': mtu}
         for i, (name, up, mtu) in enumerate(
             [('b', True, 1500), ('a', False, 9000), ('c', True, 1400),
              ('a', True, 1450)])]
ATTRIBUTES = ('id', 'name', 'up', 'mtu')


def _list(query_string):
    req = webob.Request.blank('/v2.0/things?' + query_string)
    return query.collection(req, 'things', list(ITEMS), ATTRIBUTES)


def test_repeated_filters_are_or_and_booleans_ignore_case():
    assert [i['id'] for i in _list('name=a&name=c')['things']] == [
        'id-1', 'id-2', 'id-3']
    assert [i['id'] for i in _list('up=FALSE')['things']] == ['id-1']
    assert [i['id'] for i in _list('mtu=1400')['things']] == ['id-2']


def test_fields_and_multi_key_sort():
    things = _list('sort_key=name&sort_dir=asc&sort_key=mtu&sort_dir=desc'
                   '&fields=id&fields=mtu')['things']
    assert things == [{'id': 'id-1', 'mtu': 9000},
                      {'id': 'id-3', 'mtu': 1450},
                      {'id': 'id-0', 'mtu': 1500},
                      {'id': 'id-2', 'mtu': 1400}]


def test_pages_link_next_and_previous():
    first = _list('limit=2')
    assert [i['id'] for i in first['things']] == ['id-0', 'id-1']
    [link] = first['things_links']
    assert link['rel'] == 'next' and 'marker=id-1' in link['href']
    second = _list('limit=2&marker=id-1')
    assert [i['id'] for i in second['things']] == ['id-2', 'id-3']
    assert [link['rel'] for link in second['things_links']] == ['previous']
    back = _list('limit=1&marker=id-2&page_reverse=True')
    assert [i['id'] for i in back['things']] == ['id-1']


@pytest.mark.parametrize('query_string', [
    'colour=red', 'sort_key=colour', 'sort_key=name&sort_dir=up',
    'sort_key=name&sort_dir=asc&sort_dir=desc', 'limit=-1', 'limit=x'])
def test_bad_queries_are_400(query_string):
    with pytest.raises(faults.NeutronFault) as error:
        _list(query_string)
    assert error.value.code == 400


def test_unknown_marker_is_404():
    with pytest.raises(faults.NeutronFault) as error:
        _list('limit=1&marker=nope')
    assert error.value.code == 404
