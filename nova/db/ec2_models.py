"""Models of the EC2 API: EC2 id mappings and EC2 credentials (issue 8).

Imported at the end of nova.db.models so that models.Base.metadata holds
every table.
"""

import sqlalchemy as sa

from nova.db.models import Base, ModelBase, SoftDeleteMixin, \
    TimestampMixin  # noqa: F401


class EC2IdMapping(Base, ModelBase, TimestampMixin):
    """One row per UUID ever shown through EC2; its id is the EC2 number.

    UUIDs never repeat across kinds, so one table serves instances,
    images, volumes and snapshots: i-, ami-, vol- ... + 8 hex digits of id.
    """
    __tablename__ = 'ec2_id_mappings'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    uuid = sa.Column(sa.String(36), nullable=False, unique=True)


class EC2Credential(Base, ModelBase, TimestampMixin):
    """An access/secret key pair that signs EC2 requests (noauth2 mode)."""
    __tablename__ = 'ec2_credentials'
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    access = sa.Column(sa.String(64), nullable=False, unique=True)
    # A Fernet token of the secret key (nova.api.ec2.secret_box).
    secret = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)


class EC2ClientToken(Base, ModelBase, TimestampMixin):
    """RunInstances' ClientToken: one reservation per token and project,
    so a retried request does not start its instances twice."""
    __tablename__ = 'ec2_client_tokens'
    __table_args__ = (
        sa.UniqueConstraint('project_id', 'client_token',
                            name='uniq_ec2_client_tokens0project0token'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    client_token = sa.Column(sa.String(64), nullable=False)
    # Null while the first request is still creating the instances.
    reservation_id = sa.Column(sa.String(255))
