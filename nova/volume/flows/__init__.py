"""Taskflow flows of the volume service."""
