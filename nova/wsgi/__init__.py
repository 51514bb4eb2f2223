"""WSGI entry points for running the APIs under uwsgi or mod_wsgi."""
