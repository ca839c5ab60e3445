"""Templating: the sandboxed Jinja environment (:mod:`.sandbox`) that sources, writers and mail merge
render with, and the check of a docxtpl template before it renders (:mod:`.lint`, :mod:`.parts`)."""
