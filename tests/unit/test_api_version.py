"""Microversion parsing and negotiation."""

import pytest

from nova.api.openstack import api_version
from nova import exception


def test_ordering_is_numeric():
    assert api_version.APIVersion('2.10') > api_version.APIVersion('2.9')
    assert api_version.APIVersion('2.1') == '2.1'


@pytest.mark.parametrize('bad', ['2', '2.', 'x.1', '2.01', '02.1', ''])
def test_malformed_versions_are_rejected(bad):
    with pytest.raises(exception.InvalidAPIVersionString):
        api_version.APIVersion(bad)


def test_requested_version_from_headers():
    assert api_version.requested_version({}) == api_version.MIN
    assert api_version.requested_version(
        {'OpenStack-API-Version': 'compute latest'}) == api_version.MAX
    assert api_version.requested_version(
        {'OpenStack-API-Version': 'volume 3.5, compute 2.1'}) == '2.1'
    assert api_version.requested_version(
        {'X-OpenStack-Nova-API-Version': '2.1'}) == '2.1'
    with pytest.raises(api_version.VersionNotSupported):
        api_version.requested_version(
            {'X-OpenStack-Nova-API-Version': '3.0'})
