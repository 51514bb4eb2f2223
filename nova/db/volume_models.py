"""Models of block storage: volumes, snapshots, types, attachments, BDMs.

Imported at the end of nova.db.models so that models.Base.metadata holds
every table.

One active attachment per non-multiattach volume is a database rule, not
a check in code: volume_attachments.active_volume_id and
block_device_mapping.active_volume_id hold the volume's id while the row
is active and NULL otherwise (multiattach volumes, deleted or detached
rows). Both are UNIQUE, and MariaDB, PostgreSQL and SQLite all let a
unique index hold any number of NULLs, so of two concurrent inserts from
any number of API processes exactly one commits.
"""

import sqlalchemy as sa

from nova.db.models import Base, ModelBase, SoftDeleteMixin, \
    TimestampMixin


class VolumeType(Base, ModelBase, SoftDeleteMixin):
    """A class of volumes (backend options in its extra specs)."""
    __tablename__ = 'volume_types'
    __table_args__ = (
        sa.UniqueConstraint('name', 'deleted',
                            name='uniq_volume_types0name0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.String(255))
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)


class VolumeTypeExtraSpec(Base, ModelBase, TimestampMixin):
    __tablename__ = 'volume_type_extra_specs'
    __table_args__ = (
        sa.UniqueConstraint('volume_type_id', 'key',
                            name='uniq_volume_type_extra_specs0type0key'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    volume_type_id = sa.Column(sa.Integer,
                               sa.ForeignKey('volume_types.id',
                                             ondelete='CASCADE'),
                               nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255))


class Volume(Base, ModelBase, SoftDeleteMixin):
    __tablename__ = 'volumes'
    __table_args__ = (
        sa.Index('volumes_project_id_deleted_idx', 'project_id', 'deleted'),
        sa.Index('volumes_host_deleted_idx', 'host', 'deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    host = sa.Column(sa.String(255))
    size = sa.Column(sa.Integer, nullable=False)
    availability_zone = sa.Column(sa.String(255))
    status = sa.Column(sa.String(255), nullable=False)
    attach_status = sa.Column(sa.String(255), nullable=False,
                              default='detached')
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.String(255))
    volume_type_id = sa.Column(sa.Integer)
    snapshot_id = sa.Column(sa.String(36))
    source_volid = sa.Column(sa.String(36))
    image_id = sa.Column(sa.String(36))
    multiattach = sa.Column(sa.Boolean, nullable=False, default=False)
    bootable = sa.Column(sa.Boolean, nullable=False, default=False)
    # Where the backend keeps the data (a file path for the file backend).
    provider_location = sa.Column(sa.String(1024))
    disk_format = sa.Column(sa.String(32))
    metadata_json = sa.Column(sa.Text, nullable=False, default='{}')
    # Why the volume is in error, for the user.
    error_reason = sa.Column(sa.String(255))


class Snapshot(Base, ModelBase, SoftDeleteMixin):
    __tablename__ = 'volume_snapshots'
    __table_args__ = (
        sa.Index('volume_snapshots_project_id_deleted_idx', 'project_id',
                 'deleted'),
        sa.Index('volume_snapshots_volume_uuid_idx', 'volume_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    volume_uuid = sa.Column(sa.String(36), nullable=False)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    status = sa.Column(sa.String(255), nullable=False)
    progress = sa.Column(sa.String(255))
    volume_size = sa.Column(sa.Integer, nullable=False)
    volume_type_id = sa.Column(sa.Integer)
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.String(255))
    provider_location = sa.Column(sa.String(1024))
    metadata_json = sa.Column(sa.Text, nullable=False, default='{}')


class VolumeAttachment(Base, ModelBase, SoftDeleteMixin):
    """The volume service's record of a volume attached to a server."""
    __tablename__ = 'volume_attachments'
    __table_args__ = (
        sa.Index('volume_attachments_volume_uuid_idx', 'volume_uuid'),
        sa.UniqueConstraint('active_volume_id',
                            name='uniq_volume_attachments0active_volume_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    volume_uuid = sa.Column(sa.String(36), nullable=False)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    attached_host = sa.Column(sa.String(255))
    mountpoint = sa.Column(sa.String(255))
    attach_status = sa.Column(sa.String(255), nullable=False)
    attach_mode = sa.Column(sa.String(36), nullable=False, default='rw')
    connection_info = sa.Column(sa.Text)
    # The volume's id while attached (non-multiattach), else NULL.
    active_volume_id = sa.Column(sa.String(36))


class BlockDeviceMapping(Base, ModelBase, SoftDeleteMixin):
    """A server's disk as the compute service sees it."""
    __tablename__ = 'block_device_mapping'
    __table_args__ = (
        sa.Index('block_device_mapping_instance_uuid_idx', 'instance_uuid'),
        sa.Index('block_device_mapping_volume_id_idx', 'volume_id'),
        sa.UniqueConstraint(
            'active_volume_id',
            name='uniq_block_device_mapping0active_volume_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    source_type = sa.Column(sa.String(255))
    destination_type = sa.Column(sa.String(255))
    guest_format = sa.Column(sa.String(255))
    device_type = sa.Column(sa.String(255))
    disk_bus = sa.Column(sa.String(255))
    boot_index = sa.Column(sa.Integer)
    device_name = sa.Column(sa.String(255))
    delete_on_termination = sa.Column(sa.Boolean, nullable=False,
                                      default=False)
    snapshot_id = sa.Column(sa.String(36))
    volume_id = sa.Column(sa.String(36))
    volume_size = sa.Column(sa.Integer)
    volume_type = sa.Column(sa.String(255))
    image_id = sa.Column(sa.String(36))
    no_device = sa.Column(sa.Boolean, nullable=False, default=False)
    connection_info = sa.Column(sa.Text)
    tag = sa.Column(sa.String(255))
    attachment_id = sa.Column(sa.String(36))
    # The volume's id while this mapping holds a non-multiattach volume.
    active_volume_id = sa.Column(sa.String(36))


class VolumeQuotaReservation(Base, ModelBase, TimestampMixin):
    """Room taken by a volume or snapshot create until its row counts."""
    __tablename__ = 'volume_quota_reservations'
    __table_args__ = (
        sa.Index('volume_quota_reservations_project_idx', 'project_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    delta = sa.Column(sa.Integer, nullable=False)
    expire = sa.Column(sa.DateTime, nullable=False)
