"""The Compute API microversions: one line per version, what it changed.

doc/api/microversion_history.rst mirrors this list for users.
"""

HISTORY = [
    ('2.1', 'The initial version of the Compute API v2.1: the v2.0 '
            'resources with strict input validation.'),
]

MIN_VERSION = HISTORY[0][0]
MAX_VERSION = HISTORY[-1][0]
