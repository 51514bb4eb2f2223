"""Key pair list paging over HTTP (2.35: limit, marker, keypairs_links);
before 2.35 the parameters are ignored."""

USER = 'pager:proj-keypairs'


def _names(resp):
    assert resp.status_code == 200, resp.text
    return [k['keypair']['name'] for k in resp.json()['keypairs']]


def test_keypair_list_paging_from_2_35(aio):
    api = aio.api.as_user(USER, '2.35')
    for name in ('kp-c', 'kp-a', 'kp-b'):
        resp = api.post('/os-keypairs', json={'keypair': {'name': name}})
        assert resp.status_code == 201, resp.text

    first = api.get('/os-keypairs?limit=2')
    assert _names(first) == ['kp-a', 'kp-b']
    (link,) = first.json()['keypairs_links']
    assert link['rel'] == 'next' and 'marker=kp-b' in link['href']
    rest = api.get(link['href'])
    assert _names(rest) == ['kp-c']
    assert 'keypairs_links' not in rest.json()
    assert _names(api.get('/os-keypairs?marker=kp-a')) == ['kp-b', 'kp-c']

    for query in ('marker=nope', 'limit=-1', 'limit=x'):
        assert api.get('/os-keypairs?' + query).status_code == 400, query

    # 2.34: the whole list, paging parameters ignored.
    old = aio.api.as_user(USER, '2.34').get('/os-keypairs?limit=1&marker=x')
    assert sorted(_names(old)) == ['kp-a', 'kp-b', 'kp-c']
    assert 'keypairs_links' not in old.json()
    for name in ('kp-a', 'kp-b', 'kp-c'):
        assert api.delete('/os-keypairs/' + name).status_code == 204
