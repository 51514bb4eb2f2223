"""The version of this package."""

try:
    from importlib import metadata as _metadata
    VERSION = _metadata.version('nova')
except Exception:  # running from a source tree without install
    VERSION = '0.0.0'
