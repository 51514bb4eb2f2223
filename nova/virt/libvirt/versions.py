"""The oldest QEMU the libvirt driver is tested with (Debian 12 ships 7.2;
6.2 is the oldest with everything the driver uses), as libvirt encodes
versions: major * 1,000,000 + minor * 1,000 + micro."""

MIN_QEMU_VERSION = (6, 2, 0)


def encode(version):
    major, minor, micro = version
    return major * 1000000 + minor * 1000 + micro


def decode(number):
    return (number // 1000000, number // 1000 % 1000, number % 1000)
