import pkgutil

import pytest

# The helper modules assert too: rewritten, their failures show the values
# compared instead of a bare AssertionError.
pytest.register_assert_rewrite(*(
    '%s.%s' % (__name__, module.name) for module in pkgutil.iter_modules(
        __path__) if not module.name.startswith(('test_', 'conftest'))))
