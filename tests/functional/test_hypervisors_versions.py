"""os-hypervisors across microversions over HTTP: cpu_info as an object
(2.28) and paging of the lists (2.33), each next to the version before."""

import json


def test_cpu_info_is_an_object_from_2_28(aio):
    old = aio.api.as_user('admin:admin', '2.27').get('/os-hypervisors/detail')
    new = aio.api.as_user('admin:admin', '2.28').get('/os-hypervisors/detail')
    assert old.status_code == new.status_code == 200
    old_info = old.json()['hypervisors'][0]['cpu_info']
    new_info = new.json()['hypervisors'][0]['cpu_info']
    assert isinstance(old_info, str)
    assert isinstance(new_info, dict) and new_info['arch'] == 'x86_64'
    assert json.loads(old_info) == new_info
    hypervisor_id = new.json()['hypervisors'][0]['id']
    shown = aio.api.as_user('admin:admin', '2.28').get(
        '/os-hypervisors/%s' % hypervisor_id).json()['hypervisor']
    assert shown['cpu_info'] == new_info


def test_hypervisor_list_paging_from_2_33(aio):
    admin = aio.api.as_user('admin:admin', '2.33')
    every = admin.get('/os-hypervisors').json()['hypervisors']
    ids = sorted(h['id'] for h in every)
    assert len(ids) == 2  # two simulated hosts
    for path in ('/os-hypervisors', '/os-hypervisors/detail'):
        first = admin.get(path + '?limit=1')
        assert first.status_code == 200, first.text
        assert [h['id'] for h in first.json()['hypervisors']] == ids[:1]
        (link,) = first.json()['hypervisors_links']
        assert 'marker=%s' % ids[0] in link['href']
        rest = admin.get(link['href']).json()
        assert [h['id'] for h in rest['hypervisors']] == ids[1:]
        assert admin.get(path + '?marker=%s' % ids[0]).json()[
            'hypervisors'][0]['id'] == ids[1]
        for query in ('marker=999999', 'limit=-1', 'limit=a'):
            resp = admin.get(path + '?' + query)
            assert resp.status_code == 400, (path, query, resp.text)
        # 2.32: no paging, the parameters are ignored.
        old = aio.api.as_user('admin:admin', '2.32').get(
            path + '?limit=1&marker=999999')
        assert old.status_code == 200, old.text
        assert len(old.json()['hypervisors']) == 2
        assert 'hypervisors_links' not in old.json()
