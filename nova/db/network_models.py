"""Models of the built-in networking (issue 6).

Imported at the end of nova.db.models so that models.Base.metadata holds
every table.
"""

from nova.db.models import Base, ModelBase, SoftDeleteMixin, \
    TimestampMixin  # noqa: F401
