"""The request spec of an instance, kept while the instance lives."""

import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from nova.db.models import Base, ModelBase, TimestampMixin


class RequestSpec(Base, ModelBase, TimestampMixin):
    """What the scheduler was asked for one instance (scheduler hints,
    forced host and node, injected files...), as a JSON document: the
    conductor that takes over a dropped build schedules it again with
    the same request. Deleted with its instance."""
    __tablename__ = 'request_specs'
    __table_args__ = (
        sa.UniqueConstraint('instance_uuid',
                            name='uniq_request_specs0instance_uuid'),
    )
    id = sa.Column(sa.Integer, primary_key=True)
    instance_uuid = sa.Column(sa.String(36), nullable=False)
    # Injected files alone may reach 50 KiB: more than MySQL's TEXT.
    spec = sa.Column(sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql'),
                     nullable=False)
