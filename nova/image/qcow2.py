"""The qcow2 header: read an image's virtual size, write an empty image.

Layout (qcow2 version 2, big-endian): magic, version, backing file offset
and size, cluster_bits, virtual size, crypt method, L1 table size and
offset, refcount table offset and clusters, snapshot count and offset.
"""

import struct

MAGIC = b'QFI\xfb'
_HEADER = struct.Struct('>4sIQIIQIIQQIIQ')


def virtual_size(head):
    """The virtual size in bytes from an image's first bytes, or None."""
    if len(head) < _HEADER.size or not head.startswith(MAGIC):
        return None
    return _HEADER.unpack_from(head)[5]


def empty_image(size, cluster_bits=12):
    """A valid qcow2 image of virtual size bytes with no data written.

    Four clusters: the header, the refcount table, one refcount block and
    the L1 table (all zero: nothing allocated). Small clusters keep the file
    a few KiB; the L1 table must fit its one cluster.
    """
    cluster = 1 << cluster_bits
    l2_coverage = cluster * (cluster // 8)  # bytes one L2 table maps
    l1_entries = max(1, -(-size // l2_coverage))
    if l1_entries * 8 > cluster:
        raise ValueError('%d bytes is too large for one L1 cluster of %d '
                         'bytes' % (size, cluster))
    header = _HEADER.pack(MAGIC, 2, 0, 0, cluster_bits, size, 0, l1_entries,
                          3 * cluster, cluster, 1, 0, 0)
    image = bytearray(4 * cluster)
    image[:len(header)] = header
    # The refcount table's first entry points at the refcount block.
    struct.pack_into('>Q', image, cluster, 2 * cluster)
    # 16-bit refcounts: each of the four clusters is used once.
    for index in range(4):
        struct.pack_into('>H', image, 2 * cluster + 2 * index, 1)
    return bytes(image)
