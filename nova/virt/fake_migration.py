"""The fake driver's MigrationInterface: resize, cold and live migration
between simulated hosts (a mixin of fake.FakeDriver)."""


class FakeMigrationMixin:
    pass
