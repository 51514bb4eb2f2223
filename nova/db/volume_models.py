"""Models of block storage (issue 7).

Imported at the end of nova.db.models so that models.Base.metadata holds
every table.
"""

from nova.db.models import Base, ModelBase, SoftDeleteMixin, \
    TimestampMixin  # noqa: F401
