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
    'InstanceActionList': '1.0-d7ce4666b3c3132dfb10f43b3492ebb6',
    'ComputeNode': '1.0-6e2254db3be82768c7974edcb83beb61',
    'ComputeNodeList': '1.0-4d7772da63342b5bd3aacb0ddced9bcd',
    'ConsoleAuthToken': '1.1-49ba339d9b05e45f4e0d6e6b89dca66f',
    'EC2Credential': '1.0-ff57cff9073a2487b5a6ce39818e06fd',
    'EC2CredentialList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'EC2IdMapping': '1.0-9106a2fd52c7c28478aa8be2eb73b25d',
    'Flavor': '1.0-6c84bd6fd2f752366bca8704a36c4682',
    'FlavorList': '1.0-e32119be728a00c5179173ced0b0ee7a',
    'ImageMeta': '1.0-e3f71e46121d393603bb492aa0f80934',
    'Instance': '1.0-8a6dc33a0c611522bc9b6db15aa7a6a2',
    'InstanceExternalEvent': '1.0-94639825c1c283b4fa2a784089b2170c',
    'InstanceFault': '1.0-fc58e91322d1961c3ef8e6ead42430f1',
    'InstanceGroup': '1.0-6296267e23d3954b3bc4c440a1ea0467',
    'InstanceGroupList': '1.0-70ee74144cf37e859e260db10e34dbbb',
    'InstanceMetadataFacts': '1.0-78a44e5df0caaf6f80fe1e18a34a1b51',
    'InstanceList': '1.0-d4d5ad90063350c1e6a2fef8b3ade569',
    'InstanceNetworkInfo': '1.0-51b045adb512575a507e79fceefdb4c1',
    'KeyPair': '1.0-208718735815015af4566cee2ef3252b',
    'KeyPairList': '1.0-94aad3ac5c938eef4b5e83da0212f506',
    'Migration': '1.1-99529f19b9409502827fd7df41dd65af',
    'MigrationList': '1.1-b4ae397886fb802de01d00e9e0e51bbd',
    'RequestSpec': '1.2-bb1fdb3643e7067121d1a70e22ca56a7',
    'Selection': '1.0-e7eeab9b42b82d5c8b119b019907bb84',
    'Service': '1.0-28d9c0a5aa80e62df1744c247c1d3bd3',
    'ServiceList': '1.0-dead13b527e76fbc0c7ff0944e514021',
    'Tag': '1.0-c56e1f59beab4dce02720e6b6acec1a5',
    'TagList': '1.0-15ecf022a68ddbb8c2a6739cfc9f8f5e',
    'TaskLog': '1.0-f329c6dfde0738cf78561df1a8def614',
    'TaskLogList': '1.0-ea0f2f8807895fcc050e6dcaf39f4b41',
}


def test_versions_match_fingerprints():
    checker = fixture.ObjectVersionChecker(
        base.NovaObjectRegistry.obj_classes())
    expected, actual = checker.test_hashes(EXPECTED)
    assert expected == actual, (
        'Objects changed; bump VERSION and update EXPECTED: %s' % {
            name: actual[name] for name in actual
            if actual[name] != expected.get(name)})
