"""Small shared widgets and helpers: formatting, table models, chips, field errors, duplicate
checks, postal-code fill, domain texts, resources and the Qt work-arounds. May import core only.
"""
