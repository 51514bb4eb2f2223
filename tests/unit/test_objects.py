"""Versioned objects: a field change without a version bump fails here."""

from oslo_versionedobjects import fixture

from nova.objects import base

# Update a hash only together with the object's VERSION (and, once released,
# with a backport in obj_make_compatible).
EXPECTED = {
    'Aggregate': '1.0-ab7e4450072b208a898fb292bbdecf2a',
    'AggregateList': '1.0-f21c30303a62979fc64bb6f9559686af',
    'BlockDeviceMapping': '1.0-25c696de496d6a96fec4fabcbfbb3a9a',
    'BlockDeviceMappingList': '1.0-4b67d6936ac22155a69d76c47ae12352',
    'InstanceAction': '1.0-ad0a7cd591f7a59a8f75069121ff6189',
    'InstanceActionEvent': '1.0-e01a282f3fb19dfcce0b1ab3cb50be3e',
    'InstanceActionEventList': '1.0-13d92fb953030cdbfee56481756e02be',
    'InstanceActionList': '1.1-3dab1c31a1f28ea54a5a558dfc03c4db',
    'ComputeNode': '1.0-6e2254db3be82768c7974edcb83beb61',
    'ComputeNodeList': '1.0-4d7772da63342b5bd3aacb0ddced9bcd',
    'ConsoleAuthToken': '1.1-49ba339d9b05e45f4e0d6e6b89dca66f',
    'EC2Credential': '1.0-ff57cff9073a2487b5a6ce39818e06fd',
    'EC2CredentialList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'EC2IdMapping': '1.0-9106a2fd52c7c28478aa8be2eb73b25d',
    'Flavor': '1.0-6c84bd6fd2f752366bca8704a36c4682',
    'FlavorList': '1.0-e32119be728a00c5179173ced0b0ee7a',
    'ImageMeta': '1.0-e3f71e46121d393603bb492aa0f80934',
    'Instance': '1.2-34d7df45d8015d5c07548c345d87f904',
    'InstanceExternalEvent': '1.2-056298b5205b9ea11bcdc2fd17d2ddc5',
    'InstanceFault': '1.0-fc58e91322d1961c3ef8e6ead42430f1',
    'InstanceGroup': '1.1-ae6d7c3fddddf4346f1ccc8c804a4776',
    'InstanceGroupList': '1.0-70ee74144cf37e859e260db10e34dbbb',
    'InstanceMetadataFacts': '1.0-78a44e5df0caaf6f80fe1e18a34a1b51',
    'InstanceList': '1.0-d4d5ad90063350c1e6a2fef8b3ade569',
    'InstanceNetworkInfo': '1.0-51b045adb512575a507e79fceefdb4c1',
    'KeyPair': '1.0-208718735815015af4566cee2ef3252b',
    'KeyPairList': '1.0-94aad3ac5c938eef4b5e83da0212f506',
    'Migration': '1.2-4960e1ea30a64eae3768e7e5ba605f27',
    'MigrationList': '1.2-b4ae397886fb802de01d00e9e0e51bbd',
    'RequestSpec': '1.3-69744d69009bf3afa8a27c18bbc812ab',
    'Selection': '1.0-e7eeab9b42b82d5c8b119b019907bb84',
    'Service': '1.3-b617b3f19b6bceb1f2b32dcabc1b93cf',
    'ServiceList': '1.0-dead13b527e76fbc0c7ff0944e514021',
    'Tag': '1.0-c56e1f59beab4dce02720e6b6acec1a5',
    'TagList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'TaskLog': '1.0-f329c6dfde0738cf78561df1a8def614',
    'TaskLogList': '1.0-ea0f2f8807895fcc050e6dcaf39f4b41',
}


def test_versions_match_fingerprints():
    # The notification payloads share ovo's table; test_notifications
    # checks them.
    checker = fixture.ObjectVersionChecker({
        name: classes for name, classes in
        base.NovaObjectRegistry.obj_classes().items()
        if not classes[0].__module__.startswith('nova.notifications')})
    expected, actual = checker.test_hashes(EXPECTED)
    assert expected == actual, (
        'Objects changed; bump VERSION and update EXPECTED: %s' % {
            name: actual[name] for name in actual
            if actual[name] != expected.get(name)})
