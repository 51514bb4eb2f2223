"""The fake driver's ConsoleInterface (a mixin of fake.FakeDriver)."""


class FakeConsoleMixin:
    pass
