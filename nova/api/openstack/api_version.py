"""Parsing, comparing and negotiating Compute API microversions."""

import functools
import re

from nova.api.openstack import microversions
from nova import exception

_VERSION_RE = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')

LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
HEADER = 'OpenStack-API-Version'
SERVICE_TYPE = 'compute'


@functools.total_ordering
class APIVersion:
    """A microversion such as 2.1; orders numerically (2.10 > 2.9)."""

    __slots__ = ('major', 'minor')

    def __init__(self, version):
        match = _VERSION_RE.match(str(version).strip())
        if not match:
            raise exception.InvalidAPIVersionString(version=version)
        self.major, self.minor = int(match.group(1)), int(match.group(2))

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        return self._key() == APIVersion.of(other)._key()

    def __lt__(self, other):
        return self._key() < APIVersion.of(other)._key()

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % self._key()

    __repr__ = __str__

    @classmethod
    def of(cls, value):
        if isinstance(value, cls):
            return value
        return _parsed(value) if isinstance(value, str) else cls(value)

    def matches(self, min_version, max_version=None):
        """Whether this version lies in [min_version, max_version]."""
        if self < min_version:
            return False
        return max_version is None or self <= max_version


@functools.lru_cache(maxsize=512)
def _parsed(value):
    # Views compare with the same few literals for every row they show.
    return APIVersion(value)


MIN = APIVersion(microversions.MIN_VERSION)
MAX = APIVersion(microversions.MAX_VERSION)


class VersionNotSupported(Exception):
    def __init__(self, version):
        super().__init__(
            'Version %s is not supported by the API. Minimum is %s and '
            'maximum is %s.' % (version, MIN, MAX))


def requested_version(headers):
    """The version a request asks for; MIN when it names none.

    Raises InvalidAPIVersionString for a malformed value and
    VersionNotSupported for one outside [MIN, MAX].
    """
    value = None
    header = headers.get(HEADER)
    if header:
        for item in header.split(','):
            service, _, version = item.strip().partition(' ')
            if service.lower() == SERVICE_TYPE:
                value = version.strip()
                break
    if value is None:
        value = headers.get(LEGACY_HEADER)
    if not value:
        return MIN
    if value.lower() == 'latest':
        return MAX
    version = APIVersion(value)
    if not version.matches(MIN, MAX):
        raise VersionNotSupported(version)
    return version


def response_headers(version):
    return {
        HEADER: '%s %s' % (SERVICE_TYPE, version),
        LEGACY_HEADER: str(version),
        'Vary': '%s, %s' % (HEADER, LEGACY_HEADER),
    }
