"""SQLAlchemy models of the compute database."""

from oslo_db.sqlalchemy import models
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm


class Base(orm.DeclarativeBase):
    pass


class TimestampMixin:
    created_at = sa.Column(sa.DateTime, default=timeutils.utcnow)
    updated_at = sa.Column(sa.DateTime, onupdate=timeutils.utcnow)


class SoftDeleteMixin(TimestampMixin):
    """Rows kept after delete: deleted holds the row id, so unique
    constraints that include it allow a name to be reused."""

    deleted_at = sa.Column(sa.DateTime)
    deleted = sa.Column(sa.Integer, default=0, nullable=False)


class ModelBase(models.ModelBase):
    pass


class Service(Base, ModelBase, SoftDeleteMixin):
    __tablename__ = 'services'
    __table_args__ = (
        sa.UniqueConstraint('host', 'binary', 'deleted',
                            name='uniq_services0host0binary0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    host = sa.Column(sa.String(255), nullable=False)
    binary = sa.Column(sa.String(255), nullable=False)
    topic = sa.Column(sa.String(255))
    report_count = sa.Column(sa.Integer, nullable=False, default=0)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    disabled_reason = sa.Column(sa.String(255))
    last_seen_up = sa.Column(sa.DateTime)
    forced_down = sa.Column(sa.Boolean, nullable=False, default=False)
    version = sa.Column(sa.Integer, nullable=False, default=0)


class ComputeNode(Base, ModelBase, SoftDeleteMixin):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        sa.UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                            name='uniq_compute_nodes0host0node0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    service_id = sa.Column(sa.Integer)
    host = sa.Column(sa.String(255), nullable=False)
    hypervisor_hostname = sa.Column(sa.String(255), nullable=False)
    hypervisor_type = sa.Column(sa.String(255), nullable=False)
    hypervisor_version = sa.Column(sa.Integer, nullable=False, default=0)
    host_ip = sa.Column(sa.String(39))
    cpu_info = sa.Column(sa.Text, nullable=False, default='{}')
    vcpus = sa.Column(sa.Integer, nullable=False)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    local_gb = sa.Column(sa.Integer, nullable=False)
    vcpus_used = sa.Column(sa.Integer, nullable=False, default=0)
    memory_mb_used = sa.Column(sa.Integer, nullable=False, default=0)
    local_gb_used = sa.Column(sa.Integer, nullable=False, default=0)
    free_ram_mb = sa.Column(sa.Integer)
    free_disk_gb = sa.Column(sa.Integer)
    disk_available_least = sa.Column(sa.Integer)
    running_vms = sa.Column(sa.Integer, nullable=False, default=0)
    current_workload = sa.Column(sa.Integer, nullable=False, default=0)
    cpu_allocation_ratio = sa.Column(sa.Float, nullable=False)
    ram_allocation_ratio = sa.Column(sa.Float, nullable=False)
    disk_allocation_ratio = sa.Column(sa.Float, nullable=False)
    # Bumped by every claim or release so concurrent schedulers can claim
    # with a conditional update instead of a lock.
    generation = sa.Column(sa.Integer, nullable=False, default=0)
    stats = sa.Column(sa.Text, nullable=False, default='{}')


class Instance(Base, ModelBase, SoftDeleteMixin):
    __tablename__ = 'instances'
    __table_args__ = (
        # The order of a servers list (created_at, id newest first):
        # a page is read in index order, not sorted (migration 0025).
        sa.Index('instances_project_id_deleted_created_at_idx',
                 'project_id', 'deleted', 'created_at', 'id'),
        sa.Index('instances_deleted_created_at_idx', 'deleted',
                 'created_at', 'id'),
        sa.Index('instances_host_deleted_idx', 'host', 'deleted'),
        sa.Index('instances_reservation_id_idx', 'reservation_id'),
        sa.Index('instances_updated_at_idx', 'updated_at'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    display_name = sa.Column(sa.String(255))
    display_description = sa.Column(sa.String(255))
    hostname = sa.Column(sa.String(255))
    host = sa.Column(sa.String(255))
    node = sa.Column(sa.String(255))
    launched_on = sa.Column(sa.String(255))
    image_ref = sa.Column(sa.String(255))
    kernel_id = sa.Column(sa.String(255))
    ramdisk_id = sa.Column(sa.String(255))
    key_name = sa.Column(sa.String(255))
    key_data = sa.Column(sa.Text)
    power_state = sa.Column(sa.Integer, nullable=False, default=0)
    vm_state = sa.Column(sa.String(255))
    task_state = sa.Column(sa.String(255))
    memory_mb = sa.Column(sa.Integer)
    vcpus = sa.Column(sa.Integer)
    root_gb = sa.Column(sa.Integer)
    ephemeral_gb = sa.Column(sa.Integer)
    instance_type_id = sa.Column(sa.Integer)
    flavor = sa.Column(sa.Text)
    user_data = sa.Column(sa.Text)
    reservation_id = sa.Column(sa.String(255))
    launch_index = sa.Column(sa.Integer)
    availability_zone = sa.Column(sa.String(255))
    launched_at = sa.Column(sa.DateTime)
    terminated_at = sa.Column(sa.DateTime)
    access_ip_v4 = sa.Column(sa.String(39))
    access_ip_v6 = sa.Column(sa.String(39))
    config_drive = sa.Column(sa.String(255))
    progress = sa.Column(sa.Integer)
    locked = sa.Column(sa.Boolean, nullable=False, default=False)
    locked_by = sa.Column(sa.String(255))
    os_type = sa.Column(sa.String(255))
    architecture = sa.Column(sa.String(255))
    root_device_name = sa.Column(sa.String(255))
    # JSON list of the trusted image certificate IDs (API 2.63).
    trusted_certs = sa.Column(sa.Text)


class InstanceMetadata(Base, ModelBase, TimestampMixin):
    __tablename__ = 'instance_metadata'
    __table_args__ = (
        sa.UniqueConstraint('instance_uuid', 'key',
                            name='uniq_instance_metadata0uuid0key'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), sa.ForeignKey('instances.uuid'),
                              nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255))


class InstanceSystemMetadata(Base, ModelBase, TimestampMixin):
    __tablename__ = 'instance_system_metadata'
    __table_args__ = (
        sa.UniqueConstraint('instance_uuid', 'key',
                            name='uniq_instance_sysmeta0uuid0key'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), sa.ForeignKey('instances.uuid'),
                              nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255))


class Tag(Base, ModelBase):
    """A tag of a server (API 2.26); resource_id is the server's uuid."""
    __tablename__ = 'tags'
    __table_args__ = (sa.Index('tags_tag_idx', 'tag'),)
    resource_id = sa.Column(sa.String(36), primary_key=True, nullable=False)
    tag = sa.Column(sa.String(80), primary_key=True, nullable=False)


class InstanceFault(Base, ModelBase, TimestampMixin):
    __tablename__ = 'instance_faults'
    __table_args__ = (
        sa.Index('instance_faults_instance_uuid_idx', 'instance_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), sa.ForeignKey('instances.uuid'),
                              nullable=False)
    code = sa.Column(sa.Integer, nullable=False)
    # Long enough to say which hosts were tried and why each failed.
    message = sa.Column(sa.Text)
    details = sa.Column(sa.Text)
    host = sa.Column(sa.String(255))


class Flavor(Base, ModelBase, TimestampMixin):
    __tablename__ = 'flavors'
    id = sa.Column(sa.Integer, primary_key=True)
    flavorid = sa.Column(sa.String(255), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False, unique=True)
    memory_mb = sa.Column(sa.Integer, nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False)
    root_gb = sa.Column(sa.Integer, nullable=False, default=0)
    ephemeral_gb = sa.Column(sa.Integer, nullable=False, default=0)
    swap = sa.Column(sa.Integer, nullable=False, default=0)
    rxtx_factor = sa.Column(sa.Float, nullable=False, default=1.0)
    vcpu_weight = sa.Column(sa.Integer)
    disabled = sa.Column(sa.Boolean, nullable=False, default=False)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)
    description = sa.Column(sa.Text)


class FlavorExtraSpec(Base, ModelBase, TimestampMixin):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (
        sa.UniqueConstraint('flavor_id', 'key',
                            name='uniq_flavor_extra_specs0flavor_id0key'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    flavor_id = sa.Column(sa.Integer,
                          sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                          nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255))


class FlavorProject(Base, ModelBase, TimestampMixin):
    __tablename__ = 'flavor_projects'
    __table_args__ = (
        sa.UniqueConstraint('flavor_id', 'project_id',
                            name='uniq_flavor_projects0flavor_id0project_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    flavor_id = sa.Column(sa.Integer,
                          sa.ForeignKey('flavors.id', ondelete='CASCADE'),
                          nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)


class KeyPair(Base, ModelBase, SoftDeleteMixin):
    __tablename__ = 'key_pairs'
    __table_args__ = (
        sa.UniqueConstraint('user_id', 'name', 'deleted',
                            name='uniq_key_pairs0user_id0name0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    fingerprint = sa.Column(sa.String(255))
    public_key = sa.Column(sa.Text)
    type = sa.Column(sa.String(16), nullable=False, default='ssh')


class Image(Base, ModelBase, TimestampMixin):
    __tablename__ = 'images'
    __table_args__ = (
        sa.Index('images_owner_idx', 'owner'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255))
    status = sa.Column(sa.String(30), nullable=False)
    visibility = sa.Column(sa.String(20), nullable=False, default='shared')
    owner = sa.Column(sa.String(255))
    size = sa.Column(sa.BigInteger)
    virtual_size = sa.Column(sa.BigInteger)
    checksum = sa.Column(sa.String(32))
    os_hash_algo = sa.Column(sa.String(64))
    os_hash_value = sa.Column(sa.String(128))
    disk_format = sa.Column(sa.String(20))
    container_format = sa.Column(sa.String(20))
    min_disk = sa.Column(sa.Integer, nullable=False, default=0)
    min_ram = sa.Column(sa.Integer, nullable=False, default=0)
    protected = sa.Column(sa.Boolean, nullable=False, default=False)
    os_hidden = sa.Column(sa.Boolean, nullable=False, default=False)


class ImageProperty(Base, ModelBase, TimestampMixin):
    __tablename__ = 'image_properties'
    __table_args__ = (
        sa.UniqueConstraint('image_id', 'name',
                            name='uniq_image_properties0image_id0name'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    image_id = sa.Column(sa.String(36),
                         sa.ForeignKey('images.id', ondelete='CASCADE'),
                         nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.Text)


class ImageTag(Base, ModelBase, TimestampMixin):
    __tablename__ = 'image_tags'
    __table_args__ = (
        sa.UniqueConstraint('image_id', 'value',
                            name='uniq_image_tags0image_id0value'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    image_id = sa.Column(sa.String(36),
                         sa.ForeignKey('images.id', ondelete='CASCADE'),
                         nullable=False)
    value = sa.Column(sa.String(255), nullable=False)


class ImageMember(Base, ModelBase, TimestampMixin):
    """A project a shared image is offered to, and its answer (status:
    pending, accepted or rejected)."""
    __tablename__ = 'image_members'
    __table_args__ = (
        sa.UniqueConstraint('image_id', 'member',
                            name='uniq_image_members0image_id0member'),
        sa.Index('image_members_member_idx', 'member'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    image_id = sa.Column(sa.String(36),
                         sa.ForeignKey('images.id', ondelete='CASCADE'),
                         nullable=False)
    member = sa.Column(sa.String(255), nullable=False)
    status = sa.Column(sa.String(20), nullable=False, default='pending')


class MetadefNamespace(Base, ModelBase, TimestampMixin):
    """A namespace of the metadata definitions catalog (Glance metadefs)."""
    __tablename__ = 'metadef_namespaces'
    __table_args__ = (
        sa.UniqueConstraint('namespace',
                            name='uniq_metadef_namespaces0namespace'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    namespace = sa.Column(sa.String(80), nullable=False)
    display_name = sa.Column(sa.String(80))
    description = sa.Column(sa.Text)
    visibility = sa.Column(sa.String(32), nullable=False, default='private')
    protected = sa.Column(sa.Boolean, nullable=False, default=False)
    owner = sa.Column(sa.String(255), nullable=False)


class MetadefResourceType(Base, ModelBase, TimestampMixin):
    """A kind of resource metadefs apply to (OS::Glance::Image, ...)."""
    __tablename__ = 'metadef_resource_types'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_metadef_resource_types0name'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(80), nullable=False)
    protected = sa.Column(sa.Boolean, nullable=False, default=False)


class MetadefAssociation(Base, ModelBase, TimestampMixin):
    """A namespace applying to a resource type, with its prefix."""
    __tablename__ = 'metadef_associations'
    __table_args__ = (
        sa.UniqueConstraint('namespace_id', 'resource_type',
                            name='uniq_metadef_associations0namespace_id0'
                                 'resource_type'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    namespace_id = sa.Column(sa.Integer, sa.ForeignKey(
        'metadef_namespaces.id', ondelete='CASCADE'), nullable=False)
    resource_type = sa.Column(sa.String(80), nullable=False)
    prefix = sa.Column(sa.String(80))
    properties_target = sa.Column(sa.String(80))


class MetadefItem(Base, ModelBase, TimestampMixin):
    """An object, property or tag (kind) of a namespace; body is its JSON
    definition."""
    __tablename__ = 'metadef_items'
    __table_args__ = (
        sa.UniqueConstraint('namespace_id', 'kind', 'name',
                            name='uniq_metadef_items0namespace_id0kind0name'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    namespace_id = sa.Column(sa.Integer, sa.ForeignKey(
        'metadef_namespaces.id', ondelete='CASCADE'), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    body = sa.Column(sa.Text, nullable=False)


class InstanceAction(Base, ModelBase, TimestampMixin):
    """One user-visible action on an instance (create, reboot, resize...).

    Kept after the instance is deleted: it is the instance's history.
    """
    __tablename__ = 'instance_actions'
    __table_args__ = (
        sa.Index('instance_actions_instance_uuid_idx', 'instance_uuid'),
        sa.Index('instance_actions_request_id_idx', 'request_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    action = sa.Column(sa.String(255), nullable=False)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    request_id = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    start_time = sa.Column(sa.DateTime)
    finish_time = sa.Column(sa.DateTime)
    message = sa.Column(sa.String(255))


class InstanceActionEvent(Base, ModelBase, TimestampMixin):
    """One step of an action, recorded by the service that ran it."""
    __tablename__ = 'instance_actions_events'
    __table_args__ = (
        sa.Index('instance_actions_events_action_id_idx', 'action_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    action_id = sa.Column(sa.Integer,
                          sa.ForeignKey('instance_actions.id',
                                        ondelete='CASCADE'),
                          nullable=False)
    event = sa.Column(sa.String(255), nullable=False)
    start_time = sa.Column(sa.DateTime)
    finish_time = sa.Column(sa.DateTime)
    result = sa.Column(sa.String(255))
    traceback = sa.Column(sa.Text)
    host = sa.Column(sa.String(255))
    details = sa.Column(sa.Text)


class Migration(Base, ModelBase, SoftDeleteMixin):
    """A move of an instance between hosts: resize, migration, evacuation.

    The flavors before and after a resize are kept here as JSON so a
    revert can restore the old one.
    """
    __tablename__ = 'migrations'
    __table_args__ = (
        sa.Index('migrations_instance_uuid_idx', 'instance_uuid'),
        sa.Index('migrations_status_idx', 'status'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    migration_type = sa.Column(sa.String(32), nullable=False)
    status = sa.Column(sa.String(255), nullable=False)
    source_compute = sa.Column(sa.String(255))
    source_node = sa.Column(sa.String(255))
    dest_compute = sa.Column(sa.String(255))
    dest_node = sa.Column(sa.String(255))
    dest_host = sa.Column(sa.String(255))
    old_instance_type_id = sa.Column(sa.Integer)
    new_instance_type_id = sa.Column(sa.Integer)
    old_flavor = sa.Column(sa.Text)
    new_flavor = sa.Column(sa.Text)
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))
    # Progress of a running live migration, in bytes (from the driver).
    memory_total = sa.Column(sa.BigInteger)
    memory_processed = sa.Column(sa.BigInteger)
    memory_remaining = sa.Column(sa.BigInteger)
    disk_total = sa.Column(sa.BigInteger)
    disk_processed = sa.Column(sa.BigInteger)
    disk_remaining = sa.Column(sa.BigInteger)


class ConsoleAuthToken(Base, ModelBase, TimestampMixin):
    """An opened remote console: where the proxy connects for the token's
    holder until it expires. Only the token's SHA-256 is kept."""
    __tablename__ = 'console_auth_tokens'
    __table_args__ = (
        sa.UniqueConstraint('token_hash',
                            name='uniq_console_auth_tokens0token_hash'),
        sa.Index('console_auth_tokens_instance_uuid_idx', 'instance_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    token_hash = sa.Column(sa.String(255), nullable=False)
    console_type = sa.Column(sa.String(255), nullable=False)
    host = sa.Column(sa.String(255), nullable=False)
    port = sa.Column(sa.Integer, nullable=False)
    internal_access_path = sa.Column(sa.String(255))
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    expires = sa.Column(sa.Integer, nullable=False)  # Unix time


class Quota(Base, ModelBase, TimestampMixin):
    """A project's (or one of its users') limit on one resource."""
    __tablename__ = 'quotas'
    __table_args__ = (
        sa.UniqueConstraint('project_id', 'user_id', 'resource',
                            name='uniq_quotas0project_id0user_id0resource'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    # '' for the project-wide limit (NULLs would defeat the unique key).
    user_id = sa.Column(sa.String(255), nullable=False, default='')
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class QuotaClass(Base, ModelBase, TimestampMixin):
    """A quota class's limit on one resource ('default' is the default)."""
    __tablename__ = 'quota_classes'
    __table_args__ = (
        sa.UniqueConstraint('class_name', 'resource',
                            name='uniq_quota_classes0class_name0resource'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    class_name = sa.Column(sa.String(255), nullable=False)
    resource = sa.Column(sa.String(255), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class Aggregate(Base, ModelBase, SoftDeleteMixin):
    """A named group of compute hosts with metadata (a zone, a class of
    hardware, a tenant's hosts...)."""
    __tablename__ = 'aggregates'
    __table_args__ = (
        sa.UniqueConstraint('name', 'deleted',
                            name='uniq_aggregates0name0deleted'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255), nullable=False)


class AggregateHost(Base, ModelBase, TimestampMixin):
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        sa.UniqueConstraint('host', 'aggregate_id',
                            name='uniq_aggregate_hosts0host0aggregate_id'),
        sa.Index('aggregate_hosts_host_idx', 'host'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    host = sa.Column(sa.String(255), nullable=False)
    aggregate_id = sa.Column(sa.Integer,
                             sa.ForeignKey('aggregates.id',
                                           ondelete='CASCADE'),
                             nullable=False)


class AggregateMetadata(Base, ModelBase, TimestampMixin):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        sa.UniqueConstraint('aggregate_id', 'key',
                            name='uniq_aggregate_metadata0aggregate_id0key'),
        sa.Index('aggregate_metadata_key_idx', 'key'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    aggregate_id = sa.Column(sa.Integer,
                             sa.ForeignKey('aggregates.id',
                                           ondelete='CASCADE'),
                             nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(255), nullable=False)


class InstanceGroup(Base, ModelBase, SoftDeleteMixin):
    """A server group: servers placed together or apart by policy."""
    __tablename__ = 'instance_groups'
    __table_args__ = (
        sa.Index('instance_groups_project_id_idx', 'project_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)
    name = sa.Column(sa.String(255))
    user_id = sa.Column(sa.String(255))
    project_id = sa.Column(sa.String(255))


class InstanceGroupPolicy(Base, ModelBase, TimestampMixin):
    """The group's policy (one per group) and its rules as JSON text."""
    __tablename__ = 'instance_group_policy'
    __table_args__ = (
        sa.Index('instance_group_policy_group_id_idx', 'group_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    group_id = sa.Column(sa.Integer,
                         sa.ForeignKey('instance_groups.id',
                                       ondelete='CASCADE'),
                         nullable=False)
    policy = sa.Column(sa.String(255), nullable=False)
    rules = sa.Column(sa.Text)


class InstanceGroupMember(Base, ModelBase, TimestampMixin):
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        sa.UniqueConstraint('group_id', 'instance_uuid',
                            name='uniq_instance_group_member0group0uuid'),
        sa.Index('instance_group_member_instance_uuid_idx',
                 'instance_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    group_id = sa.Column(sa.Integer,
                         sa.ForeignKey('instance_groups.id',
                                       ondelete='CASCADE'),
                         nullable=False)
    instance_uuid = sa.Column(sa.String(36), nullable=False)


# Areas with models of their own; imported last so they can use the bases.
from nova.db import ec2_models  # noqa: E402,F401
from nova.db import network_models  # noqa: E402,F401
from nova.db import request_spec_models  # noqa: E402,F401
from nova.db import router_models  # noqa: E402,F401
from nova.db import task_log_models  # noqa: E402,F401
from nova.db import volume_models  # noqa: E402,F401
